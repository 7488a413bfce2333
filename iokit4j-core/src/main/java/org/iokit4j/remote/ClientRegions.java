package org.iokit4j.remote;

import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import org.iokit4j.memory.SharedMapping;
import org.iokit4j.memory.SharedMemory;

/**
 * The daemon's shared-memory regions this task has mapped: by the daemon's region ID and by address, so that a
 * segment given to a call can be named to the daemon without a copy.
 *
 * <p>A region is a file the daemon made ({@code 0600}, in the per-user directory) and owns: it deletes the file once
 * both sides mapped it, or when the task ends. Here a region is only a mapping, closed when the daemon says the task
 * no longer maps it, or when the session ends.
 *
 * <p><b>Concurrency.</b> Thread-safe.
 */
final class ClientRegions {
    /** A mapped region: the daemon's ID for it and this process's view. */
    record Region(long id, SharedMapping mapping) {
        long address() {
            return mapping.segment().address();
        }

        boolean covers(MemorySegment segment) {
            final long start = segment.address() - address();
            return start >= 0 && start + segment.byteSize() <= mapping.size();
        }
    }

    private final Session session;
    private final Map<Long, Region> byId = new ConcurrentHashMap<>();
    private final ConcurrentSkipListMap<Long, Region> byAddress = new ConcurrentSkipListMap<>();
    private volatile boolean closed;

    ClientRegions(Session session) {
        this.session = session;
    }

    /** {@return region {@code id}, mapping the daemon's file {@code path} of {@code size} bytes on first use} */
    Region map(long id, Path path, long size) {
        return byId.computeIfAbsent(id, known -> {
            final SharedMemory memory = SharedMemory.open(path, size);
            try {
                final Region region = new Region(id, memory.map(false));
                byAddress.put(region.address(), region);
                return region;
            } finally {
                memory.release(); // the mapping holds it now
            }
        });
    }

    /**
     * {@return the region a reply names next (its ID, then its file's path), of {@code size} bytes, mapped}
     *
     * @throws IOReturnException if the file cannot be opened or mapped here.
     */
    Region map(FrameIn in, long size) throws FrameIn.ProtocolException {
        final long id = in.getLong();
        return map(id, Path.of(in.getString()), size);
    }

    /** {@return the mapped region holding all of {@code segment}, or {@code null}} (heap segments never are) */
    Region find(MemorySegment segment) {
        if (!segment.isNative()) {
            return null;
        }
        final Map.Entry<Long, Region> floor = byAddress.floorEntry(segment.address());
        return floor != null && floor.getValue().covers(segment) ? floor.getValue() : null;
    }

    /** The daemon no longer maps region {@code id} for this task: the view closes. */
    void unmap(long id) {
        final Region region = byId.remove(id);
        if (region != null) {
            byAddress.remove(region.address(), region);
            region.mapping().close();
        }
    }

    /** {@return how many regions are mapped} */
    int size() {
        return byId.size();
    }

    /** The session ended: every view closes (the daemon deletes the files). */
    void close() {
        closed = true;
        byId.keySet().forEach(this::unmap);
    }

    @Override
    public String toString() {
        return "ClientRegions[" + session + ", " + byId.size() + (closed ? ", closed]" : "]");
    }
}
