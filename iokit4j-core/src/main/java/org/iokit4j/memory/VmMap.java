package org.iokit4j.memory;

import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * A task's address map: the shared memory mapped into the task, by address (what {@code vm_map} keeps for a Mach
 * task).
 *
 * <p>An address is only a name here: a Java task reaches the bytes through {@link #resolve}, which answers a
 * bounds-checked segment, or {@code null} for a range no live mapping covers. The kernel enters a mapping when
 * {@code IOConnectMapMemory64} succeeds and removes it on unmap or when the user client closes; the task's end
 * closes whatever is left.
 *
 * <p><b>Concurrency.</b> Thread-safe. Look-ups and removals are lock-free; {@link #enter} and the start of
 * {@link #close()} are ordered by this object's monitor, so a mapping entered while the task ends is either swept
 * by the close or refused and closed by the enter, never left open in an ended map (issue 8 race 10).
 */
public final class VmMap {
    private final ConcurrentSkipListMap<Long, Region> regions = new ConcurrentSkipListMap<>();
    /** Set once by {@link #close()}; guarded by this object, so an {@link #enter} is before it or sees it. */
    private boolean closed;

    /** Creates an empty map. */
    public VmMap() {
    }

    /**
     * One mapped region.
     *
     * @param mapping the mapping (its segment is the region's bytes).
     * @param owner   who entered it (the kernel's user client), for explanations and teardown.
     */
    public record Region(SharedMapping mapping, Object owner) {
        /** {@return the region's address} */
        public long address() {
            return mapping.address();
        }

        /** {@return whether {@code [address, address + length)} lies inside the region} */
        boolean covers(long address, long length) {
            final long offset = address - address();
            return offset >= 0 && length >= 0 && offset <= mapping.size() && length <= mapping.size() - offset;
        }
    }

    /**
     * Enters {@code mapping} at its address.
     *
     * @param mapping the shared mapping to give an address.
     * @param owner   what the region belongs to, released with it.
     * @return the address.
     * @throws IllegalStateException if the task has ended (the mapping is then closed).
     */
    public long enter(SharedMapping mapping, Object owner) {
        synchronized (this) { // ordered against close(): entered before its sweep, or refused
            if (!closed) {
                regions.put(mapping.address(), new Region(mapping, owner));
                return mapping.address();
            }
        }
        mapping.close();
        throw new IllegalStateException("the task has ended: it can map nothing more");
    }

    /**
     * {@return the region that starts at {@code address}, or {@code null}}
     *
     * @param address an address in the task's map.
     */
    public Region regionAt(long address) {
        return regions.get(address);
    }

    /**
     * {@return the live region holding all of {@code [address, address + length)}, or {@code null}}
     *
     * @param address an address in the task's map.
     * @param length  the length in bytes.
     */
    public Region regionCovering(long address, long length) {
        final Map.Entry<Long, Region> floor = regions.floorEntry(address);
        return floor == null || !floor.getValue().covers(address, length) || floor.getValue().mapping().isClosed()
                ? null : floor.getValue();
    }

    /**
     * {@return the region removed from {@code address} (the caller closes its mapping), or {@code null}}
     *
     * @param address an address in the task's map.
     */
    public Region remove(long address) {
        return regions.remove(address);
    }

    /**
     * {@return the bytes {@code [address, address + length)} as a segment, or {@code null} if no live mapping covers
     * the whole range}
     *
     * @param address an address in the task's map.
     * @param length  the length in bytes.
     */
    public MemorySegment resolve(long address, long length) {
        final Map.Entry<Long, Region> floor = regions.floorEntry(address);
        if (floor == null || !floor.getValue().covers(address, length) || floor.getValue().mapping().isClosed()) {
            return null;
        }
        return floor.getValue().mapping().segment().asSlice(address - floor.getKey(), length);
    }

    /** {@return the regions, lowest address first (a snapshot)} */
    public List<Region> regions() {
        return List.copyOf(regions.values());
    }

    /** Ends the map with its task: every mapping still in it is closed. Idempotent. */
    public void close() {
        synchronized (this) {
            closed = true;
        }
        for (Long address : List.copyOf(regions.keySet())) {
            final Region region = regions.remove(address);
            if (region != null) {
                region.mapping().close();
            }
        }
    }
}
