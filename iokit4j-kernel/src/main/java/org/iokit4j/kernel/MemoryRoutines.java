package org.iokit4j.kernel;

import static org.iokit4j.IOReturn.kIOReturnBadArgument;
import static org.iokit4j.IOReturn.kIOReturnNotReady;

import java.lang.foreign.MemorySegment;
import org.iokit4j.Failure;
import org.iokit4j.IOReturn;
import org.iokit4j.kernel.userclient.UserClient;
import org.iokit4j.mach.MachTask;
import org.iokit4j.memory.SharedMemory;

/**
 * Shared memory between a user client and its task: {@code io_connect_map_memory_into_task},
 * {@code io_connect_unmap_memory_from_task} (apple-semantics.md §6.5), and the client ranges a driver reaches with
 * {@code CreateMemoryDescriptorFromClient} (§6.4).
 *
 * <p>Every map failure reaches the client as {@code kIOReturnBadArgument}, as XNU reports it; the explanation keeps
 * the driver's real code and reason (§6.5 step 5).
 *
 * <p><b>Concurrency.</b> Thread-safe; per-client state lives in {@link org.iokit4j.kernel.userclient.ClientMappings}.
 */
final class MemoryRoutines {
    /** {@code kIOUserClientMemoryReadOnly}, the driver's option. */
    private static final long READ_ONLY = 0x1;

    private final Kernel kernel;

    MemoryRoutines(Kernel kernel) {
        this.kernel = kernel;
    }

    Failure map(MachTask task, int connect, int memoryType, int intoTask, long[] address, long[] size) {
        final UserClient client = Lookups.openClient(task, connect, "connect");
        Lookups.requireSelf(task, intoTask, "intoTask"); // apple-semantics.md §6.5 step 1
        if (address == null || address.length < 1 || size == null || size.length < 1) {
            throw KernelFault.of(kIOReturnBadArgument, "address and size must each be a long[1] (mach_vm_address_t *"
                    + " and mach_vm_size_t *)");
        }
        final long[] options = {0};
        final SharedMemory[] memory = new SharedMemory[1];
        final Failure refused = client.entry().dext().copyClientMemoryForType(Integer.toUnsignedLong(memoryType),
                options, memory);
        if (refused != null) {
            if (memory[0] != null) {
                memory[0].release();
            }
            throw KernelFault.of(kIOReturnBadArgument, "memoryType=%d: the driver's CopyClientMemoryForType"
                    + " returned %s (%s); IOKit reports every map failure as kIOReturnBadArgument"
                    + " (docs/large-buffers.md, \"Three kinds of memory\")", memoryType, IOReturn.describe(refused.code()),
                    refused.explanation());
        }
        if (memory[0] == null) {
            throw KernelFault.of(kIOReturnBadArgument, "memoryType=%d: the driver's CopyClientMemoryForType returned"
                    + " kIOReturnSuccess but no memory (docs/large-buffers.md, \"Three kinds of memory\")", memoryType);
        }
        final Failure failed = client.mappings().map(memoryType, memory[0], (options[0] & READ_ONLY) != 0, address,
                size);
        if (failed != null) {
            throw KernelFault.of(kIOReturnBadArgument, "memoryType=%d: %s (%s)", memoryType,
                    IOReturn.describe(failed.code()), failed.explanation());
        }
        return null;
    }

    Failure unmap(MachTask task, int connect, int memoryType, int fromTask, long address) {
        final UserClient client = Lookups.openClient(task, connect, "connect");
        Lookups.requireSelf(task, fromTask, "fromTask");
        return client.mappings().unmap(memoryType, address);
    }

    Failure clientMemory(org.iokit4j.kernel.registry.RegistryEntry entry, long address, long length,
                         MemorySegment[] memory) {
        final UserClient client = kernel.openClient(entry);
        if (client == null || client.isClosed()) {
            return Failure.of(kIOReturnNotReady, "the user client %s has closed: its client's memory is gone"
                    + " (docs/large-buffers.md, \"Ownership and lifetimes\")", entry.name());
        }
        final MemorySegment bytes = length <= 0 ? null : client.owner().vm().resolve(address, length);
        if (bytes == null) {
            return Failure.of(kIOReturnBadArgument, "address=0x%X, length=%d: no mapping of task '%s' covers that"
                    + " range (a Java client names memory by the addresses IOConnectMapMemory64 returned)", address,
                    length, client.owner().name());
        }
        memory[0] = bytes;
        return null;
    }
}
