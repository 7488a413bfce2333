package org.iokit4j.driverkit;

import static org.iokit4j.IOReturn.kIOReturnAborted;
import static org.iokit4j.IOReturn.kIOReturnBadArgument;
import static org.iokit4j.IOReturn.kIOReturnNotReady;
import static org.iokit4j.IOReturn.kIOReturnSuccess;

import org.iokit4j.Diagnostics;
import org.iokit4j.Failure;

/**
 * A one-shot timer whose handler runs on a dispatch queue, DriverKit's {@code IOTimerDispatchSource}.
 *
 * <p>{@link #Create} binds it to a queue, {@link #SetHandler} gives it the {@link OSAction} to trigger, and
 * {@link #WakeAtTime} arms it: at the deadline the action's handler runs on the queue with {@code args[0]} = the
 * time it fired (nanoseconds of {@link System#nanoTime()}). Arming again, from anywhere including the handler,
 * replaces the pending deadline; the timer fires at most once per arming. {@link #Cancel} disarms it for good: a
 * pending expiry never fires, even one already handed to the queue.
 *
 * <p><b>Clocks.</b> The DriverKit SDK's {@code IOTimerDispatchSource.h} (generated from
 * {@code IOTimerDispatchSource.iig}) defines the {@code WakeAtTime} clocks: {@link #kIOTimerClockUptimeRaw}
 * {@code 0x88} and {@link #kIOTimerClockMonotonicRaw} {@code 0x84} (nanoseconds), and
 * {@link #kIOTimerClockMachAbsoluteTime} {@code 0xC8} and {@link #kIOTimerClockMachContinuousTime} {@code 0xC4}
 * (ticks of {@code mach_absolute_time()} and {@code mach_continuous_time()}; "the most commonly used is
 * kIOTimerClockMachAbsoluteTime"). A JVM has one monotonic clock, {@link System#nanoTime()}, and iokit4j's mach tick
 * is one nanosecond ({@link MachTime}: {@code mach_timebase_info} is 1/1), so all four read the same clock here:
 * a deadline of {@code MachTime.mach_absolute_time() + n} fires {@code n} nanoseconds later whichever clock names
 * it. {@code kIOTimerClockRealTime}/{@code kIOTimerClockWallTime} ({@code 0x80}, wall-clock time) are refused.
 *
 * <p><b>Enabling.</b> A timer is created enabled (Apple's samples arm timers with {@code WakeAtTime} alone).
 * {@link #SetEnable SetEnable(false)} stops it from firing: from then on no expiry of it starts on the queue, not
 * even one the scheduler already handed there. A deadline that passes while the timer is disabled is held, and
 * fires once, on the queue, when the timer is enabled again (unless {@code WakeAtTime} re-armed or {@code Cancel}
 * disarmed it meanwhile), with {@code args[0]} = the time of enabling. DriverKit's own implementation is in its
 * closed runtime; this follows the open-source sources nearest to it: XNU's {@code IOTimerEventSource::enable}
 * ({@code iokit/Kernel/IOTimerEventSource.cpp}; its header: "If the timer event source was disabled while a call
 * was outstanding and the call wasn't cancelled then it will be rescheduled") and libdispatch, whose suspended
 * timer sources deliver an expiry that passed while suspended when resumed. {@code WakeAtTime} is allowed while
 * disabled: it replaces the deadline, which fires only once the timer is enabled.
 *
 * <p><b>Manual clocks.</b> In a driver server an embedded host started with a manual {@link DriverClock}, every
 * clock above is that clock: deadlines are read against it and expiries happen only when a test advances it
 * ({@link DriverClock#advanceTo(long)}), one at a time in deadline order.
 *
 * <p>Timers share one scheduler thread per JVM that sleeps until the earliest deadline and hands each expiry to
 * the source's queue; there is no thread per timer. Leeway is accepted and ignored: timers fire as close to the
 * deadline as the scheduler thread wakes.
 *
 * <p><b>Concurrency.</b> Thread-safe; the handler runs serially on the source's queue.
 */
public class IOTimerDispatchSource extends IODispatchSource {
    /** {@code WakeAtTime} option: the deadline is in {@code CLOCK_MONOTONIC_RAW} nanoseconds, here {@code System.nanoTime()}. */
    public static final long kIOTimerClockMonotonicRaw = 0x84L;
    /** {@code WakeAtTime} option: the deadline is in {@code CLOCK_UPTIME_RAW} nanoseconds, here {@code System.nanoTime()} too. */
    public static final long kIOTimerClockUptimeRaw = 0x88L;
    /**
     * {@code WakeAtTime} option: the deadline is in ticks of {@code mach_absolute_time()}, here
     * {@link MachTime#mach_absolute_time()} (one tick = one nanosecond of {@code System.nanoTime()}).
     */
    public static final long kIOTimerClockMachAbsoluteTime = 0xC8L;
    /**
     * {@code WakeAtTime} option: the deadline is in ticks of {@code mach_continuous_time()}, here
     * {@link MachTime#mach_continuous_time()} (the same clock: a JVM does not tell sleep apart).
     */
    public static final long kIOTimerClockMachContinuousTime = 0xC4L;

    private final IODispatchQueue queue;
    private OSAction action;
    private TimerScheduler.Arm armed;
    private boolean cancelled;
    private boolean enabled = true;
    /** The arm that came due while the timer was disabled: it fires when the timer is enabled again. */
    private TimerScheduler.Arm held;

    private IOTimerDispatchSource(IODispatchQueue queue) {
        this.queue = queue;
    }

    /**
     * Creates a timer that runs its handler on {@code queue} (which it retains).
     *
     * @param source receives the timer, an {@code IOTimerDispatchSource[1]}; the caller owns its reference.
     * @param queue  the queue the handler runs on.
     * @return {@code kIOReturnSuccess}; {@code kIOReturnBadArgument} for a null or freed queue or out-array;
     *         {@code kIOReturnAborted} if the queue was cancelled.
     */
    public static int Create(IODispatchQueue queue, IOTimerDispatchSource[] source) {
        if (queue == null || source == null || source.length < 1 || queue.isFreed()) {
            return Diagnostics.fail("IOTimerDispatchSource::Create", Failure.of(kIOReturnBadArgument, "queue=%s,"
                    + " source=%s: a live queue and an IOTimerDispatchSource[1] are needed", queue, source));
        }
        if (queue.isCancelled()) {
            return Diagnostics.fail("IOTimerDispatchSource::Create", Failure.of(kIOReturnAborted, "%s was"
                    + " cancelled: a timer on it could never run", queue));
        }
        queue.retain();
        source[0] = new IOTimerDispatchSource(queue);
        return kIOReturnSuccess;
    }

    /**
     * Sets the action the timer triggers (retained; the previous one is released).
     *
     * @param action the action to run each time the timer fires.
     * @return {@code kIOReturnSuccess}; {@code kIOReturnBadArgument} for null; {@code kIOReturnAborted} once
     *         cancelled.
     */
    public int SetHandler(OSAction action) {
        if (action == null) {
            return Diagnostics.fail("IOTimerDispatchSource::SetHandler", Failure.of(kIOReturnBadArgument,
                    "action=NULL: make one with OSAction::Create(target, handler, referenceSize, action)"));
        }
        final OSAction previous;
        synchronized (this) {
            if (cancelled) {
                return aborted("SetHandler");
            }
            action.retain();
            previous = this.action;
            this.action = action;
        }
        if (previous != null) {
            previous.release();
        }
        return kIOReturnSuccess;
    }

    /**
     * Arms the timer for {@code deadline}, replacing any pending deadline (and any expiry held while disabled). A
     * deadline in the past fires at once (on the queue, never inside this call); on a disabled timer, once it is
     * enabled.
     *
     * @param options  the clock: {@link #kIOTimerClockMachAbsoluteTime}, {@link #kIOTimerClockMachContinuousTime},
     *                 {@link #kIOTimerClockMonotonicRaw} or {@link #kIOTimerClockUptimeRaw} (one clock here).
     * @param deadline when to fire, in nanoseconds of {@link System#nanoTime()} (= mach ticks, see {@link MachTime}).
     * @param leeway   how late it may fire, in nanoseconds; accepted and ignored.
     * @return {@code kIOReturnSuccess}; {@code kIOReturnAborted} once cancelled; {@code kIOReturnBadArgument} for
     *         another clock; {@code kIOReturnNotReady} before {@link #SetHandler}.
     */
    public synchronized int WakeAtTime(long options, long deadline, long leeway) {
        if (cancelled) {
            return aborted("WakeAtTime");
        }
        if (!isClock(options)) {
            return Diagnostics.fail("IOTimerDispatchSource::WakeAtTime", Failure.of(kIOReturnBadArgument,
                    "options=0x%X: the clock must be kIOTimerClockMachAbsoluteTime (0xC8),"
                            + " kIOTimerClockMachContinuousTime (0xC4), kIOTimerClockMonotonicRaw (0x84) or"
                            + " kIOTimerClockUptimeRaw (0x88), all System.nanoTime() nanoseconds here; wall-clock"
                            + " time (0x80) is not supported", options));
        }
        if (action == null) {
            return Diagnostics.fail("IOTimerDispatchSource::WakeAtTime", Failure.of(kIOReturnNotReady,
                    "the timer has no handler: call SetHandler(action) before WakeAtTime"));
        }
        held = null;
        armed = queue.timers().schedule(this, deadline, armed);
        return kIOReturnSuccess;
    }

    private static boolean isClock(long options) {
        return options == kIOTimerClockMachAbsoluteTime || options == kIOTimerClockMachContinuousTime
                || options == kIOTimerClockMonotonicRaw || options == kIOTimerClockUptimeRaw;
    }

    /**
     * Enables or disables the timer, then runs {@code handler} on the timer's queue (see the class comment for what
     * happens to a deadline that passes while disabled). Setting the state it already has changes nothing; the
     * handler runs all the same.
     *
     * <p>Disabling takes effect when this returns: no expiry of the timer starts afterwards, and the handler runs
     * after a handler already running on the queue has returned. Enabling a timer whose deadline passed while it
     * was disabled queues that expiry first, then the handler.
     *
     * @param enable  {@code true} to let the timer fire, {@code false} to hold it back.
     * @param handler what to run on the queue once the change took effect, or {@code null}.
     * @return {@code kIOReturnSuccess}; {@code kIOReturnAborted} once cancelled (the handler does not run).
     */
    @Override
    public int SetEnableWithCompletion(boolean enable, Runnable handler) {
        final TimerScheduler.Arm release;
        synchronized (this) {
            if (cancelled) {
                return aborted("SetEnableWithCompletion");
            }
            enabled = enable;
            release = enable && held != null && held == armed ? held : null;
            held = null;
        }
        if (release != null) {
            final long now = queue.timers().now();
            if (!queue.runtimeAsync(() -> fire(release, now))) {
                Diagnostics.warn(this + " was enabled with an expiry held, but its queue was freed: the handler"
                        + " was not run");
            }
        }
        if (handler != null) {
            Callouts.run(queue, handler);
        }
        return kIOReturnSuccess;
    }

    @Override
    public int Cancel(Runnable handler) {
        synchronized (this) {
            cancelled = true;
            queue.timers().cancel(armed);
            armed = null;
            held = null;
        }
        Callouts.run(queue, handler == null ? () -> { } : handler);
        return kIOReturnSuccess;
    }

    /** Disarms the timer and releases its action and queue. */
    @Override
    public void free() {
        final OSAction handler;
        synchronized (this) {
            cancelled = true;
            queue.timers().cancel(armed);
            armed = null;
            held = null;
            handler = action;
            action = null;
        }
        if (handler != null) {
            handler.release();
        }
        queue.release();
        super.free();
    }

    /** {@return the queue the handler runs on} */
    IODispatchQueue queue() {
        return queue;
    }

    @Override
    public String toString() {
        return "IOTimerDispatchSource[" + queue.GetName() + "]";
    }

    /**
     * The scheduler says {@code arm} is due: move the firing onto the queue, unless re-armed or cancelled; a disabled
     * timer holds it until enabled.
     */
    void expired(TimerScheduler.Arm arm, long now) {
        synchronized (this) {
            if (arm != armed || cancelled) {
                return;
            }
            if (!enabled) {
                held = arm;
                return;
            }
        }
        if (queue.isCancelled() || !queue.runtimeAsync(() -> fire(arm, now))) {
            Diagnostics.warn(this + " expired but its queue was cancelled or freed: the handler was not run."
                    + " Cancel the timer before its queue");
        }
    }

    /** On the queue: fire if this arm is still the current one and the timer is enabled (else hold it). */
    private void fire(TimerScheduler.Arm arm, long now) {
        final OSAction target;
        synchronized (this) {
            if (arm != armed || cancelled) {
                return; // re-armed or cancelled after it expired: a pending timer never fires
            }
            if (!enabled) {
                held = arm; // disabled after the scheduler handed it over: it fires once enabled again
                return;
            }
            armed = null;
            target = action;
        }
        target.deliver(this, new long[] {now});
    }

    private int aborted(String function) {
        return Diagnostics.fail("IOTimerDispatchSource::" + function, Failure.of(kIOReturnAborted, "%s was"
                + " cancelled: a cancelled timer cannot be armed, enabled or given a handler; make a new one",
                this));
    }
}
