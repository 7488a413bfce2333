package org.iokit4j.iokitlib;

import static org.iokit4j.iokitlib.CoreFoundation.kCFRunLoopRunFinished;
import static org.iokit4j.iokitlib.CoreFoundation.kCFRunLoopRunHandledSource;
import static org.iokit4j.iokitlib.CoreFoundation.kCFRunLoopRunStopped;
import static org.iokit4j.iokitlib.CoreFoundation.kCFRunLoopRunTimedOut;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.iokit4j.dispatch.DispatchQueue;

/**
 * {@code CFRunLoopRef}: an opaque run loop, one per thread ({@link CoreFoundation#CFRunLoopGetCurrent()}), that
 * delivers its sources' messages on that thread while it runs.
 *
 * <p>One run ({@link CoreFoundation#CFRunLoopRunInMode}) repeats: deliver the main queue's work (main run loop
 * only) or <em>one</em> message from the mode's sources (taken in turn, so no source starves the others); when
 * there is nothing to do, spin briefly, then park until a source, {@code CFRunLoopStop} or
 * {@code CFRunLoopWakeUp} wakes it or the time runs out. It returns as CF does: handled a source (if asked to
 * return after one), timed out, stopped, or finished (the mode has no sources). An interrupt of the running
 * thread ends the wait like {@code CFRunLoopStop} and keeps the interrupt status.
 *
 * <p>The main run loop ({@link CoreFoundation#CFRunLoopGetMain()}) also services {@link DispatchQueue#main()} in
 * the common modes, and like CF's it never counts as empty there, so {@code CFRunLoopRun} on it returns only
 * when stopped.
 *
 * <p><b>Concurrency.</b> Sources may be added and removed, and the loop stopped or woken, from any thread. Only
 * one thread runs a given run loop at a time (nested runs on that thread, e.g. from a callback, are allowed).
 */
public final class CFRunLoop {
    /** Spins before parking: covers a typical hand-off from another thread without a wake-up syscall. */
    private static final int SPIN_LIMIT = 10_000;
    private static final long FOREVER = Long.MAX_VALUE;

    private final String name;
    private final boolean main;
    private final RunLoopModes modes = new RunLoopModes();
    private final AtomicBoolean stopRequested = new AtomicBoolean();
    private final AtomicBoolean awake = new AtomicBoolean();
    private final AtomicReference<Thread> runner = new AtomicReference<>();
    private volatile Thread waiter;
    private int depth;
    private int nextSource;

    CFRunLoop(String name, boolean main) {
        this.name = name;
        this.main = main;
    }

    @Override
    public String toString() {
        return "CFRunLoop[" + name + (main ? ", main]" : "]");
    }

    void addSource(CFRunLoopSource source, String mode) {
        if (!source.isValid()) {
            return; // CF ignores an invalidated source
        }
        modes.add(source, mode);
        source.attached(this);
        wake(); // a running loop picks up messages already queued on the new source
    }

    void removeSource(CFRunLoopSource source, String mode) {
        modes.remove(source, mode);
        if (!modes.containsAnywhere(source)) {
            source.detached(this);
        }
        wake(); // a running loop may now be empty and finish
    }

    void removeEverywhere(CFRunLoopSource source) {
        modes.removeEverywhere(source);
        source.detached(this);
        wake();
    }

    boolean containsSource(CFRunLoopSource source, String mode) {
        return modes.contains(source, mode);
    }

    /** {@code CFRunLoopStop}: the innermost run returns {@code kCFRunLoopRunStopped}; or the next one, at once. */
    void stop() {
        stopRequested.set(true);
        wake();
    }

    /** {@code CFRunLoopWakeUp}: a waiting run re-examines its sources and stop flag. Never blocks. */
    void wake() {
        awake.set(true);
        final Thread parked = waiter;
        if (parked != null) {
            LockSupport.unpark(parked);
        }
    }

    /** {@code CFRunLoopRunInMode} on the calling thread; see {@link CoreFoundation#CFRunLoopRunInMode}. */
    int runInMode(String mode, double seconds, boolean returnAfterSourceHandled) {
        enter();
        try {
            if (isEmpty(mode)) {
                return kCFRunLoopRunFinished; // a pending stop stays pending, as in CF
            }
            if (stopRequested.getAndSet(false)) {
                return kCFRunLoopRunStopped;
            }
            final long start = System.nanoTime();
            final long timeout = toNanos(seconds);
            while (true) {
                boolean handled = serviceOnce(mode);
                if (!handled && !stopRequested.get() && !expired(start, timeout)) {
                    awaitWake(start, timeout);
                    handled = serviceOnce(mode);
                }
                if (handled && returnAfterSourceHandled) {
                    return kCFRunLoopRunHandledSource;
                }
                if (expired(start, timeout)) {
                    return kCFRunLoopRunTimedOut;
                }
                if (stopRequested.getAndSet(false) || Thread.currentThread().isInterrupted()) {
                    return kCFRunLoopRunStopped;
                }
                if (isEmpty(mode)) {
                    return kCFRunLoopRunFinished;
                }
            }
        } finally {
            exit();
        }
    }

    private boolean isEmpty(String mode) {
        return modes.sources(mode).length == 0 && !(main && modes.isCommon(mode));
    }

    /** Clears the wake flag, then does one unit of work: the main queue's pending items, or one message. */
    private boolean serviceOnce(String mode) {
        awake.set(false); // before looking, so a wake that races with the look is not lost
        if (main && modes.isCommon(mode) && DispatchQueue.main().hasPending() && DispatchQueue.main().drain() > 0) {
            return true;
        }
        final CFRunLoopSource[] sources = modes.sources(mode);
        final int n = sources.length;
        for (int i = 0; i < n; i++) {
            final int index = (nextSource + i) % n;
            if (sources[index].perform()) {
                nextSource = (index + 1) % n;
                return true;
            }
        }
        return false;
    }

    private void awaitWake(long start, long timeout) {
        for (int spins = 0; spins < SPIN_LIMIT; spins++) {
            if (awake.get()) {
                return;
            }
            Thread.onSpinWait();
        }
        final Thread me = Thread.currentThread();
        waiter = me;
        try {
            while (!awake.get() && !me.isInterrupted()) {
                if (timeout == FOREVER) {
                    LockSupport.park(this);
                } else {
                    final long remaining = timeout - (System.nanoTime() - start);
                    if (remaining <= 0) {
                        return;
                    }
                    LockSupport.parkNanos(this, remaining);
                }
            }
        } finally {
            waiter = null;
        }
    }

    private void enter() {
        final Thread me = Thread.currentThread();
        if (runner.get() != me && !runner.compareAndSet(null, me)) {
            throw new IllegalStateException(this + " is being run by thread '" + runner.get().getName()
                    + "': a run loop runs on one thread at a time (run CFRunLoopGetCurrent() on each thread instead)");
        }
        depth++;
    }

    private void exit() {
        if (--depth == 0) {
            runner.set(null);
        }
    }

    private static long toNanos(double seconds) {
        if (!(seconds > 0)) {
            return 0; // zero, negative or NaN: one pass, as CF does
        }
        return seconds >= FOREVER / 1e9 ? FOREVER : (long) (seconds * 1e9);
    }

    private static boolean expired(long start, long timeout) {
        return timeout != FOREVER && System.nanoTime() - start >= timeout;
    }
}
