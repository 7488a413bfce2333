package org.iokit4j.mig;

import java.util.Map;
import org.iokit4j.Failure;
import org.iokit4j.mach.MachTask;

/**
 * The kernel as a client task reaches it: IOKit's MIG routines ({@code osfmk/device/device.defs}).
 *
 * <p>Every routine takes the calling task and names from that task's space, answers {@code null} on success
 * or a {@link Failure} (Apple's code plus why), and writes results into out-arrays, as MIG does. No
 * routine throws for bad input and no exception crosses from the kernel into the caller.
 *
 * <p>The embedded kernel implements this interface directly (a call is a trap, on the caller's thread); a
 * daemon transport implements it as a proxy. Client code cannot tell which.
 *
 * <p><b>Concurrency.</b> Implementations are thread-safe.
 */
public interface IOKitServer {

    /** {@return the process's own client task in this kernel: what {@code mach_task_self()} is by default} */
    MachTask defaultTask();

    /**
     * Creates a new client task, as a new app process would be.
     *
     * @param entitlements the app's entitlements, e.g. {@code com.apple.developer.driverkit.userclient-access}.
     */
    MachTask createTask(String name, Map<String, Object> entitlements);

    /** {@code IOMainPort}: a send right to the kernel's main device port, named in {@code task}'s space. */
    Failure mainPort(MachTask task, int[] port);

    /** {@code io_service_get_matching_services}: an iterator over the registered services that match. */
    Failure getMatchingServices(MachTask task, Map<String, Object> matching, int[] iterator);

    /** {@code io_iterator_next}: the next object's name in {@code task}'s space, or 0 at the end. */
    Failure iteratorNext(MachTask task, int iterator, int[] object);

    /** {@code io_iterator_reset}: starts the iteration again. */
    Failure iteratorReset(MachTask task, int iterator);

    /** {@code io_registry_entry_get_name}. */
    Failure registryEntryGetName(MachTask task, int entry, String[] name);

    /** {@code io_registry_entry_get_property}: a copy of the property, or {@code null} if the entry has none. */
    Failure registryEntryGetProperty(MachTask task, int entry, String key, Object[] value);

    /** {@code io_registry_entry_get_registry_entry_id}. */
    Failure registryEntryGetID(MachTask task, int entry, long[] id);

    /** {@code io_object_get_class}: the kernel class name ({@code IOClass}) of the object. */
    Failure objectGetClass(MachTask task, int object, String[] className);

    /** {@code io_service_open_extended}: a new user client of {@code service}; its connect name. */
    Failure serviceOpen(MachTask task, int service, int owningTask, int type, int[] connect);

    /** {@code io_service_close}: closes the user client (its {@code Stop} follows). */
    Failure serviceClose(MachTask task, int connect);

    /**
     * {@code io_connect_method} / {@code io_connect_async_method}: routes {@code call} to the user client's
     * {@code ExternalMethod} and fills {@code reply}.
     */
    void connectMethod(MachTask task, int connect, MethodCall call, MethodReply reply);

    /**
     * {@code io_connect_map_memory_into_task} (apple-semantics.md §6.5): asks the user client's driver for memory of
     * {@code memoryType} ({@code CopyClientMemoryForType}) and maps it into {@code task}; the address goes into
     * {@code address[0]}, the length into {@code size[0]}. Mapping the same memory again answers the same mapping.
     *
     * @param intoTask must name {@code task} itself ({@code mach_task_self()}), else {@code kIOReturnBadArgument}.
     * @param options  {@code kIOMapAnywhere} and the other user bits ({@code 0xFFF}); read-only is the driver's
     *                 choice ({@code kIOUserClientMemoryReadOnly}).
     * @return {@code null}, or a failure: {@code kIOReturnBadArgument} for every refusal (the driver's own code and
     *         reason are in the explanation, §6.5 step 5); {@code MACH_SEND_INVALID_DEST} for a dead connection.
     */
    Failure connectMapMemory(MachTask task, int connect, int memoryType, int intoTask, long[] address, long[] size,
                             int options);

    /**
     * {@code io_connect_unmap_memory_from_task}: undoes one {@link #connectMapMemory} of {@code memoryType} at
     * {@code address}; the last one unmaps it from {@code task}.
     *
     * @return {@code null}, or {@code kIOReturnBadArgument} if no such mapping exists (never mapped, already
     *         unmapped, another type, or torn down because the connection closed).
     */
    Failure connectUnmapMemory(MachTask task, int connect, int memoryType, int fromTask, long address);

    /**
     * {@code io_service_add_notification_bin_64}: a matching notification of kind {@code type}
     * ({@code IOServicePublish}, {@code IOServiceFirstPublish}, {@code IOServiceMatched}, {@code IOServiceFirstMatch},
     * {@code IOServiceTerminate}) for services matching {@code matching} (copied: the caller may reuse it). The
     * returned name is the notification object and its iterator: it holds the services already matching (publish
     * and matched kinds) and must be drained once to arm the notification; releasing it removes the notification.
     *
     * @param wakePort  the notification port's receive right in {@code task} (the kernel makes a send right).
     * @param reference the async reference, 1..8 slots (slot 1 callout, slot 2 refcon).
     * @return {@code null}; {@code kIOReturnUnsupported} for an unknown type; {@code kIOReturnBadArgument} for a
     *         null or malformed dictionary or reference; {@code MACH_SEND_INVALID_RIGHT} for a wake port that is not
     *         a receive right of the task.
     */
    default Failure serviceAddNotification(MachTask task, String type, Map<String, Object> matching, int wakePort,
                                           long[] reference, int[] notification) {
        return Failure.of(org.iokit4j.IOReturn.kIOReturnUnsupported, "this kernel (%s) has no matching notifications",
                getClass().getSimpleName());
    }

    /**
     * {@code io_service_add_interest_notification_64}: messages about {@code service} ({@code IOGeneralInterest}),
     * each a complex message carrying the service; releasing the returned name removes the notification.
     *
     * @return {@code null}; {@code kIOReturnUnsupported} for an unknown interest type; {@code MACH_SEND_INVALID_DEST}
     *         or {@code kIOReturnBadArgument} for a bad service name; {@code MACH_SEND_INVALID_RIGHT} for a bad wake
     *         port.
     */
    default Failure serviceAddInterestNotification(MachTask task, int service, String type, int wakePort,
                                                   long[] reference, int[] notification) {
        return Failure.of(org.iokit4j.IOReturn.kIOReturnUnsupported, "this kernel (%s) has no interest notifications",
                getClass().getSimpleName());
    }
}
