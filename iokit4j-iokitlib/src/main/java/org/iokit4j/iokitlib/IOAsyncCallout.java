package org.iokit4j.iokitlib;

/**
 * An async completion callback, in one of the four shapes IOKitLib calls (IKU {@code IOKitLib.h}).
 *
 * <p>Register one with {@link IOKitLib#asyncCallout(IOAsyncCallout)} and store the value it returns at
 * {@code reference[kIOAsyncCalloutFuncIndex]}, where a C client stores its function pointer. When a completion
 * arrives, the dispatcher picks the shape <em>by the number of arguments in the completion</em>, exactly as
 * IOKitLib does (apple-semantics.md §4.3): 0 → {@link IOAsyncCallback0}, 1 → {@link IOAsyncCallback1},
 * 2 → {@link IOAsyncCallback2}, 3 or more → {@link IOAsyncCallback}. Register the shape that matches what the
 * driver sends. If it does not match, C calls your function with the wrong arguments; iokit4j adapts safely and
 * warns once (§10.2). An object implementing several shapes gets the one matching each completion.
 */
public sealed interface IOAsyncCallout permits IOAsyncCallback0, IOAsyncCallback1, IOAsyncCallback2, IOAsyncCallback {
}
