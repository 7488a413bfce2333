package org.iokit4j.driverkit;

import java.util.ArrayList;
import java.util.List;

/**
 * An {@link OSAction}'s cancellation state: how many callbacks are in flight, whether it was cancelled, the
 * cancel handlers waiting for the in-flight callbacks, and the aborted handler.
 *
 * <p>Invariant: a cancel handler is handed to a queue only when the action is cancelled and no callback is in
 * flight, so it always runs after the last callback; {@link #enter()} refuses once cancelled, so none starts later.
 * There is one aborted handler, not a list: setting it replaces the previous one, and at most one runs per action
 * (issue 8: nothing grows per {@code SetAbortedHandler} call).
 *
 * <p><b>Concurrency.</b> Thread-safe: one monitor guards the counts; handlers are run outside it, on a queue.
 */
final class ActionState {
    private final OSAction action;
    private final List<Runnable> waiting = new ArrayList<>();
    private int inFlight;
    private boolean cancelled;
    private Runnable aborted;
    /** The kernel end went away; the aborted handler ran; the kernel end is watched (one dead-name request). */
    private boolean abortSeen;
    private boolean abortedRan;
    private boolean watching;

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

    /**
     * Sets THE aborted handler, replacing any earlier one ({@code null} clears it). If the kernel end is gone
     * already and no aborted handler ran yet, {@code handler} is scheduled now.
     */
    void abortedHandler(Runnable handler) {
        final boolean runNow;
        synchronized (this) {
            aborted = handler;
            runNow = handler != null && abortSeen && !abortedRan;
            abortedRan |= runNow;
        }
        if (runNow) {
            schedule(handler);
        }
    }

    /** {@return {@code true} the first time only: the caller then asks to be told when the kernel end dies} */
    synchronized boolean watchOnce() {
        final boolean first = !watching;
        watching = true;
        return first;
    }

    /** The kernel end is gone: run the aborted handler set now, once per action. */
    void abort() {
        final Runnable h;
        synchronized (this) {
            abortSeen = true;
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
