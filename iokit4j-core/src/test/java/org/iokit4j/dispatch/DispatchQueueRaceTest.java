package org.iokit4j.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The dispatch-queue races of issue 8 ("Races" 1, 2, 3 and 8), each of which failed on the queue before the fix:
 * bounded loops with a fixed seed, and thread-state probes for "parks instead of spinning". Nothing measures time:
 * a thread that spins is always RUNNABLE, a parked one is WAITING, and the probes read only that.
 */
class DispatchQueueRaceTest {
    private static final long GUARD_SECONDS = 60;
    private static final long STATE_SECONDS = 10;
    private static final int ROUNDS = Integer.getInteger("race1.rounds", 20_000);

    @Test
    @Timeout(value = GUARD_SECONDS, unit = TimeUnit.SECONDS)
    void shouldRunOrRefuseEverySubmissionThatRacesClose() throws Exception { // issue 8 race 1
        final SplittableRandom random = new SplittableRandom(8_1);
        final AtomicInteger refused = new AtomicInteger();
        final AtomicInteger ran = new AtomicInteger();
        final CyclicBarrier start = new CyclicBarrier(2);
        for (int round = 0; round < ROUNDS; round++) {
            final DispatchQueue queue = DispatchQueue.create("race1." + round);
            final boolean useSync = random.nextBoolean();
            final boolean warm = random.nextBoolean();
            if (warm) { // the worker exists and is busy, so a sync must queue behind it (else: worker not started)
                final long spin = random.nextLong(20_000);
                queue.async(() -> spin(spin));
            }
            final CountDownLatch done = new CountDownLatch(1);
            final long submitDelay = random.nextLong(3_000); // jitter scans the window between check and enqueue
            final long closeDelay = random.nextLong(3_000);
            final Thread submitter = Thread.ofPlatform().start(() -> {
                awaitBarrier(start);
                spin(submitDelay);
                try {
                    if (useSync) {
                        queue.sync(ran::incrementAndGet);
                    } else {
                        queue.async(() -> {
                            ran.incrementAndGet();
                            done.countDown();
                        });
                    }
                    if (useSync) {
                        done.countDown();
                    }
                } catch (IllegalStateException closed) {
                    refused.incrementAndGet();
                    done.countDown();
                }
            });
            awaitBarrier(start);
            spin(closeDelay);
            queue.close();
            assertThat(done.await(STATE_SECONDS, TimeUnit.SECONDS))
                    .as("round %d (%s, worker %s): the submission neither ran nor was refused", round,
                            useSync ? "sync" : "async", warm ? "started" : "not started")
                    .isTrue();
            submitter.join();
        }
        assertThat(ran.get() + refused.get()).isEqualTo(ROUNDS);
        assertNoWorkersLeft("dispatch:race1.");
    }

    @Test
    @Timeout(value = GUARD_SECONDS, unit = TimeUnit.SECONDS)
    void shouldParkAnInterruptedThreadWaitingInSyncAndKeepItsInterrupt() throws Exception { // issue 8 race 2
        final DispatchQueue queue = DispatchQueue.create("race2");
        final CountDownLatch busy = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        queue.async(() -> {
            busy.countDown();
            awaitLatch(release);
        });
        awaitLatch(busy);
        final AtomicReference<Boolean> interruptedAfter = new AtomicReference<>();
        final AtomicInteger ran = new AtomicInteger();
        final Thread waiter = Thread.ofPlatform().start(() -> {
            Thread.currentThread().interrupt();
            queue.sync(ran::incrementAndGet);
            interruptedAfter.set(Thread.currentThread().isInterrupted());
        });
        assertStaysParked(waiter, "a thread waiting in sync with its interrupt status set");
        release.countDown();
        waiter.join();
        assertThat(ran).hasValue(1);
        assertThat(interruptedAfter).as("the interrupt is kept for the caller").hasValue(true);
        queue.close();
    }

    @Test
    @Timeout(value = GUARD_SECONDS, unit = TimeUnit.SECONDS)
    void shouldParkTheWorkerWhileASyncCallerHoldsTheQueue() throws Exception { // issue 8 race 3
        final DispatchQueue queue = DispatchQueue.create("race3");
        final CountDownLatch started = new CountDownLatch(1);
        queue.async(started::countDown); // the worker exists
        awaitLatch(started);
        awaitState(workerOf("dispatch:race3"), Thread.State.WAITING); // and let go of the queue: sync takes it here
        final CountDownLatch holding = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final List<String> order = Collections.synchronizedList(new ArrayList<>());
        final Thread caller = Thread.ofPlatform().start(() -> queue.sync(() -> {
            holding.countDown();
            awaitLatch(release); // a long ExternalMethod, on the caller's thread
            order.add("sync");
        }));
        awaitLatch(holding);
        final CountDownLatch asyncRan = new CountDownLatch(1);
        queue.async(() -> { // a timer or a completion posting to the same queue
            order.add("async");
            asyncRan.countDown();
        });
        assertStaysParked(workerOf("dispatch:race3"), "the worker, with async work queued behind a sync");
        release.countDown();
        caller.join();
        assertThat(asyncRan.await(GUARD_SECONDS, TimeUnit.SECONDS)).as("the sync caller woke the worker").isTrue();
        assertThat(order).containsExactly("sync", "async");
        queue.close();
    }

    @Test
    @Timeout(value = GUARD_SECONDS, unit = TimeUnit.SECONDS)
    void shouldRunMainQueueSyncFromAnotherThreadOnTheThreadServicingMain() throws Exception { // issue 8 race 8
        final DispatchQueue main = DispatchQueue.main();
        main.drain(); // what other tests left
        final List<String> ranOn = Collections.synchronizedList(new ArrayList<>());
        main.async(() -> ranOn.add("earlier@" + Thread.currentThread().getName()));
        final Thread background = Thread.ofPlatform().name("background").start(
                () -> main.sync(() -> ranOn.add("sync@" + Thread.currentThread().getName())));
        awaitState(background, Thread.State.WAITING);
        assertThat(ranOn).as("nothing ran on the background thread while it waits for main").isEmpty();

        final Thread servicer = Thread.ofPlatform().name("servicer").start(main::drain);
        servicer.join();
        background.join();
        assertThat(ranOn).containsExactly("earlier@servicer", "sync@servicer");
    }

    /** A thread that spins is RUNNABLE at every look; a parked one is WAITING. Twenty looks in a row decide. */
    private static void assertStaysParked(Thread thread, String what) throws InterruptedException {
        awaitState(thread, Thread.State.WAITING);
        for (int look = 0; look < 20; look++) {
            Thread.sleep(5);
            assertThat(thread.getState()).as("%s must park, not spin (look %d)", what, look)
                    .isEqualTo(Thread.State.WAITING);
        }
    }

    private static void awaitState(Thread thread, Thread.State state) throws InterruptedException {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(STATE_SECONDS);
        while (thread.getState() != state) {
            assertThat(System.nanoTime() < deadline).as("%s never reached %s", thread, state).isTrue();
            Thread.sleep(1);
        }
    }

    private static Thread workerOf(String name) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no thread named " + name));
    }

    private static void assertNoWorkersLeft(String prefix) throws InterruptedException {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(GUARD_SECONDS);
        List<String> left;
        do {
            left = Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                    .filter(n -> n.startsWith(prefix)).toList();
            if (left.isEmpty()) {
                return;
            }
            Thread.sleep(10);
        } while (System.nanoTime() < deadline);
        assertThat(left).as("workers of closed queues must stop").isEmpty();
    }

    private static void spin(long nanos) {
        final long end = System.nanoTime() + nanos;
        while (System.nanoTime() < end) {
            Thread.onSpinWait();
        }
    }

    private static void awaitBarrier(CyclicBarrier barrier) {
        try {
            barrier.await(GUARD_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static void awaitLatch(CountDownLatch latch) {
        try {
            if (!latch.await(GUARD_SECONDS, TimeUnit.SECONDS)) {
                throw new AssertionError("latch not released in " + GUARD_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
