package org.iokit4j.mig;

import java.lang.foreign.MemorySegment;
import java.util.Map;
import org.iokit4j.Failure;
import org.iokit4j.IOReturn;
import org.iokit4j.mach.MachTask;
import org.iokit4j.mach.ReceiveRight;
import org.iokit4j.mach.TaskHandle;

/**
 * The kernel as a client task reaches it: IOKit's MIG routines ({@code osfmk/device/device.defs}).
 *
 * <p>This is the one boundary between an app task and the kernel (issue 9): every interaction is a routine whose
 * arguments and results are plain values (the task's {@link TaskHandle}, names from its space, bytes, codes with
 * their explanations). A task's name space lives on the kernel's side; the task allocates, deallocates and destroys
 * names through the {@code port…} routines and reads its receive rights through {@link ReceiveRight}s. Every routine
 * answers {@code null} on success or a {@link Failure} (Apple's code plus why) and writes results into out-arrays,
 * as MIG does; the {@code port…} routines answer Mach's {@code kern_return_t} as {@code mach_port_*} do. No routine
 * throws for bad input and no exception crosses from the kernel into the caller.
 *
 * <p>Carriers: the embedded kernel implements this interface directly (a call is a trap, on the caller's thread;
 * the default {@code port…} methods act on its {@link MachTask}s); the daemon carrier ({@code unix:PATH}) implements
 * it as a proxy over a socket. Client code cannot tell which. Memory crosses as segments the carrier makes
 * reachable on the other side ({@link MethodCall}).
 *
 * <p><b>Concurrency.</b> Implementations are thread-safe.
 */
public interface IOKitServer extends IOKitRegistryServer, IOKitObjectServer {

    /** {@return the process's own client task in this kernel: what {@code mach_task_self()} is by default} */
    TaskHandle defaultTask();

    /**
     * Creates a new client task, as a new app process would be.
     *
     * @param entitlements the app's entitlements, e.g. {@code com.apple.developer.driverkit.userclient-access}.
     * @param name         the task's name, in explanations.
     * @return the new task's handle.
     */
    TaskHandle createTask(String name, Map<String, Object> entitlements);

    /**
     * {@code IOMainPort}: a send right to the kernel's main device port, named in {@code task}'s space.
     *
     * @param task the calling task.
     * @param port receives the main port's name (an {@code int[1]}).
     * @return {@code null}, or the routine's failure with its explanation.
     */
    Failure mainPort(TaskHandle task, int[] port);

    /**
     * {@code io_service_get_matching_services}: an iterator over the registered services that match.
     *
     * @param task     the calling task.
     * @param matching the matching dictionary.
     * @param iterator receives the iterator's name (an {@code int[1]}).
     * @return {@code null}, or the routine's failure with its explanation.
     */
    Failure getMatchingServices(TaskHandle task, Map<String, Object> matching, int[] iterator);

    /**
     * {@code io_iterator_next}: the next object's name in {@code task}'s space, or 0 at the end.
     *
     * @param task     the calling task.
     * @param iterator the task's name for the iterator.
     * @param object   receives the next object's name, or 0 at the end (an {@code int[1]}).
     * @return {@code null}, or the routine's failure with its explanation.
     */
    Failure iteratorNext(TaskHandle task, int iterator, int[] object);

    /**
     * {@code io_iterator_reset}: starts the iteration again.
     *
     * @param task     the calling task.
     * @param iterator the task's name for the iterator.
     * @return {@code null}, or the routine's failure with its explanation.
     */
    Failure iteratorReset(TaskHandle task, int iterator);

    /**
     * {@code io_registry_entry_get_name}.
     *
     * @param task  the calling task.
     * @param entry the task's name for the registry entry.
     * @param name  receives the name (a {@code String[1]}).
     * @return {@code null}, or the routine's failure with its explanation.
     */
    Failure registryEntryGetName(TaskHandle task, int entry, String[] name);

    /**
     * {@code io_registry_entry_get_property}: a copy of the property, or {@code null} if the entry has none.
     *
     * @param task  the calling task.
     * @param entry the task's name for the registry entry.
     * @param key   the property's name.
     * @param value receives a fresh copy of the value (an {@code Object[1]}).
     * @return {@code null}, or the routine's failure with its explanation.
     */
    Failure registryEntryGetProperty(TaskHandle task, int entry, String key, Object[] value);

    /**
     * {@code io_registry_entry_get_registry_entry_id}.
     *
     * @param task  the calling task.
     * @param entry the task's name for the registry entry.
     * @param id    receives the registry entry ID (a {@code long[1]}).
     * @return {@code null}, or the routine's failure with its explanation.
     */
    Failure registryEntryGetID(TaskHandle task, int entry, long[] id);

    /**
     * {@code io_object_get_class}: the kernel class name ({@code IOClass}) of the object.
     *
     * @param task      the calling task.
     * @param object    the task's name for the object.
     * @param className receives the class name (a {@code String[1]}).
     * @return {@code null}, or the routine's failure with its explanation.
     */
    Failure objectGetClass(TaskHandle task, int object, String[] className);

    /**
     * {@code io_service_open_extended}: a new user client of {@code service}; its connect name.
     *
     * @param task       the calling task.
     * @param service    the task's name for the service.
     * @param owningTask the task's name for the task that will own the connection.
     * @param type       the user client type ({@code NewUserClient}'s {@code type}).
     * @param connect    receives the connection's name (an {@code int[1]}).
     * @return {@code null}, or the routine's failure with its explanation.
     */
    Failure serviceOpen(TaskHandle task, int service, int owningTask, int type, int[] connect);

    /**
     * {@code io_service_close}: closes the user client (its {@code Stop} follows).
     *
     * @param task    the calling task.
     * @param connect the task's name for the connection.
     * @return {@code null}, or the routine's failure with its explanation.
     */
    Failure serviceClose(TaskHandle task, int connect);

    /**
     * {@code io_connect_method} / {@code io_connect_async_method}: routes {@code call} to the user client's
     * {@code ExternalMethod} and fills {@code reply}.
     *
     * @param task    the calling task.
     * @param connect the task's name for the connection.
     * @param call    the call.
     * @param reply   the reply being built.
     */
    void connectMethod(TaskHandle task, int connect, MethodCall call, MethodReply reply);

    /**
     * {@code io_connect_map_memory_into_task} (apple-semantics.md §6.5): asks the user client's driver for memory of
     * {@code memoryType} ({@code CopyClientMemoryForType}) and maps it into {@code task}; the address goes into
     * {@code address[0]}, the length into {@code size[0]}. Mapping the same memory again answers the same mapping.
     *
     * @param intoTask   must name {@code task} itself ({@code mach_task_self()}), else {@code kIOReturnBadArgument}.
     * @param options    {@code kIOMapAnywhere} and the other user bits ({@code 0xFFF}); read-only is the driver's
     *                   choice ({@code kIOUserClientMemoryReadOnly}).
     * @param task       the calling task.
     * @param connect    the task's name for the connection.
     * @param memoryType the memory type the driver is asked for.
     * @param address    receives the mapping's address (a {@code long[1]}).
     * @param size       receives the mapping's length (a {@code long[1]}).
     * @return {@code null}, or a failure: {@code kIOReturnBadArgument} for every refusal (the driver's own code and
     *         reason are in the explanation, §6.5 step 5); {@code MACH_SEND_INVALID_DEST} for a dead connection.
     */
    Failure connectMapMemory(TaskHandle task, int connect, int memoryType, int intoTask, long[] address, long[] size,
                             int options);

    /**
     * {@code io_connect_unmap_memory_from_task}: undoes one {@link #connectMapMemory} of {@code memoryType} at
     * {@code address}; the last one unmaps it from {@code task}.
     *
     * @param task       the calling task.
     * @param connect    the task's name for the connection.
     * @param memoryType the memory type the driver is asked for.
     * @param fromTask   the task's name for itself.
     * @param address    an address in the task's map.
     * @return {@code null}, or {@code kIOReturnBadArgument} if no such mapping exists (never mapped, already
     *         unmapped, another type, or torn down because the connection closed).
     */
    Failure connectUnmapMemory(TaskHandle task, int connect, int memoryType, int fromTask, long address);

    /**
     * {@code io_service_add_notification_bin_64}: a matching notification of kind {@code type}
     * ({@code IOServicePublish}, {@code IOServiceFirstPublish}, {@code IOServiceMatched}, {@code IOServiceFirstMatch},
     * {@code IOServiceTerminate}) for services matching {@code matching} (copied: the caller may reuse it). The
     * returned name is the notification object and its iterator: it holds the services already matching (publish
     * and matched kinds) and must be drained once to arm the notification; releasing it removes the notification.
     *
     * @param wakePort     the notification port's receive right in {@code task} (the kernel makes a send right).
     * @param reference    the async reference, 1..8 slots (slot 1 callout, slot 2 refcon).
     * @param task         the calling task.
     * @param type         the notification type, e.g. {@code IOServiceFirstMatch}.
     * @param matching     the matching dictionary.
     * @param notification receives the notification's name in the task (an {@code int[1]}).
     * @return {@code null}; {@code kIOReturnUnsupported} for an unknown type; {@code kIOReturnBadArgument} for a
     *         null or malformed dictionary or reference; {@code MACH_SEND_INVALID_RIGHT} for a wake port that is not
     *         a receive right of the task.
     */
    Failure serviceAddNotification(TaskHandle task, String type, Map<String, Object> matching, int wakePort,
                                   long[] reference, int[] notification);

    /**
     * {@code io_service_add_interest_notification_64}: messages about {@code service} ({@code IOGeneralInterest}),
     * each a complex message carrying the service; releasing the returned name removes the notification.
     *
     * @param task         the calling task.
     * @param service      the task's name for the service.
     * @param type         the interest type, e.g. {@code IOGeneralInterest}.
     * @param wakePort     the task's name for the port notifications are sent to.
     * @param reference    the async reference the messages carry back.
     * @param notification receives the notification's name in the task (an {@code int[1]}).
     * @return {@code null}; {@code kIOReturnUnsupported} for an unknown interest type; {@code MACH_SEND_INVALID_DEST}
     *         or {@code kIOReturnBadArgument} for a bad service name; {@code MACH_SEND_INVALID_RIGHT} for a bad wake
     *         port.
     */
    Failure serviceAddInterestNotification(TaskHandle task, int service, String type, int wakePort,
                                           long[] reference, int[] notification);

    /**
     * {@return what a routine this kernel does not implement answers: {@code kIOReturnUnsupported} and why} A kernel
     * that answers every routine alike (one that could not boot) overrides it.
     *
     * @param routine the MIG routine's name.
     */
    @Override
    default Failure unanswered(String routine) {
        return Failure.of(IOReturn.kIOReturnUnsupported, "%s cannot answer %s", this, routine);
    }

    // ---- what tools read ----

    /**
     * {@return the kernel's boot problems (bundles that did not load, drivers that did not start): a copy}
     *
     * @param task the calling task.
     */
    default java.util.List<Failure> problems(TaskHandle task) {
        return java.util.List.of();
    }

    // ---- port operations: the task's own name space (mach_port_*), and its address map ----

    /**
     * {@code mach_port_allocate(MACH_PORT_RIGHT_RECEIVE)}: a new port whose receive right the task holds.
     *
     * @param right receives the right; its {@link ReceiveRight#name()} is the new name.
     * @param task  the calling task.
     * @return {@code KERN_SUCCESS}, or {@code KERN_RESOURCE_SHORTAGE} if the task has terminated (or the daemon is
     *         unreachable).
     */
    default int portAllocateReceive(TaskHandle task, ReceiveRight[] right) {
        try {
            final org.iokit4j.mach.IpcSpace space = localTask(task).space();
            right[0] = space.receiveRight(space.allocateReceive());
            return IOReturn.kIOReturnSuccess;
        } catch (IllegalStateException terminated) {
            return IOReturn.KERN_RESOURCE_SHORTAGE;
        }
    }

    /**
     * {@return the receive right {@code name} of the task, or {@code null} if it holds none by that name}
     *
     * @param task the calling task.
     * @param name the name in the task's space.
     */
    default ReceiveRight portReceiveRight(TaskHandle task, int name) {
        return localTask(task).space().receiveRight(name);
    }

    /**
     * {@code mach_port_deallocate}: drops one user reference of the send right or dead name {@code name}.
     *
     * @param task the calling task.
     * @param name the name in the task's space.
     * @return {@code KERN_SUCCESS}, {@code KERN_INVALID_NAME}, {@code KERN_INVALID_RIGHT} or
     *         {@code KERN_INVALID_CAPABILITY} (the last reference of {@code mach_task_self()}).
     */
    default int portDeallocate(TaskHandle task, int name) {
        return localTask(task).space().deallocate(name);
    }

    /**
     * {@code mach_port_mod_refs(MACH_PORT_RIGHT_RECEIVE, -1)}: destroys the receive right {@code name}; queued
     * messages are dropped and every sender's name for the port becomes a dead name.
     *
     * @param task the calling task.
     * @param name the name in the task's space.
     * @return {@code KERN_SUCCESS}, {@code KERN_INVALID_NAME} or {@code KERN_INVALID_RIGHT}.
     */
    default int portDestroyReceive(TaskHandle task, int name) {
        return localTask(task).space().destroyReceive(name);
    }

    /**
     * {@code mach_port_type}: the {@code MACH_PORT_TYPE_*} bits of {@code name}, 0 if the task has no such name.
     *
     * @param task the calling task.
     * @param name the name in the task's space.
     * @return the right's type bits ({@code MACH_PORT_TYPE_*}), or 0 for a name the task does not hold.
     */
    default int portType(TaskHandle task, int name) {
        return localTask(task).space().type(name);
    }

    /**
     * {@code mach_port_get_refs(MACH_PORT_RIGHT_SEND)}: the send right's user references, 0 if none.
     *
     * @param task the calling task.
     * @param name the name in the task's space.
     * @return how many user references the task holds on the send right, or 0.
     */
    default int portSendRefs(TaskHandle task, int name) {
        return localTask(task).space().sendUserRefs(name);
    }

    /**
     * The task's bytes {@code [address, address + size)} of a mapping it holds ({@link #connectMapMemory}), as a
     * segment in the caller's process.
     *
     * @param task    the calling task.
     * @param address an address in the task's map.
     * @param size    the length in bytes.
     * @param bytes   the message's bytes.
     * @return {@code null}, or {@code kIOReturnBadArgument} if no mapping of the task covers the range.
     */
    default Failure vmResolve(TaskHandle task, long address, long size, MemorySegment[] bytes) {
        final MemorySegment found = localTask(task).vm().resolve(address, size);
        if (found == null) {
            return Failure.of(IOReturn.kIOReturnBadArgument, "address=0x%x, size=%d is not inside a mapping %s"
                    + " holds (IOConnectMapMemory64)", address, size, task.name());
        }
        bytes[0] = found;
        return null;
    }

    /**
     * Allocates {@code size} bytes the task shares with drivers without a copy, whichever carrier: embedded, a
     * shared-memory region of this process; over the daemon carrier, a region of the daemon's that both processes
     * map, which a call names instead of staging it. Give it back with {@link #memoryRelease}.
     *
     * @param memory receives the bytes, zero-filled, mapped read-write in this process.
     * @param task   the calling task.
     * @param size   the length in bytes.
     * @return {@code null}, or {@code kIOReturnBadArgument} for a size outside 1..4 GiB, {@code kIOReturnNoMemory}.
     */
    default Failure memoryAllocate(TaskHandle task, long size, MemorySegment[] memory) {
        try {
            memory[0] = AppBuffers.allocate(size);
            return null;
        } catch (org.iokit4j.IOReturnException refused) {
            return refused.failure();
        }
    }

    /**
     * Gives back memory from {@link #memoryAllocate}: it is unmapped here (the segment is no longer accessible) and
     * freed once no driver holds it.
     *
     * @param task   the calling task.
     * @param memory the shared memory.
     * @return {@code null}, or {@code kIOReturnBadArgument} if {@code memory} is not such memory (or was given back).
     */
    default Failure memoryRelease(TaskHandle task, MemorySegment memory) {
        return AppBuffers.release(memory) ? null : Failure.of(IOReturn.kIOReturnBadArgument, "memory=%s is not"
                + " memory this task allocated with memoryAllocate, or it was given back already", memory);
    }

    // ---- objects and connections (issue 11): io_object_*, io_iterator_is_valid, io_connect_*, busy state ----

    /**
     * {@code mach_port_mod_refs}: adds {@code delta} user references to right {@code right} of {@code name}
     * ({@code IOObjectRetain}, {@code IOConnectAddRef}, {@code IOConnectRelease}).
     *
     * @param task  the calling task.
     * @param name  the name in the task's space.
     * @param right the send right.
     * @param delta the change to the user reference count.
     * @return Mach's answer, as {@link org.iokit4j.mach.IpcSpace#modRefs} gives it: {@code KERN_SUCCESS},
     *         {@code KERN_INVALID_NAME}, {@code KERN_INVALID_RIGHT}, {@code KERN_INVALID_VALUE} or
     *         {@code KERN_INVALID_CAPABILITY}.
     */
    default int portModRefs(TaskHandle task, int name, int right, int delta) {
        return localTask(task).space().modRefs(name, right, delta);
    }

    /**
     * {@return {@code task} as this JVM's {@link MachTask}} What the default {@code port…} routines act on: the
     * embedded kernel's handles are its tasks.
     *
     * @param task the calling task.
     * @throws IllegalArgumentException if {@code task} is not a task of this JVM (a carrier overrides the routines).
     */
    static MachTask localTask(TaskHandle task) {
        if (task instanceof MachTask machTask) {
            return machTask;
        }
        throw new IllegalArgumentException("task=" + task + " is not a task of this kernel");
    }
}
