package org.iokit4j.driverkit;

/**
 * A source of events delivered on a dispatch queue, DriverKit's {@code IODispatchSource}: the base of
 * {@link IOTimerDispatchSource}.
 *
 * <p>Every source can be cancelled: {@link #Cancel} stops its events, and its handler runs on the source's queue
 * once the events already handed to that queue have run, never inside the {@code Cancel} call
 * (contract.md "More of the DriverKit runtime").
 *
 * <p>Every source can be disabled and enabled again ({@link #SetEnable}, {@link #SetEnableWithCompletion}): a
 * disabled source delivers nothing until it is enabled. DriverKit declares both in {@code IODispatchSource.iig}
 * (xnu {@code iokit/DriverKit/IODispatchSource.iig}); {@code SetEnable} is {@code LOCAL} there and XNU implements it
 * as {@code SetEnableWithCompletion(enable, NULL)} ({@code IODispatchSource::SetEnable_Impl},
 * {@code iokit/Kernel/IOUserServer.cpp}), as this class does. What a deadline or an event that comes due while a
 * source is disabled does is each subclass's to say.
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

    /**
     * Enables or disables the delivery of the source's events: {@code SetEnableWithCompletion(enable, null)}, as
     * XNU's {@code IODispatchSource::SetEnable_Impl}.
     *
     * @param enable {@code true} to deliver events, {@code false} to hold them back.
     * @return what {@link #SetEnableWithCompletion} returns.
     */
    public int SetEnable(boolean enable) {
        return SetEnableWithCompletion(enable, null);
    }

    /**
     * Enables or disables the delivery of the source's events, then runs {@code handler} on the source's queue.
     *
     * <p>Apple's documentation (DriverKit {@code IODispatchSource::SetEnableWithCompletion}): the handler is "an
     * optional handler block to execute after disabling the dispatch source. The dispatch source calls your
     * handler after any in-flight callbacks finish." Here it runs after any change, enabling included, once the
     * change has taken effect and the work already on the queue has run; never inside this call.
     *
     * @param enable  {@code true} to deliver events, {@code false} to hold them back.
     * @param handler what to run once the change took effect, or {@code null}.
     * @return {@code kIOReturnSuccess}; each subclass documents its failures.
     */
    public abstract int SetEnableWithCompletion(boolean enable, Runnable handler);
}
