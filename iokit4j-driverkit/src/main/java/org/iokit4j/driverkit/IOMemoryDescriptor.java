package org.iokit4j.driverkit;

import static org.iokit4j.IOReturn.kIOReturnBadArgument;
import static org.iokit4j.IOReturn.kIOReturnNotReady;
import static org.iokit4j.IOReturn.kIOReturnUnsupported;

import java.lang.foreign.MemorySegment;
import org.iokit4j.Diagnostics;
import org.iokit4j.Failure;
import org.iokit4j.IOReturn;
import org.iokit4j.memory.SharedMemory;

/**
 * A run of memory the driver can map, DriverKit's {@code IOMemoryDescriptor}: large structures (over 4096 bytes)
 * arrive as one, over the caller's own memory, never copied; {@link IOBufferMemoryDescriptor} is one the driver
 * allocates; {@link IOUserClient#CreateMemoryDescriptorFromClient} makes one over ranges the client mapped.
 *
 * <p><b>Lifetime.</b> A descriptor the runtime hands to {@code ExternalMethod} is guaranteed for that call only
 * (contract.md decided point 3): the runtime releases its reference when the call returns, so a driver that keeps
 * it calls {@link #retain()}. A descriptor over a client's memory is tied to its user client: once the client has
 * closed, {@link #CreateMapping} returns {@code kIOReturnNotReady} and maps made earlier refuse
 * {@link IOMemoryMap#segment()}. The bytes themselves are the client's segment (its arena, or the heap): if the
 * client frees them, any access through a segment the driver still holds throws {@link IllegalStateException}
 * (the JDK's scope check) and never reaches freed memory.
 *
 * <p><b>Concurrency.</b> Thread-safe; the memory itself is shared with the client: order accesses with the call's
 * return or a completion.
 */
public class IOMemoryDescriptor extends OSObject {
    /** Direction in: the device (driver) writes the memory. */
    public static final int kIOMemoryDirectionIn = 1;
    /** Direction out: the driver only reads the memory. */
    public static final int kIOMemoryDirectionOut = 2;
    /** Both directions. */
    public static final int kIOMemoryDirectionInOut = 3;
    /** {@code CreateMemoryDescriptorFromClient} option: no copy-on-write (accepted; client memory is never copied). */
    public static final int kIOMemoryDisableCopyOnWrite = 0x10;
    /** {@link #CreateMapping} option: map at {@code address} (unsupported: Java memory has no fixed addresses). */
    public static final long kIOMemoryMapFixedAddress = 0x1;
    /** {@link #CreateMapping} option: a read-only mapping (writes through its segment throw). */
    public static final long kIOMemoryMapReadOnly = 0x2;

    private final MemorySegment memory;
    private final int direction;
    private final IOUserClient client;

    /**
     * Creates a descriptor over {@code memory}.
     *
     * @param client the user client whose client owns the memory (its closing ends the descriptor), or {@code null}.
     */
    IOMemoryDescriptor(MemorySegment memory, int direction, IOUserClient client) {
        this.memory = memory;
        this.direction = direction;
        this.client = client;
    }

    /** {@return a descriptor over a client's memory: read-only when the driver only reads it (direction out)} */
    static IOMemoryDescriptor overClient(MemorySegment memory, int direction, IOUserClient client) {
        return new IOMemoryDescriptor(direction == kIOMemoryDirectionOut ? memory.asReadOnly() : memory, direction,
                client);
    }

    /**
     * Stores the length in {@code length[0]}.
     *
     * @return {@code kIOReturnSuccess}, or {@code kIOReturnBadArgument} if {@code length} is not a {@code long[1]}.
     */
    public int GetLength(long[] length) {
        if (length == null || length.length < 1) {
            return Diagnostics.fail("IOMemoryDescriptor::GetLength",
                    Failure.of(kIOReturnBadArgument, "length must be a long[1]"));
        }
        length[0] = length();
        return IOReturn.kIOReturnSuccess;
    }

    /**
     * Maps {@code length} bytes from {@code offset} into the driver ({@code length == 0}: to the end).
     *
     * @param options   {@link #kIOMemoryMapReadOnly} for a read-only mapping (a direction-out descriptor always maps
     *                  read-only, as in XNU); {@link #kIOMemoryMapFixedAddress} is unsupported.
     * @param address   ignored (Java memory is mapped anywhere).
     * @param alignment ignored: the mapping starts where the descriptor's bytes start.
     * @param map       receives the mapping, an {@code IOMemoryMap[1]}.
     * @return {@code kIOReturnSuccess}; {@code kIOReturnBadArgument} for a range outside the descriptor or a bad
     *         {@code map}; {@code kIOReturnNotReady} if the descriptor was freed (not retained past its call) or its
     *         client has closed; {@code kIOReturnUnsupported} for a fixed address.
     */
    public int CreateMapping(long options, long address, long offset, long length, long alignment,
                             IOMemoryMap[] map) {
        final Failure refused = checkMapping(options, offset, length, map);
        if (refused != null) {
            return Diagnostics.fail("IOMemoryDescriptor::CreateMapping", refused);
        }
        final long len = length == 0 ? length() - offset : length;
        final MemorySegment slice = bytes().asSlice(offset, len);
        final boolean readOnly = (options & kIOMemoryMapReadOnly) != 0 || direction == kIOMemoryDirectionOut;
        map[0] = new IOMemoryMap(readOnly ? slice.asReadOnly() : slice, this);
        return IOReturn.kIOReturnSuccess;
    }

    private Failure checkMapping(long options, long offset, long length, IOMemoryMap[] map) {
        if (map == null || map.length < 1) {
            return Failure.of(kIOReturnBadArgument, "map must be an IOMemoryMap[1]");
        }
        if (isFreed()) {
            return Failure.of(kIOReturnNotReady, "the descriptor was freed: a descriptor ExternalMethod received"
                    + " lives only for that call unless the driver retains it (contract.md decided point 3)");
        }
        if (client != null && client.isClientClosed()) {
            return Failure.of(kIOReturnNotReady, "the client of %s has closed: its memory can no longer be mapped"
                    + " (apple-semantics.md §6.4)", client.getClass().getName());
        }
        if ((options & kIOMemoryMapFixedAddress) != 0) {
            return Failure.of(kIOReturnUnsupported, "kIOMemoryMapFixedAddress: Java memory cannot be mapped at a"
                    + " chosen address; map anywhere (options=0x%X)", options);
        }
        final long size = length();
        if (offset < 0 || length < 0 || offset > size || (length == 0 ? offset == size : length > size - offset)) {
            return Failure.of(kIOReturnBadArgument, "offset=%d, length=%d lie outside the descriptor's %d bytes",
                    offset, length, size);
        }
        return null;
    }

    /** {@return the direction this descriptor was made with} */
    public int direction() {
        return direction;
    }

    /** {@return the current length in bytes} */
    long length() {
        return memory.byteSize();
    }

    /** {@return the bytes a mapping slices} */
    MemorySegment bytes() {
        return memory;
    }

    /** {@return the memory a client can map, or {@code null} if this descriptor cannot be shared with a client} */
    SharedMemory sharedMemory() {
        return null;
    }

    /** {@return whether the memory's client has closed (client memory only)} */
    boolean clientClosed() {
        return client != null && client.isClientClosed();
    }
}
