package org.iokit4j.iokitlib;

/**
 * IOKitLib's object and connection functions: retain counts, classes, conformance, busy state (issue 11). Call them as {@code IOKitLib.X} (or through {@code import static org.iokit4j.iokitlib.IOKitLib.*}):
 * {@link IOKitLib} inherits them, so one static import still gives a C port every function. They follow the rules
 * of {@link IOKitLib}'s class comment (Apple's codes, the reason recorded as the thread's last failure, nothing
 * thrown for a bad argument).
 *
 * <p>Each does what IOKitUser's IOKitLib.c does, on the routine XNU's iokit/Kernel/IOUserClient.cpp serves. An
 * {@code io_object_t} function takes a service, registry entry or iterator; a connection's name is no object there
 * (MIG's {@code iokit_lookup_object_port} finds nothing behind its port), so it answers as for a bad argument. A name
 * the task does not hold answers {@code MACH_SEND_INVALID_DEST}, or the function's neutral value.
 *
 * <p><b>References.</b> A name carries user references, as a Mach send right does: each {@code IOIteratorNext},
 * {@code IOConnectGetService}, {@code IOServiceOpen} that hands out a name the task already holds adds one, as do
 * {@link #IOObjectRetain} and {@link #IOConnectAddRef}; {@code IOObjectRelease} and {@link #IOConnectRelease} take
 * one, and the name goes when the last goes. A connection lives until {@code IOServiceClose} and then its port dies,
 * so a name kept with an extra reference is a dead name: calls on it answer {@code MACH_SEND_INVALID_DEST} and
 * {@code IOObjectRelease} removes it. (XNU keeps the port of a closed connection that still has memory mapped into the
 * task, for those mappings only, until the last reference goes: calls then answer {@code kIOReturnBadArgument}.)
 *
 * <p><b>Concurrency.</b> Every function is thread-safe. The wait functions block the calling thread.
 */
public abstract class ObjectFunctions extends PropertyFunctions {
    ObjectFunctions() {
    }

    // ---------------------------------------------------------------- Objects

    /**
     * {@code IOObjectRetain}: adds a user reference to the caller's name {@code object} ({@code mach_port_mod_refs} of
     * its send right, or of its dead name).
     *
     * @param object the object's name (an {@code io_object_t}).
     * @return {@code KERN_SUCCESS} (also for {@code MACH_PORT_NULL}); {@code KERN_INVALID_NAME} for a name the task
     *         does not hold; {@code KERN_INVALID_RIGHT} for a receive right. At 65,535 references the count is
     *         pegged and stays (XNU {@code MACH_PORT_UREFS_MAX}).
     */
    public static int IOObjectRetain(int object) {
        return ObjectCalls.retain(object);
    }

    /**
     * {@return whether {@code object}'s class is {@code className} or derives from it} ({@code io_object_conforms_to};
     * the class chain matching uses, so a driver's {@code IOUserClass}, by either name, is on it), or whether the
     * entry's {@code IOClassNameOverride} property is {@code className}. {@code false} on failure: a name the task
     * does not hold, a connection (no {@code io_object_t}), a null {@code className}; the last failure says which.
     *
     * @param object    the object's name (an {@code io_object_t}).
     * @param className a class name, e.g. {@code IOService}.
     */
    public static boolean IOObjectConformsTo(int object, String className) {
        return ObjectCalls.conformsTo(object, className);
    }

    /**
     * {@return whether the two names are the same} IOKitLib.c compares the names; a task holds one name per object,
     * so equal names are the same object and different names different objects.
     *
     * @param object   the object's name (an {@code io_object_t}).
     * @param anObject the other object's name.
     */
    public static boolean IOObjectIsEqualTo(int object, int anObject) {
        return object == anObject;
    }

    /**
     * {@return the object's class name: its {@code IOClassNameOverride} property if it has one, else the kernel
     * class ({@code IOObjectGetClass})} {@code null} for {@code IO_OBJECT_NULL}, a name the task does not hold, or a
     * connection (the last failure says which).
     *
     * @param object the object's name (an {@code io_object_t}).
     */
    public static String IOObjectCopyClass(int object) {
        return ObjectCalls.copyClass(object);
    }

    /**
     * {@return the superclass of class {@code className}} ({@code io_object_get_superclass}, asked of the main port):
     * for a kernel class, the next on its chain ({@code IOUserService} → {@code IOService}); for a driver's
     * {@code IOUserClass} (fully qualified or simple name), the kernel class standing for it, its {@code IOClass}.
     * {@code null} for {@code OSObject}, an unknown class ({@code kIOReturnNotFound}) or a null name.
     *
     * @param className a class name, e.g. {@code IOService}.
     */
    public static String IOObjectCopySuperclassForClass(String className) {
        return ObjectCalls.copyForClass("IOObjectCopySuperclassForClass", className, true);
    }

    /**
     * {@return the identifier of the bundle that defines class {@code className}}
     * ({@code io_object_get_bundle_identifier}): {@code "__kernel__"} for a kernel class (XNU's
     * {@code kOSKextKernelIdentifier}), the bundle's {@code CFBundleIdentifier} for a driver's class. {@code null}
     * for an unknown class ({@code kIOReturnNotFound}) or a null name.
     *
     * @param className a class name, e.g. {@code IOService}.
     */
    public static String IOObjectCopyBundleIdentifierForClass(String className) {
        return ObjectCalls.copyForClass("IOObjectCopyBundleIdentifierForClass", className, false);
    }

    /**
     * {@return the references the kernel holds to the object} ({@code io_object_get_retain_count}): for a registry
     * entry, its provider's link and each child's, its running driver's, its port's (one, however many names), the
     * registry's for the root; for an iterator, its port's. 0 on failure (a bad name, a connection).
     *
     * @param object the object's name (an {@code io_object_t}).
     */
    public static int IOObjectGetKernelRetainCount(int object) {
        return ObjectCalls.kernelRetainCount("IOObjectGetKernelRetainCount", object);
    }

    /**
     * {@return the caller's user references to the name} ({@code mach_port_get_refs} of its send right): 1 for
     * {@code MACH_PORT_NULL} (Mach answers so for an invalid name), 0 for a dead name, a receive right, or a name the
     * task does not hold ({@code KERN_INVALID_NAME} recorded).
     *
     * @param object the object's name (an {@code io_object_t}).
     */
    public static int IOObjectGetUserRetainCount(int object) {
        return ObjectCalls.userRetainCount(object);
    }

    /**
     * {@return {@link #IOObjectGetKernelRetainCount(int)}}: the deprecated name, as IOKitLib.c defines it.
     *
     * @param object the object's name (an {@code io_object_t}).
     */
    public static int IOObjectGetRetainCount(int object) {
        return ObjectCalls.kernelRetainCount("IOObjectGetRetainCount", object);
    }

    /**
     * {@return whether the iteration is still consistent} ({@code io_iterator_is_valid}): {@code false} once what it
     * walks changed under it (then {@code IOIteratorReset} and walk again). The iterators of
     * {@code IOServiceGetMatchingServices} (a snapshot) and of notifications stay valid. {@code false} on failure: a
     * name the task does not hold, or one that is no iterator.
     *
     * @param iterator the iterator's name.
     */
    public static boolean IOIteratorIsValid(int iterator) {
        return ObjectCalls.iteratorIsValid(iterator);
    }

    // ---------------------------------------------------------------- Connections

    /**
     * {@code IOConnectAddRef}: adds a user reference to the connection's name ({@code mach_port_mod_refs(SEND, +1)}):
     * the name outlives one {@code IOServiceClose}/{@code IOObjectRelease}, though the connection does not outlive
     * {@code IOServiceClose}.
     *
     * @param connect the connection, from {@code IOServiceOpen}.
     * @return {@code KERN_SUCCESS}; {@code KERN_INVALID_NAME} for a name the task does not hold;
     *         {@code KERN_INVALID_RIGHT} for a dead name (a closed connection) or a receive right.
     */
    public static int IOConnectAddRef(int connect) {
        return ConnectionCalls.modRefs("IOConnectAddRef", connect, 1);
    }

    /**
     * {@code IOConnectRelease}: takes a user reference ({@code mach_port_mod_refs(SEND, -1)}); the last one closes
     * the connection as {@code IOObjectRelease} would.
     *
     * @param connect the connection, from {@code IOServiceOpen}.
     * @return {@code KERN_SUCCESS}; {@code KERN_INVALID_NAME} for a name the task does not hold;
     *         {@code KERN_INVALID_RIGHT} for a dead name (a closed connection: release it with
     *         {@code IOObjectRelease}, as IOKitLib.c's {@code IOConnectRelease} cannot) or a receive right;
     *         {@code KERN_INVALID_CAPABILITY} for {@code mach_task_self()}.
     */
    public static int IOConnectRelease(int connect) {
        return ConnectionCalls.modRefs("IOConnectRelease", connect, -1);
    }

    /**
     * {@code IOConnectGetService}: the service the connection was opened on, as a new name (or one more reference
     * to the task's name for it) that the caller releases.
     *
     * @param service receives it, an {@code int[1]}; untouched on failure.
     * @param connect the connection, from {@code IOServiceOpen}.
     * @return {@code kIOReturnSuccess}; {@code MACH_SEND_INVALID_DEST} for a name the task does not hold (a closed
     *         connection's dead name too); {@code kIOReturnBadArgument} for a name that is no connection (a service),
     *         a connection closed but kept for its mappings, or a missing out-array.
     */
    public static int IOConnectGetService(int connect, int[] service) {
        return ConnectionCalls.getService(connect, service);
    }

    /**
     * {@code IOConnectSetNotificationPort}: asks the user client to send notifications of {@code type} to
     * {@code port}. A DriverKit user client cannot take one: XNU's {@code IOUserUserClient} leaves
     * {@code IOUserClient::registerNotificationPort} as it is, {@code kIOReturnUnsupported} (deliver events with async
     * calls instead).
     *
     * @param port      {@code MACH_PORT_NULL} or a receive right of the task (it travels as {@code MAKE_SEND}).
     * @param reference passed to the user client; unused here.
     * @param connect   the connection, from {@code IOServiceOpen}.
     * @param type      the notification type the driver defines.
     * @return {@code kIOReturnUnsupported} for a connection; {@code MACH_SEND_INVALID_DEST} for a {@code connect} the
     *         task does not hold; {@code MACH_SEND_INVALID_RIGHT} for a {@code port} that is not a receive right of the
     *         task; {@code kIOReturnBadArgument} for a {@code connect} that is no connection.
     */
    public static int IOConnectSetNotificationPort(int connect, int type, int port, long reference) {
        return ConnectionCalls.setNotificationPort(connect, type, port, reference);
    }

    // ---------------------------------------------------------------- Busy state

    /**
     * {@code IOServiceGetBusyState}: the service's busy count into {@code busyState[0]}: 0 when quiet. A service is
     * busy while it waits to be matched or is being matched (until the drivers matched on it return from
     * {@code Start}) and while it terminates, and has one more for each busy child (XNU {@code _adjustBusy}).
     *
     * @param service   the service's name (an {@code io_service_t}).
     * @param busyState receives the busy count (an {@code int[1]}); 0 is quiet.
     * @return {@code kIOReturnSuccess}; {@code MACH_SEND_INVALID_DEST} for a name the task does not hold;
     *         {@code kIOReturnBadArgument} for a name that is no {@code IOService} (an iterator, a connection, the
     *         registry root) or a missing out-array. On failure {@code busyState[0]} is 0, as IOKitLib.c writes it.
     */
    public static int IOServiceGetBusyState(int service, int[] busyState) {
        return BusyCalls.busyState("IOServiceGetBusyState", false, service, busyState);
    }

    /**
     * {@code IOServiceWaitQuiet}: blocks until the service is quiet ({@code IOServiceGetBusyState} reads 0).
     *
     * @param waitTime how long at most; {@code null} waits without a limit (IOKitLib.c's {@code {0, -1}}).
     * @param service  the service's name (an {@code io_service_t}).
     * @return {@code kIOReturnSuccess} once quiet (at once if it is); {@code kIOReturnTimeout} if the time passed
     *         first (the explanation names the entries still busy); {@code kIOReturnAborted} if the thread was
     *         interrupted; the codes of {@link #IOServiceGetBusyState} for a bad name.
     */
    public static int IOServiceWaitQuiet(int service, mach_timespec_t waitTime) {
        return BusyCalls.waitQuiet("IOServiceWaitQuiet", false, service, waitTime);
    }

    /**
     * {@code IOKitGetBusyState}: the busy state of the registry's root into {@code busyState[0]}: the number of its
     * busy children, 0 when nothing in the registry is busy.
     *
     * @param mainPort  {@code kIOMainPortDefault} or the task's main port from {@code IOMainPort}.
     * @param busyState receives the busy count (an {@code int[1]}); 0 is quiet.
     * @return {@code kIOReturnSuccess}; {@code MACH_SEND_INVALID_DEST} for a {@code mainPort} the task does not hold;
     *         {@code kIOReturnNotPrivileged} for one naming another object (XNU {@code is_io_registry_entry_from_path}:
     *         {@code main_port != main_device_port}); {@code kIOReturnBadArgument} for a missing out-array. On failure
     *         {@code busyState[0]} is 0.
     */
    public static int IOKitGetBusyState(int mainPort, int[] busyState) {
        return BusyCalls.busyState("IOKitGetBusyState", true, mainPort, busyState);
    }

    /**
     * {@code IOKitWaitQuiet}: blocks until nothing in the registry is busy: every matching and termination under
     * way has finished.
     *
     * @param mainPort as for {@link #IOKitGetBusyState}.
     * @param waitTime how long at most; {@code null} waits without a limit.
     * @return as {@link #IOServiceWaitQuiet}, and the main-port codes of {@link #IOKitGetBusyState}.
     */
    public static int IOKitWaitQuiet(int mainPort, mach_timespec_t waitTime) {
        return BusyCalls.waitQuiet("IOKitWaitQuiet", true, mainPort, waitTime);
    }

    /**
     * {@code IOKitWaitQuietWithOptions}: {@link #IOKitWaitQuiet} with options. The one option IOKit defines,
     * {@code kIOWaitQuietPanicOnFailure}, asks the kernel to panic when the wait times out (a diagnostic for privileged
     * system tasks); iokit4j's kernel never panics, so options change nothing and the wait answers as
     * {@link #IOKitWaitQuiet}: {@code kIOReturnTimeout} after {@code waitTime}.
     *
     * @param mainPort {@code kIOMainPortDefault}, or a main port from {@code IOMainPort}.
     * @param waitTime how long at most; {@code null} waits without a limit.
     * @param options  {@code kIOWaitQuietPanicOnFailure} or 0; changes nothing here.
     * @return as {@link #IOKitWaitQuiet}.
     */
    public static int IOKitWaitQuietWithOptions(int mainPort, mach_timespec_t waitTime, int options) {
        return BusyCalls.waitQuiet("IOKitWaitQuietWithOptions", true, mainPort, waitTime);
    }
}
