package org.iokit4j.iokitlib;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iokit4j.iokitlib.IOKitLib.IONotificationPortCreate;
import static org.iokit4j.iokitlib.IOKitLib.IONotificationPortDestroy;
import static org.iokit4j.iokitlib.IOKitLib.IONotificationPortSetDispatchQueue;
import static org.iokit4j.iokitlib.IOKitLib.asyncCallout;
import static org.iokit4j.iokitlib.IOKitLib.kIOMainPortDefault;
import static org.iokit4j.iokitlib.IOKitLib.kIOReturnSuccess;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.iokit4j.dispatch.DispatchQueue;
import org.iokit4j.mach.MachTask;
import org.iokit4j.mig.Caller;
import org.junit.jupiter.api.Test;

class ConcurrentCompletionsTest {
    private static final int SENDERS = 8;
    private static final int PORTS = 4;
    private static final int PER_SENDER = 1000;

    @Test
    void shouldDeliverEveryCompletionExactlyOnceAndInOrderPerSender() throws Exception {
        // apple-semantics.md §4.2: kernel sends queue past the qlimit (to 65,534); §4.1: one queue per port delivers
        final StubKernel kernel = new StubKernel();
        final MachTask task = kernel.defaultTask();
        final int baseline = task.space().size();
        final AtomicIntegerArray seen = new AtomicIntegerArray(SENDERS * PER_SENDER);
        final int[] lastBySender = new int[SENDERS]; // written only by the one queue that serves each sender's port
        final List<String> outOfOrder = java.util.Collections.synchronizedList(new ArrayList<>());
        final List<String> sendFailures = java.util.Collections.synchronizedList(new ArrayList<>());
        final CountDownLatch all = new CountDownLatch(SENDERS * PER_SENDER);
        java.util.Arrays.fill(lastBySender, -1);
        final long callout = asyncCallout((IOAsyncCallback2) (refcon, result, sender, seq) -> {
            seen.incrementAndGet((int) (sender * PER_SENDER + seq));
            if (seq != lastBySender[(int) sender] + 1) {
                outOfOrder.add("sender " + sender + ": " + seq + " after " + lastBySender[(int) sender]);
            }
            lastBySender[(int) sender] = (int) seq;
            all.countDown();
        });
        final List<IONotificationPortRef> ports = new ArrayList<>();
        final List<DispatchQueue> queues = new ArrayList<>();
        for (int p = 0; p < PORTS; p++) {
            final IONotificationPortRef port = Caller.callAs(kernel.caller(),
                    () -> IONotificationPortCreate(kIOMainPortDefault));
            final DispatchQueue queue = DispatchQueue.create("port-" + p);
            IONotificationPortSetDispatchQueue(port, queue);
            ports.add(port);
            queues.add(queue);
        }
        final List<Thread> senders = new ArrayList<>();
        for (int s = 0; s < SENDERS; s++) {
            final int id = s;
            senders.add(Thread.ofPlatform().name("sender-" + s).start(() -> {
                try (CompletionSender sender = CompletionSender.to(ports.get(id % PORTS))) {
                    for (int seq = 0; seq < PER_SENDER; seq++) {
                        final int sent = sender.send(new long[] {0, callout, 0}, kIOReturnSuccess, id, seq);
                        if (sent != kIOReturnSuccess) {
                            sendFailures.add("sender " + id + " seq " + seq + ": 0x" + Integer.toHexString(sent));
                        }
                    }
                }
            }));
        }
        for (Thread sender : senders) {
            sender.join(TestThreads.GUARD_MILLIS);
        }

        assertThat(sendFailures).isEmpty();
        assertThat(all.await(TestThreads.GUARD_MILLIS, TimeUnit.MILLISECONDS)).isTrue();
        for (int i = 0; i < SENDERS * PER_SENDER; i++) {
            assertThat(seen.get(i)).as("completion %d", i).isEqualTo(1);
        }
        assertThat(outOfOrder).isEmpty();
        long delivered = 0;
        for (IONotificationPortRef port : ports) {
            delivered += port.counters().delivered();
            IONotificationPortDestroy(port);
        }
        queues.forEach(DispatchQueue::close);
        assertThat(delivered).isEqualTo(SENDERS * PER_SENDER);
        assertThat(task.space().size()).isEqualTo(baseline);
    }
}
