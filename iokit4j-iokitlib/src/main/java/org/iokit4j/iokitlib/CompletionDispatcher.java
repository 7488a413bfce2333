package org.iokit4j.iokitlib;

import static org.iokit4j.wire.AsyncCompletionLayout.kIOAsyncCompletionNotificationType;
import static org.iokit4j.wire.AsyncCompletionLayout.kIOKitNoticationTypeMask;
import static org.iokit4j.wire.AsyncCompletionLayout.kOSNotificationMessageID;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.iokit4j.Diagnostics;
import org.iokit4j.IOReturn;
import org.iokit4j.Untrusted;
import org.iokit4j.mach.MachMessage;
import org.iokit4j.mig.Caller;
import org.iokit4j.trace.AsyncCompletionEvent;
import org.iokit4j.wire.ActionAbortedLayout;
import org.iokit4j.wire.AsyncCompletionLayout;
import org.iokit4j.wire.MachMsgHeaderLayout;

/**
 * IOKitLib's dispatcher ({@code IODispatchCalloutFromCFMessage}, apple-semantics.md §4.3): turns one message
 * received on a notification port into one callback.
 *
 * <ol>
 *   <li>{@code msgh_id} other than 53: ignored silently, except iokit4j's private action-aborted notice
 *       ({@link ActionAbortedLayout}), which a C callback never sees either: it frees a one-shot callout and runs
 *       the {@link AsyncCallouts.AbortHandler} registered with the callout, if any ({@link AbortNoticeDispatch}).</li>
 *   <li>A simple message of type 150 is an async completion: the callout is {@code reference[1]}, the refcon
 *       {@code reference[2]}, the argument count comes from {@code msgh_size}, and the callback's shape is chosen
 *       by that count alone ({@link ArityAdapter}).</li>
 *   <li>Anything else with id 53 (matching 100/101/102, interest 160) goes to the {@link ServiceNotificationHandler}
 *       hook.</li>
 *   <li>The message's carried rights are released afterwards (step 6).</li>
 * </ol>
 *
 * <p>Callbacks run as the port's task: the port's {@link Caller} is bound around each one, so an IOKit call inside a
 * callback reaches the kernel and task that made the port (an isolated kernel's port never boots the default
 * kernel). Nothing a message or a callback does escapes: a malformed completion or an unknown callout is dropped
 * with an explanation, and a callback that throws is counted and logged; the queue or run loop goes on. For any
 * bytes and any carried rights, {@link #dispatch} throws nothing, counts exactly one of the port's
 * {@code delivered}, {@code unknownCallouts}, {@code aborted} and {@code ignored} (a malformed message is ignored
 * and counted), and leaves no carried right unreleased nor any name behind in the task's space (fuzzed by
 * {@code NotificationDispatchFuzzTest}; docs/reliability.md, "Fuzzing").
 *
 * <p><b>Concurrency.</b> Stateless apart from the set of callout values already reported; any thread may dispatch.
 */
final class CompletionDispatcher {
    /** Unknown callout values are explained at WARNING this many times (distinct values), then at DEBUG. */
    private static final int UNKNOWN_WARN_LIMIT = 64;
    private static final Set<Long> UNKNOWN_REPORTED = ConcurrentHashMap.newKeySet();
    private static final PortCounters UNCOUNTED = new PortCounters();

    /** Where matching and interest notifications go (a hook, so tests can watch the branch). */
    static volatile ServiceNotificationHandler serviceNotifications = ServiceNotificationDispatch::handle;

    private CompletionDispatcher() {
    }

    /**
     * Dispatches {@code message}, which this call consumes.
     *
     * @param notify the port it arrived on, for counters and explanations; {@code null} when a caller receiving
     *               by hand passes none (nothing is counted then).
     */
    static void dispatch(IONotificationPortRef notify, MachMessage message) {
        final PortCounters counters = notify == null ? UNCOUNTED : notify.counters;
        try {
            final byte[] bytes = message.bytes();
            if (ActionAbortedLayout.isNotice(bytes)) {
                AbortNoticeDispatch.handle(notify, counters, bytes);
                return;
            }
            if (bytes.length < MachMsgHeaderLayout.LENGTH
                    || MachMsgHeaderLayout.id(bytes) != kOSNotificationMessageID) {
                counters.ignored.increment();
                return;
            }
            if (!MachMsgHeaderLayout.isComplex(bytes) && bytes.length >= AsyncCompletionLayout.REFERENCE_OFFSET
                    && (AsyncCompletionLayout.notificationType(bytes) & kIOKitNoticationTypeMask)
                    == kIOAsyncCompletionNotificationType) {
                completion(notify, counters, bytes);
            } else if (!serviceNotifications.handle(notify, message)) {
                counters.ignored.increment();
            }
        } finally {
            message.destroy();
        }
    }

    private static void completion(IONotificationPortRef notify, PortCounters counters, byte[] bytes) {
        try {
            AsyncCompletionLayout.check(bytes);
        } catch (IllegalArgumentException malformed) {
            counters.ignored.increment();
            Diagnostics.warn("ignored a malformed async completion on " + where(notify) + ": "
                    + malformed.getMessage());
            return;
        }
        final long value = AsyncCompletionLayout.reference(bytes, IOKitLib.kIOAsyncCalloutFuncIndex);
        final long refcon = AsyncCompletionLayout.reference(bytes, IOKitLib.kIOAsyncCalloutRefconIndex);
        final int result = AsyncCompletionLayout.result(bytes);
        final long[] args = AsyncCompletionLayout.arguments(bytes); // a fresh copy: valid after the callback too
        final AsyncCallouts.Registration registration = AsyncCallouts.lookup(value, notify);
        if (registration == null || !AsyncCallouts.claim(value, registration)) {
            counters.unknownCallouts.increment();
            explainUnknown(notify, value, refcon, result, args.length);
            return;
        }
        final IOAsyncCallout callout = registration.callout;
        if (!ArityAdapter.matches(callout, args.length)) {
            counters.arityMismatches.increment();
            ArityAdapter.reportOnce(value, callout, args.length);
        }
        counters.delivered.increment();
        final AsyncCompletionEvent event = AsyncCompletionEvent.beginIfEnabled();
        run(notify, counters, () -> ArityAdapter.invoke(callout, refcon, result, args),
                () -> "the async callback " + AsyncCallouts.describe(value, callout));
        if (event != null) { // its duration is the callback's
            trace(event, notify, "delivered", null, result, args.length, value);
        }
    }

    /** Ends and commits the app stage's {@link AsyncCompletionEvent} (docs/observability.md). */
    private static void trace(AsyncCompletionEvent event, IONotificationPortRef notify, String outcome, String reason,
                              int result, int count, long reference) {
        event.end();
        if (event.shouldCommit()) {
            event.stage = "app";
            event.outcome = outcome;
            event.reason = reason;
            event.result = result;
            event.resultName = IOReturn.name(result);
            event.argumentCount = count;
            event.asyncReference = reference;
            event.where = where(notify);
            event.commit();
        }
    }

    /**
     * Runs a callback as the port's task (its {@link Caller}, as matching and interest callbacks run: an IOKit call
     * inside it reaches the port's kernel, never the default one), counting and explaining a throw.
     *
     * @param notify the port, or {@code null} for a message received by hand (then the thread's own caller stays).
     */
    static void run(IONotificationPortRef notify, PortCounters counters, Runnable callback,
                    java.util.function.Supplier<String> what) {
        try {
            if (notify == null) {
                callback.run();
            } else {
                Caller.runAsIfNeeded(notify.caller, callback);
            }
        } catch (Throwable thrown) {
            counters.callbackFailures.increment();
            Untrusted.caught(what.get() + ", handling a message on " + where(notify) + ",", IOReturn.kIOReturnError,
                    thrown);
        }
    }

    private static void explainUnknown(IONotificationPortRef notify, long value, long refcon, int result, int n) {
        final String why = value == 0
                ? "reference[kIOAsyncCalloutFuncIndex] is 0: in C, IOKitLib would call a NULL function and crash."
                + " Store the value IOKitLib.asyncCallout(callback) returns at reference[1], and pass referenceCnt"
                + " >= 3 (kIOAsyncCalloutCount): a shorter reference leaves slot 1 zero"
                + " (docs/async-completions.md, \"Pitfalls and their fixes\")"
                : String.format("reference[kIOAsyncCalloutFuncIndex]=0x%016X names no callback registered with"
                + " IOKitLib.asyncCallout: never returned by it, or freed since (released, a one-shot value already"
                + " used, or its callback collected after every port it was used with was destroyed: see"
                + " AsyncCallouts). In C, IOKitLib would jump"
                + " to that address", value);
        final String message = String.format("dropped an async completion on %s (result=%s, %d argument(s),"
                + " refcon=0x%X): %s", where(notify), IOReturn.describe(result), n, refcon, why);
        if (AsyncCompletionEvent.enabled()) {
            trace(new AsyncCompletionEvent(), notify, "dropped", why, result, n, value);
        }
        if (UNKNOWN_REPORTED.size() < UNKNOWN_WARN_LIMIT && UNKNOWN_REPORTED.add(value)) {
            Diagnostics.warn(message);
        } else {
            Diagnostics.debug(message);
        }
    }

    static String where(IONotificationPortRef notify) {
        return notify == null ? "a port received by hand" : notify.toString();
    }
}
