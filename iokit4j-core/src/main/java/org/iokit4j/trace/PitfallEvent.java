package org.iokit4j.trace;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;

/**
 * One classic mistake detected ({@code org.iokit4j.Pitfall}), every time, not only the first time a site warns.
 *
 * <p><b>Concurrency.</b> One instance per report, filled and committed by the reporting thread.
 */
@Name("org.iokit4j.Pitfall")
@Label("Pitfall")
@Description("A classic IOKit/DriverKit mistake detected, with its call site and the fix")
@Category({"iokit4j", "Diagnostics"})
public final class PitfallEvent extends Event {
    private static final PitfallEvent PROBE = new PitfallEvent();

    /** The pitfall's constant, e.g. {@code MAIN_PORT_AS_WAKE_PORT}. */
    @Label("Pitfall")
    public String pitfall;

    /** The user's line that made the mistake ({@code class.method:line}), or {@code null} when not on the stack. */
    @Label("Call Site")
    public String site;

    /** What happened and the fix, or {@code null} for a pitfall only counted. */
    @Label("Message")
    public String message;

    /** Makes an event, not yet begun. */
    public PitfallEvent() {
    }

    /** {@return whether a recording wants this event (when not, make nothing)} */
    public static boolean enabled() {
        return PROBE.isEnabled();
    }
}
