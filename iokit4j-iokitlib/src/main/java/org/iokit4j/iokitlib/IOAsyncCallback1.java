package org.iokit4j.iokitlib;

/** {@code IOAsyncCallback1}: the callback IOKitLib calls for a completion with exactly one argument. */
@FunctionalInterface
public non-sealed interface IOAsyncCallback1 extends IOAsyncCallout {

    /**
     * Handles a completion.
     *
     * @param refcon {@code reference[kIOAsyncCalloutRefconIndex]} of the call.
     * @param result the driver's status.
     * @param arg0   the argument.
     */
    void call(long refcon, int result, long arg0);
}
