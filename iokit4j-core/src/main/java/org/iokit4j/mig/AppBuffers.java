package org.iokit4j.mig;

import java.lang.foreign.MemorySegment;
import java.util.concurrent.ConcurrentHashMap;
import org.iokit4j.memory.SharedMapping;
import org.iokit4j.memory.SharedMemory;

/**
 * The embedded carrier's buffers for {@link IOKitServer#memoryAllocate}: shared-memory regions mapped into this
 * process, by the address of their segment. In one JVM any segment reaches a driver without a copy; these exist so
 * that the same app code shares without a copy across processes too.
 *
 * <p><b>Concurrency.</b> Thread-safe.
 */
final class AppBuffers {
    private static final ConcurrentHashMap<Long, SharedMapping> BY_ADDRESS = new ConcurrentHashMap<>();

    private AppBuffers() {
    }

    static MemorySegment allocate(long size) {
        final SharedMemory memory = SharedMemory.create(size);
        try {
            final SharedMapping mapping = memory.map(false);
            BY_ADDRESS.put(mapping.segment().address(), mapping);
            return mapping.segment();
        } finally {
            memory.release(); // the mapping holds it
        }
    }

    static boolean release(MemorySegment segment) {
        final SharedMapping mapping = BY_ADDRESS.remove(segment.address());
        if (mapping == null) {
            return false;
        }
        mapping.close();
        return true;
    }
}
