package org.iokit4j.kernel.userclient;

import static org.iokit4j.IOReturn.kIOReturnBadArgument;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.iokit4j.Failure;
import org.iokit4j.IOReturnException;
import org.iokit4j.mach.MachTask;
import org.iokit4j.memory.SharedMapping;
import org.iokit4j.memory.SharedMemory;

/**
 * The shared memory one user client mapped into its task ({@code IOConnectMapMemory64}), torn down when the client
 * closes (apple-semantics.md §6.5 step 4).
 *
 * <p>Mapping the same memory (same type, same region, same protection) again answers the existing mapping and counts
 * it, as XNU's {@code createMappingInTask} reuses a compatible mapping; each unmap undoes one map, and the last
 * closes the mapping's arena and removes it from the task's {@link org.iokit4j.memory.VmMap}.
 *
 * <p><b>Concurrency.</b> Thread-safe (one lock; mapping a file is the only slow step under it).
 */
public final class ClientMappings {
    private final MachTask task;
    private final Object owner;
    private final Map<Long, Entry> byAddress = new LinkedHashMap<>();
    private boolean closed;

    ClientMappings(MachTask task, Object owner) {
        this.task = task;
        this.owner = owner;
    }

    /**
     * Maps {@code memory} (one reference, consumed here whatever happens) for {@code type} into the task.
     *
     * @param type     the memory type the client asked for.
     * @param memory   the shared memory the driver returned for it.
     * @param readOnly whether the driver asked for a read-only mapping.
     * @param address  receives the mapping's address (a {@code long[1]}).
     * @param size     receives the mapping's length (a {@code long[1]}).
     * @return {@code null}, or why not (the caller turns it into {@code kIOReturnBadArgument}).
     */
    public synchronized Failure map(int type, SharedMemory memory, boolean readOnly, long[] address, long[] size) {
        try {
            if (closed) {
                return Failure.of(org.iokit4j.IOReturn.kIOReturnNotReady, "the connection closed while mapping");
            }
            for (Entry entry : byAddress.values()) {
                if (entry.type == type && entry.readOnly == readOnly && entry.mapping.memory() == memory) {
                    entry.count++;
                    address[0] = entry.mapping.address();
                    size[0] = entry.mapping.size();
                    return null;
                }
            }
            final SharedMapping mapping;
            try {
                mapping = memory.map(readOnly);
            } catch (IOReturnException | IllegalStateException failed) {
                return Failure.of(org.iokit4j.IOReturn.kIOReturnVMError, "mapping %s failed: %s", memory,
                        failed.getMessage());
            }
            task.vm().enter(mapping, owner);
            byAddress.put(mapping.address(), new Entry(type, readOnly, mapping));
            address[0] = mapping.address();
            size[0] = mapping.size();
            return null;
        } finally {
            memory.release();
        }
    }

    /**
     * Undoes one map of {@code type} at {@code address}; {@code null}, or why not.
     *
     * @param type    the memory type it was mapped for.
     * @param address the mapping's address.
     * @return {@code null}, or {@code kIOReturnBadArgument} for an address that is not mapped.
     */
    public synchronized Failure unmap(int type, long address) {
        final Entry entry = byAddress.get(address);
        if (entry == null) {
            return Failure.of(kIOReturnBadArgument, "address=0x%X is no mapping of this connection: never mapped,"
                    + " already unmapped, or torn down when the connection closed", address);
        }
        if (entry.type != type) {
            return Failure.of(kIOReturnBadArgument, "address=0x%X was mapped for memoryType=%d, not %d", address,
                    entry.type, type);
        }
        if (--entry.count == 0) {
            byAddress.remove(address);
            task.vm().remove(address);
            entry.mapping.close();
        }
        return null;
    }

    /** Tears every mapping down (the client closed). Idempotent. */
    public void close() {
        final List<Entry> doomed;
        synchronized (this) {
            closed = true;
            doomed = new ArrayList<>(byAddress.values());
            byAddress.clear();
        }
        for (Entry entry : doomed) {
            task.vm().remove(entry.mapping.address());
            entry.mapping.close();
        }
    }

    /** {@return how many distinct mappings are live} */
    public synchronized int size() {
        return byAddress.size();
    }

    private static final class Entry {
        final int type;
        final boolean readOnly;
        final SharedMapping mapping;
        int count = 1;

        Entry(int type, boolean readOnly, SharedMapping mapping) {
            this.type = type;
            this.readOnly = readOnly;
            this.mapping = mapping;
        }
    }
}
