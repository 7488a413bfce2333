package org.iokit4j.benchmarks;

import static org.iokit4j.iokitlib.IOKitLib.IOConnectCallScalarMethod;
import static org.iokit4j.iokitlib.IOKitLib.IOConnectCallStructMethod;
import static org.iokit4j.iokitlib.IOKitLib.IOObjectRelease;
import static org.iokit4j.iokitlib.IOKitLib.IOServiceClose;
import static org.iokit4j.iokitlib.IOKitLib.IOServiceGetMatchingService;
import static org.iokit4j.iokitlib.IOKitLib.IOServiceNameMatching;
import static org.iokit4j.iokitlib.IOKitLib.IOServiceOpen;
import static org.iokit4j.iokitlib.IOKitLib.kIOMainPortDefault;
import static org.iokit4j.iokitlib.IOKitLib.kIOReturnSuccess;
import static org.iokit4j.iokitlib.IOKitLib.mach_task_self;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.TimeUnit;
import org.iokit4j.benchmarks.driver.BenchDriver;
import org.iokit4j.benchmarks.driver.BenchUserClient;
import org.iokit4j.client.Connection;
import org.iokit4j.client.IOKit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.CompilerControl;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The embedded synchronous call path (issue 2): {@code IOConnectCallScalarMethod} with 2 scalars in and 1 out
 * through every check, {@code IOConnectCallStructMethod} echoing 64- and 4096-byte inline structures, and the Java
 * layer's {@code connection.call(0).scalars(a, b).scalarOutputs(1).invoke()}; each against a plain Java interface
 * call doing the same work, measured in the same run.
 *
 * <p>The calls go through the process's default kernel, as an app's would: the bench dext's bundle is on the class
 * path ({@code META-INF/driverkit/Info.plist}), so the default kernel loads it at boot and IOKitLib needs no
 * {@code Caller} binding. The connection is opened once per trial; each invocation is one call.
 *
 * <p>Run with {@code scripts/bench.sh CallBenchmark}; results and the exact command are in
 * {@code docs/benchmarks.md}.
 */
@BenchmarkMode({Mode.SampleTime, Mode.AverageTime})
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class CallBenchmark {
    /** Inputs read from fields each time, and changed per iteration, so the JIT cannot fold the sum. */
    long a = 40;
    long b = 2;
    private final long[] input = new long[2];
    private final long[] output = new long[1];
    private final int[] outputCnt = new int[1];
    private int connect;
    private Connection connection;
    /** The baseline's callee, behind an interface and a non-final field, as a driver call would be. */
    private ScalarMethod plain;
    /** The same, with a callee the JIT is told not to inline. */
    private ScalarMethod outOfLine;

    /** The work of selector 0 as a plain Java interface. */
    public interface ScalarMethod {
        /** {@return {@code a + b}} */
        long sum(long a, long b);
    }

    /** The work of selector 1 as a plain Java interface: copy the input in, copy it back out. */
    public interface StructMethod {
        /** Copies {@code size} bytes of {@code in} into a fresh array, then into {@code out}; returns the size. */
        long echo(MemorySegment in, long size, MemorySegment out);
    }

    static final class PlainSum implements ScalarMethod {
        @Override
        public long sum(long a, long b) {
            return a + b;
        }
    }

    static final class OutOfLineSum implements ScalarMethod {
        @Override
        @CompilerControl(CompilerControl.Mode.DONT_INLINE)
        public long sum(long a, long b) {
            return a + b;
        }
    }

    static final class PlainEcho implements StructMethod {
        @Override
        public long echo(MemorySegment in, long size, MemorySegment out) {
            final byte[] copy = in.asSlice(0, size).toArray(ValueLayout.JAVA_BYTE); // the call's copy-in
            MemorySegment.copy(copy, 0, out, ValueLayout.JAVA_BYTE, 0, copy.length); // and copy-out
            return copy.length;
        }
    }

    /** Opens the connection in the default kernel and checks the methods answer correctly before timing them. */
    @Setup(Level.Trial)
    public void open() {
        final int service = IOServiceGetMatchingService(kIOMainPortDefault, IOServiceNameMatching(BenchDriver.NAME));
        if (service == 0) {
            throw new IllegalStateException("the bench dext did not register: is META-INF/driverkit/Info.plist of"
                    + " iokit4j-benchmarks on the class path?");
        }
        final int[] out = new int[1];
        check("IOServiceOpen", IOServiceOpen(service, mach_task_self(), 0, out));
        IOObjectRelease(service);
        connect = out[0];
        connection = IOKit.system().open(IOKit.nameMatching(BenchDriver.NAME));
        plain = new PlainSum();
        outOfLine = new OutOfLineSum();
        if (scalarCall() != 42 || javaLayerScalarCall() != 42 || plainInterfaceCall() != 42) {
            throw new IllegalStateException("the sum is wrong: the benchmark would measure a failing call");
        }
    }

    /** Changes the inputs between iterations (never during one), so nothing is constant across the trial. */
    @Setup(Level.Iteration)
    public void vary() {
        a = 40 + (System.nanoTime() & 1);
        b = 42 - a;
    }

    /** Closes both connections. */
    @TearDown(Level.Trial)
    public void close() {
        connection.close();
        IOServiceClose(connect);
    }

    /** {@code IOConnectCallScalarMethod(connect, 0, {a, b}, 2, out, {1})}: the faithful layer. */
    @Benchmark
    public long scalarCall() {
        input[0] = a;
        input[1] = b;
        outputCnt[0] = 1;
        final int ret = IOConnectCallScalarMethod(connect, BenchUserClient.kSum, input, 2, output, outputCnt);
        return ret == kIOReturnSuccess ? output[0] : ret;
    }

    /** {@code connection.call(0).scalars(a, b).scalarOutputs(1).invoke().scalar(0)}: the Java layer. */
    @Benchmark
    public long javaLayerScalarCall() {
        return connection.call(BenchUserClient.kSum).scalars(a, b).scalarOutputs(1).invoke().scalar(0);
    }

    /** Baseline: the same sum through a plain Java interface call (monomorphic, so the JIT may inline it). */
    @Benchmark
    public long plainInterfaceCall() {
        return plain.sum(a, b);
    }

    /** Baseline: the same sum through an interface call the JIT may not inline. */
    @Benchmark
    public long plainInterfaceCallNotInlined() {
        return outOfLine.sum(a, b);
    }

    /** {@code IOConnectCallStructMethod(connect, 1, in, size, out, {size})}: inline structures both ways. */
    @Benchmark
    public long structCall(Structs s) {
        s.outputStructCnt[0] = s.size;
        final int ret = IOConnectCallStructMethod(connect, BenchUserClient.kEcho, s.in, s.size, s.out,
                s.outputStructCnt);
        return ret == kIOReturnSuccess ? s.outputStructCnt[0] : ret;
    }

    /** Baseline: the same bytes copied in and back out through a plain Java interface call. */
    @Benchmark
    public long plainStructCopy(Structs s) {
        return s.plain.echo(s.in, s.size, s.out);
    }

    /** Input and output structures of {@link #size} bytes, in native memory as a C caller's would be. */
    @State(Scope.Thread)
    public static class Structs {
        /** The structure size: the smallest realistic one, and the largest that travels inline. */
        @Param({"64", "4096"})
        public int size;
        final long[] outputStructCnt = new long[1];
        MemorySegment in;
        MemorySegment out;
        StructMethod plain;
        private Arena arena;

        /** Allocates and fills the buffers. */
        @Setup(Level.Trial)
        public void allocate() {
            arena = Arena.ofShared();
            in = arena.allocate(size);
            out = arena.allocate(size);
            for (int i = 0; i < size; i++) {
                in.set(ValueLayout.JAVA_BYTE, i, (byte) i);
            }
            plain = new PlainEcho();
        }

        /** Checks the last echo came back whole, then frees the buffers. */
        @TearDown(Level.Trial)
        public void free() {
            final boolean echoed = in.mismatch(out) == -1;
            arena.close();
            if (!echoed) {
                throw new IllegalStateException("the echoed structure differs from the input");
            }
        }
    }

    private static void check(String function, int ret) {
        if (ret != kIOReturnSuccess) {
            throw new IllegalStateException(function + " returned 0x" + Integer.toHexString(ret));
        }
    }
}
