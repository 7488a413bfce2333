package org.iokit4j.driverkit;

import static org.iokit4j.IOReturn.kIOReturnBadArgument;
import static org.iokit4j.IOReturn.kIOReturnUnsupported;

import java.lang.foreign.MemorySegment;
import org.iokit4j.Diagnostics;
import org.iokit4j.Failure;
import org.iokit4j.IOReturn;
import org.iokit4j.IOReturnException;
import org.iokit4j.memory.SharedMapping;
import org.iokit4j.memory.SharedMemory;

/**
 * Memory the driver allocates, DriverKit's {@code IOBufferMemoryDescriptor}: zero-filled, page-aligned, and
 * mappable by a client through {@code CopyClientMemoryForType} / {@code IOConnectMapMemory64}.
 *
 * <p>It is backed by {@link SharedMemory}: a file in {@code /dev/shm} (or the temporary directory), created
 * {@code 0600} and unlinked before {@code Create} returns, so no other user can read it and nothing of it outlives
 * the process, even one killed with {@code kill -9} while the buffer is live (as on Apple's systems, where the
 * memory goes with the task). The driver's own view is one mapping of it; each client mapping is another, with its
 * own arena. {@link #free()} (after the last {@link #release()}) closes the driver's view and gives back its
 * reference; the memory is freed once no client maps it either.
 *
 * <p><b>Concurrency.</b> Thread-safe; the bytes are shared with every client that maps them.
 */
public class IOBufferMemoryDescriptor extends IOMemoryDescriptor {
    /** The alignment every buffer has (a page): larger requests are refused. */
    public static final long kPageSize = 4096;

    private final SharedMemory shared;
    private final SharedMapping mapping;
    private volatile long length;

    private IOBufferMemoryDescriptor(SharedMemory shared, SharedMapping mapping, int direction) {
        super(mapping.segment(), direction, null);
        this.shared = shared;
        this.mapping = mapping;
        this.length = mapping.size();
    }

    /**
     * Allocates a buffer of {@code capacity} bytes; its length starts at the capacity.
     *
     * @param options   the direction: {@link #kIOMemoryDirectionIn}, {@link #kIOMemoryDirectionOut} or
     *                  {@link #kIOMemoryDirectionInOut}.
     * @param alignment 0 (default) or a power of two up to {@link #kPageSize}.
     * @param memory    receives the buffer, an {@code IOBufferMemoryDescriptor[1]}, holding one reference.
     * @param capacity  the buffer's capacity in bytes.
     * @return {@code kIOReturnSuccess}; {@code kIOReturnBadArgument} for another direction, a capacity outside
     *         1..{@link SharedMemory#MAX_SIZE}, an alignment that is not a power of two, or a bad {@code memory};
     *         {@code kIOReturnUnsupported} for an alignment above a page; {@code kIOReturnNoMemory} when the
     *         backing store lacks the space; {@code kIOReturnVMError} if mapping fails.
     */
    public static int Create(long options, long capacity, long alignment, IOBufferMemoryDescriptor[] memory) {
        final Failure bad = check(options, capacity, alignment, memory);
        if (bad != null) {
            return Diagnostics.fail("IOBufferMemoryDescriptor::Create", bad);
        }
        final SharedMemory shared;
        try {
            shared = SharedMemory.create(capacity);
        } catch (IOReturnException failed) {
            return Diagnostics.fail("IOBufferMemoryDescriptor::Create", failed.failure());
        }
        final SharedMapping own;
        try {
            own = shared.map(false);
        } catch (IOReturnException failed) {
            shared.release();
            return Diagnostics.fail("IOBufferMemoryDescriptor::Create", failed.failure());
        }
        memory[0] = new IOBufferMemoryDescriptor(shared, own, (int) options);
        return IOReturn.kIOReturnSuccess;
    }

    private static Failure check(long options, long capacity, long alignment, IOBufferMemoryDescriptor[] memory) {
        if (memory == null || memory.length < 1) {
            return Failure.of(kIOReturnBadArgument, "memory must be an IOBufferMemoryDescriptor[1]");
        }
        if (options != kIOMemoryDirectionIn && options != kIOMemoryDirectionOut
                && options != kIOMemoryDirectionInOut) {
            return Failure.of(kIOReturnBadArgument, "options=0x%X: pass a direction, kIOMemoryDirectionIn (1), Out"
                    + " (2) or InOut (3)", options);
        }
        if (capacity <= 0 || capacity > SharedMemory.MAX_SIZE) {
            return Failure.of(kIOReturnBadArgument, "capacity=%d must lie in 1..%d", capacity,
                    SharedMemory.MAX_SIZE);
        }
        if (alignment < 0 || (alignment & (alignment - 1)) != 0) {
            return Failure.of(kIOReturnBadArgument, "alignment=%d is not a power of two (0 means the default)",
                    alignment);
        }
        if (alignment > kPageSize) {
            return Failure.of(kIOReturnUnsupported, "alignment=%d exceeds a page (%d): buffers are page-aligned,"
                    + " no more", alignment, kPageSize);
        }
        return null;
    }

    /**
     * Sets the length the descriptor reports ({@code GetLength}, mappings) to {@code length} bytes.
     *
     * @param length the new length, at most the capacity.
     * @return {@code kIOReturnSuccess}, or {@code kIOReturnBadArgument} for a length outside 0..capacity.
     */
    public int SetLength(long length) {
        if (length < 0 || length > mapping.size()) {
            return Diagnostics.fail("IOBufferMemoryDescriptor::SetLength", Failure.of(kIOReturnBadArgument,
                    "length=%d must lie in 0..capacity=%d", length, mapping.size()));
        }
        this.length = length;
        return IOReturn.kIOReturnSuccess;
    }

    /** {@return the capacity in bytes} */
    public long capacity() {
        return mapping.size();
    }

    @Override
    long length() {
        return length;
    }

    @Override
    MemorySegment bytes() {
        return mapping.segment().asSlice(0, length);
    }

    @Override
    SharedMemory sharedMemory() {
        return shared;
    }

    /** Unmaps the driver's view and gives back its share of the memory. */
    @Override
    public void free() {
        mapping.close();
        shared.release();
        super.free();
    }

    @Override
    public String toString() {
        return "IOBufferMemoryDescriptor[" + length + " of " + mapping.size() + " bytes]";
    }
}
