package org.iokit4j.driverkit;

import java.lang.foreign.MemorySegment;

/**
 * A mapping of a memory descriptor into the driver, DriverKit's {@code IOMemoryMap}.
 *
 * <p>{@link #segment()} is the mapped bytes (read-only when mapped so: writes throw
 * {@link IllegalArgumentException}, the JDK's read-only check). Once the memory's client has closed,
 * {@code segment()} throws
 * {@link IllegalStateException}; a segment taken earlier stays bound to the memory's own scope, so touching it after
 * that memory was freed or unmapped throws {@link IllegalStateException} too, never reaching freed memory.
 *
 * <p><b>Concurrency.</b> The bytes are shared memory: the driver and the client see each other's writes; order
 * them with the call or a completion.
 */
public class IOMemoryMap extends OSObject {
    private final MemorySegment segment;
    private final IOMemoryDescriptor descriptor;
    private final long offset;

    IOMemoryMap(MemorySegment segment, IOMemoryDescriptor descriptor, long offset) {
        this.segment = segment;
        this.descriptor = descriptor;
        this.offset = offset;
    }

    /** {@return the mapping's address (opaque: use {@link #segment()} to reach the bytes)} */
    public long GetAddress() {
        return segment.address();
    }

    /** {@return the mapping's length in bytes} */
    public long GetLength() {
        return segment.byteSize();
    }

    /**
     * {@return where the mapping starts in the memory it maps, in bytes} DriverKit's {@code IOMemoryMap::GetOffset}
     * ({@code IOMemoryMap.iig}; XNU's {@code IOMemoryMap::_CopyState_Impl} answers the map's {@code fOffset}). For a
     * map of a sub-descriptor it is the offset in the sub-descriptor's parent (the sub-descriptor's start plus the
     * offset asked for), since XNU maps a sub-descriptor through its parent ({@code IOSubMemoryDescriptor::makeMapping}
     * passes {@code _start + offset}).
     */
    public long GetOffset() {
        return offset;
    }

    /**
     * {@return the mapped bytes (Java only: a Java driver cannot dereference an address)}
     *
     * @throws IllegalStateException if the client whose memory this maps has closed.
     */
    public MemorySegment segment() {
        if (descriptor.clientClosed()) {
            throw new IllegalStateException("the client has closed: its memory is no longer the driver's to touch"
                    + " (docs/large-buffers.md, \"Ownership and lifetimes\")");
        }
        return segment;
    }
}
