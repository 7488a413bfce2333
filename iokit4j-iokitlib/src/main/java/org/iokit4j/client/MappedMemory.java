package org.iokit4j.client;

import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.AtomicBoolean;
import org.iokit4j.Failure;
import org.iokit4j.IOReturnException;

/**
 * Memory a driver shares with this client, mapped by {@link Connection#map(int, boolean)}: the bytes are the
 * driver's own, not a copy.
 *
 * <p>{@link #close()} unmaps it; closing the connection unmaps it as well. Either way the segment then throws
 * {@link IllegalStateException} on access: it never reaches unmapped memory.
 *
 * <p><b>Concurrency.</b> Thread-safe; {@link #close()} is idempotent. The bytes are shared with the driver: order
 * accesses with calls or completions.
 */
public final class MappedMemory implements AutoCloseable {
    private final Connection connection;
    private final int memoryType;
    private final long address;
    private final MemorySegment segment;
    private final AtomicBoolean closed = new AtomicBoolean();

    MappedMemory(Connection connection, int memoryType, long address, MemorySegment segment) {
        this.connection = connection;
        this.memoryType = memoryType;
        this.address = address;
        this.segment = segment;
    }

    /**
     * {@return the mapped bytes (read-only if mapped so: writes throw {@link IllegalArgumentException})}
     *
     * @throws IllegalStateException if this mapping was closed.
     */
    public MemorySegment segment() {
        if (closed.get()) {
            throw new IllegalStateException("memoryType=" + memoryType + " was unmapped (closed)");
        }
        return segment;
    }

    /** {@return the mapping's address, as {@code IOConnectMapMemory64} reported it} */
    public long address() {
        return address;
    }

    /** {@return the mapping's length in bytes} */
    public long size() {
        return segment.byteSize();
    }

    /** {@return the memory type it was mapped for} */
    public int memoryType() {
        return memoryType;
    }

    /**
     * Unmaps ({@code IOConnectUnmapMemory64}). Idempotent; after the connection closed there is nothing left to do.
     *
     * @throws IOReturnException if the kernel refuses while the connection is open (it should not).
     */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true) && !connection.isClosed()) {
            final Failure failure = connection.unmap(memoryType, address);
            if (failure != null && failure.code() != org.iokit4j.IOReturn.MACH_SEND_INVALID_DEST) {
                throw new IOReturnException(failure);
            }
        }
    }

    @Override
    public String toString() {
        return "MappedMemory[type=" + memoryType + ", " + segment.byteSize() + " bytes" + (closed.get() ? ", closed]"
                : "]");
    }
}
