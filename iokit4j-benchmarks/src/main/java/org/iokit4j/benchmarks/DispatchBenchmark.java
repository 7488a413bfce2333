package org.iokit4j.benchmarks;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.iokit4j.driverkit.IODispatchQueue;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code IODispatchQueue.DispatchAsync} against a single-thread {@link ExecutorService}, in the same run
 * (docs/benchmarks.md).
 *
 * <p>{@code handOff*}: one block submitted to an idle queue, timed until it has run on the queue's thread (the
 * submitter spins on a counter): the hand-off latency. {@code burst*}: {@value #BURST} blocks submitted back to
 * back to a queue that is then busy, timed until the last has run: throughput, reported per block.
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = "-Xss1m")
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class DispatchBenchmark {
    static final int BURST = 1_000;

    private final AtomicLong ran = new AtomicLong();
    private final Runnable count = ran::incrementAndGet;
    private IODispatchQueue queue;
    private ExecutorService executor;

    @Setup
    public void setUp() {
        final IODispatchQueue[] made = new IODispatchQueue[1];
        IODispatchQueue.Create("bench", 0, 0, made);
        queue = made[0];
        executor = Executors.newSingleThreadExecutor();
    }

    @TearDown
    public void tearDown() {
        queue.release();
        executor.shutdownNow();
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public long handOffIODispatchQueue() {
        return once(queue::DispatchAsync);
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public long handOffSingleThreadExecutor() {
        return once(executor::execute);
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @OperationsPerInvocation(BURST)
    public long burstIODispatchQueue() {
        return burst(queue::DispatchAsync);
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @OperationsPerInvocation(BURST)
    public long burstSingleThreadExecutor() {
        return burst(executor::execute);
    }

    private long once(Consumer<Runnable> submit) {
        final long target = ran.get() + 1;
        submit.accept(count);
        return await(target);
    }

    private long burst(Consumer<Runnable> submit) {
        final long target = ran.get() + BURST;
        for (int i = 0; i < BURST; i++) {
            submit.accept(count);
        }
        return await(target);
    }

    private long await(long target) {
        long now;
        while ((now = ran.get()) < target) {
            Thread.onSpinWait();
        }
        return now;
    }
}
