package org.iokit4j.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Dispatch queues across threads (issue 5 item 2). Latches only guard against a hang (generous timeouts); no
 * test sleeps or measures time.
 */
class DispatchQueueConcurrencyTest {
    private static final long GUARD_SECONDS = 30;

    @Test
    void shouldMakeSyncWaitItsTurnBehindABusyQueue() throws Exception { // issue 5 item 2: sync while busy
        final DispatchQueue queue = DispatchQueue.createManual("busy");
        final List<String> order = new ArrayList<>();
        final CountDownLatch firstRunning = new CountDownLatch(1);
        final CountDownLatch releaseFirst = new CountDownLatch(1);
        queue.async(() -> {
            firstRunning.countDown();
            await(releaseFirst);
            order.add("first");
        });
        final Thread drainer = Thread.ofPlatform().start(queue::drain);
        await(firstRunning);
        queue.async(() -> order.add("second"));

        final CountDownLatch syncQueued = new CountDownLatch(1);
        queue.setWakeListener(syncQueued::countDown); // a waiting sync submits an item, which wakes the queue
        final AtomicReference<Thread> ranOn = new AtomicReference<>();
        final Thread caller = Thread.ofPlatform().start(() -> queue.sync(() -> {
            ranOn.set(Thread.currentThread());
            order.add("sync");
        }));
        await(syncQueued);
        assertThat(caller.isAlive()).as("sync is waiting, not running beside the busy item").isTrue();

        releaseFirst.countDown();
        drainer.join(TimeUnit.SECONDS.toMillis(GUARD_SECONDS));
        caller.join(TimeUnit.SECONDS.toMillis(GUARD_SECONDS));
        assertThat(caller.isAlive()).isFalse();
        assertThat(order).containsExactly("first", "second", "sync");
        assertThat(ranOn).as("the busy queue's own thread ran it").hasValue(drainer);
    }

    @Test
    void shouldLetTheWorkerFinishPendingWorkAfterClose() throws Exception { // issue 5 item 2: close()
        final DispatchQueue queue = DispatchQueue.create("closing");
        final CountDownLatch gate = new CountDownLatch(1);
        final CountDownLatch finished = new CountDownLatch(1);
        final List<Integer> ran = new ArrayList<>();
        queue.async(() -> await(gate));
        for (int i = 0; i < 3; i++) {
            final int item = i;
            queue.async(() -> ran.add(item));
        }
        queue.async(finished::countDown);
        queue.close();
        gate.countDown();
        assertThat(finished.await(GUARD_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(ran).containsExactly(0, 1, 2); // the latch orders the worker's writes before this read
        assertThat(queue.failures()).isZero();
    }

    static Stream<Long> seeds() {
        return new SplittableRandom(5).longs(3).boxed();
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void shouldRunEachItemOnceInPerProducerOrder(long seed) throws Exception { // issue 5 item 2: serial FIFO
        final int producers = 4;
        final int items = 1000;
        final DispatchQueue queue = DispatchQueue.create("producers");
        final List<int[]> ran = new ArrayList<>(); // only items touch it, and they never overlap
        final AtomicInteger overlaps = new AtomicInteger();
        final AtomicInteger running = new AtomicInteger();
        final SplittableRandom random = new SplittableRandom(seed);
        final CountDownLatch start = new CountDownLatch(1);
        final List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            final int producer = p;
            final SplittableRandom mine = random.split();
            threads.add(Thread.ofPlatform().start(() -> {
                await(start);
                for (int i = 0; i < items; i++) {
                    final int[] entry = {producer, i};
                    final Runnable item = () -> {
                        if (running.incrementAndGet() != 1) {
                            overlaps.incrementAndGet();
                        }
                        ran.add(entry);
                        running.decrementAndGet();
                    };
                    if (mine.nextInt(20) == 0) {
                        queue.sync(item); // a few syncs mixed in: they must keep their place too
                    } else {
                        queue.async(item);
                    }
                }
            }));
        }
        start.countDown();
        for (Thread thread : threads) {
            thread.join(TimeUnit.SECONDS.toMillis(GUARD_SECONDS));
        }
        final List<int[]> seen = queue.sync(() -> List.copyOf(ran)); // after every item submitted so far
        queue.close();

        assertThat(overlaps).hasValue(0);
        assertThat(seen).hasSize(producers * items);
        final int[] next = new int[producers];
        for (int[] entry : seen) {
            assertThat(entry[1]).as("producer %d's items in order, each once", entry[0]).isEqualTo(next[entry[0]]++);
        }
        assertThat(next).containsOnly(items);
        assertThat(queue.failures()).isZero();
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(GUARD_SECONDS, TimeUnit.SECONDS)) {
                throw new AssertionError("guard: latch not released in " + GUARD_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
