package org.iokit4j.iokitlib;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Buffers handed to the caller by {@code kIOConnectMethodVarOutputSize} calls: Mach out-of-line memory that the
 * caller now owns and gives back with {@link IOKitLib#vm_deallocate(int, long, long)}.
 *
 * <p><b>Concurrency.</b> Thread-safe.
 */
final class VarOutputMemory {
    private static final ConcurrentHashMap<Long, Held> LIVE = new ConcurrentHashMap<>();

    private VarOutputMemory() {
    }

    static MemorySegment allocate(byte[] bytes) {
        final Arena arena = Arena.ofShared();
        final MemorySegment segment = arena.allocate(Math.max(1, bytes.length), 16);
        MemorySegment.copy(bytes, 0, segment, ValueLayout.JAVA_BYTE, 0, bytes.length);
        LIVE.put(segment.address(), new Held(arena, segment));
        return segment;
    }

    /** {@return the buffer at {@code address} as a segment of {@code size} bytes, or {@code null}} */
    static MemorySegment segment(long address, long size) {
        final Held held = LIVE.get(address);
        return held == null || size > held.segment.byteSize() ? null : held.segment.asSlice(0, size);
    }

    static boolean free(long address) {
        final Held held = LIVE.remove(address);
        if (held == null) {
            return false;
        }
        held.arena.close();
        return true;
    }

    private record Held(Arena arena, MemorySegment segment) {
    }

    static int live() {
        return LIVE.size();
    }
}
