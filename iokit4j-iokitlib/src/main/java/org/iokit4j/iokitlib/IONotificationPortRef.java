package org.iokit4j.iokitlib;

import org.iokit4j.mach.MachMessage;
import org.iokit4j.mach.ReceiveRight;
import org.iokit4j.mig.Caller;

/**
 * {@code IONotificationPortRef}: an opaque notification port, the receive right that async completions (and
 * matching and interest notifications) arrive on.
 *
 * <p>Made by {@link IOKitLib#IONotificationPortCreate(int)}; its Mach port ({@link
 * IOKitLib#IONotificationPortGetMachPort}) is what an async call passes as {@code wake_port}. Messages queue on the
 * port until it is attached to a dispatch queue ({@link IOKitLib#IONotificationPortSetDispatchQueue}) or its run
 * loop source ({@link IOKitLib#IONotificationPortGetRunLoopSource}) is added to a running run loop; then each is
 * handed to the dispatcher (apple-semantics.md §4.1, §4.3). The port belongs to the task that created it, and every
 * callback it delivers runs as that task: its {@code Caller} is bound around the callback, whatever thread
 * delivers it.
 *
 * <p>Java-only extras: {@link #counters()} and {@link #isDestroyed()}.
 *
 * <p><b>Concurrency.</b> Thread-safe. Attaching, detaching and destroying may happen on any thread, including
 * inside a callback; delivery happens on the attached queue or on the thread running the run loop.
 */
public final class IONotificationPortRef {
    /** The task and kernel that made the port: notification callbacks run as this caller. */
    final Caller caller;
    /** The port's receive right, read where this task runs. */
    final ReceiveRight right;
    /** The main port given at creation (0: the default), for the matching notifications that will need it. */
    final int mainPort;
    final int wakePort;
    final PortCounters counters = new PortCounters();
    private volatile QueueAttachment attachment;
    private volatile CFRunLoopSource source;
    private volatile boolean destroyed;

    IONotificationPortRef(Caller caller, int mainPort, ReceiveRight right) {
        this.caller = caller;
        this.right = right;
        this.mainPort = mainPort;
        this.wakePort = right.name();
    }

    /** {@return a snapshot of what this port did with its messages} */
    public NotificationCounters counters() {
        return counters.snapshot();
    }

    /** {@return whether {@code IONotificationPortDestroy} was called} */
    public boolean isDestroyed() {
        return destroyed;
    }

    @Override
    public String toString() {
        return "IONotificationPort[" + caller.task().name() + ", wakePort=0x" + Integer.toHexString(wakePort)
                + (destroyed ? ", destroyed]" : "]");
    }

    /**
     * {@return the next queued message, its rights copied out into the task, or {@code null} if none (or the port is
     * gone)} Never waits.
     */
    MachMessage receive() {
        return right.receive();
    }

    /** The port's message listener: runs on the sender's thread after each message is queued. Never throws. */
    void messageArrived() {
        final QueueAttachment queue = attachment;
        if (queue != null) {
            queue.schedule();
        }
        final CFRunLoopSource loops = source;
        if (loops != null) {
            loops.signal();
        }
    }

    /** Replaces the dispatch queue attachment and returns the previous one (to cancel). */
    synchronized QueueAttachment swapAttachment(QueueAttachment next) {
        final QueueAttachment previous = attachment;
        attachment = next;
        return previous;
    }

    /** {@return the run loop source, created on first use} */
    synchronized CFRunLoopSource runLoopSource() {
        if (source == null) {
            source = new CFRunLoopSource(toString(), () -> NotificationPorts.deliverOne(this));
        }
        return source;
    }

    /** Marks the port destroyed; {@return false if it already was} */
    synchronized boolean markDestroyed() {
        if (destroyed) {
            return false;
        }
        destroyed = true;
        return true;
    }

    /** {@return the run loop source if one was created, else {@code null}} */
    CFRunLoopSource existingSource() {
        return source;
    }
}
