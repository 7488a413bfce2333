package org.iokit4j.iokitlib;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iokit4j.iokitlib.IOKitLib.IONotificationPortCreate;
import static org.iokit4j.iokitlib.IOKitLib.IONotificationPortDestroy;
import static org.iokit4j.iokitlib.IOKitLib.IONotificationPortGetRunLoopSource;
import static org.iokit4j.iokitlib.IOKitLib.IONotificationPortSetDispatchQueue;
import static org.iokit4j.iokitlib.IOKitLib.MACH_SEND_INVALID_DEST;
import static org.iokit4j.iokitlib.IOKitLib.asyncCallout;
import static org.iokit4j.iokitlib.IOKitLib.kIOMainPortDefault;
import static org.iokit4j.iokitlib.IOKitLib.kIOReturnSuccess;

import java.util.ArrayList;
import java.util.List;
import org.iokit4j.dispatch.DispatchQueue;
import org.iokit4j.mach.MachTask;
import org.iokit4j.mig.Caller;
import org.iokit4j.testsupport.LogCapture;
import org.junit.jupiter.api.Test;

class NotificationPortDestroyTest {
    private final StubKernel kernel = new StubKernel();
    private final MachTask task = kernel.defaultTask();
    private final List<Long> calls = new ArrayList<>();
    private final long callout = asyncCallout((IOAsyncCallback1) (refcon, result, arg0) -> calls.add(arg0));

    @Test
    void shouldDropAndCountQueuedCompletionsThenFailLaterSends() {
        // apple-semantics.md §4.1 (Destroy), §6.6 and §10.7: queued completions are lost, later sends fail
        final IONotificationPortRef port = create();
        final DispatchQueue queue = DispatchQueue.createManual("queue");
        IONotificationPortSetDispatchQueue(port, queue);
        try (CompletionSender sender = CompletionSender.to(port); LogCapture log = new LogCapture()) {
            assertThat(sender.send(new long[] {0, callout, 0}, 0, 1)).isEqualTo(kIOReturnSuccess);
            assertThat(sender.send(new long[] {0, callout, 0}, 0, 2)).isEqualTo(kIOReturnSuccess);
            assertThat(sender.send(new long[] {0, callout, 0}, 0, 3)).isEqualTo(kIOReturnSuccess);

            IONotificationPortDestroy(port);
            queue.drain();

            assertThat(calls).isEmpty();
            assertThat(port.counters().dropped()).isEqualTo(3);
            assertThat(port.isDestroyed()).isTrue();
            assertThat(sender.send(new long[] {0, callout, 0}, 0, 4)).isEqualTo(MACH_SEND_INVALID_DEST);
            assertThat(log.warningsContaining("still queued")).singleElement().asString()
                    .contains("3 message(s)", "MACH_SEND_INVALID_DEST");
        }
    }

    @Test
    void shouldLeaveNoNamesBehind() {
        // apple-semantics.md §4.1: destroy frees the receive right
        final int baseline = task.space().size();
        final IONotificationPortRef port = create();
        final DispatchQueue queue = DispatchQueue.createManual("queue");
        IONotificationPortSetDispatchQueue(port, queue);
        IONotificationPortGetRunLoopSource(port);
        try (CompletionSender sender = CompletionSender.to(port)) {
            sender.send(new long[] {0, callout, 0}, 0, 1);
            queue.drain();
        }
        assertThat(task.space().size()).isEqualTo(baseline + 1);

        IONotificationPortDestroy(port);

        assertThat(task.space().size()).isEqualTo(baseline);
        assertThat(calls).containsExactly(1L);
    }

    @Test
    void shouldStopDeliveringWhenDestroyedFromACallback() {
        // apple-semantics.md §4.1: destroying inside a callback; the rest of the queue is dropped
        final IONotificationPortRef port = create();
        final DispatchQueue queue = DispatchQueue.createManual("queue");
        IONotificationPortSetDispatchQueue(port, queue);
        final long destroying = asyncCallout((IOAsyncCallback1) (refcon, result, arg0) -> {
            calls.add(arg0);
            IONotificationPortDestroy(port);
        });
        try (CompletionSender sender = CompletionSender.to(port)) {
            sender.send(new long[] {0, destroying, 0}, 0, 1);
            sender.send(new long[] {0, destroying, 0}, 0, 2);
            queue.drain();
        }

        assertThat(calls).containsExactly(1L);
        assertThat(port.counters().delivered()).isEqualTo(1);
        assertThat(port.counters().dropped()).isEqualTo(1);
    }

    @Test
    void shouldIgnoreASecondDestroyAndLaterAttachments() {
        // apple-semantics.md §4.1; in C a second destroy would free twice
        final IONotificationPortRef port = create();
        IONotificationPortDestroy(port);
        IONotificationPortDestroy(port);
        IONotificationPortSetDispatchQueue(port, DispatchQueue.createManual("late"));

        assertThat(IONotificationPortGetRunLoopSource(port)).isNull();
        assertThat(org.iokit4j.Diagnostics.lastFailure().explanation()).contains("destroyed");
    }

    private IONotificationPortRef create() {
        return Caller.callAs(kernel.caller(), () -> IONotificationPortCreate(kIOMainPortDefault));
    }
}
