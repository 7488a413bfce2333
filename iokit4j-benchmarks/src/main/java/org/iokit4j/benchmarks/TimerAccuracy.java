package org.iokit4j.benchmarks;

import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.iokit4j.driverkit.IODispatchQueue;
import org.iokit4j.driverkit.IOTimerDispatchSource;
import org.iokit4j.driverkit.OSAction;
import org.iokit4j.driverkit.OSObject;

/**
 * How late {@code IOTimerDispatchSource} handlers run: arms a timer {@code delayMicros} ahead, {@code samples}
 * times in a row (the handler re-arms it), and prints p50 / p99 / max lateness of the handler against the
 * deadline, next to a {@link ScheduledThreadPoolExecutor} doing the same. Not a JMH benchmark: lateness is a
 * distribution, not a throughput (docs/benchmarks.md).
 *
 * <p>Usage: {@code java -cp target/benchmarks.jar org.iokit4j.benchmarks.TimerAccuracy [samples] [delayMicros]}.
 */
public final class TimerAccuracy {

    private TimerAccuracy() {
    }

    public static void main(String[] args) throws InterruptedException {
        final int samples = args.length > 0 ? Integer.parseInt(args[0]) : 2_000;
        final long delay = TimeUnit.MICROSECONDS.toNanos(args.length > 1 ? Long.parseLong(args[1]) : 1_000);
        measure("warm-up IOTimerDispatchSource", samples / 4, delay, TimerAccuracy::timerLateness);
        measure("IOTimerDispatchSource", samples, delay, TimerAccuracy::timerLateness);
        measure("ScheduledThreadPoolExecutor", samples, delay, TimerAccuracy::executorLateness);
    }

    interface Run {
        long[] lateness(int samples, long delay) throws InterruptedException;
    }

    private static void measure(String name, int samples, long delay, Run run) throws InterruptedException {
        final long[] late = run.lateness(samples, delay);
        Arrays.sort(late);
        System.out.printf("%-30s samples=%d delay=%dus lateness p50=%.1fus p99=%.1fus max=%.1fus%n", name, samples,
                TimeUnit.NANOSECONDS.toMicros(delay), late[late.length / 2] / 1e3,
                late[(int) (late.length * 0.99)] / 1e3, late[late.length - 1] / 1e3);
    }

    private static long[] timerLateness(int samples, long delay) throws InterruptedException {
        final IODispatchQueue[] queue = new IODispatchQueue[1];
        IODispatchQueue.Create("accuracy", 0, 0, queue);
        final IOTimerDispatchSource[] timer = new IOTimerDispatchSource[1];
        IOTimerDispatchSource.Create(queue[0], timer);
        final long[] late = new long[samples];
        final long[] deadline = new long[1];
        final CountDownLatch done = new CountDownLatch(1);
        final OSObject target = new OSObject();
        final int[] n = new int[1];
        final OSAction[] action = new OSAction[1];
        OSAction.Create(target, (a, firedAt) -> {
            late[n[0]++] = System.nanoTime() - deadline[0];
            if (n[0] == samples) {
                done.countDown();
                return;
            }
            deadline[0] = System.nanoTime() + delay;
            timer[0].WakeAtTime(IOTimerDispatchSource.kIOTimerClockMonotonicRaw, deadline[0], 0);
        }, 0, action);
        timer[0].SetHandler(action[0]);
        queue[0].DispatchAsync(() -> {
            deadline[0] = System.nanoTime() + delay;
            timer[0].WakeAtTime(IOTimerDispatchSource.kIOTimerClockMonotonicRaw, deadline[0], 0);
        });
        done.await();
        timer[0].Cancel(null);
        action[0].release();
        timer[0].release();
        queue[0].release();
        target.release();
        return late;
    }

    private static long[] executorLateness(int samples, long delay) throws InterruptedException {
        final ScheduledExecutorService executor = new ScheduledThreadPoolExecutor(1);
        final long[] late = new long[samples];
        for (int i = 0; i < samples; i++) {
            final long deadline = System.nanoTime() + delay;
            final int index = i;
            final CountDownLatch fired = new CountDownLatch(1);
            executor.schedule(() -> {
                late[index] = System.nanoTime() - deadline;
                fired.countDown();
            }, delay, TimeUnit.NANOSECONDS);
            fired.await();
        }
        executor.shutdownNow();
        return late;
    }
}
