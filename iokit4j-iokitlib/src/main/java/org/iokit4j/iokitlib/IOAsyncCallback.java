package org.iokit4j.iokitlib;

/**
 * {@code IOAsyncCallback}: the array-form callback IOKitLib calls for a completion with <em>three or more</em>
 * arguments (never for 0, 1 or 2: those go to {@link IOAsyncCallback0}, {@link IOAsyncCallback1},
 * {@link IOAsyncCallback2}; apple-semantics.md §10.2).
 */
@FunctionalInterface
public non-sealed interface IOAsyncCallback extends IOAsyncCallout {

    /**
     * Handles a completion.
     *
     * @param refcon  {@code reference[kIOAsyncCalloutRefconIndex]} of the call.
     * @param result  the driver's status.
     * @param args    the arguments: a fresh array, yours to keep (in C it points into the message and is valid
     *                only during the call).
     * @param numArgs how many arguments, {@code args.length}.
     */
    void call(long refcon, int result, long[] args, int numArgs);
}
