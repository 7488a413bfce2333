package org.iokit4j.trace;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * One problem a kernel recorded ({@code Kernel.problems()}): a bundle or driver that could not be loaded, made or
 * started, a driver server that died, a user client's {@code Stop} that failed.
 *
 * <p><b>Concurrency.</b> One instance per problem, filled and committed by the recording thread.
 */
@Name("org.iokit4j.BootProblem")
@Label("Kernel Problem")
@Description("A problem the kernel recorded at boot or later (a driver not loaded, made or started; a server death)")
@Category({"iokit4j", "Kernel"})
@StackTrace(false)
public final class BootProblemEvent extends Event {
    private static final BootProblemEvent PROBE = new BootProblemEvent();

    /** The kernel's name. */
    @Label("Kernel")
    public String kernel;

    /** The problem's code. */
    @Label("Code")
    public int code;

    /** The code's name. */
    @Label("Code Name")
    public String codeName;

    /** The problem, in words. */
    @Label("Explanation")
    public String explanation;

    /** Makes an event, not yet begun. */
    public BootProblemEvent() {
    }

    /** {@return whether a recording wants this event (when not, make nothing)} */
    public static boolean enabled() {
        return PROBE.isEnabled();
    }
}
