package org.iokit4j.iokitlib;

import java.lang.foreign.MemorySegment;
import java.util.Map;
import org.iokit4j.Diagnostics;
import org.iokit4j.Failure;
import org.iokit4j.IOReturn;
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
 * <p>The functions are declared by area so no file grows past reading: this class holds the constants, ports,
 * services, matching and memory mapping; it inherits the call family ({@link CallFunctions}), notification ports and
 * notifications ({@link NotificationFunctions}), the object functions ({@link ObjectFunctions}), properties
 * ({@link PropertyFunctions}), the registry ({@link RegistryFunctions}) and serialisation
 * ({@link SerializeFunctions}). {@code IOKitLib.X} and the static import reach them all.
 *
 * <p><b>Concurrency.</b> Every function is thread-safe. The call family blocks until the driver's external
 * method returns (it runs on the driver's queue, on this thread when that queue is idle).
 */
public final class IOKitLib extends CallFunctions {
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
