package org.iokit4j.junit;

import java.time.Duration;
import java.util.Objects;
import org.iokit4j.driverkit.DriverClock;

/**
 * The clock of an {@link IOKitTest#manualClock() manualClock} kernel's driver servers: what their
 * {@code MachTime.mach_absolute_time()} returns and what their {@code IOTimerDispatchSource}s are measured against. It
 * moves only when the test advances it.
 *
 * {@snippet :
 * @Test
 * void crossesTheThreshold(@Service("org.example.Thermometer") Connection thermometer, NotificationPort port,
 *                          DispatchQueue callbacks, ManualClock clock) throws Exception {
 *     CompletableFuture<Completion> crossed = thermometer.call(2).scalars(30).invokeAsync(port);
 *     clock.advance(Duration.ofSeconds(5));   // the driver's 1 s timer fires five times, each handler to its end
 *     callbacks.drain();                      // the completion it sent runs here, on the test's thread
 *     assertThat(crossed).isCompleted();
 * }
 * }
 *
 * <p>{@link #advance(Duration)} fires the timers due on the way one at a time, in deadline order, and returns once
 * each handler has returned ({@link DriverClock#advanceTo(long)}); the clock stands at each deadline while its handler
 * runs. The same test gives the same steps every run. The clock starts at {@link #START_NANOS}.
 *
 * <p><b>Concurrency.</b> Thread-safe; advance it from the test's thread.
 */
public final class ManualClock {
    /** Where a manual clock starts: one second, in nanoseconds (mach ticks), so no deadline is zero or negative. */
    public static final long START_NANOS = 1_000_000_000L;

    private final DriverClock clock;

    /** Creates a clock at {@link #START_NANOS}. */
    public ManualClock() {
        this(DriverClock.manual(START_NANOS));
    }

    /**
     * Wraps a manual {@link DriverClock}.
     *
     * @param clock the driver clock it advances.
     */
    public ManualClock(DriverClock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        if (!clock.isManual()) {
            throw new IllegalArgumentException(clock + " is the system clock: a ManualClock wraps DriverClock.manual");
        }
    }

    /** {@return the time, in nanoseconds (= mach ticks): what drivers read from {@code mach_absolute_time()}} */
    public long nanoTime() {
        return clock.now();
    }

    /**
     * Moves the clock forward by {@code duration}, firing every timer due on the way.
     *
     * @param duration how far to move the clock.
     * @return how many timer expiries were handed to their queues (each handler has returned).
     * @throws IllegalArgumentException for a negative duration.
     */
    public int advance(Duration duration) {
        return advanceNanos(duration.toNanos());
    }

    /**
     * Moves the clock forward by {@code nanos}, as {@link #advance(Duration)} does.
     *
     * @param nanos how far to move the clock, in nanoseconds; never negative.
     * @return how many timers fired.
     */
    public int advanceNanos(long nanos) {
        return clock.advanceBy(nanos);
    }

    /**
     * Moves the clock to {@code nanos} (a time already passed leaves it), as {@link #advance(Duration)} does.
     *
     * @param nanos the time to move the clock to; an earlier time changes nothing.
     * @return how many timers fired.
     */
    public int advanceTo(long nanos) {
        return clock.advanceTo(nanos);
    }

    /** {@return how many timers are armed on this clock} */
    public int armedTimers() {
        return clock.armed();
    }

    /** {@return the driver runtime's clock underneath, for {@code EmbeddedDextHost}} */
    public DriverClock driverClock() {
        return clock;
    }

    @Override
    public String toString() {
        return "ManualClock[now=" + nanoTime() + " ns, " + armedTimers() + " armed]";
    }
}
