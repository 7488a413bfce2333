package org.iokit4j.driverkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.iokit4j.dispatch.DispatchQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 8 race 7: {@code IODispatchQueue.DispatchSync} must be fenced by {@code Cancel} as {@code DispatchAsync} is
 * (contract.md: the cancel handler "runs once queued work has drained"): a block either runs before the cancel
 * handler or is refused, never after it. A quarter of the rounds use {@code DispatchAsync}, behind the same
 * lock-free fence ({@code CancelGate}). A bounded loop with a fixed seed; the old queue let a DispatchSync that
 * passed its cancelled check run after the handler.
 */
class IODispatchQueueCancelRaceTest {
    private static final int ROUNDS = 5_000;

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void shouldNeverRunADispatchedBlockAfterTheCancelHandler() throws Exception {
        final SplittableRandom random = new SplittableRandom(8_7);
        final CyclicBarrier start = new CyclicBarrier(2);
        int ranBefore = 0;
        int refused = 0;
        for (int round = 0; round < ROUNDS; round++) {
            final IODispatchQueue queue = new IODispatchQueue("race7." + round, DispatchQueue.create("race7"));
            final List<String> order = Collections.synchronizedList(new ArrayList<>());
            final CountDownLatch handled = new CountDownLatch(1);
            final long syncDelay = random.nextLong(2_000);
            final boolean async = random.nextInt(4) == 0; // DispatchAsync meets the same fence
            final long cancelDelay = random.nextLong(2_000);
            final Thread syncer = Thread.ofPlatform().start(() -> {
                await(start);
                spin(syncDelay);
                if (async) {
                    queue.DispatchAsync(() -> order.add("block"));
                } else {
                    queue.DispatchSync(() -> order.add("block"));
                }
            });
            await(start);
            spin(cancelDelay);
            queue.Cancel(() -> {
                order.add("handler");
                handled.countDown();
            });
            syncer.join();
            assertThat(handled.await(60, TimeUnit.SECONDS)).isTrue();
            if (order.size() == 2) {
                assertThat(order).as("round %d", round).containsExactly("block", "handler");
                ranBefore++;
            } else {
                assertThat(order).as("round %d: refused, never run", round).containsExactly("handler");
                refused++;
            }
            queue.release();
        }
        assertThat(ranBefore + refused).isEqualTo(ROUNDS);
    }

    private static void spin(long nanos) {
        final long end = System.nanoTime() + nanos;
        while (System.nanoTime() < end) {
            Thread.onSpinWait();
        }
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
