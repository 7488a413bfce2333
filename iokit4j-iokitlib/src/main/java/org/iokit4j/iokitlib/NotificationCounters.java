package org.iokit4j.iokitlib;

/**
 * What a notification port did with the messages it received, for tests and dashboards (Java only; read with
 * {@link IONotificationPortRef#counters()}).
 *
 * @param delivered        completions handed to a callback (including those whose callback then threw).
 * @param dropped          completions still queued when the port was destroyed: never delivered
 *                         (apple-semantics.md §4.1, §10.7).
 * @param unknownCallouts  completions dropped because {@code reference[kIOAsyncCalloutFuncIndex]} named no
 *                         registered callout (0 included): in C, a call through a wild pointer.
 * @param callbackFailures callbacks that threw; the queue or run loop went on.
 * @param arityMismatches  completions whose argument count did not fit the registered callback's shape, so they
 *                         were adapted (§10.2).
 * @param ignored          messages that were not completions: another {@code msgh_id}, a malformed completion, or
 *                         a notification kind not handled yet.
 * @param aborted          iokit4j's private action-aborted notices received: calls whose completion action the
 *                         kernel aborted ({@code org.iokit4j.wire.ActionAbortedLayout}). No C callback sees them.
 */
public record NotificationCounters(long delivered, long dropped, long unknownCallouts, long callbackFailures,
                                   long arityMismatches, long ignored, long aborted) {
}
