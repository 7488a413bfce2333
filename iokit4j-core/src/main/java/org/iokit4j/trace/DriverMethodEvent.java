package org.iokit4j.trace;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * A driver's {@code ExternalMethod} running on its user client's dispatch queue (the driver queue's part of an
 * {@link ExternalMethodEvent}), recorded in the JVM of the driver server, on the queue's thread.
 *
 * <p><b>Concurrency.</b> One instance per run, filled and committed by the queue's thread.
 */
@Name("org.iokit4j.DriverMethod")
@Label("Driver ExternalMethod")
@Description("A driver's ExternalMethod on its dispatch queue: selector, user client class, code")
@Category({"iokit4j", "Calls"})
@StackTrace(false)
public final class DriverMethodEvent extends Event {
    private static final DriverMethodEvent PROBE = new DriverMethodEvent();

    /** The selector. */
    @Label("Selector")
    public long selector;

    /** The user client's Java class. */
    @Label("User Client Class")
    public String userClientClass;

    /** What {@code ExternalMethod} returned (or the refusal before it). */
    @Label("Return Code")
    public int returnCode;

    /** The code's name. */
    @Label("Return Code Name")
    public String returnCodeName;

    /** Whether the call carried a completion action. */
    @Label("Async")
    public boolean async;

    /** Makes an event, not yet begun. */
    public DriverMethodEvent() {
    }

    /** {@return a started event, or {@code null} when no recording wants it (nothing is allocated then)} */
    public static DriverMethodEvent beginIfEnabled() {
        if (!PROBE.isEnabled()) {
            return null;
        }
        final DriverMethodEvent event = new DriverMethodEvent();
        event.begin();
        return event;
    }
}
