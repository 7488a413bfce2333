package org.iokit4j.driverkit;

import static org.iokit4j.IOReturn.kIOReturnBadArgument;

import org.iokit4j.Diagnostics;
import org.iokit4j.Failure;

/**
 * The mach clocks a dext reads, with libc's names: {@code mach_absolute_time()}, {@code mach_continuous_time()} and
 * {@code mach_timebase_info()}, the clocks of {@link IOTimerDispatchSource#kIOTimerClockMachAbsoluteTime} and
 * {@link IOTimerDispatchSource#kIOTimerClockMachContinuousTime}. A port writes
 * {@code MachTime.mach_absolute_time()} where C has {@code mach_absolute_time()} (or imports them statically).
 *
 * <p><b>The tick is one nanosecond.</b> Java code cannot read the mach clock (there is none outside Apple's systems,
 * and on them it needs native code), so iokit4j's mach clock is {@link System#nanoTime()}, the clock every
 * {@link IOTimerDispatchSource} deadline is measured against: one tick is one nanosecond and
 * {@link #mach_timebase_info} answers {@code numer = 1, denom = 1}, as on Intel Macs (Apple silicon answers 125/3).
 * Code that converts with the timebase, as Apple tells dexts to, is right on every JVM; code that assumes a tick
 * length is not. The values are comparable only with each other and with {@code System.nanoTime()} in the same JVM,
 * not with another process's {@code mach_absolute_time()}. {@code mach_continuous_time()} reads the same clock: a JVM
 * does not tell the time a machine slept apart.
 *
 * <p><b>Manual clocks.</b> A driver server an embedded host started with a manual {@link DriverClock} (a test's,
 * e.g. {@code iokit4j-junit}'s {@code ManualClock}) reads that clock instead, on every queue it owns: the ticks are
 * still nanoseconds, still monotonic, but they move only when the test advances them.
 *
 * <p><b>Concurrency.</b> Stateless; every method is thread-safe.
 */
public final class MachTime {
    /** {@code KERN_SUCCESS}. */
    public static final int KERN_SUCCESS = 0;

    private MachTime() {
    }

    /**
     * The ratio of mach ticks to nanoseconds, C's {@code struct mach_timebase_info}: nanoseconds = ticks * numer /
     * denom.
     *
     * @param numer the numerator (1 here).
     * @param denom the denominator (1 here).
     */
    public record mach_timebase_info_data_t(int numer, int denom) {
    }

    /**
     * {@return the mach absolute time in ticks: {@link System#nanoTime()} (one tick = one nanosecond)} or, in code of a
     * driver server booted with a manual {@link DriverClock}, that clock's time.
     */
    public static long mach_absolute_time() {
        return TimerScheduler.current().now();
    }

    /** {@return the mach continuous time in ticks: the same clock as {@link #mach_absolute_time()} here} */
    public static long mach_continuous_time() {
        return TimerScheduler.current().now();
    }

    /**
     * Stores the timebase, {@code 1/1}, in {@code info[0]}.
     *
     * @param info receives the timebase, a {@code mach_timebase_info_data_t[1]}.
     * @return {@link #KERN_SUCCESS}; {@code kIOReturnBadArgument} for a null or empty array (C would crash).
     */
    public static int mach_timebase_info(mach_timebase_info_data_t[] info) {
        if (info == null || info.length < 1) {
            return Diagnostics.fail("mach_timebase_info", Failure.of(kIOReturnBadArgument,
                    "info=%s: pass a mach_timebase_info_data_t[1] to receive the timebase", info == null ? "null"
                            : "an empty array"));
        }
        info[0] = new mach_timebase_info_data_t(1, 1);
        return KERN_SUCCESS;
    }
}
