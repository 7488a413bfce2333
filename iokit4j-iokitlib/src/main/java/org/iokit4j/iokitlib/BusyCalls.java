package org.iokit4j.iokitlib;

import org.iokit4j.Diagnostics;
import org.iokit4j.Failure;
import org.iokit4j.IOReturn;
import org.iokit4j.mig.Caller;

/**
 * Busy state and waiting for quiet, client half: what IOKitUser's IOKitLib.c does around {@code io_service_get_state}
 * and {@code io_service_wait_quiet}: a failed read writes 0 ({@code IOServiceGetBusyStateAndTime},
 * {@code IOKitGetBusyState}), a NULL wait time waits without a limit ({@code defaultWait = {0, -1}}), and the
 * {@code IOKit…} forms ask the service plane's root through the main port, which must be the task's own.
 *
 * <p><b>Concurrency.</b> Stateless; any thread may call. The wait functions block the calling thread.
 */
final class BusyCalls {
    /** IOKitLib.c's {@code defaultWait}: {@code {0, -1}}, {@code UINT64_MAX} nanoseconds in the kernel. */
    private static final long NO_LIMIT = -1;

    private BusyCalls() {
    }

    /** {@code IOServiceGetBusyState} ({@code service} given) or {@code IOKitGetBusyState} (the root). */
    static int busyState(String function, boolean root, int name, int[] busyState) {
        final Failure out = OutParameter.check(busyState, "busyState", "int[1]", "the busy state");
        if (out != null) {
            return Diagnostics.fail(function, out);
        }
        final Caller caller = Caller.current();
        final int[] state = new int[1];
        Failure failure = root ? ServiceCalls.checkMainPort(caller, name) : null;
        if (failure == null) {
            failure = root ? caller.kernel().registryGetBusyState(caller.task(), state)
                    : caller.kernel().serviceGetBusyState(caller.task(), name, state);
        }
        busyState[0] = failure == null ? state[0] : 0;
        return failure == null ? IOReturn.kIOReturnSuccess : Diagnostics.fail(function, failure);
    }

    /** {@code IOServiceWaitQuiet} ({@code service} given) or {@code IOKitWaitQuiet} (the root). */
    static int waitQuiet(String function, boolean root, int name, mach_timespec_t waitTime) {
        final Caller caller = Caller.current();
        final long timeout = waitTime == null ? NO_LIMIT : waitTime.nanoseconds();
        Failure failure = root ? ServiceCalls.checkMainPort(caller, name) : null;
        if (failure == null) {
            failure = root ? caller.kernel().registryWaitQuiet(caller.task(), timeout)
                    : caller.kernel().serviceWaitQuiet(caller.task(), name, timeout);
        }
        return failure == null ? IOReturn.kIOReturnSuccess : Diagnostics.fail(function, failure);
    }
}
