package org.iokit4j.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Serial dispatch queues, stepped by hand where possible (issue 5 item 2; style.md code point 7). */
class DispatchQueueTest {
    private final DispatchQueue manual = DispatchQueue.createManual("test.manual");
    private final DispatchQueue worker = DispatchQueue.create("test.worker");
    private final List<String> order = new ArrayList<>(); // touched only by items of one serial queue at a time

    @AfterEach
    void closeQueues() {
        manual.close();
        worker.close();
    }

    @Test
    void shouldRunNothingOnAManualQueueUntilSteppedAndThenInFifoOrder() { // issue 5 item 2: FIFO, manual
        for (int i = 0; i < 5; i++) {
            final String item = "item" + i;
            manual.async(() -> order.add(item));
        }
        assertThat(order).isEmpty();
        assertThat(manual.hasPending()).isTrue();
        assertThat(manual.runOne()).isTrue();
        assertThat(order).containsExactly("item0");
        assertThat(manual.drain()).isEqualTo(4);
        assertThat(order).containsExactly("item0", "item1", "item2", "item3", "item4");
        assertThat(manual.runOne()).as("nothing left").isFalse();
        assertThat(manual.drain()).isZero();
        assertThat(manual.hasPending()).isFalse();
    }

    @Test
    void shouldCountItemsSubmittedWhileDraining() { // issue 5 item 2: drain runs until none is left
        manual.async(() -> manual.async(() -> order.add("second")));
        assertThat(manual.drain()).isEqualTo(2);
        assertThat(order).containsExactly("second");
    }

    @Test
    void shouldBeCurrentOnlyInsideAnItem() { // issue 5 item 2: current() and isCurrent()
        final AtomicReference<DispatchQueue> inside = new AtomicReference<>();
        final AtomicReference<Boolean> currentInside = new AtomicReference<>();
        manual.async(() -> {
            inside.set(DispatchQueue.current());
            currentInside.set(manual.isCurrent());
        });
        assertThat(DispatchQueue.current()).isNull();
        assertThat(manual.isCurrent()).isFalse();
        manual.drain();
        assertThat(inside).hasValue(manual);
        assertThat(currentInside).hasValue(true);
        assertThat(DispatchQueue.current()).isNull();
        assertThat(manual.isCurrent()).isFalse();
    }

    @Test
    void shouldRestoreTheOuterQueueAfterANestedSync() { // issue 5 item 2: current() inside nested work
        final List<DispatchQueue> seen = new ArrayList<>();
        manual.async(() -> {
            seen.add(DispatchQueue.current());
            worker.sync(() -> seen.add(DispatchQueue.current()));
            seen.add(DispatchQueue.current());
        });
        manual.drain();
        assertThat(seen).containsExactly(manual, worker, manual);
    }

    @Test
    void shouldRunSyncOnTheCallersThreadWhenTheQueueIsIdle() { // issue 5 item 2: sync on an idle queue
        final Thread caller = Thread.currentThread();
        assertThat(worker.sync((Supplier<Thread>) Thread::currentThread)).isSameAs(caller);
        assertThat(worker.sync(() -> "value")).isEqualTo("value");
        assertThat(worker.sync((Supplier<DispatchQueue>) DispatchQueue::current)).isSameAs(worker);
        assertThat(manual.sync((Supplier<Thread>) Thread::currentThread)).isSameAs(caller);
    }

    @Test
    void shouldLetSyncSeeEveryEarlierAsyncItem() { // issue 5 item 2: sync waits its turn
        for (int i = 0; i < 100; i++) {
            final String item = "a" + i;
            worker.async(() -> order.add(item));
        }
        final List<String> seen = worker.sync(() -> List.copyOf(order));
        assertThat(seen).hasSize(100).startsWith("a0", "a1").endsWith("a99");
    }

    @Test
    void shouldRunEarlierItemsOfAManualQueueBeforeASync() { // issue 5 item 2: sync preserves order
        manual.async(() -> order.add("async"));
        manual.sync(() -> order.add("sync"));
        assertThat(order).containsExactly("async", "sync");
        assertThat(manual.hasPending()).isFalse();
    }

    @Test
    void shouldRefuseSyncOntoTheQueueItIsRunningOnWithAnExplanation() { // issue 5 item 2: deadlock detected
        final Throwable fromSync = manual.sync(() -> catchThrowable(() -> manual.sync(() -> { })));
        assertThat(fromSync).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("onto 'test.manual'", "would deadlock", "use async");

        final AtomicReference<Throwable> fromItem = new AtomicReference<>();
        manual.async(() -> fromItem.set(catchThrowable(() -> manual.sync(() -> order.add("never")))));
        manual.drain();
        assertThat(fromItem.get()).isInstanceOf(IllegalStateException.class).hasMessageContaining("would deadlock");

        worker.async(() -> fromItem.set(catchThrowable(() -> worker.sync(() -> order.add("never")))));
        worker.sync(() -> { }); // waits for the item above
        assertThat(fromItem.get()).isInstanceOf(IllegalStateException.class).hasMessageContaining("'test.worker'");
        assertThat(order).isEmpty();
        assertThat(manual.failures() + worker.failures()).isZero();
    }

    @Test
    void shouldCountAsyncWorkThatThrowsAndRunTheNextItem() { // issue 5 item 2; style.md code point 4
        manual.async(() -> {
            throw new IllegalStateException("boom");
        });
        manual.async(() -> order.add("after"));
        assertThat(manual.drain()).isEqualTo(2);
        assertThat(manual.failures()).isEqualTo(1);
        assertThat(order).containsExactly("after");

        worker.async(() -> {
            throw new IllegalStateException("boom");
        });
        assertThat(worker.sync(() -> "still alive")).isEqualTo("still alive");
        assertThat(worker.failures()).isEqualTo(1);
    }

    @Test
    void shouldGiveSyncWorkThatThrowsBackToItsCallerUncounted() { // issue 5 item 2: sync propagates
        assertThatThrownBy(() -> worker.sync(() -> {
            throw new IllegalArgumentException("mine");
        })).isInstanceOf(IllegalArgumentException.class).hasMessage("mine");
        assertThat(worker.failures()).isZero();
        assertThat(worker.sync(() -> 7)).as("the queue is free again").isEqualTo(7);
    }

    @Test
    void shouldCallTheWakeListenerOnTheSubmittingThreadForEachItem() { // issue 5 item 2: run loops wake up
        final List<Thread> woken = new ArrayList<>();
        manual.setWakeListener(() -> woken.add(Thread.currentThread()));
        manual.async(() -> { });
        manual.async(() -> { });
        assertThat(woken).containsExactly(Thread.currentThread(), Thread.currentThread());
        manual.setWakeListener(null);
        manual.async(() -> { });
        assertThat(woken).hasSize(2);
        assertThat(manual.drain()).isEqualTo(3);
    }

    @Test
    void shouldOfferOneMainQueueSteppedByItsRunLoop() { // issue 5 item 2: the main queue is manual
        assertThat(DispatchQueue.main()).isSameAs(DispatchQueue.main());
        assertThat(DispatchQueue.main().label()).isEqualTo("com.apple.main-thread");
        assertThat(manual.label()).isEqualTo("test.manual");
        assertThat(worker).hasToString("DispatchQueue[test.worker]");
    }

    @Test
    void shouldRefuseNewWorkAfterCloseWithAnExplanation() { // issue 5 item 2: close()
        manual.async(() -> order.add("pending"));
        manual.close();
        manual.close(); // idempotent
        assertThat(manual.isClosed()).isTrue();
        assertThatThrownBy(() -> manual.async(() -> { }))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("'test.manual' is closed");
        assertThatThrownBy(() -> manual.sync(() -> { }))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("'test.manual' is closed");
        assertThat(manual.drain()).as("a manual queue keeps its pending items").isEqualTo(1);
        assertThat(order).containsExactly("pending");
    }
}
