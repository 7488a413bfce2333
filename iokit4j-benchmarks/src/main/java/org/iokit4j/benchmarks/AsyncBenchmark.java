package org.iokit4j.benchmarks;

import static org.iokit4j.iokitlib.IOKitLib.IOConnectCallAsyncScalarMethod;
import static org.iokit4j.iokitlib.IOKitLib.IONotificationPortCreate;
import static org.iokit4j.iokitlib.IOKitLib.IONotificationPortDestroy;
import static org.iokit4j.iokitlib.IOKitLib.IONotificationPortGetMachPort;
import static org.iokit4j.iokitlib.IOKitLib.IONotificationPortSetDispatchQueue;
import static org.iokit4j.iokitlib.IOKitLib.IOObjectRelease;
import static org.iokit4j.iokitlib.IOKitLib.IOServiceClose;
import static org.iokit4j.iokitlib.IOKitLib.IOServiceGetMatchingService;
import static org.iokit4j.iokitlib.IOKitLib.IOServiceNameMatching;
import static org.iokit4j.iokitlib.IOKitLib.IOServiceOpen;
import static org.iokit4j.iokitlib.IOKitLib.asyncCallout;
import static org.iokit4j.iokitlib.IOKitLib.kIOAsyncCalloutFuncIndex;
import static org.iokit4j.iokitlib.IOKitLib.kIOAsyncCalloutRefconIndex;
import static org.iokit4j.iokitlib.IOKitLib.kIOMainPortDefault;
import static org.iokit4j.iokitlib.IOKitLib.kIOReturnSuccess;
import static org.iokit4j.iokitlib.IOKitLib.kOSAsyncRef64Count;
import static org.iokit4j.iokitlib.IOKitLib.mach_task_self;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.iokit4j.benchmarks.driver.BenchDriver;
import org.iokit4j.benchmarks.driver.BenchUserClient;
import org.iokit4j.dispatch.DispatchQueue;
import org.iokit4j.iokitlib.AsyncCallouts;
import org.iokit4j.iokitlib.IOAsyncCallback1;
import org.iokit4j.iokitlib.IONotificationPortRef;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Async calls and completions (issue 3): {@code IOConnectCallAsyncScalarMethod} to a method that completes through
 * its {@code OSAction}, the completion delivered to an {@code IONotificationPort} attached to a {@link DispatchQueue},
 * and the callback ({@code IOAsyncCallback1}) running there; against a {@link CompletableFuture} handed to a
 * single-thread executor doing the same sum, measured in the same run.
 *
 * <ul>
 *   <li>{@code asyncLatency} / {@code futureLatency}: one call, then wait (spinning) until its callback ran: the
 *       round trip, median and p99 ({@code SampleTime}).
 *   <li>{@code asyncPipelined} / {@code futurePipelined}: {@value #BATCH} calls issued back to back, then wait
 *       for the last callback: completions per second with many outstanding ({@code Throughput}, per call).
 * </ul>
 *
 * <p>The driver completes inside {@code ExternalMethod}, so the numbers are the IPC path (driver → kernel's
 * completion port → the client's port → the queue → the callback), not driver work.
 */
@State(Scope.Thread)
public class AsyncBenchmark {
    /** Calls per pipelined invocation (the IPC harness's {@code iokit4j-async} leg counts in these too). */
    public static final int BATCH = 1024;

    long a = 40;
    long b = 2;
    /** Completions seen by the callbacks (written on the callback thread, read by the benchmark thread). */
    final AtomicLong completed = new AtomicLong();
    /** The last sum a callback received. */
    volatile long lastSum;

    private final long[] input = new long[2];
    private final long[] reference = new long[kOSAsyncRef64Count];
    private int connect;
    private long callout;
    private IONotificationPortRef port;
    private int wakePort;
    private DispatchQueue queue;
    private ExecutorService executor;

    /** Opens the connection, a notification port on a dispatch queue, and the baseline's executor. */
    @Setup(Level.Trial)
    public void open() {
        final int service = IOServiceGetMatchingService(kIOMainPortDefault, IOServiceNameMatching(BenchDriver.NAME));
        if (service == 0) {
            throw new IllegalStateException("the bench dext did not register: is META-INF/driverkit/Info.plist of"
                    + " iokit4j-benchmarks on the class path?");
        }
        final int[] out = new int[1];
        final int opened = IOServiceOpen(service, mach_task_self(), 0, out);
        IOObjectRelease(service);
        if (opened != kIOReturnSuccess) {
            throw new IllegalStateException("IOServiceOpen returned 0x" + Integer.toHexString(opened));
        }
        connect = out[0];
        queue = DispatchQueue.create("bench.completions");
        port = IONotificationPortCreate(kIOMainPortDefault);
        IONotificationPortSetDispatchQueue(port, queue);
        wakePort = IONotificationPortGetMachPort(port);
        callout = asyncCallout((IOAsyncCallback1) (refcon, result, sum) -> {
            lastSum = sum;
            completed.lazySet(completed.get() + 1); // one writer: the queue's thread
        });
        reference[kIOAsyncCalloutFuncIndex] = callout;
        reference[kIOAsyncCalloutRefconIndex] = 7;
        executor = Executors.newSingleThreadExecutor();
        if (asyncLatency() != 42 || futureLatency() != 42) {
            throw new IllegalStateException("the async sum is wrong: the benchmark would measure a failing call");
        }
    }

    /** Tears everything down. */
    @TearDown(Level.Trial)
    public void close() {
        executor.shutdownNow();
        IONotificationPortDestroy(port);
        AsyncCallouts.release(callout); // let go with the port already; this frees it for good
        queue.close();
        IOServiceClose(connect);
    }

    /** One async call, then spin until its callback has run on the queue. */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public long asyncLatency() {
        final long target = completed.get() + 1;
        call();
        while (completed.get() < target) {
            Thread.onSpinWait();
        }
        return lastSum;
    }

    /** Baseline: {@code CompletableFuture.supplyAsync(sum, singleThreadExecutor).join()}. */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public long futureLatency() {
        final long x = a;
        final long y = b;
        return CompletableFuture.supplyAsync(() -> x + y, executor).join();
    }

    /** {@value #BATCH} async calls back to back, then spin until the last callback ran. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(BATCH)
    public long asyncPipelined() {
        final long target = completed.get() + BATCH;
        for (int i = 0; i < BATCH; i++) {
            call();
        }
        while (completed.get() < target) {
            Thread.onSpinWait();
        }
        return lastSum;
    }

    /** Baseline: {@value #BATCH} futures on the single-thread executor, then wait for the last. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(BATCH)
    public long futurePipelined() {
        final long x = a;
        final long y = b;
        CompletableFuture<Long> last = null;
        for (int i = 0; i < BATCH; i++) {
            last = CompletableFuture.supplyAsync(() -> x + y, executor);
        }
        return last.join();
    }

    private void call() {
        input[0] = a;
        input[1] = b;
        final int ret = IOConnectCallAsyncScalarMethod(connect, BenchUserClient.kAsyncSum, wakePort, reference,
                kOSAsyncRef64Count, input, 2, null, null);
        if (ret != kIOReturnSuccess) {
            throw new IllegalStateException("IOConnectCallAsyncScalarMethod returned 0x" + Integer.toHexString(ret));
        }
    }
}
