package org.iokit4j.trace;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * One matching or interest notification the kernel sent (or dropped at a full port) to a client's notification port.
 *
 * <p><b>Concurrency.</b> One instance per message, filled and committed by the sending thread.
 */
@Name("org.iokit4j.Notification")
@Label("Notification")
@Description("A matching or interest notification the kernel sent to a notification port")
@Category({"iokit4j", "Notifications"})
@StackTrace(false)
public final class NotificationEvent extends Event {
    private static final NotificationEvent PROBE = new NotificationEvent();

    /** {@code matching} or {@code interest}. */
    @Label("Kind")
    public String kind;

    /** The notification's type, e.g. {@code IOServiceFirstMatch} or the interest message type in hex. */
    @Label("Type")
    public String type;

    /** The service an interest message is about, or the matching dictionary a matching ping is for. */
    @Label("Subject")
    public String subject;

    /** Whether the message was queued on the port ({@code false}: dropped, the port was full or dead). */
    @Label("Delivered")
    public boolean delivered;

    /** The send's code name when it was not queued, else {@code null}. */
    @Label("Reason")
    public String reason;

    /** Makes an event, not yet begun. */
    public NotificationEvent() {
    }

    /** {@return whether a recording wants this event (when not, make nothing)} */
    public static boolean enabled() {
        return PROBE.isEnabled();
    }
}
