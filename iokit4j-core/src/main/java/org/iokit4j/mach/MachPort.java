package org.iokit4j.mach;

import java.util.ArrayDeque;
import org.iokit4j.IOReturn;

/**
 * A port: a queue of messages with one receiver and any number of senders.
 *
 * <p>A port is either <em>received by a task</em> (an {@link IpcSpace} holds its receive right) or a
 * <em>kernel object port</em> whose {@link #kobject()} is the IOKit object it names (a service, a connection,
 * an iterator, an action): sends to those are handled by the kernel, never queued. Tasks never see ports, only
 * names in their own space.
 *
 * <p>The port counts its send rights (one per space that holds any, plus each {@link SendRight} the kernel
 * holds). When that count falls to zero the no-senders handler, if any, runs once. When the receive right is
 * destroyed the port is dead: queued messages are dropped and every name for it becomes a dead name.
 *
 * <p><b>What is bounded.</b> The queue never holds more than {@link #QLIMIT_KERNEL} (65,534) messages, whoever
 * sends. Its queue limit ({@link #setQueueLimit}: {@link #QLIMIT_DEFAULT} = 5 unless set, at most
 * {@link #QLIMIT_MAX} = 1024) binds the two kinds of send differently, as XNU's {@code ipc_mqueue_send_locked}
 * (osfmk/ipc/ipc_mqueue.c) does:
 * <ul>
 *   <li>a task's send ({@code always} false: {@code mach_msg} with a zero timeout) is refused with
 *       {@code MACH_SEND_TIMED_OUT} once the limit's worth of messages wait;</li>
 *   <li>a kernel send ({@code always} true: {@code MACH_SEND_ALWAYS}, which {@code mach_msg_send_from_kernel}
 *       adds, so what every completion and notification uses) is queued past the limit, up to
 *       {@code MACH_PORT_QLIMIT_KERNEL} (osfmk/mach/port.h), and refused with {@code MACH_SEND_NO_BUFFER} from
 *       there on.</li>
 * </ul>
 * A refused message is destroyed (the rights it carries are released), never queued later; the sender gets the
 * code and the port counts it ({@link #refusedSends()}). So a receiver that stops receiving costs at most 65,534
 * messages: for the largest one the kernel sends, a 16-argument completion of 232 bytes, about 17.5 MiB of heap;
 * for a one-argument completion about 10 MiB. Senders never block.
 *
 * <p><b>Concurrency.</b> Thread-safe; state changes happen under the port's monitor. The threading contract:
 * <ul>
 *   <li><em>Who runs what.</em> Any thread may send; a send never blocks. The receiver takes messages on its own
 *       thread (a notification port's dispatch queue or run loop, or a thread receiving by hand), waiting in
 *       {@code poll} on the monitor until a message arrives, the port dies, or its timeout passes. The message
 *       listener runs on the <em>sending</em> thread, after the message is queued and outside the monitor (it
 *       must only wake someone, never block). The no-senders handler runs once, on the thread that released the
 *       last send right; dead-name handlers run once each, on the thread that destroyed the port (or at once on
 *       the requesting thread if it is dead already). None runs under the monitor.</li>
 *   <li><em>Happens-before.</em> Queuing a message happens-before its receipt. Inline bytes are copied at the
 *       send, so the sender's later writes are never seen by the receiver.</li>
 *   <li><em>Order.</em> Messages leave in the order they were queued: one sending thread's messages arrive in its
 *       send order; different senders' in the order they took the monitor.</li>
 *   <li><em>Death.</em> After {@link #isDead()} turns true no message is queued; messages already queued are
 *       destroyed (their rights released) on the destroying thread.</li>
 * </ul>
 */
public final class MachPort {
    /** Mach's default queue limit ({@code MACH_PORT_QLIMIT_DEFAULT}). */
    public static final int QLIMIT_DEFAULT = 5;
    /** The largest queue limit a port may have ({@code MACH_PORT_QLIMIT_MAX}). */
    public static final int QLIMIT_MAX = 1024;
    /**
     * The most messages a queue ever holds: kernel sends go past the queue limit up to here, then fail with
     * {@code MACH_SEND_NO_BUFFER} ({@code MACH_PORT_QLIMIT_KERNEL}, osfmk/mach/port.h; {@code imq_full_kernel},
     * osfmk/ipc/ipc_mqueue.h).
     */
    public static final int QLIMIT_KERNEL = 65534;

    private final Object kobject;
    /** Messages waiting; {@code null} for a kernel object port, which never queues. */
    private final ArrayDeque<MachMessage> queue;
    private int qlimit;
    private IpcSpace receiver;
    private volatile boolean dead;
    private int sendRights;
    private Runnable noSendersHandler;
    /** Handlers waiting for the port to die ({@code MACH_NOTIFY_DEAD_NAME}); {@code null} until one is asked for. */
    private java.util.List<Runnable> deadNameHandlers;
    private volatile Runnable messageListener;
    /** Sends refused because the queue was full (either code); guarded by the monitor. */
    private long refusedSends;
    /** A send was refused since the queue last fell below its limit, and whether that was reported yet. */
    private boolean overflowing;
    private boolean overflowReported;

    private MachPort(Object kobject, int qlimit) {
        this.kobject = kobject;
        this.qlimit = qlimit;
        this.queue = kobject == null ? new ArrayDeque<>() : null;
    }

    /**
     * {@return a new kernel object port standing for {@code kobject}, with no rights yet}
     *
     * @param kobject the kernel object the port stands for.
     */
    public static MachPort forKernelObject(Object kobject) {
        return new MachPort(java.util.Objects.requireNonNull(kobject, "kobject"), 0);
    }

    static MachPort forReceiver(IpcSpace receiver, int qlimit) {
        final MachPort port = new MachPort(null, qlimit);
        port.receiver = receiver;
        return port;
    }

    /** {@return the IOKit object this port names, or {@code null} for a plain (task-received) port} */
    public Object kobject() {
        return kobject;
    }

    /** {@return whether the receive right was destroyed (or the kernel object port was invalidated)} */
    public boolean isDead() {
        return dead;
    }

    /** {@return the space holding the receive right, or {@code null}} */
    public synchronized IpcSpace receiver() {
        return receiver;
    }

    /** {@return the number of outstanding send rights} */
    public synchronized int sendRights() {
        return sendRights;
    }

    /** {@return the number of queued messages} */
    public synchronized int queued() {
        return queue == null ? 0 : queue.size();
    }

    /**
     * {@return how many sends this port refused because its queue was full} ({@code MACH_SEND_TIMED_OUT} for a
     * task's send, {@code MACH_SEND_NO_BUFFER} for the kernel's at {@link #QLIMIT_KERNEL}).
     */
    public synchronized long refusedSends() {
        return refusedSends;
    }

    /**
     * Claims the right to report that this port's queue overflowed: {@code true} for the first caller after a send
     * was refused for a full queue, then {@code false} until the receiver has drained the queue below its limit
     * and a send is refused again. Senders that explain their drops ask this before they warn, so a receiver that
     * stalls costs one warning per stall, not one per dropped message.
     *
     * @return whether this caller is the first to report the port's full queue (then it reports it).
     */
    public synchronized boolean claimOverflowReport() {
        if (!overflowing || overflowReported) {
            return false;
        }
        overflowReported = true;
        return true;
    }

    /** {@return how many dead-name requests wait for this port to die: what leak tests count} */
    public synchronized int deadNameRequests() {
        return deadNameHandlers == null ? 0 : deadNameHandlers.size();
    }

    /**
     * Sets the queue limit, 1 to {@link #QLIMIT_MAX}.
     *
     * @param limit the most messages the port queues.
     */
    public synchronized void setQueueLimit(int limit) {
        if (limit < 1 || limit > QLIMIT_MAX) {
            throw new IllegalArgumentException("qlimit=" + limit + " is outside 1.." + QLIMIT_MAX);
        }
        qlimit = limit;
    }

    /**
     * Sets the handler that runs once when the last send right goes away ({@code MACH_NOTIFY_NO_SENDERS}).
     * If there are no send rights now, it runs when the count next falls to zero.
     *
     * @param handler what runs then.
     */
    public synchronized void requestNoSenders(Runnable handler) {
        this.noSendersHandler = handler;
    }

    /**
     * Asks to be told when the port dies ({@code MACH_NOTIFY_DEAD_NAME}): {@code handler} runs once, on the thread
     * that destroys or invalidates the port, or at once on this thread if it is dead already. A holder of a send
     * right learns this way that the other end went away (a driver's {@code OSAction} aborted handler).
     *
     * @param handler what runs then.
     */
    public void requestDeadName(Runnable handler) {
        java.util.Objects.requireNonNull(handler, "handler");
        synchronized (this) {
            if (!dead) {
                if (deadNameHandlers == null) {
                    deadNameHandlers = new java.util.ArrayList<>(1);
                }
                deadNameHandlers.add(handler);
                return;
            }
        }
        handler.run();
    }

    /**
     * Sets a listener run after each message is queued (how dispatch sources and run loops learn of work).
     *
     * @param listener what runs when a message arrives.
     */
    public void setMessageListener(Runnable listener) {
        this.messageListener = listener;
    }

    /**
     * Makes a new send right held by the kernel; the caller must {@link SendRight#release()} it.
     *
     * @return a new send right to the port.
     */
    public SendRight makeSend() {
        synchronized (this) {
            sendRights++;
        }
        return new SendRight(this);
    }

    /** Kills a kernel object port: every name for it becomes dead, sends fail with MACH_SEND_INVALID_DEST. */
    public void invalidate() {
        destroy();
    }

    synchronized void addSendRight() {
        sendRights++;
    }

    void releaseSendRight() {
        final Runnable handler;
        synchronized (this) {
            if (sendRights <= 0) {
                throw new IllegalStateException("send right released twice on " + this);
            }
            if (--sendRights > 0 || noSendersHandler == null) {
                return;
            }
            handler = noSendersHandler;
            noSendersHandler = null;
        }
        handler.run();
    }

    /**
     * Queues {@code message} (the caller destroys it if refused). Below the queue limit every send is queued.
     * At the limit, a task's send ({@code always} false, a zero-timeout {@code mach_msg}) is refused with
     * {@code MACH_SEND_TIMED_OUT}; a kernel send ({@code always} true, {@code MACH_SEND_ALWAYS}) is queued until
     * {@link #QLIMIT_KERNEL} messages wait, then refused with {@code MACH_SEND_NO_BUFFER}: the check order of XNU's
     * {@code ipc_mqueue_send_locked} (osfmk/ipc/ipc_mqueue.c) for senders that never block.
     */
    int enqueue(MachMessage message, boolean always) {
        final MachMessage copy = message.copyForQueue(); // issue 2 item 2: inline bytes are copied on send
        final Runnable listener;
        synchronized (this) {
            if (dead || kobject != null) {
                return IOReturn.MACH_SEND_INVALID_DEST;
            }
            final int waiting = queue.size();
            if (waiting >= qlimit && (!always || waiting >= QLIMIT_KERNEL)) {
                refusedSends++;
                overflowing = true;
                return always ? IOReturn.MACH_SEND_NO_BUFFER : IOReturn.MACH_SEND_TIMED_OUT;
            }
            queue.addLast(copy);
            listener = messageListener;
            notifyAll();
        }
        if (listener != null) {
            listener.run();
        }
        return IOReturn.kIOReturnSuccess;
    }

    synchronized MachMessage poll(long timeoutNanos) throws InterruptedException {
        long remaining = timeoutNanos;
        final long deadline = System.nanoTime() + timeoutNanos;
        if (queue == null) {
            return null;
        }
        while (queue.isEmpty() && !dead && remaining > 0) {
            java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(this, remaining);
            remaining = deadline - System.nanoTime();
        }
        final MachMessage next = queue.pollFirst();
        if (overflowing && queue.size() < qlimit) {
            overflowing = false; // the receiver caught up: the next overflow is a new one, reported again
            overflowReported = false;
        }
        return next;
    }

    void destroy() {
        final Runnable listener;
        final MachMessage[] dropped;
        final java.util.List<Runnable> deadName;
        synchronized (this) {
            if (dead) {
                return;
            }
            dead = true;
            receiver = null;
            // before the dropped messages' rights go: one of them may be this port's last send right, and a
            // dead port has no receiver to notify
            noSendersHandler = null;
            dropped = queue == null ? new MachMessage[0] : queue.toArray(MachMessage[]::new);
            if (queue != null) {
                queue.clear();
            }
            listener = messageListener;
            messageListener = null;
            deadName = deadNameHandlers;
            deadNameHandlers = null;
            notifyAll();
        }
        for (MachMessage message : dropped) {
            message.destroy(); // outside the monitor: releasing may run another port's no-senders handler
        }
        if (listener != null) {
            listener.run();
        }
        if (deadName != null) {
            deadName.forEach(Runnable::run);
        }
    }

    @Override
    public String toString() {
        return "MachPort@" + Integer.toHexString(System.identityHashCode(this))
                + (kobject != null ? "[" + kobject.getClass().getSimpleName() + "]" : "");
    }
}
