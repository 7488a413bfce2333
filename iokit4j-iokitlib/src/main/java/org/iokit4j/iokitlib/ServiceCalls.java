package org.iokit4j.iokitlib;

import java.util.Map;
import org.iokit4j.Diagnostics;
import org.iokit4j.Failure;
import org.iokit4j.IOReturn;
import org.iokit4j.mach.IpcSpace;
import org.iokit4j.mig.Caller;

/**
 * Matching, iteration, registry look-ups, open and close: IOKitLib's thin wrappers over the kernel's routines.
 *
 * <p><b>Concurrency.</b> Stateless; any thread may call.
 */
final class ServiceCalls {
    private ServiceCalls() {
    }

    static int getMatchingServices(String function, int mainPort, Map<String, Object> matching, int[] iterator) {
        final Caller caller = Caller.current();
        Failure failure = checkMainPort(caller, mainPort);
        if (failure == null && matching == null) {
            failure = Failure.of(IOReturn.kIOReturnBadArgument,
                    "matching is null (IOServiceMatching returns NULL for a null name): nothing to match against");
        }
        if (failure == null) {
            failure = OutParameter.check(iterator, "iterator", "int[1]", "the iterator");
        }
        if (failure == null) {
            failure = caller.kernel().getMatchingServices(caller.task(), matching, iterator);
        }
        return failure == null ? IOReturn.kIOReturnSuccess : Diagnostics.fail(function, failure);
    }

    static int getMatchingService(int mainPort, Map<String, Object> matching) {
        final int[] iterator = new int[1];
        if (getMatchingServices("IOServiceGetMatchingService", mainPort, matching, iterator) != 0) {
            return 0;
        }
        final int service = iteratorNext(iterator[0]);
        Caller.current().deallocate(iterator[0]);
        if (service == 0) {
            final Caller caller = Caller.current();
            Diagnostics.fail("IOServiceGetMatchingService", org.iokit4j.mig.NotFound.explain(caller.kernel(),
                    caller.task(), matching));
        }
        return service;
    }

    static int iteratorNext(int iterator) {
        final Caller caller = Caller.current();
        final int[] object = new int[1];
        final Failure failure = caller.kernel().iteratorNext(caller.task(), iterator, object);
        if (failure != null) {
            Diagnostics.fail("IOIteratorNext", failure);
            return 0;
        }
        return object[0];
    }

    static int checkedKernelCall(String function, Failure failure) {
        return failure == null ? IOReturn.kIOReturnSuccess : Diagnostics.fail(function, failure);
    }

    static int release(String function, int object) {
        if (object == 0 || object == -1) {
            return IOReturn.kIOReturnSuccess; // mach_port_deallocate ignores MACH_PORT_NULL and MACH_PORT_DEAD
        }
        final int result = Caller.current().deallocate(object);
        return result == IOReturn.kIOReturnSuccess ? result
                : Diagnostics.fail(function, explainRelease("object", object, result));
    }

    /** {@return why {@code mach_port_deallocate(name)} answered {@code result}, naming the parameter} */
    static Failure explainRelease(String parameter, int name, int result) {
        return switch (result) {
            case IOReturn.KERN_INVALID_CAPABILITY -> Failure.of(result, "%s=0x%08X is mach_task_self(): a task's"
                    + " self name is pinned and keeps its last reference (XNU ipc_right_dealloc); nothing was"
                    + " released and the name still works", parameter, name);
            case IOReturn.KERN_INVALID_RIGHT -> Failure.of(result, "%s=0x%08X is a receive right, not an object:"
                    + " a notification port's Mach port goes with IONotificationPortDestroy", parameter, name);
            default -> Failure.of(result, "%s=0x%08X is not a name this task holds a send right for (released"
                    + " already, never obtained, or from another task)", parameter, name);
        };
    }

    /**
     * The main port a matching routine is sent to: 0 means the default; anything else must be this task's name
     * for the IOKit main port, as in C, where it is the message's destination: an unknown name cannot be sent to
     * ({@code MACH_SEND_INVALID_DEST}), and another object refuses the routine ({@code main_port !=
     * main_device_port} → {@code kIOReturnNotPrivileged}, XNU IOUserClient.cpp).
     */
    static Failure checkMainPort(Caller caller, int mainPort) {
        if (mainPort == 0) {
            return null;
        }
        if ((caller.kernel().portType(caller.task(), mainPort) & IpcSpace.MACH_PORT_TYPE_SEND) == 0) {
            return Failure.of(IOReturn.MACH_SEND_INVALID_DEST, "mainPort=0x%08X is not a live send right of task"
                    + " '%s' (released, never obtained, or from another task): pass kIOMainPortDefault (0) or the"
                    + " port from IOMainPort", mainPort, caller.task().name());
        }
        final int[] own = new int[1];
        final Failure failure = caller.kernel().mainPort(caller.task(), own);
        if (failure != null) {
            return failure;
        }
        // the kernel just gave us one more reference to the same name: give it back
        caller.kernel().portDeallocate(caller.task(), own[0]);
        return own[0] == mainPort ? null : Failure.of(IOReturn.kIOReturnNotPrivileged,
                "mainPort=0x%08X names another object, not this task's IOKit main port: pass kIOMainPortDefault (0)"
                        + " or the port from IOMainPort", mainPort);
    }
}
