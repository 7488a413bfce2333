package org.iokit4j.remote;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.iokit4j.mach.MachMessage;
import org.iokit4j.mach.ReceiveRight;

/**
 * A receive right of a task whose port lives in the kernel daemon: the messages the daemon forwarded for it, queued
 * where the task runs.
 *
 * <p>The daemon pushes a port's messages (rights already copied out into the task) while fewer than
 * {@link Session#WINDOW} are unacknowledged; the rest wait in the port's queue in the daemon, where Mach's queue
 * limits apply as embedded. Taking messages acknowledges them in batches.
 *
 * <p><b>Concurrency.</b> Thread-safe: the session's reader thread offers, any thread receives; the listener and
 * dead-name handlers run on the reader thread (or the thread that kills the port).
 */
final class Mailbox implements ReceiveRight {
    private final Session session;
    private final int name;
    private final ConcurrentLinkedQueue<Item> queue = new ConcurrentLinkedQueue<>();
    private volatile Runnable listener;
    private volatile boolean dead;
    private List<Runnable> deadHandlers = new ArrayList<>(1);
    /** Messages taken since the last acknowledgement; guarded by {@code this}. */
    private int unacknowledged;

    Mailbox(Session session, int name) {
        this.session = session;
        this.name = name;
    }

    @Override
    public int name() {
        return name;
    }

    /** A queued message, and whether it came from this process (a direct path) rather than the daemon's push. */
    private record Item(MachMessage message, boolean local) {
    }

    /** How many of the queued messages came from a direct path (bounded as a port's queue is). */
    private final java.util.concurrent.atomic.AtomicInteger localQueued = new java.util.concurrent.atomic.AtomicInteger();

    @Override
    public MachMessage receive() {
        final Item item = queue.poll();
        if (item == null) {
            return null;
        }
        if (item.local()) {
            localQueued.decrementAndGet();
        } else {
            acknowledge(queue.isEmpty());
        }
        return item.message();
    }

    @Override
    public void setMessageListener(Runnable listener) {
        this.listener = listener;
    }

    @Override
    public boolean isDead() {
        return dead;
    }

    @Override
    public void requestDeadName(Runnable handler) {
        synchronized (this) {
            if (!dead) {
                deadHandlers.add(handler);
                return;
            }
        }
        handler.run();
    }

    /** A message the daemon forwarded; runs the listener. */
    void offer(MachMessage message) {
        offer(message, false);
    }

    /**
     * A message a driver server sent this task directly (a completion on the direct path), queued as the kernel would
     * queue it: refused past {@link org.iokit4j.mach.MachPort#QLIMIT_KERNEL} messages, or when the port is dead.
     *
     * @return whether it was queued.
     */
    boolean offerLocal(MachMessage message) {
        if (dead || localQueued.get() >= org.iokit4j.mach.MachPort.QLIMIT_KERNEL) {
            return false;
        }
        localQueued.incrementAndGet();
        offer(message, true);
        return true;
    }

    private void offer(MachMessage message, boolean local) {
        if (dead) {
            return;
        }
        queue.add(new Item(message, local));
        final Runnable l = listener;
        if (l != null) {
            l.run();
        }
    }

    /** The port died (destroyed, or the session ended): queued messages are dropped, handlers run once. */
    void die() {
        final List<Runnable> handlers;
        synchronized (this) {
            if (dead) {
                return;
            }
            dead = true;
            handlers = deadHandlers;
            deadHandlers = List.of();
        }
        queue.clear();
        localQueued.set(0);
        final Runnable l = listener;
        listener = null;
        if (l != null) {
            l.run(); // as a Mach port's listener runs when it dies: attached queues look once more and find nothing
        }
        handlers.forEach(Runnable::run);
    }

    /** {@return how many messages wait here} */
    int queued() {
        return queue.size();
    }

    private void acknowledge(boolean drained) {
        final int count;
        synchronized (this) {
            unacknowledged++;
            if (!drained && unacknowledged < Session.WINDOW / 4) {
                return;
            }
            count = unacknowledged;
            unacknowledged = 0;
        }
        session.acknowledge(name, count);
    }

    @Override
    public String toString() {
        return "ReceiveRight[" + session + ", 0x" + Integer.toHexString(name) + "]";
    }
}
