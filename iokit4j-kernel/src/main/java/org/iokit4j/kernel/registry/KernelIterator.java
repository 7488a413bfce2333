package org.iokit4j.kernel.registry;

import java.util.List;

/**
 * A kernel object a client names with an {@code io_iterator_t} ({@code OSIterator} in XNU): the snapshot
 * {@code IOServiceGetMatchingServices} answers, a registry iterator, a notification's iterator. What
 * {@code IOIteratorIsValid} and the object functions ask of every kind of iterator, so each kind can live in its own
 * package.
 *
 * <p><b>Concurrency.</b> Implementations are thread-safe.
 */
public interface KernelIterator {
    /**
     * {@return whether the iteration is still consistent} ({@code OSIterator::isValid}): {@code false} once the
     * collection it walks changed under it (XNU {@code IORegistryIterator::isValid} after a registry change), so the
     * client should {@code IOIteratorReset} and walk again. A snapshot never goes invalid
     * ({@code OSCollectionIterator} over a private set), nor does a notification's iterator
     * ({@code IOUserNotification::isValid} returns true, iokit/Kernel/IOUserClient.cpp).
     */
    boolean isValid();

    /**
     * {@return the kernel classes of the object, its own first, for {@code IOObjectGetClass} and
     * {@code IOObjectConformsTo}} By default XNU's {@code IOUserIterator}, which wraps every iterator a client gets
     * ({@code IOUserIterator::withIterator}, IOUserClient.cpp).
     */
    default List<String> classChain() {
        return List.of("IOUserIterator", "OSIterator", "OSObject");
    }
}
