package org.iokit4j.memory;

import static org.iokit4j.IOReturn.kIOReturnVMError;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.iokit4j.IOReturnException;

/**
 * One view of a {@link SharedMemory} region: its own {@link Arena#ofShared() shared arena} over a
 * {@link FileChannel#map file mapping}.
 *
 * <p>{@link #close()} closes the arena, which unmaps the memory; from then on every segment taken from
 * {@link #segment()} throws {@link IllegalStateException} when touched (the JDK guarantees no access to unmapped
 * memory), and the region's reference is given back.
 *
 * <p><b>Concurrency.</b> Thread-safe; {@link #close()} is idempotent. Closing while another thread accesses the
 * segment makes that access fail (shared arena semantics), never corrupt memory.
 */
public final class SharedMapping implements AutoCloseable {
    private static final AtomicInteger LIVE = new AtomicInteger();
    /** Open mappings of shareable regions, by start address: what {@link #containing} searches. */
    private static final java.util.concurrent.ConcurrentSkipListMap<Long, SharedMapping> SHAREABLE =
            new java.util.concurrent.ConcurrentSkipListMap<>();

    private final SharedMemory memory;
    private final Arena arena;
    private final MemorySegment segment;
    private final boolean readOnly;
    private final AtomicBoolean closed = new AtomicBoolean();

    private SharedMapping(SharedMemory memory, Arena arena, MemorySegment segment, boolean readOnly) {
        this.memory = memory;
        this.arena = arena;
        this.segment = segment;
        this.readOnly = readOnly;
    }

    static SharedMapping of(SharedMemory memory, FileChannel channel, boolean readOnly) {
        final Arena arena = Arena.ofShared();
        try {
            final MemorySegment mapped = channel.map(readOnly ? FileChannel.MapMode.READ_ONLY
                    : FileChannel.MapMode.READ_WRITE, 0, memory.size(), arena);
            LIVE.incrementAndGet();
            final SharedMapping mapping = new SharedMapping(memory, arena, readOnly ? mapped.asReadOnly() : mapped,
                    readOnly);
            if (memory.file().isPresent()) {
                SHAREABLE.put(mapped.address(), mapping);
            }
            return mapping;
        } catch (IOException | RuntimeException failed) {
            arena.close();
            throw new IOReturnException(kIOReturnVMError, "cannot map " + memory + ": " + failed);
        }
    }

    /**
     * {@return the open mapping of a shareable region (one with a {@linkplain SharedMemory#file() file} another
     * process can open) that holds all of {@code segment}, or {@code null}} How a process names memory it was given
     * to another: the region's file, and the segment's offset in it.
     *
     * @param segment the memory.
     */
    public static SharedMapping containing(MemorySegment segment) {
        final var floor = SHAREABLE.floorEntry(segment.address());
        if (floor == null) {
            return null;
        }
        final SharedMapping mapping = floor.getValue();
        final long end = mapping.segment.address() + mapping.segment.byteSize();
        return !mapping.isClosed() && segment.address() + segment.byteSize() <= end ? mapping : null;
    }

    /** {@return how many mappings are open in this process (arenas not yet closed)} */
    public static int liveCount() {
        return LIVE.get();
    }

    /** {@return the mapped bytes (read-only if mapped so: writes throw {@link IllegalArgumentException})} */
    public MemorySegment segment() {
        return segment;
    }

    /** {@return the mapping's address in this process} */
    public long address() {
        return segment.address();
    }

    /** {@return the mapping's length in bytes} */
    public long size() {
        return segment.byteSize();
    }

    /** {@return whether it is read-only} */
    public boolean isReadOnly() {
        return readOnly;
    }

    /** {@return the region it maps} */
    public SharedMemory memory() {
        return memory;
    }

    /** {@return whether {@link #close()} ran: the segment is then no longer accessible} */
    public boolean isClosed() {
        return closed.get();
    }

    /** Unmaps: closes the arena and gives back the region's reference. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            SHAREABLE.remove(segment.address(), this);
            arena.close();
            LIVE.decrementAndGet();
            memory.release();
        }
    }

    @Override
    public String toString() {
        return "SharedMapping[" + memory + (readOnly ? ", read-only" : "") + (closed.get() ? ", closed]" : "]");
    }
}
