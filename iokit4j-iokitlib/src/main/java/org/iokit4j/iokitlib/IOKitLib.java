package org.iokit4j.iokitlib;

import java.lang.foreign.MemorySegment;
import java.util.Map;
import org.iokit4j.Diagnostics;
import org.iokit4j.Failure;
import org.iokit4j.IOReturn;
import org.iokit4j.dispatch.DispatchQueue;
import org.iokit4j.mach.MachMessage;
import org.iokit4j.mig.Caller;

/**
 * IOKitLib with Apple's names, argument order and return codes: {@code import static
 * org.iokit4j.iokitlib.IOKitLib.*;} gives a C port everything it needs.
 *
 * <p>Every function acts in the calling task ({@link Caller#current()}: by default the process's own task in the
 * default kernel, booted on first use). Every failing function returns Apple's code and records why, in words,
 * as the thread's {@linkplain org.iokit4j.Diagnostics#lastFailure() last failure} (also logged at DEBUG).
 *
 * <p><b>Bad arguments.</b> No function here throws for a bad argument, and no argument that C could not send
 * reaches the driver. Each answers with the code C's IOKitLib, MIG or the kernel gives (e.g.
 * {@code MACH_SEND_INVALID_DEST} for a name the task does not hold, {@code MIG_ARRAY_TOO_LARGE} for 17 scalars,
 * {@code kIOReturnNotPrivileged} for a {@code mainPort} that names another object) or, where C would crash or
 * corrupt memory, with {@code kIOReturnBadArgument}: a null out-array or one with no element 0, a null array with a
 * non-zero count, a count larger than its array or segment, a structure segment whose arena is closed, that is
 * confined to another thread, or (for output) that is read-only, a null string, a null or destroyed notification
 * port, a null callback, and a matching dictionary that is null, holds a null key or value or a key that is not a
 * String, or contains itself. The recorded explanation names the parameter. Functions that return an object or a
 * name return their neutral value ({@code null}, 0, {@code false}) and record the reason the same way. The
 * {@code void} functions ({@link #IOIteratorReset}, {@link #IONotificationPortSetDispatchQueue},
 * {@link #IONotificationPortDestroy}, {@link #IODispatchCalloutFromMessage}) record and return as well: nothing in
 * this class throws {@link NullPointerException} (the {@code void} run-loop functions of {@link CoreFoundation}
 * do, naming the parameter). A failing call leaves no new name in the task's space.
 *
 * <p>{@code mach_task_self()} is pinned, as on Apple's systems: {@link #IOObjectRelease} and
 * {@link #IOServiceClose} of it answer with their codes ({@code KERN_INVALID_CAPABILITY},
 * {@code kIOReturnBadArgument}) and the name goes on naming the task.
 *
 * <p>The functions are declared by area so no file grows past reading: this class holds the services, connections,
 * calls, memory and notifications; it inherits the object functions ({@link ObjectFunctions}), properties
 * ({@link PropertyFunctions}), the registry ({@link RegistryFunctions}) and serialisation
 * ({@link SerializeFunctions}). {@code IOKitLib.X} and the static import reach them all.
 *
 * <p><b>Concurrency.</b> Every function is thread-safe. The call family blocks until the driver's external
 * method returns (it runs on the driver's queue, on this thread when that queue is idle).
 */
public final class IOKitLib extends ObjectFunctions {
    /** {@code 0x00000000}. */
    public static final int kIOReturnSuccess = IOReturn.kIOReturnSuccess;
    /** {@code 0xE0000001}. */
    public static final int kIOReturnInvalid = IOReturn.kIOReturnInvalid;
    /** {@code 0xE00002BC}. */
    public static final int kIOReturnError = IOReturn.kIOReturnError;
    /** {@code 0xE00002BD}. */
    public static final int kIOReturnNoMemory = IOReturn.kIOReturnNoMemory;
    /** {@code 0xE00002BE}. */
    public static final int kIOReturnNoResources = IOReturn.kIOReturnNoResources;
    /** {@code 0xE00002BF}. */
    public static final int kIOReturnIPCError = IOReturn.kIOReturnIPCError;
    /** {@code 0xE00002C0}. */
    public static final int kIOReturnNoDevice = IOReturn.kIOReturnNoDevice;
    /** {@code 0xE00002C1}. */
    public static final int kIOReturnNotPrivileged = IOReturn.kIOReturnNotPrivileged;
    /** {@code 0xE00002C2}. */
    public static final int kIOReturnBadArgument = IOReturn.kIOReturnBadArgument;
    /** {@code 0xE00002C3}. */
    public static final int kIOReturnLockedRead = IOReturn.kIOReturnLockedRead;
    /** {@code 0xE00002C4}. */
    public static final int kIOReturnLockedWrite = IOReturn.kIOReturnLockedWrite;
    /** {@code 0xE00002C5}. */
    public static final int kIOReturnExclusiveAccess = IOReturn.kIOReturnExclusiveAccess;
    /** {@code 0xE00002C6}. */
    public static final int kIOReturnBadMessageID = IOReturn.kIOReturnBadMessageID;
    /** {@code 0xE00002C7}. */
    public static final int kIOReturnUnsupported = IOReturn.kIOReturnUnsupported;
    /** {@code 0xE00002C8}. */
    public static final int kIOReturnVMError = IOReturn.kIOReturnVMError;
    /** {@code 0xE00002C9}. */
    public static final int kIOReturnInternalError = IOReturn.kIOReturnInternalError;
    /** {@code 0xE00002CA}. */
    public static final int kIOReturnIOError = IOReturn.kIOReturnIOError;
    /** {@code 0xE00002CC}. */
    public static final int kIOReturnCannotLock = IOReturn.kIOReturnCannotLock;
    /** {@code 0xE00002CD}. */
    public static final int kIOReturnNotOpen = IOReturn.kIOReturnNotOpen;
    /** {@code 0xE00002CE}. */
    public static final int kIOReturnNotReadable = IOReturn.kIOReturnNotReadable;
    /** {@code 0xE00002CF}. */
    public static final int kIOReturnNotWritable = IOReturn.kIOReturnNotWritable;
    /** {@code 0xE00002D0}. */
    public static final int kIOReturnNotAligned = IOReturn.kIOReturnNotAligned;
    /** {@code 0xE00002D1}. */
    public static final int kIOReturnBadMedia = IOReturn.kIOReturnBadMedia;
    /** {@code 0xE00002D2}. */
    public static final int kIOReturnStillOpen = IOReturn.kIOReturnStillOpen;
    /** {@code 0xE00002D3}. */
    public static final int kIOReturnRLDError = IOReturn.kIOReturnRLDError;
    /** {@code 0xE00002D4}. */
    public static final int kIOReturnDMAError = IOReturn.kIOReturnDMAError;
    /** {@code 0xE00002D5}. */
    public static final int kIOReturnBusy = IOReturn.kIOReturnBusy;
    /** {@code 0xE00002D6}. */
    public static final int kIOReturnTimeout = IOReturn.kIOReturnTimeout;
    /** {@code 0xE00002D7}. */
    public static final int kIOReturnOffline = IOReturn.kIOReturnOffline;
    /** {@code 0xE00002D8}. */
    public static final int kIOReturnNotReady = IOReturn.kIOReturnNotReady;
    /** {@code 0xE00002D9}. */
    public static final int kIOReturnNotAttached = IOReturn.kIOReturnNotAttached;
    /** {@code 0xE00002DA}. */
    public static final int kIOReturnNoChannels = IOReturn.kIOReturnNoChannels;
    /** {@code 0xE00002DB}. */
    public static final int kIOReturnNoSpace = IOReturn.kIOReturnNoSpace;
    /** {@code 0xE00002DD}. */
    public static final int kIOReturnPortExists = IOReturn.kIOReturnPortExists;
    /** {@code 0xE00002DE}. */
    public static final int kIOReturnCannotWire = IOReturn.kIOReturnCannotWire;
    /** {@code 0xE00002DF}. */
    public static final int kIOReturnNoInterrupt = IOReturn.kIOReturnNoInterrupt;
    /** {@code 0xE00002E0}. */
    public static final int kIOReturnNoFrames = IOReturn.kIOReturnNoFrames;
    /** {@code 0xE00002E1}. */
    public static final int kIOReturnMessageTooLarge = IOReturn.kIOReturnMessageTooLarge;
    /** {@code 0xE00002E2}. */
    public static final int kIOReturnNotPermitted = IOReturn.kIOReturnNotPermitted;
    /** {@code 0xE00002E3}. */
    public static final int kIOReturnNoPower = IOReturn.kIOReturnNoPower;
    /** {@code 0xE00002E4}. */
    public static final int kIOReturnNoMedia = IOReturn.kIOReturnNoMedia;
    /** {@code 0xE00002E5}. */
    public static final int kIOReturnUnformattedMedia = IOReturn.kIOReturnUnformattedMedia;
    /** {@code 0xE00002E6}. */
    public static final int kIOReturnUnsupportedMode = IOReturn.kIOReturnUnsupportedMode;
    /** {@code 0xE00002E7}. */
    public static final int kIOReturnUnderrun = IOReturn.kIOReturnUnderrun;
    /** {@code 0xE00002E8}. */
    public static final int kIOReturnOverrun = IOReturn.kIOReturnOverrun;
    /** {@code 0xE00002E9}. */
    public static final int kIOReturnDeviceError = IOReturn.kIOReturnDeviceError;
    /** {@code 0xE00002EA}. */
    public static final int kIOReturnNoCompletion = IOReturn.kIOReturnNoCompletion;
    /** {@code 0xE00002EB}. */
    public static final int kIOReturnAborted = IOReturn.kIOReturnAborted;
    /** {@code 0xE00002EC}. */
    public static final int kIOReturnNoBandwidth = IOReturn.kIOReturnNoBandwidth;
    /** {@code 0xE00002ED}. */
    public static final int kIOReturnNotResponding = IOReturn.kIOReturnNotResponding;
    /** {@code 0xE00002EE}. */
    public static final int kIOReturnIsoTooOld = IOReturn.kIOReturnIsoTooOld;
    /** {@code 0xE00002EF}. */
    public static final int kIOReturnIsoTooNew = IOReturn.kIOReturnIsoTooNew;
    /** {@code 0xE00002F0}. */
    public static final int kIOReturnNotFound = IOReturn.kIOReturnNotFound;

    /** {@code MACH_PORT_NULL}. */
    public static final int MACH_PORT_NULL = 0;
    /** {@code IO_OBJECT_NULL}. */
    public static final int IO_OBJECT_NULL = 0;
    /** The default main port: {@code MACH_PORT_NULL}, which also means "no wake port" to the async calls. */
    public static final int kIOMainPortDefault = MACH_PORT_NULL;
    /** The old name of {@link #kIOMainPortDefault}. */
    public static final int kIOMasterPortDefault = MACH_PORT_NULL;
    /** Slots in an {@code OSAsyncReference64}. */
    public static final int kOSAsyncRef64Count = 8;
    /** Slot written by the kernel. */
    public static final int kIOAsyncReservedIndex = 0;
    /** Slots reserved for the kernel. */
    public static final int kIOAsyncReservedCount = 1;
    /** Slot holding the callback ({@link #asyncCallout}'s value). */
    public static final int kIOAsyncCalloutFuncIndex = 1;
    /** Slot holding the refcon. */
    public static final int kIOAsyncCalloutRefconIndex = 2;
    /** The usual reference count: reserved slot, callback, refcon. */
    public static final int kIOAsyncCalloutCount = 3;
    /** At most 16 arguments in a completion. */
    public static final int kMaxAsyncArgs = 16;
    /** {@code kIOConnectMethodVarOutputSize}: as {@code *outputStructCnt}, asks for a variable-size output. */
    public static final long kIOConnectMethodVarOutputSize = -3;
    /** {@code kIOMapAnywhere}. */
    public static final int kIOMapAnywhere = 0x1;
    /** {@code kIOMapReadOnly}. */
    public static final int kIOMapReadOnly = 0x1000;
    /** MIG: an inline array longer than its maximum. */
    public static final int MIG_ARRAY_TOO_LARGE = IOReturn.MIG_ARRAY_TOO_LARGE;
    /** Mach: the destination is not a valid send right (dead or released name). */
    public static final int MACH_SEND_INVALID_DEST = IOReturn.MACH_SEND_INVALID_DEST;
    /** Mach: a right in the message is not held (e.g. a wake port without a receive right). */
    public static final int MACH_SEND_INVALID_RIGHT = IOReturn.MACH_SEND_INVALID_RIGHT;

    /** {@code kIOPublishNotification}: a service registered. */
    public static final String kIOPublishNotification = "IOServicePublish";
    /** {@code kIOFirstPublishNotification}: a service registered, once per service instance. */
    public static final String kIOFirstPublishNotification = "IOServiceFirstPublish";
    /** {@code kIOMatchedNotification}: a service was matched (here: when it registers, after driver matching). */
    public static final String kIOMatchedNotification = "IOServiceMatched";
    /** {@code kIOFirstMatchNotification}: a service was matched, once per service instance. */
    public static final String kIOFirstMatchNotification = "IOServiceFirstMatch";
    /** {@code kIOTerminatedNotification}: a service terminated. */
    public static final String kIOTerminatedNotification = "IOServiceTerminate";
    /** {@code kIOGeneralInterest}: the interest type for {@code messageClients} messages. */
    public static final String kIOGeneralInterest = "IOGeneralInterest";
    /** {@code kIOMessageServiceIsTerminated} (IOMessage.h). */
    public static final int kIOMessageServiceIsTerminated = 0xE0000010;
    /** Matching reference: slot of the callback. */
    public static final int kIOMatchingCalloutFuncIndex = 1;
    /** Matching reference: slot of the refcon. */
    public static final int kIOMatchingCalloutRefconIndex = 2;
    /** Matching reference: slots used. */
    public static final int kIOMatchingCalloutCount = 3;
    /** Interest reference: slot of the callback. */
    public static final int kIOInterestCalloutFuncIndex = 1;
    /** Interest reference: slot of the refcon. */
    public static final int kIOInterestCalloutRefconIndex = 2;
    /** Interest reference: slot of the service. */
    public static final int kIOInterestCalloutServiceIndex = 3;
    /** Interest reference: slots used. */
    public static final int kIOInterestCalloutCount = 4;

    private IOKitLib() {
    }

    // ---------------------------------------------------------------- Ports and tasks

    /** {@return {@code mach_task_self()}: the calling task's name for its own task port} */
    public static int mach_task_self() {
        return Caller.current().task().selfName();
    }

    /**
     * {@code IOMainPort}: a send right to the IOKit main port. Not a wake port: passed as one, an async call fails
     * with {@code MACH_SEND_INVALID_RIGHT} (contract decided point 2).
     *
     * @param bootstrapPort ignored, as on Apple's systems ({@code MACH_PORT_NULL} is usual).
     * @param mainPort      receives the name, an {@code int[1]}.
     * @return {@code kIOReturnSuccess}, or the failure's code (its explanation is the thread's last failure).
     */
    public static int IOMainPort(int bootstrapPort, int[] mainPort) {
        final Failure out = OutParameter.check(mainPort, "mainPort", "int[1]", "the main port's name");
        if (out != null) {
            return ServiceCalls.checkedKernelCall("IOMainPort", out);
        }
        final Caller caller = Caller.current();
        return ServiceCalls.checkedKernelCall("IOMainPort", caller.kernel().mainPort(caller.task(), mainPort));
    }

    /**
     * The old name of {@link #IOMainPort(int, int[])}.
     *
     * @param bootstrapPort ignored, as on Apple's systems ({@code MACH_PORT_NULL} is usual).
     * @param mainPort      receives the name, an {@code int[1]}.
     * @return as {@link #IOMainPort(int, int[])}.
     */
    public static int IOMasterPort(int bootstrapPort, int[] mainPort) {
        return IOMainPort(bootstrapPort, mainPort);
    }

    /**
     * {@code vm_deallocate}: gives back a buffer a {@code kIOConnectMethodVarOutputSize} call returned.
     *
     * @param task    {@code mach_task_self()}.
     * @param address the buffer's address; the whole buffer is freed, whatever {@code size} says.
     * @param size    the buffer's length (ignored: the whole buffer is freed).
     * @return {@code KERN_SUCCESS}; {@code MACH_SEND_INVALID_DEST} if {@code task} is not the calling task's own
     *         name (XNU {@code _kernelrpc_mach_vm_deallocate_trap}); {@code KERN_INVALID_ARGUMENT} if no such
     *         buffer is live.
     */
    public static int vm_deallocate(int task, long address, long size) {
        if (!Caller.current().task().isSelf(task)) {
            return Diagnostics.fail("vm_deallocate", Failure.of(IOReturn.MACH_SEND_INVALID_DEST, "task=0x%08X is"
                    + " not this task's name for itself: pass mach_task_self() (0x%08X)", task, mach_task_self()));
        }
        return VarOutputMemory.free(address) ? kIOReturnSuccess : ServiceCalls.checkedKernelCall("vm_deallocate",
                Failure.of(IOReturn.KERN_INVALID_ARGUMENT, "address=0x%X is not a buffer IOKitLib handed out"
                        + " (freed twice, or never returned by a kIOConnectMethodVarOutputSize call)", address));
    }

    /**
     * {@return the bytes of a buffer a {@code kIOConnectMethodVarOutputSize} call returned, as a segment}
     * (Java only: a Java caller cannot dereference the address). {@code null} if no such buffer is live or
     * {@code size} is negative or larger than the buffer (the last failure says which).
     *
     * @param address the buffer's address, as the call returned it.
     * @param size    how many bytes of it.
     */
    public static MemorySegment IOVarOutputSegment(long address, long size) {
        final MemorySegment bytes = size < 0 ? null : VarOutputMemory.segment(address, size);
        if (bytes == null) {
            Diagnostics.fail("IOVarOutputSegment", Failure.of(kIOReturnBadArgument, "address=0x%X, size=%d: no live"
                    + " kIOConnectMethodVarOutputSize buffer starts there and holds that many bytes (never returned,"
                    + " already given back with vm_deallocate, or size negative or too large)", address, size));
        }
        return bytes;
    }

    // ---------------------------------------------------------------- Objects and iterators

    /**
     * {@code IOObjectRelease}: releases the caller's reference to an object name ({@code mach_port_deallocate}).
     *
     * @param object the object's name (an {@code io_object_t}).
     * @return {@code kIOReturnSuccess} (also for {@code MACH_PORT_NULL}); {@code KERN_INVALID_NAME} for a name the
     *         task does not hold; {@code KERN_INVALID_RIGHT} for a receive right (a notification port's Mach port);
     *         {@code KERN_INVALID_CAPABILITY} for {@code mach_task_self()}, whose name is pinned and stays.
     */
    public static int IOObjectRelease(int object) {
        return ServiceCalls.release("IOObjectRelease", object);
    }

    /**
     * {@code IOIteratorNext}: the next object (released by the caller), or 0 at the end.
     *
     * @param iterator the iterator's name.
     * @return the next object's name, released by the caller, or 0 at the end (and for an iterator made invalid by a
     *             change to what it walks: see {@code IOIteratorIsValid}).
     */
    public static int IOIteratorNext(int iterator) {
        return ServiceCalls.iteratorNext(iterator);
    }

    /**
     * {@code IOIteratorReset}: starts the iteration again.
     *
     * @param iterator the iterator's name.
     */
    public static void IOIteratorReset(int iterator) {
        final Caller caller = Caller.current();
        ServiceCalls.checkedKernelCall("IOIteratorReset", caller.kernel().iteratorReset(caller.task(), iterator));
    }

    /**
     * {@code IOObjectGetClass}: the object's class name into {@code className[0]}: its {@code IOClassNameOverride}
     * property if it has one (IOKitLib.c {@code _IOObjectGetClass}), else its kernel class.
     *
     * @param object    the object's name (an {@code io_object_t}).
     * @param className receives the class name (a {@code String[1]}).
     * @return {@code kIOReturnSuccess}; {@code MACH_SEND_INVALID_DEST} for a name the task does not hold;
     *         {@code kIOReturnBadArgument} for a name that is no {@code io_object_t} (a connection) or a missing
     *         out-array.
     */
    public static int IOObjectGetClass(int object, String[] className) {
        return ObjectCalls.getClass(object, className);
    }

    // ---------------------------------------------------------------- Matching

    /**
     * {@return {@code {"IOProviderClass": className}}, mutable, or {@code null} for a null name} (as IOKitLib
     * returns NULL on failure; the last failure says why, with {@code kIOReturnBadArgument}).
     *
     * @param className a class name, e.g. {@code IOService}.
     */
    public static Map<String, Object> IOServiceMatching(String className) {
        return oneKey("IOServiceMatching", "IOProviderClass", "className", className);
    }

    /**
     * {@return {@code {"IONameMatch": name}}, mutable, or {@code null} for a null name} (as IOKitLib returns NULL on
     * failure; the last failure says why, with {@code kIOReturnBadArgument}).
     *
     * @param name the service's name.
     */
    public static Map<String, Object> IOServiceNameMatching(String name) {
        return oneKey("IOServiceNameMatching", "IONameMatch", "name", name);
    }

    /**
     * {@return {@code {"IORegistryEntryID": entryID}}, mutable}
     *
     * @param entryID the registry entry ID.
     */
    public static Map<String, Object> IORegistryEntryIDMatching(long entryID) {
        return new java.util.HashMap<>(Map.of("IORegistryEntryID", entryID));
    }

    /**
     * {@code IOServiceGetMatchingService}: the first registered service matching {@code matching}, or 0 (no error
     * code, as on Apple's systems; the last failure says why: e.g. a null or malformed dictionary, or a bad
     * {@code mainPort}, as for {@link #IOServiceGetMatchingServices}).
     *
     * @param mainPort {@code kIOMainPortDefault}, or a main port from {@code IOMainPort}.
     * @param matching the matching dictionary ({@code IOServiceMatching}, {@code IOServiceNameMatching}, …).
     * @return the service's name, released by the caller, or 0.
     */
    public static int IOServiceGetMatchingService(int mainPort, Map<String, Object> matching) {
        return ServiceCalls.getMatchingService(mainPort, matching);
    }

    /**
     * {@code IOServiceGetMatchingServices}: an iterator over every registered service matching. The dictionary is
     * read during the call (a deep copy, as IOKitLib serializes it); a value of a class that is no property-list
     * type becomes the string {@code "typeID <class> not serializable"}, as {@code IOCFSerialize} writes it.
     *
     * @param mainPort {@code kIOMainPortDefault} (0) or this task's main port from {@link #IOMainPort}.
     * @param iterator receives the iterator, an {@code int[1]}.
     * @param matching the matching dictionary ({@code IOServiceMatching}, {@code IOServiceNameMatching}, …).
     * @return {@code kIOReturnSuccess}; {@code MACH_SEND_INVALID_DEST} for a {@code mainPort} name the task does not
     *         hold; {@code kIOReturnNotPrivileged} for a {@code mainPort} naming another object;
     *         {@code kIOReturnBadArgument} for a null dictionary, a null key or value in it, a key that is not a
     *         String, a cycle, or a missing out-array (a key of the wrong type is matched as XNU matches it:
     *         skipped or not matching, docs/properties-and-registry.md).
     */
    public static int IOServiceGetMatchingServices(int mainPort, Map<String, Object> matching, int[] iterator) {
        return ServiceCalls.getMatchingServices("IOServiceGetMatchingServices", mainPort, matching, iterator);
    }

    // ---------------------------------------------------------------- Registry

    /**
     * {@code IORegistryEntryGetName}: the entry's name into {@code name[0]}.
     *
     * @param entry the registry entry: a service, the root, or a connection (a user client is an entry).
     * @param name  receives the name (a {@code String[1]}).
     * @return {@code kIOReturnSuccess}; {@code MACH_SEND_INVALID_DEST} for a name the task does not hold; {@code
     *         kIOReturnBadArgument} for a name of another kind of object or a missing out-array.
     */
    public static int IORegistryEntryGetName(int entry, String[] name) {
        final Failure out = OutParameter.check(name, "name", "String[1]", "the entry's name (io_name_t)");
        if (out != null) {
            return ServiceCalls.checkedKernelCall("IORegistryEntryGetName", out);
        }
        final Caller caller = Caller.current();
        return ServiceCalls.checkedKernelCall("IORegistryEntryGetName",
                caller.kernel().registryEntryGetName(caller.task(), entry, name));
    }

    /**
     * {@code IORegistryEntryGetRegistryEntryID}: the entry's ID into {@code entryID[0]}; 0 there on failure, as
     * IOKitUser's {@code IORegistryEntryGetRegistryEntryID} writes it.
     *
     * @param entry   the registry entry: a service, the root, or a connection (a user client is an entry).
     * @param entryID receives the registry entry ID (a {@code long[1]}); 0 on failure.
     * @return {@code kIOReturnSuccess}, or the failure's code (its explanation is the thread's last failure).
     */
    public static int IORegistryEntryGetRegistryEntryID(int entry, long[] entryID) {
        final Failure out = OutParameter.check(entryID, "entryID", "long[1]", "the registry entry ID");
        final Caller caller = Caller.current();
        final int result = ServiceCalls.checkedKernelCall("IORegistryEntryGetRegistryEntryID",
                out != null ? out : caller.kernel().registryEntryGetID(caller.task(), entry, entryID));
        if (result != kIOReturnSuccess && out == null) {
            entryID[0] = 0; // IOKitLib.c: if (KERN_SUCCESS != kr) *entryID = 0;
        }
        return result;
    }

    /**
     * {@code IORegistryEntryCreateCFProperty} without the allocator and options: a fresh copy of property {@code key},
     * or {@code null}, exactly as {@link PropertyFunctions#IORegistryEntryCreateCFProperty(int, String, Object, int)}.
     *
     * @param entry the registry entry: a service, the root, or a connection (a user client is an entry).
     * @param key   the property's name.
     * @return a fresh copy the caller owns, or {@code null} (the last failure says why).
     */
    public static Object IORegistryEntryCreateCFProperty(int entry, String key) {
        return PropertyCalls.createProperty("IORegistryEntryCreateCFProperty", entry, key);
    }

    // ---------------------------------------------------------------- Connections

    /**
     * {@code IOServiceOpen}: opens a user client of {@code service} ({@code NewUserClient(type)} in the driver).
     *
     * @param owningTask must be {@code mach_task_self()}.
     * @param connect    receives the connection name, an {@code int[1]}.
     * @param service    the service's name (an {@code io_service_t}).
     * @param type       the user client type (the {@code type} the driver's {@code NewUserClient} receives).
     * @return {@code kIOReturnSuccess}; {@code MACH_SEND_INVALID_DEST} for a {@code service} name the task does not
     *         hold; {@code MACH_SEND_INVALID_RIGHT} for an {@code owningTask} name it does not hold (Mach cannot copy
     *         it into the message); {@code kIOReturnBadArgument} for an {@code owningTask} that is
     *         {@code MACH_PORT_NULL} or names anything but the calling task, or a missing out-array; else the
     *         kernel's or the driver's answer ({@code NewUserClient}'s code, {@code kIOReturnNotPermitted}, …).
     */
    public static int IOServiceOpen(int service, int owningTask, int type, int[] connect) {
        final Failure out = OutParameter.check(connect, "connect", "int[1]", "the connection");
        if (out != null) {
            return ServiceCalls.checkedKernelCall("IOServiceOpen", out);
        }
        final Caller caller = Caller.current();
        return ServiceCalls.checkedKernelCall("IOServiceOpen",
                caller.kernel().serviceOpen(caller.task(), service, owningTask, type, connect));
    }

    /**
     * {@code IOServiceClose}: closes the connection (the driver's user client gets {@code Stop}) and releases the
     * name; calls on it afterwards fail with {@code MACH_SEND_INVALID_DEST} (a name kept by {@code IOConnectAddRef}
     * is then a dead name, or, while the connection has memory mapped, answers {@code kIOReturnBadArgument}:
     * {@link ObjectFunctions}). As IOKitLib.c does, the name is released
     * even when the close fails (e.g. {@code MACH_SEND_INVALID_DEST} for a connection whose service terminated), so
     * closing a dead connection leaks nothing; but {@code mach_task_self()} is pinned and stays.
     *
     * @param connect the connection, from {@code IOServiceOpen}.
     * @return {@code kIOReturnSuccess}; {@code MACH_SEND_INVALID_DEST} for a name the task does not hold;
     *         {@code kIOReturnBadArgument} for a name of something other than a connection (whose reference is
     *         released all the same, as in C).
     */
    public static int IOServiceClose(int connect) {
        final Caller caller = Caller.current();
        final Failure failure = caller.kernel().serviceClose(caller.task(), connect);
        final int released = connect == 0 ? kIOReturnSuccess : caller.deallocate(connect);
        if (failure == null) {
            return kIOReturnSuccess;
        }
        return ServiceCalls.checkedKernelCall("IOServiceClose", released != IOReturn.KERN_INVALID_CAPABILITY
                ? failure : new Failure(failure.code(), failure.explanation() + "; and "
                + ServiceCalls.explainRelease("connect", connect, released).explanation()));
    }

    /**
     * {@code IOConnectCallMethod}: the general synchronous call (apple-semantics.md §2).
     *
     * @param connection      the connection, from {@code IOServiceOpen}.
     * @param selector        the external method's number.
     * @param input           the scalar inputs ({@code null} with a count of 0).
     * @param inputCnt        how many scalar inputs to send.
     * @param inputStruct     the structure input ({@code null} with a size of 0); over 4096 bytes it travels as a
     *                    memory descriptor.
     * @param inputStructCnt  the structure input's size in bytes.
     * @param output          receives the scalar outputs ({@code null} with a count of 0).
     * @param outputCnt       in: how many scalar outputs {@code output} holds; out: how many the driver returned (an
     *                  {@code int[1]}).
     * @param outputStruct    receives the structure output ({@code null} with a size of 0); over 4096 bytes the driver
     *                     writes it through a memory descriptor.
     * @param outputStructCnt in: the output buffer's size; out: how many bytes the driver returned (a {@code long[1]}).
     * @return {@code kIOReturnSuccess}, the driver's code, or the failure's code (its explanation is the thread's last
     *         failure).
     */
    public static int IOConnectCallMethod(int connection, int selector, long[] input, int inputCnt,
                                          MemorySegment inputStruct, long inputStructCnt, long[] output,
                                          int[] outputCnt, MemorySegment outputStruct, long[] outputStructCnt) {
        return ConnectCalls.call("IOConnectCallMethod", connection, selector, 0, null, 0, input, inputCnt,
                inputStruct, inputStructCnt, output, outputCnt, outputStruct, outputStructCnt);
    }

    /**
     * {@code IOConnectCallScalarMethod}: scalars only.
     *
     * @param connection the connection, from {@code IOServiceOpen}.
     * @param selector   the external method's number.
     * @param input      the scalar inputs ({@code null} with a count of 0).
     * @param inputCnt   how many scalar inputs to send.
     * @param output     receives the scalar outputs ({@code null} with a count of 0).
     * @param outputCnt  in: how many scalar outputs {@code output} holds; out: how many the driver returned (an {@code
     *                  int[1]}).
     * @return as {@link #IOConnectCallMethod}.
     */
    public static int IOConnectCallScalarMethod(int connection, int selector, long[] input, int inputCnt,
                                                long[] output, int[] outputCnt) {
        return ConnectCalls.call("IOConnectCallScalarMethod", connection, selector, 0, null, 0, input, inputCnt,
                null, 0, output, outputCnt, null, null);
    }

    /**
     * {@code IOConnectCallStructMethod}: structures only.
     *
     * @param connection      the connection, from {@code IOServiceOpen}.
     * @param selector        the external method's number.
     * @param inputStruct     the structure input ({@code null} with a size of 0); over 4096 bytes it travels as a
     *                    memory descriptor.
     * @param inputStructCnt  the structure input's size in bytes.
     * @param outputStruct    receives the structure output ({@code null} with a size of 0); over 4096 bytes the driver
     *                     writes it through a memory descriptor.
     * @param outputStructCnt in: the output buffer's size; out: how many bytes the driver returned (a {@code long[1]}).
     * @return as {@link #IOConnectCallMethod}.
     */
    public static int IOConnectCallStructMethod(int connection, int selector, MemorySegment inputStruct,
                                                long inputStructCnt, MemorySegment outputStruct,
                                                long[] outputStructCnt) {
        return ConnectCalls.call("IOConnectCallStructMethod", connection, selector, 0, null, 0, null, 0,
                inputStruct, inputStructCnt, null, null, outputStruct, outputStructCnt);
    }

    /**
     * {@code IOConnectCallAsyncMethod}: the general asynchronous call. {@code wakePort} must be a port this task
     * receives ({@code IONotificationPortGetMachPort}); {@code MACH_PORT_NULL} (= {@code kIOMainPortDefault}) means
     * "no completion", so a method that needs one fails with {@code kIOReturnBadArgument}.
     *
     * @param connection      the connection, from {@code IOServiceOpen}.
     * @param selector        the external method's number.
     * @param wakePort        the notification port's Mach port ({@code IONotificationPortGetMachPort}), where the
     *                 completion arrives: never the main port.
     * @param reference       the async reference array; {@code reference[kIOAsyncCalloutFuncIndex]} and {@code
     *                  [kIOAsyncCalloutRefconIndex]} name the callback ({@code asyncCallout}) and its refcon.
     * @param referenceCnt    how many words of {@code reference} to send (at most {@code kOSAsyncRefCount}).
     * @param input           the scalar inputs ({@code null} with a count of 0).
     * @param inputCnt        how many scalar inputs to send.
     * @param inputStruct     the structure input ({@code null} with a size of 0); over 4096 bytes it travels as a
     *                    memory descriptor.
     * @param inputStructCnt  the structure input's size in bytes.
     * @param output          receives the scalar outputs ({@code null} with a count of 0).
     * @param outputCnt       in: how many scalar outputs {@code output} holds; out: how many the driver returned (an
     *                  {@code int[1]}).
     * @param outputStruct    receives the structure output ({@code null} with a size of 0); over 4096 bytes the driver
     *                     writes it through a memory descriptor.
     * @param outputStructCnt in: the output buffer's size; out: how many bytes the driver returned (a {@code long[1]}).
     * @return as {@link #IOConnectCallMethod}: the code of the call itself; the completion's code arrives later, on
     *            {@code wakePort}.
     */
    public static int IOConnectCallAsyncMethod(int connection, int selector, int wakePort, long[] reference,
                                               int referenceCnt, long[] input, int inputCnt,
                                               MemorySegment inputStruct, long inputStructCnt, long[] output,
                                               int[] outputCnt, MemorySegment outputStruct, long[] outputStructCnt) {
        return ConnectCalls.call("IOConnectCallAsyncMethod", connection, selector, wakePort, reference, referenceCnt,
                input, inputCnt, inputStruct, inputStructCnt, output, outputCnt, outputStruct, outputStructCnt);
    }

    /**
     * {@code IOConnectCallAsyncScalarMethod}.
     *
     * @param connection   the connection, from {@code IOServiceOpen}.
     * @param selector     the external method's number.
     * @param wakePort     the notification port's Mach port ({@code IONotificationPortGetMachPort}), where the
     *                 completion arrives: never the main port.
     * @param reference    the async reference array; {@code reference[kIOAsyncCalloutFuncIndex]} and {@code
     *                  [kIOAsyncCalloutRefconIndex]} name the callback ({@code asyncCallout}) and its refcon.
     * @param referenceCnt how many words of {@code reference} to send (at most {@code kOSAsyncRefCount}).
     * @param input        the scalar inputs ({@code null} with a count of 0).
     * @param inputCnt     how many scalar inputs to send.
     * @param output       receives the scalar outputs ({@code null} with a count of 0).
     * @param outputCnt    in: how many scalar outputs {@code output} holds; out: how many the driver returned (an
     *                  {@code int[1]}).
     * @return as {@link #IOConnectCallAsyncMethod}.
     */
    public static int IOConnectCallAsyncScalarMethod(int connection, int selector, int wakePort, long[] reference,
                                                     int referenceCnt, long[] input, int inputCnt, long[] output,
                                                     int[] outputCnt) {
        return ConnectCalls.call("IOConnectCallAsyncScalarMethod", connection, selector, wakePort, reference,
                referenceCnt, input, inputCnt, null, 0, output, outputCnt, null, null);
    }

    /**
     * {@code IOConnectCallAsyncStructMethod}.
     *
     * @param connection      the connection, from {@code IOServiceOpen}.
     * @param selector        the external method's number.
     * @param wakePort        the notification port's Mach port ({@code IONotificationPortGetMachPort}), where the
     *                 completion arrives: never the main port.
     * @param reference       the async reference array; {@code reference[kIOAsyncCalloutFuncIndex]} and {@code
     *                  [kIOAsyncCalloutRefconIndex]} name the callback ({@code asyncCallout}) and its refcon.
     * @param referenceCnt    how many words of {@code reference} to send (at most {@code kOSAsyncRefCount}).
     * @param inputStruct     the structure input ({@code null} with a size of 0); over 4096 bytes it travels as a
     *                    memory descriptor.
     * @param inputStructCnt  the structure input's size in bytes.
     * @param outputStruct    receives the structure output ({@code null} with a size of 0); over 4096 bytes the driver
     *                     writes it through a memory descriptor.
     * @param outputStructCnt in: the output buffer's size; out: how many bytes the driver returned (a {@code long[1]}).
     * @return as {@link #IOConnectCallAsyncMethod}.
     */
    public static int IOConnectCallAsyncStructMethod(int connection, int selector, int wakePort, long[] reference,
                                                     int referenceCnt, MemorySegment inputStruct,
                                                     long inputStructCnt, MemorySegment outputStruct,
                                                     long[] outputStructCnt) {
        return ConnectCalls.call("IOConnectCallAsyncStructMethod", connection, selector, wakePort, reference,
                referenceCnt, null, 0, inputStruct, inputStructCnt, null, null, outputStruct, outputStructCnt);
    }

    // ---------------------------------------------------------------- Notification ports

    /**
     * Registers an async completion callback and returns the value to store at
     * {@code reference[kIOAsyncCalloutFuncIndex]}, where a C client stores its function pointer (Java only).
     *
     * <p>The value is never 0; registering the same object again returns the same value while it is held. It is
     * held while a notification port it was used with as a wake port lives; once they are all destroyed it stays
     * valid only as long as the program references {@code callback} (a method reference always is), and
     * {@link AsyncCallouts#release(long)} frees it at once. {@link AsyncCallouts} gives the rules and a one-shot
     * form. Which of the
     * four shapes is called depends on the completion's argument count (apple-semantics.md §4.3); see
     * {@link IOAsyncCallout}.
     *
     * @param callback the callback.
     * @return the value; 0 for a null {@code callback} (what a C cast of a NULL function pointer gives: a
     *         completion carrying it is dropped with an explanation), with the last failure saying so.
     */
    public static long asyncCallout(IOAsyncCallout callback) {
        if (callback == null) {
            Diagnostics.fail("asyncCallout", Failure.of(kIOReturnBadArgument, "callback is null: the value is 0, a"
                    + " NULL function pointer, and a completion carrying it would call nothing"));
            return 0;
        }
        return AsyncCallouts.register(callback);
    }

    /**
     * {@code IONotificationPortCreate}: a new notification port, a receive right in the calling task. Pass its
     * {@linkplain #IONotificationPortGetMachPort Mach port} as {@code wake_port} and attach it to a dispatch queue
     * or run loop, or its completions queue up unseen.
     *
     * @param mainPort {@code kIOMainPortDefault} (0) or a main port name; kept for the notifications that need it.
     * @return the port, or {@code null} if no receive right could be allocated (the last failure says why).
     */
    public static IONotificationPortRef IONotificationPortCreate(int mainPort) {
        return NotificationPorts.create(Caller.current(), mainPort);
    }

    /**
     * {@code IONotificationPortGetMachPort}: the port's receive-right name, the value to pass as {@code wake_port}
     * (apple-semantics.md §7: not {@code kIOMainPortDefault}). The caller must not deallocate it.
     *
     * @param notify the notification port, from {@code IONotificationPortCreate}.
     * @return the name, or 0 for a null {@code notify}.
     */
    public static int IONotificationPortGetMachPort(IONotificationPortRef notify) {
        return NotificationPorts.machPort(notify);
    }

    /**
     * {@code IONotificationPortSetDispatchQueue}: delivers the port's messages as work on {@code queue}, in
     * arrival order; {@code null} detaches (messages then stay queued on the port). Replacing a queue cancels the
     * old attachment first; messages queued meanwhile go to the new queue. A null or destroyed {@code notify}, or
     * a closed {@code queue} (in C, a released one), changes nothing and is recorded as the last failure with
     * {@code kIOReturnBadArgument}.
     *
     * @param notify the notification port, from {@code IONotificationPortCreate}.
     * @param queue  the dispatch queue.
     */
    public static void IONotificationPortSetDispatchQueue(IONotificationPortRef notify, DispatchQueue queue) {
        NotificationPorts.setDispatchQueue(notify, queue);
    }

    /**
     * {@code IONotificationPortGetRunLoopSource}: the port's run loop source, created on the first call and the
     * same object afterwards. The caller must not release it.
     *
     * @param notify the notification port, from {@code IONotificationPortCreate}.
     * @return the source, or {@code null} for a null or destroyed port (the last failure says which).
     */
    public static CFRunLoopSource IONotificationPortGetRunLoopSource(IONotificationPortRef notify) {
        return NotificationPorts.runLoopSource(notify);
    }

    /**
     * {@code IONotificationPortDestroy}: detaches the port from its queue and run loops and destroys its receive
     * right. Completions still queued are dropped (and counted in {@link IONotificationPortRef#counters()});
     * completions sent afterwards fail at the sender with {@code MACH_SEND_INVALID_DEST}. A second call does
     * nothing.
     *
     * @param notify the notification port, from {@code IONotificationPortCreate}.
     */
    public static void IONotificationPortDestroy(IONotificationPortRef notify) {
        NotificationPorts.destroy(notify);
    }

    /**
     * {@code IODispatchCalloutFromMessage}: the port's dispatcher, for a client that receives messages itself
     * (e.g. with {@code IpcSpace.receive}). Consumes {@code msg}. Messages other than IOKit notifications are
     * ignored silently, as IOKitLib does.
     *
     * @param unused ignored, as in C.
     * @param notify the port the message came from, for its counters; may be {@code null}.
     * @param msg    the message received on the port.
     */
    public static void IODispatchCalloutFromMessage(Object unused, MachMessage msg, IONotificationPortRef notify) {
        if (msg == null) {
            Diagnostics.fail("IODispatchCalloutFromMessage", Failure.of(kIOReturnBadArgument, "msg is null"));
            return;
        }
        CompletionDispatcher.dispatch(notify, msg);
    }

    // ---------------------------------------------------------------- Memory mapping

    /**
     * {@code IOConnectMapMemory64}: maps the memory the driver shares for {@code memoryType}
     * ({@code CopyClientMemoryForType}) into {@code intoTask}; its address goes into {@code address[0]} and its length
     * into {@code size[0]}. Reach the bytes with {@link #IOConnectMappedSegment}. The same type maps the same memory
     * at the same address; the mapping is torn down by {@link #IOConnectUnmapMemory64} or when the connection closes.
     * Read-only is the driver's choice ({@code kIOUserClientMemoryReadOnly}): writes then throw.
     *
     * @param intoTask   {@code mach_task_self()}.
     * @param options    {@code kIOMapAnywhere}.
     * @param connect    the connection, from {@code IOServiceOpen}.
     * @param memoryType the type the driver's {@code CopyClientMemoryForType} is asked for.
     * @param address    receives the mapping's address (a {@code long[1]}).
     * @param size       receives the mapping's length (a {@code long[1]}).
     * @return {@code kIOReturnSuccess}; {@code kIOReturnBadArgument} for every refusal (the driver's real code and
     *         reason are in {@link org.iokit4j.Diagnostics#lastFailure()}); {@code MACH_SEND_INVALID_DEST} for a closed
     *         connection; {@code MACH_SEND_INVALID_RIGHT} for an {@code intoTask} name the task does not hold.
     */
    public static int IOConnectMapMemory64(int connect, int memoryType, int intoTask, long[] address, long[] size,
                                           int options) {
        return MemoryCalls.map("IOConnectMapMemory64", connect, memoryType, intoTask, address, size, options);
    }

    /**
     * {@code IOConnectUnmapMemory64}: undoes one {@link #IOConnectMapMemory64} of {@code memoryType} at
     * {@code address}; segments of the mapping become inaccessible once the last map is undone.
     *
     * @param connect    the connection, from {@code IOServiceOpen}.
     * @param memoryType the type the driver's {@code CopyClientMemoryForType} is asked for.
     * @param fromTask   {@code mach_task_self()}.
     * @param address    the mapping's address.
     * @return {@code kIOReturnSuccess}, or {@code kIOReturnBadArgument} for an address that is not mapped.
     */
    public static int IOConnectUnmapMemory64(int connect, int memoryType, int fromTask, long address) {
        return MemoryCalls.unmap("IOConnectUnmapMemory64", connect, memoryType, fromTask, address);
    }

    /**
     * {@code IOConnectMapMemory}: on a 64-bit process IOKitUser's {@code IOConnectMapMemory} is
     * {@link #IOConnectMapMemory64} ({@code vm_address_t} and {@code mach_vm_address_t} are both 64 bits, and both
     * send {@code io_connect_map_memory_into_task}).
     *
     * @param connect    the connection, from {@code IOServiceOpen}.
     * @param memoryType the type the driver's {@code CopyClientMemoryForType} is asked for.
     * @param intoTask   {@code mach_task_self()}.
     * @param address    receives the mapping's address (a {@code long[1]}).
     * @param size       receives the mapping's length (a {@code long[1]}).
     * @param options    {@code kIOMapAnywhere}.
     * @return as {@link #IOConnectMapMemory64}.
     */
    public static int IOConnectMapMemory(int connect, int memoryType, int intoTask, long[] address, long[] size,
                                         int options) {
        return MemoryCalls.map("IOConnectMapMemory", connect, memoryType, intoTask, address, size, options);
    }

    /**
     * {@code IOConnectUnmapMemory}: {@link #IOConnectUnmapMemory64} on a 64-bit process, as in IOKitUser.
     *
     * @param connect    the connection, from {@code IOServiceOpen}.
     * @param memoryType the type the driver's {@code CopyClientMemoryForType} is asked for.
     * @param fromTask   {@code mach_task_self()}.
     * @param address    the mapping's address.
     * @return as {@link #IOConnectUnmapMemory64}.
     */
    public static int IOConnectUnmapMemory(int connect, int memoryType, int fromTask, long address) {
        return MemoryCalls.unmap("IOConnectUnmapMemory", connect, memoryType, fromTask, address);
    }

    /**
     * {@return the bytes {@code [address, address + size)} of a mapping {@link #IOConnectMapMemory64} made, or
     * {@code null} (with the last failure set) if no live mapping covers them} (Java only: a Java caller cannot
     * dereference an address). The segment stops being accessible when the mapping goes away.
     *
     * @param connect the connection, from {@code IOServiceOpen}.
     * @param address an address inside the mapping.
     * @param size    how many bytes from there.
     */
    public static MemorySegment IOConnectMappedSegment(int connect, long address, long size) {
        return MemoryCalls.segment(connect, address, size);
    }

    // ---------------------------------------------------------------- Matching and interest notifications

    /**
     * {@code IOServiceAddMatchingNotification}: looks up the services matching {@code matching} and installs a
     * notification of {@code notificationType} ({@link #kIOPublishNotification}, {@link #kIOFirstPublishNotification},
     * {@link #kIOMatchedNotification}, {@link #kIOFirstMatchNotification}, {@link #kIOTerminatedNotification}).
     *
     * <p>{@code notification[0]} receives an iterator holding the services already matching (none for
     * terminated). <b>Drain it once</b> with {@link #IOIteratorNext} (releasing each service): that arms the
     * notification. Later services queue on the iterator and one message wakes the port; {@code callback} then runs
     * on the port's queue or run loop and must drain again. {@link #IOObjectRelease} on the iterator removes the
     * notification. {@code matching} is read during the call; the caller may reuse it.
     *
     * @param notifyPort       the notification port, from {@code IONotificationPortCreate}.
     * @param notificationType which: {@code kIOFirstMatchNotification}, {@code kIOMatchedNotification}, {@code
     *                         kIOPublishNotification} or {@code kIOTerminatedNotification}.
     * @param matching         the matching dictionary ({@code IOServiceMatching}, {@code IOServiceNameMatching}, …).
     * @param callback         the callback.
     * @param refcon           a value passed back to the callback.
     * @param notification     receives the notification's iterator or object (an {@code int[1]}), released by the
     *                     caller.
     * @return {@code kIOReturnSuccess}; {@code kIOReturnUnsupported} for an unknown type; {@code kIOReturnBadArgument}
     *         for a null or malformed dictionary, a null callback, a null or destroyed port, or a missing out-array.
     */
    public static int IOServiceAddMatchingNotification(IONotificationPortRef notifyPort, String notificationType,
                                                       Map<String, Object> matching, IOServiceMatchingCallback callback,
                                                       long refcon, int[] notification) {
        return ServiceNotifications.addMatching(notifyPort, notificationType, matching, callback, refcon,
                notification);
    }

    /**
     * {@code IOServiceAddInterestNotification}: installs a notification of messages about {@code service}
     * ({@link #kIOGeneralInterest}), e.g. {@link #kIOMessageServiceIsTerminated}. {@code callback} runs on the port's
     * queue or run loop with a name for the service that is released after it returns. {@link #IOObjectRelease} on
     * {@code notification[0]} removes the notification.
     *
     * @param notifyPort   the notification port, from {@code IONotificationPortCreate}.
     * @param service      the service's name (an {@code io_service_t}).
     * @param interestType {@code kIOGeneralInterest}, or another interest type.
     * @param callback     the callback.
     * @param refcon       a value passed back to the callback.
     * @param notification receives the notification's iterator or object (an {@code int[1]}), released by the caller.
     * @return {@code kIOReturnSuccess}; {@code kIOReturnUnsupported} for another interest type;
     *         {@code kIOReturnNoDevice} for a terminated service; {@code MACH_SEND_INVALID_DEST} for a service name
     *         that is not live; {@code kIOReturnBadArgument} as for matching notifications.
     */
    public static int IOServiceAddInterestNotification(IONotificationPortRef notifyPort, int service,
                                                       String interestType, IOServiceInterestCallback callback,
                                                       long refcon, int[] notification) {
        return ServiceNotifications.addInterest(notifyPort, service, interestType, callback, refcon, notification);
    }

    // ---------------------------------------------------------------- Helpers

    private static Map<String, Object> oneKey(String function, String key, String parameter, String value) {
        if (value == null) {
            Diagnostics.fail(function, Failure.of(kIOReturnBadArgument, "%s is null: no dictionary is made (NULL,"
                    + " IOKitLib's failure value; in C, CFStringCreateWithCString would crash)", parameter));
            return null;
        }
        final Map<String, Object> matching = new java.util.HashMap<>();
        matching.put(key, value);
        return matching;
    }
}
