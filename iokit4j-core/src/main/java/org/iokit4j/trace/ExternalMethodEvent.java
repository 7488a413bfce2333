package org.iokit4j.trace;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * One external method call ({@code io_connect_method}), recorded where the per-call rules run ({@code CallRules}):
 * in the kernel's user client for an embedded or daemon call (on the caller's thread when embedded, on the daemon's
 * thread otherwise), in the driver server for a call on the direct ring. Its duration is the call's, from the
 * kernel's checks to the reply with the output rules applied.
 *
 * <p><b>Concurrency.</b> One instance per call, filled and committed by the thread that ran it.
 */
@Name("org.iokit4j.ExternalMethod")
@Label("External Method")
@Description("One IOConnectCall* external method call: selector, user client, driver server, result, sizes")
@Category({"iokit4j", "Calls"})
@StackTrace(false)
public final class ExternalMethodEvent extends Event {
    private static final ExternalMethodEvent PROBE = new ExternalMethodEvent();

    /** The selector. */
    @Label("Selector")
    public long selector;

    /** The connection's name in the caller's space (hex), or {@code ring} for the direct path. */
    @Label("Connection")
    public String connection;

    /** The user client's class: its {@code IOUserClass} (its registry entry's name), or its Java class. */
    @Label("User Client Class")
    public String userClientClass;

    /** The driver server ({@code IOUserServerName}) that ran it. */
    @Label("Driver Server")
    public String driverServer;

    /** Which path carried it: {@code kernel} (embedded or daemon) or {@code direct} (the driver server's ring). */
    @Label("Carrier")
    public String carrier;

    /** The call's {@code IOReturn} code. */
    @Label("Return Code")
    public int returnCode;

    /** The code's name, e.g. {@code kIOReturnBadArgument}. */
    @Label("Return Code Name")
    public String returnCodeName;

    /** The kernel's or the driver's explanation when the code is not success, else {@code null}. */
    @Label("Explanation")
    public String explanation;

    /** Scalar inputs sent. */
    @Label("Scalar Inputs")
    public int scalarInputCount;

    /** Scalar outputs returned (0 on failure). */
    @Label("Scalar Outputs")
    public int scalarOutputCount;

    /** Bytes of structure input (inline or by descriptor). */
    @Label("Structure Input Size")
    @DataAmount
    public long structureInputSize;

    /** Bytes of structure output returned (0 on failure). */
    @Label("Structure Output Size")
    @DataAmount
    public long structureOutputSize;

    /** Whether a structure travelled as a memory descriptor (over 4096 bytes). */
    @Label("Descriptors")
    public boolean descriptors;

    /** Whether it was an async call ({@code IOConnectCallAsync*}). */
    @Label("Async")
    public boolean async;

    /** An async call's {@code reference[kIOAsyncCalloutFuncIndex]} (its completion's link), else 0. */
    @Label("Async Reference")
    public long asyncReference;

    /** Makes an event, not yet begun. */
    public ExternalMethodEvent() {
    }

    /** {@return a started event, or {@code null} when no recording wants it (nothing is allocated then)} */
    public static ExternalMethodEvent beginIfEnabled() {
        if (!PROBE.isEnabled()) {
            return null;
        }
        final ExternalMethodEvent event = new ExternalMethodEvent();
        event.begin();
        return event;
    }
}
