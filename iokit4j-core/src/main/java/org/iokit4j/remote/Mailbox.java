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
    private final ConcurrentLinkedQueue<MachMessage> queue = new ConcurrentLinkedQueue<>();
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

    @Override
    public MachMessage receive() {
        final MachMessage message = queue.poll();
        if (message != null) {
            acknowledge(queue.isEmpty());
        }
        return message;
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
        if (dead) {
            return;
        }
        queue.add(message);
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
