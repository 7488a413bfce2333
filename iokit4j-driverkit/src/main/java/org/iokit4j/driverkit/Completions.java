package org.iokit4j.driverkit;

import org.iokit4j.Diagnostics;
import org.iokit4j.Failure;
import org.iokit4j.Pitfall;
import org.iokit4j.Pitfalls;
import org.iokit4j.mach.SendRight;
import org.iokit4j.mig.CompletionTarget;
import org.iokit4j.trace.AsyncCompletionEvent;

/**
 * {@code AsyncCompletion}'s driver half: checks the action and hands the completion to the kernel, which sends
 * the message (apple-semantics.md §6.3).
 *
 * <p>A completion that cannot go out is dropped, never thrown: the driver's {@code AsyncCompletion} returns
 * void, as in DriverKit. Each drop is counted on the driver server and explained; a driver mistake (completing an
 * action it did not retain) is also reported once per call site, in words, with the fix.
 *
 * <p><b>Concurrency.</b> Thread-safe; never blocks.
 */
final class Completions {

    private Completions() {
    }

    static void send(IOUserClient client, OSAction action, int status, long[] data, int count) {
        final DriverServer server = client.server();
        final Failure refused = refusal(action, data, count);
        if (refused != null) {
            dropped(server, refused, action != null && action.isFreed());
            return;
        }
        if (!action.state().enter()) {
            dropped(server, Failure.of(org.iokit4j.IOReturn.kIOReturnAborted, "AsyncCompletion on a cancelled"
                    + " OSAction: Cancel stops every completion through it (docs/driverkit-runtime.md,"
                    + " \"Actions\")"), false);
            return;
        }
        try {
            deliver(server, action, status, data, count);
        } finally {
            action.state().exit();
        }
    }

    private static void deliver(DriverServer server, OSAction action, int status, long[] data, int count) {
        final SendRight right = action.kernelCompletion();
        if (!(right.port().kobject() instanceof CompletionTarget target) || right.port().isDead()) {
            action.state().abort();
            dropped(server, Failure.of(org.iokit4j.IOReturn.kIOReturnAborted, "the action's completion port is"
                    + " gone (the kernel aborted the action)"), false);
            return;
        }
        final Failure failure = target.complete(status, data, count);
        if (failure != null) {
            dropped(server, failure, false);
        } else {
            if (server != null) {
                server.counters().completionsSent.increment();
            }
            trace(server, null, status, count);
        }
    }

    private static Failure refusal(OSAction action, long[] data, int count) {
        if (action == null) {
            return Failure.of(org.iokit4j.IOReturn.kIOReturnBadArgument, "AsyncCompletion with action=NULL: the call"
                    + " carried no completion (was it made with a wake port?)");
        }
        if (action.kernelCompletion() == null) {
            return Failure.of(org.iokit4j.IOReturn.kIOReturnBadArgument, "AsyncCompletion with an action that is not"
                    + " a call's completion (made with OSAction::Create): it has no client to complete to");
        }
        if (action.isFreed()) {
            return Failure.of(org.iokit4j.IOReturn.kIOReturnAborted, "AsyncCompletion on an OSAction nobody"
                    + " retained: the system holds a call's completion only while ExternalMethod runs, so it was"
                    + " freed and the kernel aborted it"
                    + " (docs/async-completions.md, \"Pitfalls and their fixes\"). Fix: call"
                    + " arguments->completion->retain() in ExternalMethod, keep it, and release() it when done");
        }
        if (count < 0 || count > IOUserClient.kIOUserClientAsyncArgumentsCountMax) {
            return Failure.of(org.iokit4j.IOReturn.kIOReturnMessageTooLarge, "asyncDataCount=%d is outside 0..16:"
                    + " a completion carries at most 16 values; the kernel drops it and the driver is not told"
                    + " (docs/async-completions.md, \"Pitfalls and their fixes\")", count);
        }
        if (count > 0 && (data == null || data.length < count)) {
            return Failure.of(org.iokit4j.IOReturn.kIOReturnBadArgument, "asyncData has %s values but"
                    + " asyncDataCount=%d", data == null ? "no (null)" : String.valueOf(data.length), count);
        }
        return null;
    }

    private static void dropped(DriverServer server, Failure why, boolean driverMistake) {
        if (server != null) {
            server.counters().completionsDropped.increment();
        }
        if (driverMistake) {
            Pitfalls.report(Pitfall.UNRETAINED_ACTION, "AsyncCompletion dropped: " + why.explanation());
        } else {
            Diagnostics.debug("AsyncCompletion dropped: " + why);
        }
        Diagnostics.fail("IOUserClient::AsyncCompletion", why);
        trace(server, why, why.code(), 0);
    }

    /**
     * Commits the driver stage's {@link AsyncCompletionEvent} when a recording wants it: sent ({@code why} null, with
     * the completion's status and count), or dropped and why.
     */
    private static void trace(DriverServer server, Failure why, int code, int count) {
        if (AsyncCompletionEvent.enabled()) {
            final AsyncCompletionEvent event = new AsyncCompletionEvent();
            event.stage = "driver";
            event.outcome = why == null ? "sent" : "dropped";
            event.reason = why == null ? null : why.explanation();
            event.result = code;
            event.resultName = org.iokit4j.IOReturn.name(code);
            event.argumentCount = count;
            event.where = server == null ? null : server.name();
            event.commit();
        }
    }
}
