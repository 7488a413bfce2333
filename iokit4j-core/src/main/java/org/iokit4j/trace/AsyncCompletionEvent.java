package org.iokit4j.trace;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * One async completion at one stage: the driver's {@code AsyncCompletion} ({@code stage=driver}: sent, or dropped
 * and why, whether the driver's runtime or the kernel refused it), or the app's port dispatching it
 * ({@code stage=app}: delivered to its callback, the event's duration being the callback's, or dropped and why).
 *
 * <p><b>Concurrency.</b> One instance per completion and stage, filled and committed by one thread.
 */
@Name("org.iokit4j.AsyncCompletion")
@Label("Async Completion")
@Description("An async completion sent, delivered or dropped, and why")
@Category({"iokit4j", "Completions"})
@StackTrace(false)
public final class AsyncCompletionEvent extends Event {
    private static final AsyncCompletionEvent PROBE = new AsyncCompletionEvent();

    /** {@code driver} (the driver's AsyncCompletion) or {@code app} (the app's notification port). */
    @Label("Stage")
    public String stage;

    /** {@code sent}, {@code delivered} or {@code dropped}. */
    @Label("Outcome")
    public String outcome;

    /** Why it was dropped, else {@code null}. */
    @Label("Reason")
    public String reason;

    /** The completion's result code (at the app), or the refusal's code (a drop at the driver). */
    @Label("Result")
    public int result;

    /** The code's name. */
    @Label("Result Name")
    public String resultName;

    /** How many values it carried. */
    @Label("Argument Count")
    public int argumentCount;

    /** The call's {@code reference[kIOAsyncCalloutFuncIndex]} when known here (links it to its call), else 0. */
    @Label("Async Reference")
    public long asyncReference;

    /** The user client's class (driver stage) or the notification port (app stage). */
    @Label("Where")
    public String where;

    /** Makes an event, not yet begun. */
    public AsyncCompletionEvent() {
    }

    /** {@return whether a recording wants this event (when not, make nothing)} */
    public static boolean enabled() {
        return PROBE.isEnabled();
    }

    /** {@return a begun event if a recording wants one, else {@code null}: nothing is made when not recording} */
    public static AsyncCompletionEvent beginIfEnabled() {
        if (!PROBE.isEnabled()) {
            return null;
        }
        final AsyncCompletionEvent event = new AsyncCompletionEvent();
        event.begin();
        return event;
    }
}
