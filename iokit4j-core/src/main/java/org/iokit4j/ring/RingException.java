package org.iokit4j.ring;

import java.util.Objects;

/**
 * Why a {@link RingFile} operation could not be done: the ring ended (this side closed it, the peer closed it, the
 * peer died), a wait ran out of time, or the waiting thread was interrupted. {@link #reason()} tells which, the
 * message explains it with the values involved.
 */
public final class RingException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What went wrong. */
    public enum Reason {
        /** This side {@link RingFile#close() closed} the ring (or a setup was abandoned by its own close). */
        CLOSED,
        /** The peer closed its end in order; nothing more will come. */
        PEER_CLOSED,
        /** The peer process ended without closing (killed, crashed), or its socket broke. */
        PEER_DIED,
        /** The time allowed ran out: a full ring stayed full, a condition did not hold, or no peer came. */
        TIMEOUT,
        /** The waiting thread was interrupted; its interrupt flag stays set. The ring goes on. */
        INTERRUPTED,
        /** The ring could not be set up: its socket could not be made or reached, or the file is not a ring's. */
        SETUP
    }

    private final Reason reason;

    /**
     * @param reason  what went wrong.
     * @param message the explanation, with the values involved ({@code name=value}).
     */
    public RingException(Reason reason, String message) {
        super(reason + ": " + message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /**
     * @param reason  what went wrong.
     * @param message the explanation, with the values involved ({@code name=value}).
     * @param cause   the exception underneath.
     */
    public RingException(Reason reason, String message, Throwable cause) {
        super(reason + ": " + message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** {@return what went wrong} */
    public Reason reason() {
        return reason;
    }

    /** {@return whether the ring has ended: {@link Reason#CLOSED}, {@link Reason#PEER_CLOSED} or {@link Reason#PEER_DIED}} */
    public boolean ended() {
        return reason == Reason.CLOSED || reason == Reason.PEER_CLOSED || reason == Reason.PEER_DIED;
    }

    /** {@return a new exception with the same reason and message, thrown on the calling thread} */
    RingException again() {
        return new RingException(reason, getMessage().substring(reason.toString().length() + 2), this);
    }
}
