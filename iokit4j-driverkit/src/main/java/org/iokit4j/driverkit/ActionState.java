package org.iokit4j.driverkit;

import java.util.ArrayList;
import java.util.List;

/**
 * An {@link OSAction}'s cancellation state: how many callbacks are in flight, whether it was cancelled, the
 * cancel handlers waiting for the in-flight callbacks, and the aborted handler.
 *
 * <p>Invariant: a cancel handler is handed to a queue only when the action is cancelled and no callback is in
 * flight, so it always runs after the last callback; {@link #enter()} refuses once cancelled, so none starts later.
 *
 * <p><b>Concurrency.</b> Thread-safe: one monitor guards the counts; handlers are run outside it, on a queue.
 */
final class ActionState {
    private final OSAction action;
    private final List<Runnable> waiting = new ArrayList<>();
    private int inFlight;
    private boolean cancelled;
    private Runnable aborted;
    private boolean abortedRan;

    ActionState(OSAction action) {
        this.action = action;
    }

    synchronized boolean isCancelled() {
        return cancelled;
    }

    /** Starts a callback or completion; false (and nothing started) once cancelled. */
    synchronized boolean enter() {
        if (cancelled) {
            return false;
        }
        inFlight++;
        return true;
    }

    /** Ends a callback; the last one out of a cancelled action releases the waiting cancel handlers. */
    void exit() {
        final List<Runnable> ready;
        synchronized (this) {
            if (--inFlight > 0 || !cancelled || waiting.isEmpty()) {
                return;
            }
            ready = List.copyOf(waiting);
            waiting.clear();
        }
        ready.forEach(this::schedule);
    }

    void cancel(Runnable handler) {
        final Runnable h = handler == null ? () -> { } : handler;
        synchronized (this) {
            cancelled = true;
            if (inFlight > 0) {
                waiting.add(h);
                return;
            }
        }
        schedule(h);
    }

    synchronized void abortedHandler(Runnable handler) {
        aborted = handler;
    }

    /** The kernel end is gone: run the aborted handler, once. */
    void abort() {
        final Runnable h;
        synchronized (this) {
            if (abortedRan || aborted == null) {
                return;
            }
            abortedRan = true;
            h = aborted;
        }
        schedule(h);
    }

    private void schedule(Runnable handler) {
        Callouts.run(action.cancelQueue(), handler);
    }
}
