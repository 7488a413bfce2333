package org.iokit4j.iokitlib;

import org.iokit4j.Diagnostics;
import org.iokit4j.wire.ActionAbortedLayout;

/**
 * The dispatcher's branch for iokit4j's private action-aborted notice ({@link ActionAbortedLayout}): the kernel
 * aborted a call's completion action, so no completion of that call will come (any it sent came before).
 *
 * <p>Apple's dispatcher ignores a message whose {@code msgh_id} is not 53 (apple-semantics.md §4.3 step 1), and so
 * does this one as far as C-shaped callbacks go: none is called. Only bookkeeping that has no Apple counterpart
 * happens: the call's one-shot callout ({@link AsyncCallouts#registerOnce}) is freed, and the
 * {@link AsyncCallouts.AbortHandler} registered with the callout, if any, runs (the Java layer fails the call's
 * future there). Counted in {@code counters().aborted()}; a malformed notice (one {@link ActionAbortedLayout#check}
 * refuses) in {@code counters().ignored()}. Nothing is thrown, whatever the bytes (fuzzed by
 * {@code NotificationDispatchFuzzTest}).
 *
 * <p><b>Concurrency.</b> Stateless; runs on the thread delivering the port's messages.
 */
final class AbortNoticeDispatch {
    private AbortNoticeDispatch() {
    }

    static void handle(IONotificationPortRef notify, PortCounters counters, byte[] bytes) {
        try {
            ActionAbortedLayout.check(bytes);
        } catch (IllegalArgumentException malformed) {
            counters.ignored.increment();
            Diagnostics.debug("ignored a malformed action-aborted notice on " + CompletionDispatcher.where(notify)
                    + ": " + malformed.getMessage());
            return;
        }
        counters.aborted.increment();
        final long value = ActionAbortedLayout.reference(bytes, IOKitLib.kIOAsyncCalloutFuncIndex);
        final AsyncCallouts.Registration registration = AsyncCallouts.held(value);
        if (registration == null || !AsyncCallouts.claim(value, registration) || registration.onAbort == null) {
            return; // a C client is never told, as on Apple's systems
        }
        final long refcon = ActionAbortedLayout.reference(bytes, IOKitLib.kIOAsyncCalloutRefconIndex);
        final int reason = ActionAbortedLayout.reason(bytes);
        final long completions = ActionAbortedLayout.completions(bytes);
        CompletionDispatcher.run(notify, counters, () -> registration.onAbort.aborted(refcon, reason, completions),
                () -> "the abort handler of callout " + AsyncCallouts.describe(value, registration.callout));
    }
}
