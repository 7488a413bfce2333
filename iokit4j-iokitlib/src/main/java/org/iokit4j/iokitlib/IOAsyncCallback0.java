package org.iokit4j.iokitlib;

/** {@code IOAsyncCallback0}: the callback IOKitLib calls for a completion with no arguments. */
@FunctionalInterface
public non-sealed interface IOAsyncCallback0 extends IOAsyncCallout {

    /**
     * Handles a completion.
     *
     * @param refcon {@code reference[kIOAsyncCalloutRefconIndex]} of the call.
     * @param result the driver's status.
     */
    void call(long refcon, int result);
}
