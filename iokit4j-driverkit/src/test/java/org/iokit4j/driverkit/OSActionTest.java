package org.iokit4j.driverkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.iokit4j.IOReturn.kIOReturnAborted;
import static org.iokit4j.IOReturn.kIOReturnBadArgument;
import static org.iokit4j.IOReturn.kIOReturnSuccess;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.iokit4j.Diagnostics;
import org.junit.jupiter.api.Test;

/** Driver-made OSActions: reference storage, Cancel, aborted handler (contract.md "More of the DriverKit runtime"). */
class OSActionTest {
    private final OSObject target = new OSObject();
    private final List<String> events = new CopyOnWriteArrayList<>();

    @Test
    void shouldGiveZeroFilledAlignedReferenceStorageOfTheAskedSize() { // contract.md: GetReference
        final OSAction action = create(24);
        final MemorySegment reference = action.GetReference();

        assertThat(reference.byteSize()).isEqualTo(24);
        assertThat(reference.address() % 8).isZero();
        assertThat(reference.toArray(ValueLayout.JAVA_BYTE)).containsOnly(0);
        action.release();
    }

    @Test
    void shouldShowReferenceWritesToTheHandler() { // contract.md: "writes to it before the action is scheduled are visible"
        final OSAction[] made = new OSAction[1];
        OSAction.Create(target, (a, args) -> events.add("foo=" + a.GetReference().get(ValueLayout.JAVA_LONG, 0)),
                16, made);
        made[0].GetReference().set(ValueLayout.JAVA_LONG, 0, 42);

        made[0].deliver("test", new long[] {0});

        assertThat(events).containsExactly("foo=42");
        made[0].release();
    }

    @Test
    void shouldReleaseTheReferenceStorageInFree() { // contract.md: nothing leaked; never used after free()
        final OSAction action = create(8);
        final MemorySegment reference = action.GetReference();
        action.release();
        assertThatThrownBy(() -> reference.get(ValueLayout.JAVA_LONG, 0)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void shouldRunCancelHandlersLaterAndStopCallbacks() throws InterruptedException { // contract.md: Cancel
        final OSAction action = create(0);
        final CountDownLatch cancelled = new CountDownLatch(2);
        final Thread caller = Thread.currentThread();

        assertThat(action.Cancel(() -> {
            events.add(Thread.currentThread() == caller ? "inside Cancel" : "first");
            cancelled.countDown();
        })).isEqualTo(kIOReturnSuccess);
        assertThat(action.Cancel(() -> {
            events.add("second");
            cancelled.countDown();
        })).isEqualTo(kIOReturnSuccess);

        assertThat(cancelled.await(10, TimeUnit.SECONDS)).as("guard only").isTrue();
        assertThat(events).containsExactly("first", "second");
        assertThat(action.deliver("test", new long[] {0})).as("no callback after Cancel").isFalse();
        action.release();
    }

    @Test
    void shouldRunTheCancelHandlerOnlyAfterTheCallbackInFlightReturned() { // apple-semantics.md §6.3 Cancel
        final OSAction[] made = new OSAction[1];
        OSAction.Create(target, (a, args) -> {
            a.Cancel(() -> events.add("cancel handler"));
            events.add("callback returns");
        }, 0, made);

        made[0].deliver("test", new long[] {0});

        assertThat(events).startsWith("callback returns");
        made[0].release();
    }

    @Test
    void shouldRefuseAnAbortedHandlerOnACancelledAction() { // contract.md: using a cancelled object → kIOReturnAborted
        final OSAction action = create(0);
        assertThat(action.SetAbortedHandler(() -> { })).isEqualTo(kIOReturnSuccess);
        action.Cancel(null);
        assertThat(action.SetAbortedHandler(() -> { })).isEqualTo(kIOReturnAborted);
        action.release();
    }

    @Test
    void shouldRefuseBadArgumentsToCreate() { // contract.md: OSAction.Create
        assertThat(OSAction.Create(null, (a, args) -> { }, 8, new OSAction[1])).isEqualTo(kIOReturnBadArgument);
        assertThat(OSAction.Create(target, null, 8, new OSAction[1])).isEqualTo(kIOReturnBadArgument);
        assertThat(OSAction.Create(target, (a, args) -> { }, -1, new OSAction[1])).isEqualTo(kIOReturnBadArgument);
        assertThat(Diagnostics.lastFailure().explanation()).contains("referenceSize=-1");
        target.release();
        assertThat(OSAction.Create(target, (a, args) -> { }, 8, new OSAction[1])).isEqualTo(kIOReturnBadArgument);
        assertThat(Diagnostics.lastFailure().explanation()).contains("already freed");
    }

    private OSAction create(long size) {
        final OSAction[] made = new OSAction[1];
        assertThat(OSAction.Create(target, (a, args) -> events.add("ran"), size, made)).isEqualTo(kIOReturnSuccess);
        return made[0];
    }
}
