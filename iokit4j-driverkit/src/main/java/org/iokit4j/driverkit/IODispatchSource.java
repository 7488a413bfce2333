package org.iokit4j.driverkit;

/**
 * A source of events delivered on a dispatch queue, DriverKit's {@code IODispatchSource}: the base of
 * {@link IOTimerDispatchSource}.
 *
 * <p>Every source can be cancelled: {@link #Cancel} stops its events, and its handler runs on the source's queue
 * once the events already handed to that queue have run, never inside the {@code Cancel} call
 * (contract.md "More of the DriverKit runtime").
 *
 * <p><b>Concurrency.</b> Subclasses are thread-safe.
 */
public abstract class IODispatchSource extends OSObject {

    /** For subclasses. */
    protected IODispatchSource() {
    }

    /**
     * Cancels the source: no event is delivered afterwards; {@code handler} runs on the source's queue once the
     * events in flight have run. A second {@code Cancel} returns {@code kIOReturnSuccess} and its handler runs
     * too; arming a cancelled source returns {@code kIOReturnAborted}.
     *
     * @param handler what to run once cancelled, or {@code null}.
     * @return {@code kIOReturnSuccess}.
     */
    public abstract int Cancel(Runnable handler);
}
