package org.iokit4j.iokitlib;

import org.iokit4j.Failure;
import org.iokit4j.IOReturn;
import org.iokit4j.mach.IpcSpace;
import org.iokit4j.mig.Caller;

/**
 * The connection functions' client half: references to a connection's name and the routines on it (IOKitUser
 * IOKitLib.c {@code IOConnectAddRef}, {@code IOConnectRelease}, {@code IOConnectGetService},
 * {@code IOConnectSetNotificationPort}).
 *
 * <p><b>Concurrency.</b> Stateless; any thread may call.
 */
final class ConnectionCalls {
    private ConnectionCalls() {
    }

    /**
     * {@code IOConnectAddRef} ({@code delta} +1) and {@code IOConnectRelease} (-1): {@code mach_port_mod_refs(SEND)}.
     * Unlike {@code IOObjectRetain} there is no dead-name retry, so a closed connection's dead name answers
     * {@code KERN_INVALID_RIGHT} to both (IOKitLib.c).
     */
    static int modRefs(String function, int connect, int delta) {
        final Caller caller = Caller.current();
        final int code = caller.kernel().portModRefs(caller.task(), connect, IpcSpace.MACH_PORT_RIGHT_SEND, delta);
        return code == IOReturn.kIOReturnSuccess ? code : ObjectCalls.refsFailed(function, "connect", connect, delta,
                code);
    }

    /** {@code IOConnectGetService}: {@code io_connect_get_service}; {@code service[0]} is written only on success. */
    static int getService(int connect, int[] service) {
        final Failure out = OutParameter.check(service, "service", "int[1]", "the connection's service");
        if (out != null) {
            return ServiceCalls.checkedKernelCall("IOConnectGetService", out);
        }
        final Caller caller = Caller.current();
        final int[] found = new int[1];
        final Failure failure = caller.kernel().connectGetService(caller.task(), connect, found);
        if (failure == null) {
            service[0] = found[0];
        }
        return ServiceCalls.checkedKernelCall("IOConnectGetService", failure);
    }

    /** {@code IOConnectSetNotificationPort}: {@code io_connect_set_notification_port}. */
    static int setNotificationPort(int connect, int type, int port, long reference) {
        final Caller caller = Caller.current();
        return ServiceCalls.checkedKernelCall("IOConnectSetNotificationPort",
                caller.kernel().connectSetNotificationPort(caller.task(), connect, type, port, reference));
    }
}
