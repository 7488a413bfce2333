package org.iokit4j.driverkit;

/**
 * The clock a driver server reads: what {@link MachTime#mach_absolute_time()} returns in its code and what every
 * {@link IOTimerDispatchSource} on its queues is measured against. Not a DriverKit class: the runtime's seam for tests.
 *
 * <p>{@link #system()} is the real clock ({@link System#nanoTime()}, one scheduler thread per JVM), what every driver
 * server reads unless its host says otherwise. {@link #manual(long)} makes a clock that moves only when
 * {@link #advanceTo(long)} or {@link #advanceBy(long)} is called: give it to an embedded host
 * ({@link EmbeddedDextHost#EmbeddedDextHost(DriverClock)}, then {@code Kernel.builder().dextHost(host)}) and a
 * timer-driven driver runs step by step, with no sleeps and the same result every run. The mach clock's semantics
 * stay: one tick is one nanosecond, the time never goes back.
 *
 * <p><b>How a manual clock advances.</b> {@link #advanceTo(long)} takes the earliest timer due by the target, moves
 * the clock to that timer's deadline, hands the expiry to the timer's queue, and waits until the queue has run it
 * (the handler sees {@code args[0]} = the deadline, and {@code mach_absolute_time()} = the deadline too); then the
 * next, until no armed timer is due by the target; then the clock stands at the target. A handler that re-arms its
 * timer within the target fires again in the same call (a 100 ms periodic timer advanced by one second fires ten
 * times), in deadline order with every other timer (ties in arming order). When the call returns, every handler due
 * by the target has returned, and whatever they sent (an async completion to an app) has been sent.
 *
 * <p><b>Concurrency.</b> Thread-safe. Advance from one thread at a time (the test's), never from a driver's queue
 * (the wait for a handler on the caller's own queue is skipped, so its handlers would run later).
 */
public final class DriverClock {
    /**
     * How many expiries one advance fires at most: a handler that re-arms at its own deadline would otherwise keep the
     * clock from ever reaching the target.
     */
    public static final int MAX_EXPIRIES_PER_ADVANCE = 1_000_000;

    private static final DriverClock SYSTEM = new DriverClock(TimerScheduler.shared());

    private final TimerScheduler scheduler;

    private DriverClock(TimerScheduler scheduler) {
        this.scheduler = scheduler;
    }

    /** {@return the real clock: {@link System#nanoTime()} nanoseconds, timers fired by the JVM's scheduler thread} */
    public static DriverClock system() {
        return SYSTEM;
    }

    /**
     * {@return a new manual clock standing at {@code startNanos}} It moves only by {@link #advanceTo(long)} and
     * {@link #advanceBy(long)}.
     *
     * @param startNanos the time it starts at.
     */
    public static DriverClock manual(long startNanos) {
        return new DriverClock(TimerScheduler.manual(startNanos));
    }

    /** {@return whether this clock moves only when advanced} */
    public boolean isManual() {
        return scheduler.isManual();
    }

    /** {@return the clock's time in nanoseconds (= mach ticks)} */
    public long now() {
        return scheduler.now();
    }

    /** {@return how many timers are armed on this clock (in every driver server reading it)} */
    public int armed() {
        return scheduler.armed();
    }

    /**
     * Moves a manual clock forward by {@code nanos}, firing every timer due on the way (see the class comment).
     *
     * @param nanos how far to move the clock; never negative.
     * @return how many timer expiries were handed to their queues.
     * @throws IllegalArgumentException for a negative {@code nanos}.
     * @throws IllegalStateException    on the system clock, or past {@link #MAX_EXPIRIES_PER_ADVANCE} expiries.
     */
    public int advanceBy(long nanos) {
        if (nanos < 0) {
            throw new IllegalArgumentException("advanceBy(" + nanos + "): a mach clock never goes back");
        }
        return advanceTo(now() + nanos);
    }

    /**
     * Moves a manual clock to {@code targetNanos} (a time already passed leaves it where it is), firing every timer due
     * by then, one at a time in deadline order, each handler run to its end before the next expiry (see the class
     * comment).
     *
     * @param targetNanos the time to move the clock to.
     * @return how many timer expiries were handed to their queues.
     * @throws IllegalStateException on the system clock, or past {@link #MAX_EXPIRIES_PER_ADVANCE} expiries (a
     *                               handler that re-arms its timer at a deadline already reached, for ever).
     */
    public int advanceTo(long targetNanos) {
        return advanceTo(targetNanos, MAX_EXPIRIES_PER_ADVANCE);
    }

    /** {@link #advanceTo(long)} with another bound on the expiries (tests of the bound). */
    int advanceTo(long targetNanos, int maxExpiries) {
        if (!scheduler.isManual()) {
            throw new IllegalStateException("the system DriverClock follows System.nanoTime(): only a manual clock"
                    + " (DriverClock.manual) can be advanced");
        }
        int fired = 0;
        for (TimerScheduler.Arm arm = scheduler.nextDue(targetNanos); arm != null;
             arm = scheduler.nextDue(targetNanos)) {
            if (++fired > maxExpiries) {
                throw new IllegalStateException("advanceTo(" + targetNanos + ") fired " + maxExpiries
                        + " timer expiries and more are due: a handler keeps re-arming " + arm.source()
                        + " at a deadline already reached (" + arm.deadline() + "); arm it for a later time");
            }
            arm.source().expired(arm, arm.deadline());
            awaitHandler(arm.source().queue());
        }
        return fired;
    }

    /** Waits until {@code queue} has run what was queued on it (the expiry just handed over). */
    private static void awaitHandler(IODispatchQueue queue) {
        final org.iokit4j.dispatch.DispatchQueue underlying = queue.dispatchQueue();
        if (underlying.isCurrent() || underlying.isClosed()) {
            return; // advancing from the timer's own queue, or a freed queue: nothing to wait for
        }
        try {
            underlying.sync(() -> { });
        } catch (IllegalStateException closedMeanwhile) {
            // freed while we waited to get in: its expiry was dropped (and explained by the source)
        }
    }

    /** The scheduler behind the clock, for the runtime's queues. */
    TimerScheduler scheduler() {
        return scheduler;
    }

    @Override
    public String toString() {
        return scheduler.isManual() ? "DriverClock[manual, now=" + now() + "]" : "DriverClock[system]";
    }
}
