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

    private final IODispatchQueue queue;
    private OSAction action;
    private TimerScheduler.Arm armed;
    private boolean cancelled;

    private IOTimerDispatchSource(IODispatchQueue queue) {
        this.queue = queue;
    }

    /**
     * Creates a timer that runs its handler on {@code queue} (which it retains).
     *
     * @param source receives the timer, an {@code IOTimerDispatchSource[1]}; the caller owns its reference.
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
     * Arms the timer for {@code deadline}, replacing any pending deadline. A deadline in the past fires at once
     * (on the queue, never inside this call).
     *
     * @param options  {@link #kIOTimerClockMonotonicRaw} (or {@link #kIOTimerClockUptimeRaw}).
     * @param deadline when to fire, in nanoseconds of {@link System#nanoTime()}.
     * @param leeway   how late it may fire, in nanoseconds; accepted and ignored.
     * @return {@code kIOReturnSuccess}; {@code kIOReturnAborted} once cancelled; {@code kIOReturnBadArgument} for
     *         another clock; {@code kIOReturnNotReady} before {@link #SetHandler}.
     */
    public synchronized int WakeAtTime(long options, long deadline, long leeway) {
        if (cancelled) {
            return aborted("WakeAtTime");
        }
        if (options != kIOTimerClockMonotonicRaw && options != kIOTimerClockUptimeRaw) {
            return Diagnostics.fail("IOTimerDispatchSource::WakeAtTime", Failure.of(kIOReturnBadArgument,
                    "options=0x%X: only kIOTimerClockMonotonicRaw (0x84) and kIOTimerClockUptimeRaw (0x88) are"
                            + " supported, with deadlines in System.nanoTime() nanoseconds", options));
        }
        if (action == null) {
            return Diagnostics.fail("IOTimerDispatchSource::WakeAtTime", Failure.of(kIOReturnNotReady,
                    "the timer has no handler: call SetHandler(action) before WakeAtTime"));
        }
        armed = queue.timers().schedule(this, deadline, armed);
        return kIOReturnSuccess;
    }

    @Override
    public int Cancel(Runnable handler) {
        synchronized (this) {
            cancelled = true;
            queue.timers().cancel(armed);
            armed = null;
        }
        Callouts.run(queue, handler == null ? () -> { } : handler);
        return kIOReturnSuccess;
    }

    /** Disarms the timer and releases its action and queue. */
    @Override
    public void free() {
        final OSAction held;
        synchronized (this) {
            cancelled = true;
            queue.timers().cancel(armed);
            armed = null;
            held = action;
            action = null;
        }
        if (held != null) {
            held.release();
        }
        queue.release();
        super.free();
    }

    @Override
    public String toString() {
        return "IOTimerDispatchSource[" + queue.GetName() + "]";
    }

    /** The scheduler says {@code arm} is due: move the firing onto the queue, unless re-armed or cancelled. */
    void expired(TimerScheduler.Arm arm, long now) {
        synchronized (this) {
            if (arm != armed || cancelled) {
                return;
            }
        }
        if (queue.isCancelled() || !queue.runtimeAsync(() -> fire(arm, now))) {
            Diagnostics.warn(this + " expired but its queue was cancelled or freed: the handler was not run."
                    + " Cancel the timer before its queue");
        }
    }

    /** On the queue: fire if this arm is still the current one. */
    private void fire(TimerScheduler.Arm arm, long now) {
        final OSAction target;
        synchronized (this) {
            if (arm != armed || cancelled) {
                return; // re-armed or cancelled after it expired: a pending timer never fires
            }
            armed = null;
            target = action;
        }
        target.deliver(this, new long[] {now});
    }

    private int aborted(String function) {
        return Diagnostics.fail("IOTimerDispatchSource::" + function, Failure.of(kIOReturnAborted, "%s was"
                + " cancelled: a cancelled timer cannot be armed or given a handler; make a new one", this));
    }
}
