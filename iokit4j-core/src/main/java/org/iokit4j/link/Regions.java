package org.iokit4j.link;

import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.iokit4j.memory.SharedMapping;
import org.iokit4j.memory.SharedMemory;

/**
 * The shared-memory regions of another process that this one mapped, by file: a region named twice is mapped once.
 * A region whose file its owner has deleted (it released it) is unmapped when another is mapped, so mappings do not
 * pile up; memory a driver kept past that point reads as closed ({@link IllegalStateException}), never as another
 * region's bytes.
 *
 * <p><b>Concurrency.</b> Thread-safe.
 */
public final class Regions implements AutoCloseable {
    private final Map<Path, SharedMapping> mapped = new ConcurrentHashMap<>();

    /** {@return the whole region in {@code file}, of {@code size} bytes, mapped read-write} */
    public MemorySegment map(Path file, long size) {
        final SharedMapping known = mapped.get(file);
        if (known != null && !known.isClosed() && known.size() == size) {
            return known.segment();
        }
        sweep();
        final SharedMapping mapping = SharedMemory.open(file, size).map(false);
        final SharedMapping raced = mapped.putIfAbsent(file, mapping);
        if (raced != null) {
            mapping.close();
            return raced.segment();
        }
        return mapping.segment();
    }

    /** {@return how many regions are mapped} */
    public int count() {
        return mapped.size();
    }

    /** Unmaps every region. */
    @Override
    public void close() {
        mapped.values().forEach(SharedMapping::close);
        mapped.clear();
    }

    private void sweep() {
        mapped.entrySet().removeIf(entry -> {
            if (Files.exists(entry.getKey())) {
                return false;
            }
            entry.getValue().close();
            return true;
        });
    }
}
