package org.iokit4j.kernel.userclient;

import static org.iokit4j.IOReturn.MACH_SEND_INVALID_RIGHT;

import org.iokit4j.Failure;
import org.iokit4j.mach.IpcSpace;

/**
 * The rules for what an asynchronous request carries (an async call or a notification request): the wake port
 * must be a receive right of the calling task, since it travels as {@code MACH_MSG_TYPE_MAKE_SEND}
 * (apple-semantics.md §3, §7; contract.md decided point 2). The reference's count is {@code CallRules.tooManySlots}.
 *
 * <p><b>Concurrency.</b> Stateless.
 */
public final class AsyncRequestRules {
    private AsyncRequestRules() {
    }

    /**
     * {@return why {@code wakePort} is no receive right in {@code space}, as {@code MACH_SEND_INVALID_RIGHT}}
     *
     * @param space    the calling task's name space.
     * @param wakePort the wake port name the call carried.
     */
    public static Failure explainInvalid(IpcSpace space, int wakePort) {
        final int type = space.type(wakePort);
        final Object kobject = space.lookupKernelObject(wakePort);
        final String what;
        if (kobject instanceof MainPort) {
            what = "it is the IOKit main port (from IOMainPort/IOMasterPort), a send right: the main port is not a"
                    + " notification port";
        } else if ((type & IpcSpace.MACH_PORT_TYPE_DEAD_NAME) != 0) {
            what = "it is a dead name (its port was destroyed: IONotificationPortDestroy?)";
        } else if ((type & IpcSpace.MACH_PORT_TYPE_SEND) != 0) {
            what = "the task holds only a send right to it, not its receive right";
        } else {
            what = "the task holds no right by that name";
        }
        return Failure.of(MACH_SEND_INVALID_RIGHT, "wake_port=0x%08X cannot be made into a send right (MAKE_SEND"
                + " needs the receive right): %s. Pass IONotificationPortGetMachPort(IONotificationPortCreate("
                + "kIOMainPortDefault))", wakePort, what);
    }
}
