package org.iokit4j.driverkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iokit4j.IOReturn.kIOReturnAborted;
import static org.iokit4j.IOReturn.kIOReturnBadArgument;
import static org.iokit4j.IOReturn.kIOReturnCannotLock;
import static org.iokit4j.IOReturn.kIOReturnSuccess;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.iokit4j.Diagnostics;
import org.iokit4j.Failure;
import org.iokit4j.dispatch.DispatchQueue;
import org.junit.jupiter.api.Test;

/** IODispatchQueue: async, sync on the caller's thread, deadlock detection, Cancel (contract.md §3). */
class IODispatchQueueTest {
    private final IODispatchQueue queue = new IODispatchQueue("test", DispatchQueue.createManual("test"));
    private final List<String> ran = new CopyOnWriteArrayList<>();

    @Test
    void shouldRunTheCancelHandlerOnlyAfterTheQueuedWorkDrained() { // contract.md "More of the DriverKit runtime"
        queue.DispatchAsync(() -> ran.add("a"));
        queue.DispatchAsync(() -> ran.add("b"));

        assertThat(queue.Cancel(() -> ran.add("cancelled"))).isEqualTo(kIOReturnSuccess);
        assertThat(ran).as("never inside the Cancel call").isEmpty();

        queue.dispatchQueue().drain();
        assertThat(ran).containsExactly("a", "b", "cancelled");
    }

    @Test
    void shouldReturnSuccessForASecondCancelAndRunItsHandlerToo() { // contract.md: "A second Cancel returns kIOReturnSuccess"
        assertThat(queue.Cancel(() -> ran.add("first"))).isEqualTo(kIOReturnSuccess);
        queue.dispatchQueue().drain();
        assertThat(queue.Cancel(() -> ran.add("second"))).isEqualTo(kIOReturnSuccess);
        assertThat(ran).containsExactly("first");

        queue.dispatchQueue().drain();
        assertThat(ran).containsExactly("first", "second");
    }

    @Test
    void shouldDropDispatchAsyncOnACancelledQueueAndExplain() { // contract.md: "using a cancelled object returns kIOReturnAborted"
        queue.Cancel(null);
        Diagnostics.clearLastFailure();

        queue.DispatchAsync(() -> ran.add("late"));
        queue.dispatchQueue().drain();

        assertThat(ran).isEmpty();
        final Failure why = Diagnostics.lastFailure();
        assertThat(why.code()).isEqualTo(kIOReturnAborted);
        assertThat(why.explanation()).contains("'test' was cancelled", "dropped");
    }

    @Test
    void shouldDropDispatchSyncOnACancelledQueue() { // contract.md: "using a cancelled object returns kIOReturnAborted"
        queue.Cancel(null);
        queue.DispatchSync(() -> ran.add("late"));
        assertThat(ran).isEmpty();
        assertThat(Diagnostics.lastFailure().code()).isEqualTo(kIOReturnAborted);
    }

    @Test
    void shouldExplainInsteadOfDeadlockingWhenABlockSyncsOntoItsOwnQueue() { // issue 5 bad input: DispatchSync onto the current queue
        final AtomicReference<Failure> seen = new AtomicReference<>();
        queue.DispatchAsync(() -> {
            Diagnostics.clearLastFailure();
            queue.DispatchSync(() -> ran.add("inner"));
            seen.set(Diagnostics.lastFailure());
            ran.add("outer goes on");
        });

        queue.dispatchQueue().drain();

        assertThat(ran).containsExactly("outer goes on");
        assertThat(seen.get().code()).isEqualTo(kIOReturnCannotLock);
        assertThat(seen.get().explanation()).contains("would wait for itself forever", "use DispatchAsync");
    }

    @Test
    void shouldRunDispatchSyncOnTheCallersThreadWhenTheQueueIsIdle() { // issue 5 item 2, as libdispatch does
        final IODispatchQueue[] made = new IODispatchQueue[1];
        assertThat(IODispatchQueue.Create("idle", 0, 0, made)).isEqualTo(kIOReturnSuccess);
        final AtomicReference<Thread> where = new AtomicReference<>();

        made[0].DispatchSync(() -> where.set(Thread.currentThread()));

        assertThat(where.get()).isSameAs(Thread.currentThread());
        made[0].release();
    }

    @Test
    void shouldGoOnAfterABlockThrows() { // style.md rule 4: no handler exception kills a loop
        queue.DispatchAsync(() -> {
            throw new IllegalStateException("driver bug on purpose");
        });
        queue.DispatchAsync(() -> ran.add("next"));

        queue.dispatchQueue().drain();

        assertThat(ran).containsExactly("next");
        assertThat(queue.dispatchQueue().failures()).isEqualTo(1);
    }

    @Test
    void shouldRefuseCreateWithoutAName() { // contract.md §3 IODispatchQueue.Create
        assertThat(IODispatchQueue.Create(null, 0, 0, new IODispatchQueue[1])).isEqualTo(kIOReturnBadArgument);
        assertThat(Diagnostics.lastFailure().explanation()).contains("name=null");
    }

    @Test
    void shouldStopTheQueueThreadWhenFreed() { // contract.md: free() runs after the last release()
        final IODispatchQueue[] made = new IODispatchQueue[1];
        IODispatchQueue.Create("freed", 0, 0, made);
        made[0].release();
        assertThat(made[0].isFreed()).isTrue();
        assertThat(made[0].dispatchQueue().isClosed()).isTrue();
    }
}
