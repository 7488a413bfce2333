package org.iokit4j.ring;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * When a {@link RingFile}'s mapping may be unmapped: the last thread out after the ring ended.
 *
 * <p>Agrona reads and writes the mapped file through raw addresses, which the JVM does not guard: unmapping while
 * a thread is inside a ring operation would crash the process. So every operation that touches the mapping is
 * bracketed by {@link #enter()} and {@link #exit()}, and {@link #end} only marks the ring ended; the release
 * (unmapping) runs once, on whichever thread leaves last after the end, which may be the ending thread itself or a
 * message handler that closed the ring while it was being read.
 *
 * <p>Invariant: {@code state} is the number of threads inside plus {@link #ENDED} once ended; the release runs
 * when it reaches exactly {@link #ENDED}, at most once.
 *
 * <p><b>Concurrency.</b> Lock-free and thread-safe. The first {@link #end} wins; its cause is what every later
 * operation reports.
 */
final class Lifetime {
    private static final long ENDED = 1L << 62;

    private final AtomicLong state = new AtomicLong();
    private final AtomicBoolean released = new AtomicBoolean();
    private final Runnable release;
    private volatile RingException cause;

    /** @param release what to do once the ring ended and no thread is inside (unmap, give back the file). */
    Lifetime(Runnable release) {
        this.release = release;
    }

    /**
     * Enters an operation that touches the mapping.
     *
     * @throws RingException why the ring ended, if it did (nothing to {@link #exit()} then).
     */
    void enter() {
        if ((state.incrementAndGet() & ENDED) != 0) {
            exit();
            throw failure();
        }
    }

    /** Leaves an operation; the last thread out after the end releases. */
    void exit() {
        if (state.decrementAndGet() == ENDED && released.compareAndSet(false, true)) {
            release.run();
        }
    }

    /**
     * Ends the ring for {@code why}, if it has not ended yet. Called by a thread inside (between {@link #enter()}
     * and {@link #exit()}), so the release waits at least until that thread leaves.
     *
     * @return whether this call ended it (the caller then does the ending's work: flags, socket, wake-ups).
     */
    boolean end(RingException why) {
        synchronized (this) {
            if (cause != null) {
                return false;
            }
            cause = why;
        }
        state.getAndUpdate(s -> s | ENDED);
        return true;
    }

    /** {@return whether the ring ended} */
    boolean ended() {
        return cause != null;
    }

    /** {@return why the ring ended, as a new exception for the calling thread} */
    RingException failure() {
        final RingException why = cause;
        return why == null ? new RingException(RingException.Reason.CLOSED, "the ring is closed") : why.again();
    }

    /** {@return the reason the ring ended, or {@code null} while it is open} */
    RingException.Reason reason() {
        final RingException why = cause;
        return why == null ? null : why.reason();
    }
}
