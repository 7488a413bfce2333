package org.iokit4j.iokitlib;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iokit4j.iokitlib.IOKitLib.IONotificationPortCreate;
import static org.iokit4j.iokitlib.IOKitLib.IONotificationPortDestroy;
import static org.iokit4j.iokitlib.IOKitLib.IONotificationPortGetMachPort;
import static org.iokit4j.iokitlib.IOKitLib.IONotificationPortGetRunLoopSource;
import static org.iokit4j.iokitlib.IOKitLib.IONotificationPortSetDispatchQueue;
import static org.iokit4j.iokitlib.IOKitLib.asyncCallout;
import static org.iokit4j.iokitlib.IOKitLib.kIOMainPortDefault;
import static org.iokit4j.iokitlib.IOKitLib.kIOReturnBadArgument;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.iokit4j.Diagnostics;
import org.iokit4j.dispatch.DispatchQueue;
import org.iokit4j.mach.IpcSpace;
import org.iokit4j.mig.Caller;
import org.iokit4j.testsupport.LogCapture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class NotificationPortQueueTest {
    private final StubKernel kernel = new StubKernel();
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private final long callout = asyncCallout((IOAsyncCallback1) (refcon, result, arg0) ->
            calls.add(Thread.currentThread().getName() + ":" + DispatchQueue.current() + ":" + arg0));
    private IONotificationPortRef port;
    private CompletionSender sender;

    @BeforeEach
    void createPort() {
        port = Caller.callAs(kernel.caller(), () -> IONotificationPortCreate(kIOMainPortDefault));
        sender = CompletionSender.to(port);
    }

    @AfterEach
    void destroyPort() {
        sender.close();
        IONotificationPortDestroy(port);
    }

    @Test
    void shouldAllocateReceiveRightInTheCallersTask() {
        // apple-semantics.md §4.1: IONotificationPortCreate allocates a plain receive right
        final int name = IONotificationPortGetMachPort(port);

        assertThat(name).isNotZero();
        assertThat(kernel.defaultTask().space().type(name) & IpcSpace.MACH_PORT_TYPE_RECEIVE).isNotZero();
    }

    @Test
    void shouldDeliverManyCompletionsInOrderOnASerialQueue() {
        // apple-semantics.md §4.1: a MACH_RECV source on the queue; a serial queue keeps arrival order
        final DispatchQueue queue = DispatchQueue.createManual("serial");
        IONotificationPortSetDispatchQueue(port, queue);
        for (int i = 0; i < 500; i++) {
            sender.send(new long[] {0, callout, 0}, 0, i);
        }
        queue.drain();

        assertThat(calls).hasSize(500);
        for (int i = 0; i < 500; i++) {
            assertThat(calls.get(i)).endsWith("DispatchQueue[serial]:" + i);
        }
        assertThat(port.counters().delivered()).isEqualTo(500);
    }

    @Test
    void shouldDeliverOnTheNewQueueAfterSwitching() {
        // apple-semantics.md §4.1: setting a queue cancels the previous dispatch source
        final DispatchQueue first = DispatchQueue.createManual("first");
        final DispatchQueue second = DispatchQueue.createManual("second");
        IONotificationPortSetDispatchQueue(port, first);
        sender.send(new long[] {0, callout, 0}, 0, 1);
        first.drain();
        IONotificationPortSetDispatchQueue(port, second);
        sender.send(new long[] {0, callout, 0}, 0, 2);
        first.drain();

        assertThat(calls).singleElement().asString().endsWith("DispatchQueue[first]:1");
        second.drain();
        assertThat(calls).hasSize(2).last().asString().endsWith("DispatchQueue[second]:2");
    }

    @Test
    void shouldKeepCompletionsQueuedWhileDetachedAndDeliverThemOnReattach() {
        // apple-semantics.md §4.1: a NULL queue only detaches; messages wait on the port
        final DispatchQueue queue = DispatchQueue.createManual("queue");
        IONotificationPortSetDispatchQueue(port, queue);
        IONotificationPortSetDispatchQueue(port, null);
        sender.send(new long[] {0, callout, 0}, 0, 1);
        sender.send(new long[] {0, callout, 0}, 0, 2);
        queue.drain();
        assertThat(calls).isEmpty();

        IONotificationPortSetDispatchQueue(port, queue);
        queue.drain();

        assertThat(calls).hasSize(2);
        assertThat(calls.get(0)).endsWith(":1");
        assertThat(calls.get(1)).endsWith(":2");
    }

    @Test
    void shouldGoOnAfterACallbackThrows() {
        // style.md rule 4 / apple-semantics.md §4.3: a throwing callback must not kill the queue
        final DispatchQueue queue = DispatchQueue.createManual("queue");
        IONotificationPortSetDispatchQueue(port, queue);
        final long throwing = asyncCallout((IOAsyncCallback0) (refcon, result) -> {
            throw new IllegalStateException("callback bug");
        });
        try (LogCapture log = new LogCapture()) {
            sender.send(new long[] {0, throwing, 0}, 0);
            sender.send(new long[] {0, callout, 0}, 0, 7);
            queue.drain();

            assertThat(calls).singleElement().asString().endsWith(":7");
            assertThat(port.counters().callbackFailures()).isEqualTo(1);
            assertThat(port.counters().delivered()).isEqualTo(2);
            assertThat(queue.failures()).isZero();
            assertThat(log.warningsContaining("callback bug")).singleElement().asString()
                    .contains("caught it and goes on");
        }
    }

    @Test
    void shouldDeliverOnAQueueWithItsOwnWorker() throws Exception {
        // apple-semantics.md §4.1: the dispatcher runs on the queue's thread
        final CountDownLatch delivered = new CountDownLatch(3);
        final long counting = asyncCallout((IOAsyncCallback1) (refcon, result, arg0) -> {
            calls.add(Thread.currentThread().getName() + ":" + arg0);
            delivered.countDown();
        });
        try (DispatchQueue queue = DispatchQueue.create("worker")) {
            IONotificationPortSetDispatchQueue(port, queue);
            for (int i = 0; i < 3; i++) {
                sender.send(new long[] {0, counting, 0}, 0, i);
            }

            assertThat(delivered.await(TestThreads.GUARD_MILLIS, TimeUnit.MILLISECONDS)).isTrue();
            assertThat(calls).containsExactly("dispatch:worker:0", "dispatch:worker:1", "dispatch:worker:2");
        }
    }

    @Test
    void shouldReturnTheSameRunLoopSourceEveryTime() {
        // apple-semantics.md §4.1: GetRunLoopSource creates once, then returns the same
        final CFRunLoopSource source = IONotificationPortGetRunLoopSource(port);

        assertThat(source).isNotNull().isSameAs(IONotificationPortGetRunLoopSource(port));
    }

    @Test
    void shouldExplainANullPort() {
        // contract.md §5: a failing faithful call leaves its explanation as the last failure
        Diagnostics.clearLastFailure();

        assertThat(IONotificationPortGetRunLoopSource(null)).isNull();
        assertThat(Diagnostics.lastFailure().code()).isEqualTo(kIOReturnBadArgument);
        assertThat(Diagnostics.lastFailure().explanation()).contains("IONotificationPortGetRunLoopSource", "null");
        assertThat(IONotificationPortGetMachPort(null)).isZero();
    }
}
