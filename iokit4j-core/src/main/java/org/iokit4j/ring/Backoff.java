package org.iokit4j.ring;

/**
 * The phases of one wait: first spinning ({@link Thread#onSpinWait()}), then, unless the wait may only spin,
 * {@link Thread#yield() yielding}, then sleeps that double from {@link #MIN_PARK_NANOS} to
 * {@link WaitStrategy#MAX_PARK_NANOS}; a {@link WaitStrategy#BACKOFF} wait that has slept {@link #BLOCK_AFTER_NANOS}
 * is {@linkplain #idle() idle} and blocks from then on, so an idle process takes no wake-ups. {@link #reset()} starts again after progress (a message read). Like Agrona's
 * {@code BackoffIdleStrategy}, except that it returns the sleep instead of taking it, so the ring can sleep where a
 * reader of this process can wake it.
 *
 * <p><b>Concurrency.</b> Confined to the waiting thread.
 */
final class Backoff {
    /** How many times a wait spins at least before it yields or blocks. */
    static final int MAX_SPINS = 200;
    /**
     * How long a wait spins at most before it yields or blocks: 20 µs, whatever one {@link Thread#onSpinWait()} costs
     * on this processor (a few nanoseconds to over a hundred), so back-to-back traffic stays in the spin phase.
     */
    static final long SPIN_NANOS = 20_000L;
    /** How long a {@link WaitStrategy#BACKOFF} wait sleeps in all before it blocks instead (idle: no wake-ups). */
    static final long BLOCK_AFTER_NANOS = 50_000_000L;
    /** How many times a {@link WaitStrategy#BACKOFF} wait yields before it sleeps. */
    static final int MAX_YIELDS = 20;
    /** The first sleep: one microsecond. */
    static final long MIN_PARK_NANOS = 1_000L;

    private final boolean spinOnly;
    private final boolean yields;
    private int spins;
    private int yielded;
    private long park;
    private long spinStart = System.nanoTime();
    private boolean spinning = true;
    private long slept;

    /**
     * @param spinOnly whether the wait never leaves the spin phase ({@link WaitStrategy#SPIN}).
     * @param yields   whether it yields between spinning and sleeping.
     */
    Backoff(boolean spinOnly, boolean yields) {
        this.spinOnly = spinOnly;
        this.yields = yields;
    }

    /** Starts again from the spin phase. */
    void reset() {
        spins = 0;
        yielded = 0;
        park = 0;
        slept = 0;
        spinning = true;
        spinStart = System.nanoTime();
    }

    /** {@return whether the wait has left the spin phase: checks that cost a system call are cheap by now} */
    boolean slow() {
        return !spinOnly && !spinning;
    }

    /** {@return whether a {@link WaitStrategy#BACKOFF} wait has slept long enough to block instead: it is idle} */
    boolean idle() {
        return slept >= BLOCK_AFTER_NANOS;
    }

    /**
     * Spins or yields once, or {@return the next sleep in nanoseconds} (0 if it spun or yielded). A caller in
     * {@link WaitStrategy#BLOCK} takes any positive value as the sign to block instead.
     */
    long next() {
        if (spinOnly || spinning) {
            if (!spinOnly && ++spins >= MAX_SPINS && (spins & 15) == 0
                    && System.nanoTime() - spinStart >= SPIN_NANOS) {
                spinning = false;
            }
            Thread.onSpinWait();
            return 0;
        }
        if (yields && yielded < MAX_YIELDS) {
            yielded++;
            Thread.yield();
            return 0;
        }
        park = park == 0 ? MIN_PARK_NANOS : Math.min(park * 2, WaitStrategy.MAX_PARK_NANOS);
        slept += park;
        return park;
    }
}
