package org.iokit4j.kerneld.serve;

import java.lang.foreign.MemorySegment;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.iokit4j.memory.SharedMapping;
import org.iokit4j.memory.SharedMemory;

/**
 * The shared-memory regions an app task reaches through the daemon, by the IDs the app names them with: regions
 * the daemon made for the app (staging, or allocated) and driver memory the app mapped.
 *
 * <p>Each entry holds the daemon's mapping (and so a reference to the region) until the app gives it back or the
 * session ends; a region the daemon made for the app is released then too, which deletes its file.
 *
 * <p><b>Concurrency.</b> Thread-safe.
 */
final class SessionRegions {
    /** A region the app can name: the daemon's view and whether the daemon made it for the app. */
    record Entry(long id, SharedMapping mapping, boolean owned) {
    }

    private static final AtomicLong IDS = new AtomicLong();

    private final Map<Long, Entry> byId = new ConcurrentHashMap<>();
    private final Map<SharedMemory, Entry> byMemory = new IdentityHashMap<>();
    private boolean closed;

    /** Makes a region of {@code size} bytes for the app; {@return its entry} */
    Entry allocate(long size) {
        final SharedMemory memory = SharedMemory.createShareable(size);
        try {
            return add(memory.map(false), true);
        } finally {
            memory.release(); // the mapping holds it
        }
    }

    /**
     * {@return the entry for driver memory the app mapped}: the same ID each time for the same region.
     *
     * @param mapping the task's mapping in the kernel (not retained here: a mapping of our own is made).
     */
    synchronized Entry name(SharedMemory memory) {
        final Entry known = byMemory.get(memory);
        return known != null ? known : add(memory.map(false), false);
    }

    /** {@return region {@code id}'s bytes {@code [offset, offset + length)}, or {@code null} if unknown or outside} */
    MemorySegment slice(long id, long offset, long length) {
        final Entry entry = byId.get(id);
        if (entry == null || offset < 0 || length < 0 || offset + length > entry.mapping().size()) {
            return null;
        }
        return entry.mapping().segment().asSlice(offset, length);
    }

    /** The app gave region {@code id} back; {@return whether it was known} */
    boolean release(long id) {
        final Entry entry = byId.remove(id);
        if (entry == null) {
            return false;
        }
        synchronized (this) {
            byMemory.remove(entry.mapping().memory(), entry);
        }
        entry.mapping().close();
        return true;
    }

    /** {@return the entry whose region is {@code memory}, or {@code null}} */
    synchronized Entry find(SharedMemory memory) {
        return byMemory.get(memory);
    }

    /** {@return how many regions the app can name} */
    int size() {
        return byId.size();
    }

    /** The session ended: every mapping closes; regions made for the app go (their files deleted). */
    void close() {
        synchronized (this) {
            closed = true;
        }
        byId.keySet().forEach(this::release);
    }

    private synchronized Entry add(SharedMapping mapping, boolean owned) {
        if (closed) {
            mapping.close();
            throw new IllegalStateException("the session has ended");
        }
        final Entry entry = new Entry(IDS.incrementAndGet(), mapping, owned);
        byId.put(entry.id(), entry);
        byMemory.put(mapping.memory(), entry);
        return entry;
    }
}
