package org.iokit4j.benchmarks;

import static org.iokit4j.iokitlib.IOKitLib.IOConnectCallScalarMethod;
import static org.iokit4j.iokitlib.IOKitLib.IOObjectRelease;
import static org.iokit4j.iokitlib.IOKitLib.IOServiceClose;
import static org.iokit4j.iokitlib.IOKitLib.IOServiceGetMatchingService;
import static org.iokit4j.iokitlib.IOKitLib.IOServiceNameMatching;
import static org.iokit4j.iokitlib.IOKitLib.IOServiceOpen;
import static org.iokit4j.iokitlib.IOKitLib.kIOMainPortDefault;
import static org.iokit4j.iokitlib.IOKitLib.kIOReturnSuccess;
import static org.iokit4j.iokitlib.IOKitLib.mach_task_self;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import jdk.jfr.Recording;
import org.iokit4j.benchmarks.driver.BenchDriver;
import org.iokit4j.benchmarks.driver.BenchUserClient;
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
 * What iokit4j's Flight Recorder events cost on the embedded synchronous call (issue 12 §4: "zero cost when not
 * recording"): {@code CallBenchmark.scalarCall}'s call, in three JVMs of one run: {@code off} (no recording: the
 * baseline), {@code disabled} (a recording runs with the {@code org.iokit4j.*} events disabled) and {@code enabled}
 * (they are recorded, every call two events: {@code ExternalMethod} and {@code DriverMethod}).
 *
 * <p>Run with {@code scripts/bench.sh TracingCallBenchmark -f 1 -wi 3 -i 5 -w 1s -r 1s}; results and the command
 * are in {@code docs/benchmarks.md}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class TracingCallBenchmark {
    private static final List<String> EVENTS = List.of("org.iokit4j.ExternalMethod", "org.iokit4j.DriverMethod",
            "org.iokit4j.AsyncCompletion", "org.iokit4j.Notification", "org.iokit4j.Pitfall",
            "org.iokit4j.BootProblem");

    /** {@code off}: no recording; {@code disabled}: one without iokit4j's events; {@code enabled}: with them. */
    @Param({"off", "disabled", "enabled"})
    public String recording;

    long a = 40;
    long b = 2;
    private final long[] input = new long[2];
    private final long[] output = new long[1];
    private final int[] outputCnt = new int[1];
    private int connect;
    private Recording jfr;

    /** Starts the recording the mode asks for, and opens the connection. */
    @Setup(Level.Trial)
    public void open() {
        if (!recording.equals("off")) {
            jfr = new Recording();
            jfr.setMaxSize(64L << 20); // the enabled run makes ~100 MB/s: keep only the newest
            for (String event : EVENTS) {
                if (recording.equals("enabled")) {
                    jfr.enable(event).withThreshold(Duration.ZERO);
                } else {
                    jfr.disable(event);
                }
            }
            jfr.start();
        }
        final int service = IOServiceGetMatchingService(kIOMainPortDefault, IOServiceNameMatching(BenchDriver.NAME));
        if (service == 0) {
            throw new IllegalStateException("the bench dext did not register");
        }
        final int[] out = new int[1];
        if (IOServiceOpen(service, mach_task_self(), 0, out) != kIOReturnSuccess) {
            throw new IllegalStateException("IOServiceOpen failed");
        }
        IOObjectRelease(service);
        connect = out[0];
        if (scalarCall() != 42) {
            throw new IllegalStateException("the sum is wrong: the benchmark would measure a failing call");
        }
    }

    /** Closes the connection and the recording. */
    @TearDown(Level.Trial)
    public void close() {
        IOServiceClose(connect);
        if (jfr != null) {
            jfr.close();
        }
    }

    /** {@code IOConnectCallScalarMethod(connect, 0, {a, b}, 2, out, {1})}, as {@code CallBenchmark.scalarCall}. */
    @Benchmark
    public long scalarCall() {
        input[0] = a;
        input[1] = b;
        outputCnt[0] = 1;
        final int ret = IOConnectCallScalarMethod(connect, BenchUserClient.kSum, input, 2, output, outputCnt);
        return ret == kIOReturnSuccess ? output[0] : ret;
    }
}
