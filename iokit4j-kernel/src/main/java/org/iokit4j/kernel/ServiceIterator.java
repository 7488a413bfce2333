package org.iokit4j.kernel;

import java.util.List;
import org.iokit4j.kernel.registry.KernelIterator;
import org.iokit4j.kernel.registry.RegistryEntry;
import org.iokit4j.kernel.registry.RegistryIterator;

/**
 * An {@code io_iterator_t} as XNU's {@code IOUserIterator} is one (iokit/Kernel/IOUserClient.cpp): a lock around an
 * iterator, walked by {@code IOIteratorNext}. The iterator is either a snapshot of entries (what
 * {@code IOServiceGetMatchingServices}, {@code IORegistryEntryGetChildIterator} and
 * {@code IORegistryEntryGetParentIterator} hand out: XNU iterates a set or array made for the iterator alone) or a
 * {@linkplain RegistryIterator registry walk} ({@code IORegistryCreateIterator}, {@code IORegistryEntryCreateIterator}).
 *
 * <p>A snapshot returns every entry it holds, also one that terminated after it was made: the snapshot keeps its
 * entries, and {@code IOUserIterator::copyNextObject} returns whatever its iterator holds. Only an entry whose port is
 * gone for good (a closed user client's entry, which iokit4j frees at once) is passed over: no name can be made for
 * it.
 *
 * <p><b>Validity</b> ({@link #isValid()}, what {@code IOIteratorIsValid} answers): a snapshot is always valid (nothing
 * else changes it); a registry walk is invalid once the links it was iterating changed, until {@link #reset()}.
 *
 * <p><b>Concurrency.</b> Thread-safe (synchronised cursor; a walk is itself synchronised).
 */
final class ServiceIterator implements KernelIterator {
    private final List<RegistryEntry> entries;
    private final RegistryIterator walk;
    private int next;

    /** An iterator over a snapshot of {@code entries}. */
    ServiceIterator(List<RegistryEntry> entries) {
        this.entries = List.copyOf(entries);
        this.walk = null;
    }

    /** An iterator over a registry walk. */
    ServiceIterator(RegistryIterator walk) {
        this.entries = null;
        this.walk = walk;
    }

    /** {@return the next entry, or {@code null} at the end} */
    synchronized RegistryEntry next() {
        if (walk != null) {
            return walk.next();
        }
        while (next < entries.size()) {
            final RegistryEntry entry = entries.get(next++);
            if (!entry.port().isDead()) {
                return entry;
            }
        }
        return null;
    }

    /** Starts the iteration again ({@code IOIteratorReset}); a walk also becomes valid again. */
    synchronized void reset() {
        if (walk != null) {
            walk.reset();
        }
        next = 0;
    }

    /** {@return whether the iterator is valid ({@code IOIteratorIsValid}): see the class comment} */
    @Override
    public synchronized boolean isValid() {
        return walk == null || walk.isValid();
    }

    /** {@return the registry walk this iterator is, or {@code null} for a snapshot} */
    RegistryIterator walk() {
        return walk;
    }
}
