package org.iokit4j.systemtests.load;

import static org.iokit4j.iokitlib.IOKitLib.*;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.LongAdder;
import java.lang.management.ManagementFactory;
import org.iokit4j.IOReturn;
import org.iokit4j.dispatch.DispatchQueue;
import org.iokit4j.iokitlib.IOAsyncCallback1;
import org.iokit4j.iokitlib.IONotificationPortRef;
import org.iokit4j.systemtests.hostile.HostileUserClient;
import org.iokit4j.systemtests.support.TestKernel;

/**
 * Load and fault scenarios against the hostile test dext, as values: the CI tests run them small and assert the
 * accounting; {@link ReliabilityHarness} runs them large and prints the figures for docs/reliability.md. One code
 * path for both, so the numbers on that page come from what CI checks.
 */
public final class LoadScenarios {
    /** How long a scenario waits for completions still in flight before it reports what it has. */
    private static final long SETTLE_SECONDS = 120;

    private LoadScenarios() {
    }

    /**
     * The accounting of an async flood: every accepted call's completion is either delivered once or counted as
     * dropped by the kernel; nothing is delivered that was not sent.
     */
    public record AsyncFlood(long calls, long accepted, long refused, long delivered, long duplicates, long strays,
                             long dropped, long callbackThrows, long nanos) {
        /** {@return whether nothing was lost or duplicated: delivered + dropped = accepted, no duplicate, no stray} */
        public boolean balanced() {
            return delivered + dropped == accepted && duplicates == 0 && strays == 0;
        }
    }

    /** Open and close, over and over: nothing may be left behind. */
    public record Churn(int opens, int failures, int namesBefore, int namesAfter, long userClientsAfter,
                        int threadsBefore, int threadsAfter, long nanos) {
    }

    /** Calls racing a close: every call returns a code (counted by name), none throws, nothing is left behind. */
    public record CloseRace(int rounds, Map<String, Long> outcomes, long thrown, int namesBefore, int namesAfter,
                            long userClientsAfter) {
    }

    /**
     * {@code threads} app threads each make {@code callsPerThread} async calls ({@link HostileUserClient#kComplete},
     * completing inside {@code ExternalMethod} with the call's id as its one argument) to one notification port on
     * a dispatch queue; {@code throwEvery} > 0 makes every n-th callback throw.
     */
    public static AsyncFlood asyncFlood(TestKernel kernel, int threads, int callsPerThread, int throwEvery)
            throws InterruptedException {
        final int calls = threads * callsPerThread;
        final AtomicIntegerArray seen = new AtomicIntegerArray(calls);
        final LongAdder delivered = new LongAdder();
        final LongAdder duplicates = new LongAdder();
        final LongAdder strays = new LongAdder();
        final LongAdder accepted = new LongAdder();
        final LongAdder refused = new LongAdder();
        final LongAdder callbackThrows = new LongAdder();
        final long droppedBefore = kernel.kernel.completions().dropped();
        final int connect = kernel.open();
        final DispatchQueue queue = DispatchQueue.create("load.callbacks");
        final IONotificationPortRef port = kernel.call(() -> IONotificationPortCreate(kIOMainPortDefault));
        final long start = System.nanoTime();
        try {
            IONotificationPortSetDispatchQueue(port, queue);
            final long callout = asyncCallout((IOAsyncCallback1) (refcon, result, id) -> {
                if (id < 0 || id >= calls || result != kIOReturnSuccess) {
                    strays.increment();
                } else if (seen.getAndIncrement((int) id) > 0) {
                    duplicates.increment();
                }
                delivered.increment();
                if (throwEvery > 0 && id % throwEvery == 0) {
                    callbackThrows.increment();
                    throw new IllegalStateException("callback " + id + " throws on purpose");
                }
            });
            final int wakePort = IONotificationPortGetMachPort(port);
            runThreads(threads, t -> kernel.run(() -> {
                for (int i = 0; i < callsPerThread; i++) {
                    final long id = (long) t * callsPerThread + i;
                    final int result = IOConnectCallAsyncScalarMethod(connect, HostileUserClient.kComplete, wakePort,
                            new long[] {0, callout, 0}, 3, new long[] {id}, 1, null, null);
                    (result == kIOReturnSuccess ? accepted : refused).increment();
                }
            }));
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(SETTLE_SECONDS);
            while (delivered.sum() + dropped(kernel, droppedBefore) < accepted.sum() && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            return new AsyncFlood(calls, accepted.sum(), refused.sum(), delivered.sum(), duplicates.sum(),
                    strays.sum(), dropped(kernel, droppedBefore), callbackThrows.sum(), System.nanoTime() - start);
        } finally {
            kernel.run(() -> {
                IONotificationPortDestroy(port);
                IOServiceClose(connect);
            });
            queue.close();
        }
    }

    /** Opens and closes a connection {@code opens} times, calling it once each time. */
    public static Churn openCloseChurn(TestKernel kernel, int opens) {
        kernel.run(() -> IOServiceClose(kernel.open())); // the driver server is up before counting
        final int namesBefore = kernel.names();
        final int threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();
        final long start = System.nanoTime();
        final int[] failures = {0};
        kernel.run(() -> {
            final int service = IOServiceGetMatchingService(kIOMainPortDefault,
                    IOServiceNameMatching(org.iokit4j.systemtests.hostile.HostileDriver.NAME));
            final long[] out = new long[1];
            for (int i = 0; i < opens; i++) {
                final int[] connect = {0};
                if (IOServiceOpen(service, mach_task_self(), 0, connect) != kIOReturnSuccess
                        || IOConnectCallScalarMethod(connect[0], HostileUserClient.kSum, new long[] {i, 1}, 2, out,
                        new int[] {1}) != kIOReturnSuccess || out[0] != i + 1
                        || IOServiceClose(connect[0]) != kIOReturnSuccess) {
                    failures[0]++;
                }
            }
            IOObjectRelease(service);
        });
        return new Churn(opens, failures[0], namesBefore, kernel.names(), userClients(kernel), threadsBefore,
                ManagementFactory.getThreadMXBean().getThreadCount(), System.nanoTime() - start);
    }

    /**
     * {@code rounds} times: {@code threads} threads call a connection in a loop while the test closes it; every
     * call's code is counted by name, and any throwable reaching a caller is counted as thrown.
     */
    public static CloseRace closesRacingCalls(TestKernel kernel, int rounds, int threads, long seed)
            throws InterruptedException {
        kernel.run(() -> IOServiceClose(kernel.open()));
        final int namesBefore = kernel.names();
        final Map<String, Long> outcomes = new ConcurrentHashMap<>();
        final LongAdder thrown = new LongAdder();
        final java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
        for (int round = 0; round < rounds; round++) {
            final int connect = kernel.open();
            final CountDownLatch calling = new CountDownLatch(threads);
            final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
            final long closeAfter = random.nextLong(200_000);
            final Thread[] callers = new Thread[threads];
            for (int t = 0; t < threads; t++) {
                callers[t] = Thread.ofPlatform().start(() -> kernel.run(() -> {
                    final long[] out = new long[1];
                    calling.countDown();
                    boolean last = false;
                    while (!last) {
                        last = closed.get(); // one more call after the close is seen: a call on a closed connection
                        try {
                            final int result = IOConnectCallScalarMethod(connect, HostileUserClient.kSum,
                                    new long[] {1, 2}, 2, out, new int[] {1});
                            outcomes.merge(IOReturn.name(result), 1L, Long::sum);
                        } catch (Throwable t2) {
                            thrown.increment();
                        }
                    }
                }));
            }
            calling.await(SETTLE_SECONDS, TimeUnit.SECONDS);
            final long end = System.nanoTime() + closeAfter;
            while (System.nanoTime() < end) {
                Thread.onSpinWait();
            }
            kernel.run(() -> IOServiceClose(connect));
            closed.set(true);
            for (Thread caller : callers) {
                caller.join(TimeUnit.SECONDS.toMillis(SETTLE_SECONDS));
            }
        }
        return new CloseRace(rounds, new TreeMap<>(outcomes), thrown.sum(), namesBefore, kernel.names(),
                userClients(kernel));
    }

    /** {@return how many hostile user clients are in the registry} */
    public static long userClients(TestKernel kernel) {
        return kernel.kernel.registryEntries().stream()
                .filter(e -> e.name().equals(HostileUserClient.class.getName())).count();
    }

    private static long dropped(TestKernel kernel, long before) {
        return kernel.kernel.completions().dropped() - before;
    }

    private static void runThreads(int threads, java.util.function.IntConsumer body) throws InterruptedException {
        final Thread[] all = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            final int index = t;
            all[t] = Thread.ofPlatform().name("load-" + t).start(() -> body.accept(index));
        }
        for (Thread thread : all) {
            thread.join();
        }
    }
}
