package org.iokit4j.driverkit;

import java.lang.foreign.MemorySegment;

/**
 * A mapping of a memory descriptor into the driver, DriverKit's {@code IOMemoryMap}.
 *
 * <p>{@link #segment()} is the mapped bytes (read-only when mapped so). The mapping stays valid until released,
 * or until the memory behind it goes away (the client closed): then access fails, it never touches freed memory.
 *
 * <p><b>Concurrency.</b> The bytes are shared memory: the driver and the client see each other's writes; order
 * them with the call or a completion.
 */
public class IOMemoryMap extends OSObject {
    private final MemorySegment segment;

    IOMemoryMap(MemorySegment segment) {
        this.segment = segment;
    }

    /** {@return the mapping's address (opaque: use {@link #segment()} to reach the bytes)} */
    public long GetAddress() {
        return segment.address();
    }

    /** {@return the mapping's length in bytes} */
    public long GetLength() {
        return segment.byteSize();
    }

    /** {@return the mapped bytes (Java only: a Java driver cannot dereference an address)} */
    public MemorySegment segment() {
        return segment;
    }
}
