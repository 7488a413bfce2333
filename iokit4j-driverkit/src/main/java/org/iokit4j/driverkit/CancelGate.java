package org.iokit4j.driverkit;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The fence between {@link IODispatchQueue#Cancel} and the blocks it must order, without a lock on the submit path:
 * every block let in before a {@code Cancel} is queued before its handler, every block after it is refused.
 *
 * <p>One word holds a cancelled bit and the number of submitters in flight. A submitter counts itself in
 * ({@link #enter()}: refused if the bit is set), queues its block, and counts itself out ({@link #leave()}).
 * {@link #cancel} records the handler, then sets the bit. The handlers are queued (in {@code Cancel} order) by
 * whoever sees the count at zero with the bit set: the {@code Cancel} itself if no submitter was in flight, else
 * the last submitter to leave, after it queued its block. Nothing waits and nothing spins.
 *
 * <p><b>Concurrency.</b> Thread-safe. {@link #enter()} and {@link #leave()} are one atomic add each. The handlers
 * are handed on under this object's monitor, so two threads that both see the count at zero keep their order.
 */
final class CancelGate {
    private static final long CANCELLED = 1L << 62;

    private final AtomicLong state = new AtomicLong();
    private final Consumer<Runnable> handOn;
    private final List<Runnable> handlers = new ArrayList<>(1); // guarded by this

    /** @param handOn queues a cancel handler on the queue (or wherever it may run). */
    CancelGate(Consumer<Runnable> handOn) {
        this.handOn = handOn;
    }

    /** Counts a submitter in; {@return {@code false} (counted out again) if the gate is cancelled} */
    boolean enter() {
        if ((state.getAndIncrement() & CANCELLED) != 0) {
            leave();
            return false;
        }
        return true;
    }

    /** Counts a submitter out once its block is queued; the last one out after a cancel hands the handlers on. */
    void leave() {
        if (state.decrementAndGet() == CANCELLED) {
            handOnHandlers();
        }
    }

    /** Refuses submitters from now on; {@code handler} is handed on once every submitter in flight has left. */
    void cancel(Runnable handler) {
        synchronized (this) {
            handlers.add(handler);
        }
        if ((state.getAndUpdate(s -> s | CANCELLED) & ~CANCELLED) == 0) {
            handOnHandlers();
        }
    }

    /** {@return whether {@link #cancel} was called} */
    boolean isCancelled() {
        return (state.get() & CANCELLED) != 0;
    }

    private synchronized void handOnHandlers() {
        for (Runnable handler : handlers) {
            handOn.accept(handler);
        }
        handlers.clear();
    }
}
