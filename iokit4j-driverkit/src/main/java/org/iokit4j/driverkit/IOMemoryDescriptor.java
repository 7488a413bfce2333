package org.iokit4j.driverkit;

import java.lang.foreign.MemorySegment;
import org.iokit4j.Diagnostics;
import org.iokit4j.Failure;
import org.iokit4j.IOReturn;

/**
 * A run of memory the driver can map, DriverKit's {@code IOMemoryDescriptor}: large structures (over 4096 bytes)
 * arrive as one, over the caller's own memory, never copied.
 *
 * <p><b>Concurrency.</b> Thread-safe; the memory itself is shared with the client.
 */
public class IOMemoryDescriptor extends OSObject {
    /** Direction in: the device (driver) writes the memory. */
    public static final int kIOMemoryDirectionIn = 1;
    /** Direction out: the driver reads the memory. */
    public static final int kIOMemoryDirectionOut = 2;
    /** Both directions. */
    public static final int kIOMemoryDirectionInOut = 3;
    /** {@code kIOMemoryMapReadOnly} for {@link #CreateMapping}. */
    public static final long kIOMemoryMapReadOnly = 0x1000;

    private final MemorySegment memory;
    private final int direction;

    IOMemoryDescriptor(MemorySegment memory, int direction) {
        this.memory = memory;
        this.direction = direction;
    }

    /** {@return a descriptor over a call's structure buffer} */
    static IOMemoryDescriptor forCall(MemorySegment memory, int direction) {
        return new IOMemoryDescriptor(direction == kIOMemoryDirectionOut ? memory.asReadOnly() : memory, direction);
    }

    /** Stores the length in {@code length[0]}; returns {@code kIOReturnSuccess}. */
    public int GetLength(long[] length) {
        if (length == null || length.length < 1) {
            return Diagnostics.fail("IOMemoryDescriptor::GetLength",
                    Failure.of(IOReturn.kIOReturnBadArgument, "length must be a long[1]"));
        }
        length[0] = memory.byteSize();
        return IOReturn.kIOReturnSuccess;
    }

    /**
     * Maps {@code length} bytes from {@code offset} (0 and 0: the whole descriptor).
     *
     * @param options {@link #kIOMemoryMapReadOnly} for a read-only mapping.
     * @return {@code kIOReturnSuccess}, or {@code kIOReturnBadArgument} for a range outside the descriptor.
     */
    public int CreateMapping(long options, long address, long offset, long length, long alignment,
                             IOMemoryMap[] map) {
        final long size = memory.byteSize();
        final long len = length == 0 ? size - offset : length;
        if (map == null || map.length < 1 || offset < 0 || len < 0 || offset > size || len > size - offset) {
            return Diagnostics.fail("IOMemoryDescriptor::CreateMapping", Failure.of(IOReturn.kIOReturnBadArgument,
                    "offset=%d, length=%d lie outside the descriptor's %d bytes (or map is not an IOMemoryMap[1])",
                    offset, length, size));
        }
        final MemorySegment slice = memory.asSlice(offset, len);
        map[0] = new IOMemoryMap((options & kIOMemoryMapReadOnly) != 0 ? slice.asReadOnly() : slice);
        return IOReturn.kIOReturnSuccess;
    }

    /** {@return the direction this descriptor was made with} */
    public int direction() {
        return direction;
    }
}
