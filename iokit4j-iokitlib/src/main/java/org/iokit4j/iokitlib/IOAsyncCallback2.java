package org.iokit4j.iokitlib;

/** {@code IOAsyncCallback2}: the callback IOKitLib calls for a completion with exactly two arguments. */
@FunctionalInterface
public non-sealed interface IOAsyncCallback2 extends IOAsyncCallout {

    /**
     * Handles a completion.
     *
     * @param refcon {@code reference[kIOAsyncCalloutRefconIndex]} of the call.
     * @param result the driver's status.
     * @param arg0   the first argument.
     * @param arg1   the second argument.
     */
    void call(long refcon, int result, long arg0, long arg1);
}
