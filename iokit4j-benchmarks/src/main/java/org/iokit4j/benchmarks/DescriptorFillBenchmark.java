package org.iokit4j.benchmarks;

import static org.iokit4j.iokitlib.IOKitLib.IOConnectCallMethod;
import static org.iokit4j.iokitlib.IOKitLib.IOObjectRelease;
import static org.iokit4j.iokitlib.IOKitLib.IOServiceGetMatchingService;
import static org.iokit4j.iokitlib.IOKitLib.IOServiceNameMatching;
import static org.iokit4j.iokitlib.IOKitLib.IOServiceOpen;
import static org.iokit4j.iokitlib.IOKitLib.kIOMainPortDefault;
import static org.iokit4j.iokitlib.IOKitLib.kIOReturnSuccess;
import static org.iokit4j.iokitlib.IOKitLib.mach_task_self;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.iokit4j.Diagnostics;
import org.iokit4j.iokitlib.IOKitLib;
import org.iokit4j.kernel.Kernel;
import org.iokit4j.mig.Caller;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A driver filling a client's structure output buffer ({@code IOConnectCallMethod}, selector 0 of the
 * {@code fillbench} dext) against the physical limit measured in the same run: {@link MemorySegment#fill} of the
 * same bytes (memset) and {@link MemorySegment#copy} from another buffer (memcpy).
 *
 * <p>Buffers over 4096 bytes reach the driver as a descriptor over the caller's own segment, so the call should
 * cost the fill plus a constant; 4096 bytes travel inline (an OSData copied back), Apple's rule
 * (apple-semantics.md §2.2, §6.4). Report bandwidth with {@code -prof gc} off; ops/s × size = bytes/s.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class DescriptorFillBenchmark {
    @Param({"4096", "65536", "1048576", "67108864"})
    public long size;

    private Kernel kernel;
    private Caller caller;
    private int connect;
    private Arena arena;
    private MemorySegment buffer;
    private MemorySegment source;
    private final long[] outputSize = new long[1];
    private final long[] input = new long[1];
    private byte value;

    @Setup(Level.Trial)
    public void boot() {
        kernel = Kernel.builder().name("fill-bench").discoverClassPath(false)
                .bundle("bundles/fillbench/Info.plist").boot();
        caller = kernel.caller(kernel.createTask("bench", Map.of()));
        connect = Caller.callAs(caller, () -> {
            final int service = IOServiceGetMatchingService(kIOMainPortDefault,
                    IOServiceNameMatching("org.iokit4j.benchmarks.fill.FillDriver"));
            final int[] out = new int[1];
            final int ret = IOServiceOpen(service, mach_task_self(), 0, out);
            IOObjectRelease(service);
            if (ret != kIOReturnSuccess) {
                throw new IllegalStateException("IOServiceOpen: " + Diagnostics.lastFailure());
            }
            return out[0];
        });
        arena = Arena.ofShared();
        buffer = arena.allocate(size, 64);
        source = arena.allocate(size, 64);
        source.fill((byte) 0x5A);
    }

    @TearDown(Level.Trial)
    public void shutDown() {
        Caller.runAs(caller, () -> IOKitLib.IOServiceClose(connect)); // Stop runs while the driver's queue is open
        kernel.close();
        arena.close();
    }

    /** The driver fills the caller's buffer through the structure output descriptor (inline at 4096). */
    @Benchmark
    public int descriptorFill() {
        final byte fill = value++;
        return Caller.callAs(caller, () -> {
            outputSize[0] = size;
            input[0] = fill;
            final int ret = IOConnectCallMethod(connect, 0, input, 1, null, 0, null, null, buffer, outputSize);
            if (ret != IOKitLib.kIOReturnSuccess) {
                throw new IllegalStateException(String.valueOf(Diagnostics.lastFailure()));
            }
            return ret + fill;
        });
    }

    /** The physical limit: memset of the same bytes. */
    @Benchmark
    public MemorySegment memsetFill() {
        return buffer.fill(value++);
    }

    /** The physical limit for a copy: memcpy of the same bytes. */
    @Benchmark
    public MemorySegment memcpyCopy() {
        MemorySegment.copy(source, 0, buffer, 0, size);
        return buffer;
    }
}
