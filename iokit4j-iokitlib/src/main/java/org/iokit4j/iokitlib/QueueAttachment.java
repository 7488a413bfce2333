package org.iokit4j.iokitlib;

import java.util.concurrent.atomic.AtomicBoolean;
import org.iokit4j.Diagnostics;
import org.iokit4j.dispatch.DispatchQueue;

/**
 * A notification port's attachment to a dispatch queue: the emulation of the {@code MACH_RECV} dispatch source
 * that {@code IONotificationPortSetDispatchQueue} creates (apple-semantics.md §4.1).
 *
 * <p>When a message arrives it submits one drain item to the queue (at most one is pending at a time); the item
 * receives and dispatches messages in order until the port is empty. Being a serial queue, it never runs two
 * drains at once, so completions are delivered in the order they were sent. {@link #cancel()} stops a pending or
 * running drain before its next message; messages stay queued on the port for whatever is attached next.
 *
 * <p><b>Concurrency.</b> {@link #schedule()} is called from any sender thread and never throws;
 * {@link #cancel()} from any thread. A drain already dispatching a message when the attachment is cancelled
 * finishes that one message.
 */
final class QueueAttachment {
    private final IONotificationPortRef notify;
    private final DispatchQueue queue;
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final AtomicBoolean warnedClosed = new AtomicBoolean();
    private volatile boolean cancelled;

    QueueAttachment(IONotificationPortRef notify, DispatchQueue queue) {
        this.notify = notify;
        this.queue = queue;
    }

    /** Makes sure a drain is pending on the queue. */
    void schedule() {
        if (cancelled || !scheduled.compareAndSet(false, true)) {
            return;
        }
        try {
            queue.async(this::drain);
        } catch (IllegalStateException closed) {
            scheduled.set(false);
            if (warnedClosed.compareAndSet(false, true)) {
                Diagnostics.warn(notify + " is attached to " + queue + ", which is closed: completions stay queued"
                        + " on the port until IONotificationPortSetDispatchQueue attaches another queue");
            }
        }
    }

    void cancel() {
        cancelled = true;
    }

    private void drain() {
        scheduled.set(false); // a message arriving from now on schedules another drain: none is lost
        while (!cancelled) {
            if (!NotificationPorts.deliverOne(notify)) {
                return;
            }
        }
    }
}
