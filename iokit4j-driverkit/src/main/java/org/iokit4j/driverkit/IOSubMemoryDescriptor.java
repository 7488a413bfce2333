package org.iokit4j.driverkit;

import static org.iokit4j.IOReturn.kIOReturnBadArgument;
import static org.iokit4j.IOReturn.kIOReturnNotReady;
import static org.iokit4j.IOReturn.kIOReturnSuccess;

import java.lang.foreign.MemorySegment;
import org.iokit4j.Diagnostics;
import org.iokit4j.Failure;

/**
 * A window of another descriptor, what {@link IOMemoryDescriptor#CreateSubMemoryDescriptor} makes (XNU's kernel
 * class of the same name, {@code iokit/Kernel/IOSubMemoryDescriptor.cpp}): {@code length} bytes of its parent from
 * {@code start}, the same memory.
 *
 * <p>It holds a reference on its parent, given back in {@link #free()} ({@code IOSubMemoryDescriptor::initSubRange}
 * retains it, {@code free} releases it). Its bytes are sliced from the parent's at each use, so a sub-descriptor of
 * a client's memory ends with that client, and one of a buffer whose {@code SetLength} later cut it short refuses to
 * map ({@code kIOReturnBadArgument}: XNU maps it through its parent, whose length check then fails).
 *
 * <p><b>Concurrency.</b> Immutable apart from its reference count; thread-safe.
 */
final class IOSubMemoryDescriptor extends IOMemoryDescriptor {
    /** The options CreateSubMemoryDescriptor accepts: the direction bits ({@code kIOMemoryDirectionOutIn}). */
    private static final long DIRECTION_BITS = kIOMemoryDirectionInOut;

    private final IOMemoryDescriptor parent;
    private final long start;
    private final long length;

    private IOSubMemoryDescriptor(IOMemoryDescriptor parent, long start, long length, int direction) {
        super(null, direction, null);
        this.parent = parent;
        this.start = start;
        this.length = length;
    }

    /** {@link IOMemoryDescriptor#CreateSubMemoryDescriptor}, with XNU's checks in XNU's order. */
    static int create(long options, long offset, long length, IOMemoryDescriptor ofDescriptor,
                      IOMemoryDescriptor[] memory) {
        final Failure refused = check(options, offset, length, ofDescriptor, memory);
        if (refused != null) {
            return Diagnostics.fail("IOMemoryDescriptor::CreateSubMemoryDescriptor", refused);
        }
        ofDescriptor.retain();
        memory[0] = new IOSubMemoryDescriptor(ofDescriptor, offset, length, (int) options);
        return kIOReturnSuccess;
    }

    private static Failure check(long options, long offset, long length, IOMemoryDescriptor ofDescriptor,
                                 IOMemoryDescriptor[] memory) {
        if (memory == null || memory.length < 1) {
            return Failure.of(kIOReturnBadArgument, "memory must be an IOMemoryDescriptor[1]");
        }
        if (ofDescriptor == null) {
            return Failure.of(kIOReturnBadArgument, "ofDescriptor=NULL: pass the descriptor to take a range of");
        }
        if ((options & ~DIRECTION_BITS) != 0) {
            return Failure.of(kIOReturnBadArgument, "memoryDescriptorCreateOptions=0x%X: only the direction bits"
                    + " kIOMemoryDirectionIn (1) and kIOMemoryDirectionOut (2) are allowed (XNU:"
                    + " options & ~kIOMemoryDirectionOutIn)", options);
        }
        final long end = offset + length;
        if (Long.compareUnsigned(end, offset) < 0) {
            return Failure.of(kIOReturnBadArgument, "offset=%s + length=%s overflows a uint64_t",
                    Long.toUnsignedString(offset), Long.toUnsignedString(length));
        }
        if (ofDescriptor.isFreed()) {
            return Failure.of(kIOReturnNotReady, "ofDescriptor was freed: a descriptor ExternalMethod received lives"
                    + " only for that call unless the driver retains it"
                    + " (docs/large-buffers.md, \"Ownership and lifetimes\")");
        }
        final long parentLength = ofDescriptor.length();
        if (Long.compareUnsigned(end, parentLength) > 0) {
            return Failure.of(kIOReturnBadArgument, "offset=%s, length=%s end at %s, past the end of ofDescriptor's"
                    + " %d bytes", Long.toUnsignedString(offset), Long.toUnsignedString(length),
                    Long.toUnsignedString(end), parentLength);
        }
        return null;
    }

    @Override
    long length() {
        return length;
    }

    /** The parent's bytes, sliced; read-only wherever the parent's are. Check {@link #unreachable()} first. */
    @Override
    MemorySegment bytes() {
        return parent.bytes().asSlice(start, length);
    }

    @Override
    Failure unreachable() {
        final Failure own = super.unreachable();
        if (own != null) {
            return own;
        }
        final Failure parents = parent.unreachable();
        if (parents != null) {
            return parents;
        }
        if (start + length > parent.length()) {
            return Failure.of(kIOReturnBadArgument, "this sub-descriptor covers [%d, %d) of its parent, which is"
                    + " %d bytes long now (its length was set shorter since)", start, start + length,
                    parent.length());
        }
        return null;
    }

    @Override
    boolean clientClosed() {
        return parent.clientClosed();
    }

    @Override
    long rootOffset() {
        return parent.rootOffset() + start;
    }

    /** Gives back the reference on the parent. */
    @Override
    public void free() {
        parent.release();
        super.free();
    }

    @Override
    public String toString() {
        return "IOSubMemoryDescriptor[" + length + " bytes at " + start + " of " + parent + "]";
    }
}
