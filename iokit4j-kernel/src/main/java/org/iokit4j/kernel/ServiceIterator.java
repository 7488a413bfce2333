package org.iokit4j.kernel;

import java.util.List;
import org.iokit4j.kernel.registry.KernelIterator;
import org.iokit4j.kernel.registry.RegistryEntry;

/**
 * An {@code io_iterator_t}: a snapshot of matching entries, walked by {@code IOIteratorNext}.
 *
 * <p><b>Concurrency.</b> Thread-safe (synchronised cursor).
 */
final class ServiceIterator implements KernelIterator {
    private final List<RegistryEntry> entries;
    private int next;

    ServiceIterator(List<RegistryEntry> entries) {
        this.entries = List.copyOf(entries);
    }

    /** {@return the next entry still registered, or {@code null} at the end} */
    synchronized RegistryEntry next() {
        while (next < entries.size()) {
            final RegistryEntry entry = entries.get(next++);
            if (entry.state() != RegistryEntry.State.TERMINATED) {
                return entry;
            }
        }
        return null;
    }

    synchronized void reset() {
        next = 0;
    }

    /**
     * {@inheritDoc} Always: it walks a snapshot nobody else changes (XNU wraps an {@code OSCollectionIterator} over
     * the matching set {@code IOService::getMatchingServices} made for this call).
     */
    @Override
    public boolean isValid() {
        return true;
    }
}
