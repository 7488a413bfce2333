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
    /** {@link #CreateMapping} options: the cache mode ({@code kIOMemoryMapCacheMode*}, {@code 0xFF00} in XNU). */
    static final long CACHE_MODE_MASK = 0xFF00;

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
     * @param length receives the length in bytes (a {@code long[1]}).
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
     * <p>The map's {@link IOMemoryMap#GetOffset()} is its offset in the descriptor the bytes belong to: for a
     * sub-descriptor, in its parent (XNU's {@code IOSubMemoryDescriptor::makeMapping} maps through the parent at
     * {@code _start + offset}), so {@code map.GetAddress() == root.GetAddressRange().address() + map.GetOffset()}
     * for every map of a descriptor or of a sub-descriptor of it.
     *
     * @param options   {@link #kIOMemoryMapReadOnly} for a read-only mapping (a direction-out descriptor always maps
     *                  read-only, as in XNU); a cache mode ({@code kIOMemoryMapCacheMode*}: accepted, Java memory
     *                  has one); {@link #kIOMemoryMapFixedAddress} is unsupported.
     * @param address   ignored (Java memory is mapped anywhere).
     * @param alignment ignored, as XNU's {@code CreateMapping_Impl} ignores it: the mapping starts where the
     *                  descriptor's bytes start.
     * @param map       receives the mapping, an {@code IOMemoryMap[1]}.
     * @param offset    the offset in bytes from the start of the descriptor.
     * @param length    the length in bytes.
     * @return {@code kIOReturnSuccess}; {@code kIOReturnBadArgument} for a range outside the descriptor, a cache
     *         mode that is none of Apple's ({@code IOMemoryDescriptor::CreateMapping_Impl}) or a bad {@code map};
     *         {@code kIOReturnNotReady} if the descriptor was freed (not retained past its call) or its client has
     *         closed; {@code kIOReturnUnsupported} for a fixed address.
     */
    public int CreateMapping(long options, long address, long offset, long length, long alignment,
                             IOMemoryMap[] map) {
        final Failure refused = map == null || map.length < 1
                ? Failure.of(kIOReturnBadArgument, "map must be an IOMemoryMap[1]")
                : checkMapping(options, offset, length);
        if (refused != null) {
            return Diagnostics.fail("IOMemoryDescriptor::CreateMapping", refused);
        }
        final long len = length == 0 ? length() - offset : length;
        final MemorySegment slice = bytes().asSlice(offset, len);
        map[0] = new IOMemoryMap(mapsReadOnly(options) ? slice.asReadOnly() : slice, this, rootOffset() + offset);
        return IOReturn.kIOReturnSuccess;
    }

    /**
     * Maps the first {@code length} bytes of the descriptor ({@code 0}: all of it) into the driver and returns where,
     * DriverKit's {@code IOMemoryDescriptor::Map} ({@code LOCALONLY} in {@code IOMemoryDescriptor.iig}). The address
     * is where the bytes are in this process, the address {@link #GetAddressRange} and {@code CreateMapping} at
     * offset 0 give (XNU maps memory already in the task at its own address: {@code IOGeneralMemoryDescriptor::doMap},
     * "mapping source == dest"), and stays valid while the descriptor lives and its client is open.
     *
     * <p><b>Java.</b> Java code cannot dereference {@code returnAddress[0]}: {@link #segment(long, long)
     * segment(returnAddress[0], returnLength[0])} is the same bytes as a segment. Since the result is an address, not
     * an object, {@link #kIOMemoryMapReadOnly} cannot make those bytes read-only (they stay reachable through
     * {@code segment}, with the descriptor's own access); use {@code CreateMapping(kIOMemoryMapReadOnly, …)} for an
     * enforced read-only view.
     *
     * @param options      as {@link #CreateMapping}.
     * @param address      ignored (no fixed addresses).
     * @param length       how many bytes from the start, {@code 0} for all.
     * @param alignment    ignored.
     * @param returnAddress receives the address, a {@code long[1]}.
     * @param returnLength  receives the length mapped, a {@code long[1]}.
     * @return {@code kIOReturnSuccess}, or {@link #CreateMapping}'s codes ({@code kIOReturnBadArgument} also for a
     *         null or empty out-array); nothing is stored on failure.
     */
    public int Map(long options, long address, long length, long alignment, long[] returnAddress,
                   long[] returnLength) {
        final Failure refused = returnAddress == null || returnAddress.length < 1 || returnLength == null
                || returnLength.length < 1
                ? Failure.of(kIOReturnBadArgument, "returnAddress=%s, returnLength=%s: each must be a long[1]",
                        describe(returnAddress), describe(returnLength))
                : checkMapping(options, 0, length);
        if (refused != null) {
            return Diagnostics.fail("IOMemoryDescriptor::Map", refused);
        }
        returnAddress[0] = bytes().address();
        returnLength[0] = length == 0 ? length() : length;
        return IOReturn.kIOReturnSuccess;
    }

    /**
     * Stores where the descriptor's bytes are and how many there are (its current length) in {@code range[0]},
     * DriverKit's {@code GetAddressRange} (declared on {@code IOBufferMemoryDescriptor} in
     * {@code IOBufferMemoryDescriptor.iig}: "the address and length of the memory buffer"; here every descriptor
     * has it, as contract.md §7 lists it on {@code IOMemoryDescriptor}). For a sub-descriptor the address is its
     * parent's plus its offset.
     *
     * <p><b>Java.</b> {@link #segment(long, long) segment(range[0].address(), range[0].length())} is the same bytes
     * as a segment. The address of memory on the Java heap (a client's heap buffer in the embedded kernel) is its
     * offset in its array: opaque, usable only with {@code segment}.
     *
     * @param range receives the range, an {@code IOAddressSegment[1]}.
     * @return {@code kIOReturnSuccess}; {@code kIOReturnBadArgument} for a null or empty array;
     *         {@code kIOReturnNotReady} if the descriptor was freed or its client has closed.
     */
    public int GetAddressRange(IOAddressSegment[] range) {
        final Failure refused = range == null || range.length < 1
                ? Failure.of(kIOReturnBadArgument, "range=%s: pass an IOAddressSegment[1]", describe(range))
                : unreachable();
        if (refused != null) {
            return Diagnostics.fail("IOMemoryDescriptor::GetAddressRange", refused);
        }
        range[0] = new IOAddressSegment(bytes().address(), length());
        return IOReturn.kIOReturnSuccess;
    }

    /**
     * {@return the bytes at {@code address} ({@link #GetAddressRange} or {@link #Map} gave it) as a segment} Java
     * only: the way to dereference such an address. The segment is read-only when the descriptor maps read-only
     * (direction out, or memory the driver may only read) and, like {@link IOMemoryMap#segment()}, stays bound to
     * the memory's own scope.
     *
     * @param address an address inside the descriptor's range ({@code GetAddressRange}).
     * @param length  how many bytes from there.
     * @throws IllegalArgumentException if {@code [address, address + length)} is not inside this descriptor.
     * @throws IllegalStateException    if the descriptor was freed or its client has closed.
     */
    public MemorySegment segment(long address, long length) {
        final Failure refused = unreachable();
        if (refused != null) {
            throw new IllegalStateException(refused.explanation());
        }
        final MemorySegment all = bytes();
        final long offset = address - all.address();
        if (offset < 0 || length < 0 || offset > all.byteSize() || length > all.byteSize() - offset) {
            throw new IllegalArgumentException(String.format("address=0x%X, length=%d lie outside this"
                    + " descriptor's bytes [0x%X, +%d): pass an address GetAddressRange or Map returned", address,
                    length, all.address(), all.byteSize()));
        }
        final MemorySegment slice = all.asSlice(offset, length);
        return mapsReadOnly(0) ? slice.asReadOnly() : slice;
    }

    /**
     * Makes a descriptor over {@code length} bytes of {@code ofDescriptor} from {@code offset}, DriverKit's
     * {@code IOMemoryDescriptor::CreateSubMemoryDescriptor}: the same memory, not a copy, mappable with
     * {@link #CreateMapping} and usable wherever its parent is (a sub-descriptor of a client's structure output
     * descriptor writes into the client's buffer). The new descriptor holds a reference on {@code ofDescriptor},
     * so the parent lives as long as it does. It never grants more than its parent: over memory the driver may only
     * read (a structure input), it maps read-only whatever its direction.
     *
     * <p>Checks, in XNU's order ({@code IOMemoryDescriptor::CreateSubMemoryDescriptor_Impl},
     * {@code iokit/Kernel/IOUserServer.cpp}), each failing with {@code kIOReturnBadArgument}: no parent; an option
     * other than the direction bits ({@code memoryDescriptorCreateOptions & ~kIOMemoryDirectionOutIn}); {@code offset
     * + length} overflowing (both are unsigned, as C's {@code uint64_t}); the end past the parent's length. A zero
     * length passes them, as in XNU (the result has nothing to map).
     *
     * @param memoryDescriptorCreateOptions the direction: {@link #kIOMemoryDirectionIn} (the driver writes),
     *                                      {@code Out}, {@code InOut}, or 0 (none).
     * @param memory                        receives the descriptor, an {@code IOMemoryDescriptor[1]} holding one
     *               reference.
     * @param offset                        the offset in bytes from the start of the descriptor.
     * @param length                        the length in bytes.
     * @param ofDescriptor                  the descriptor the new one is a window of.
     * @return {@code kIOReturnSuccess}; {@code kIOReturnBadArgument} as above or for a null or empty
     *         {@code memory}; {@code kIOReturnNotReady} if {@code ofDescriptor} was freed. Nothing is stored on
     *         failure.
     */
    public static int CreateSubMemoryDescriptor(long memoryDescriptorCreateOptions, long offset, long length,
                                                IOMemoryDescriptor ofDescriptor, IOMemoryDescriptor[] memory) {
        return IOSubMemoryDescriptor.create(memoryDescriptorCreateOptions, offset, length, ofDescriptor, memory);
    }

    /** {@return why {@code [offset, offset + length)} cannot be mapped with {@code options} now, or {@code null}} */
    private Failure checkMapping(long options, long offset, long length) {
        final Failure unreachable = unreachable();
        if (unreachable != null) {
            return unreachable;
        }
        if ((options & kIOMemoryMapFixedAddress) != 0) {
            return Failure.of(kIOReturnUnsupported, "kIOMemoryMapFixedAddress: Java memory cannot be mapped at a"
                    + " chosen address; map anywhere (options=0x%X)", options);
        }
        final long cacheMode = options & CACHE_MODE_MASK;
        if (cacheMode != 0 && cacheMode != 0x100 && cacheMode != 0x200 && cacheMode != 0x400 && cacheMode != 0x800) {
            return Failure.of(kIOReturnBadArgument, "options=0x%X: the cache mode 0x%X is none of"
                    + " kIOMemoryMapCacheModeDefault/Inhibit/Copyback/WriteThrough/RealTime (0, 0x100, 0x200, 0x400,"
                    + " 0x800) (IOMemoryDescriptor::CreateMapping_Impl)", options, cacheMode);
        }
        final long size = length();
        if (offset < 0 || length < 0 || offset > size || (length == 0 ? offset == size : length > size - offset)) {
            return Failure.of(kIOReturnBadArgument, "offset=%d, length=%d lie outside the descriptor's %d bytes",
                    offset, length, size);
        }
        return null;
    }

    /**
     * {@return why this descriptor's bytes cannot be reached now, or {@code null}}: it was freed, or its client has
     * closed ({@code kIOReturnNotReady}). A sub-descriptor adds its parent's reasons.
     */
    Failure unreachable() {
        if (isFreed()) {
            return Failure.of(kIOReturnNotReady, "the descriptor was freed: a descriptor ExternalMethod received"
                    + " lives only for that call unless the driver retains it"
                    + " (docs/large-buffers.md, \"Ownership and lifetimes\")");
        }
        if (clientClosed()) {
            return Failure.of(kIOReturnNotReady, "the client whose memory %s describes has closed: its memory can no"
                    + " longer be mapped (docs/large-buffers.md, \"Ownership and lifetimes\")", this);
        }
        return null;
    }

    /** {@return whether a mapping made with {@code options} is read-only} */
    boolean mapsReadOnly(long options) {
        return (options & kIOMemoryMapReadOnly) != 0 || direction == kIOMemoryDirectionOut;
    }

    /** {@return where this descriptor starts in the descriptor its bytes belong to: 0, or a sub-descriptor's start} */
    long rootOffset() {
        return 0;
    }

    private static String describe(Object array) {
        return array == null ? "null" : java.lang.reflect.Array.getLength(array) + " elements";
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

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + length() + " bytes, direction " + direction + "]";
    }
}
