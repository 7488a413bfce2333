package org.iokit4j.ring;

import java.util.Optional;
import org.agrona.concurrent.AtomicBuffer;

/**
 * Tells whether a {@link RingFile}'s peer is still there, cheaply enough to ask on every turn of a wait loop: the
 * peer's <em>closed</em> word in the mapped file (one load: how an orderly close is seen), and at most every {@link
 * #CHECK_INTERVAL_NANOS} (and every {@link #ASKS_PER_CLOCK_READ}th ask) whether its process still runs ({@link
 * ProcessHandle#isAlive()}, which also compares the start time, so a reused PID is not taken for the peer). That second
 * check is how waiters that do not read the socket ({@link WaitStrategy#SPIN}, {@link WaitStrategy#BACKOFF}) learn of a
 * {@code kill -9}.
 *
 * <p><b>Concurrency.</b> Thread-safe: any waiting thread may ask; the time of the next process check is a racy
 * plain field, so two threads may occasionally both check, which is harmless.
 */
final class PeerWatch {
    /** How often at most the peer's process is looked up: 10 ms, a tenth of the 100 ms a waiter may take to learn. */
    static final long CHECK_INTERVAL_NANOS = 10_000_000L;
    /**
     * How many asks read the clock once: {@link System#nanoTime()} costs ~30 ns on these VMs, as much as a whole turn
     * of a spinning reader's loop, which asks on every empty turn. A waiter asks at least once a millisecond (a
     * {@code BACKOFF} sleep is at most that; {@code BLOCK} learns from the socket), so a death is still seen within
     * about 26 ms.
     */
    static final int ASKS_PER_CLOCK_READ = 16;

    private final AtomicBuffer header;
    private final int peerClosedOffset;
    private final long pid;
    private final Optional<ProcessHandle> process;
    private long nextCheck;
    /** How many times {@link #gone} was asked without {@code force}: racy like {@code nextCheck}, harmless. */
    private int asks;

    /**
     * @param header the mapped file's header.
     * @param owner  whether the peer is the file's owner.
     * @param pid    the peer's PID as its header says.
     */
    PeerWatch(AtomicBuffer header, boolean owner, long pid) {
        this.header = header;
        this.peerClosedOffset = RingFileLayout.closedOffset(owner);
        this.pid = pid;
        this.process = ProcessHandle.of(pid);
        this.nextCheck = System.nanoTime();
    }

    /** {@return whether the peer closed its end in order} */
    boolean closed() {
        return header.getIntVolatile(peerClosedOffset) != 0;
    }

    /**
     * {@return why the peer is gone, or {@code null} if it still seems there}: its closed word, then (on every
     * {@link #ASKS_PER_CLOCK_READ}th ask at most every {@link #CHECK_INTERVAL_NANOS}, or whenever {@code force}) its
     * process.
     */
    RingException gone(boolean force) {
        if (closed()) {
            return new RingException(RingException.Reason.PEER_CLOSED, "the peer pid=" + pid + " closed the ring");
        }
        if (!force && (++asks & (ASKS_PER_CLOCK_READ - 1)) != 0) {
            return null;
        }
        final long now = System.nanoTime();
        if (!force && now - nextCheck < 0) {
            return null;
        }
        nextCheck = now + CHECK_INTERVAL_NANOS;
        return alive() ? null : died("its process is gone");
    }

    /** {@return whether the peer's process still runs (the same process: PID and start time)} */
    boolean alive() {
        return process.map(ProcessHandle::isAlive).orElse(false);
    }

    /** {@return the failure for a peer that ended without closing: {@code how} says how this side learnt it} */
    RingException died(String how) {
        return closed() ? new RingException(RingException.Reason.PEER_CLOSED, "the peer pid=" + pid
                + " closed the ring") : new RingException(RingException.Reason.PEER_DIED, "the peer pid=" + pid
                + " died without closing the ring (" + how + ")");
    }

    /** {@return the peer's PID} */
    long pid() {
        return pid;
    }
}
