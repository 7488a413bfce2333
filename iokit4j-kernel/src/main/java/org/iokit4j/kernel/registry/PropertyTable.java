package org.iokit4j.kernel.registry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One registry entry's properties, kept as XNU keeps a DriverKit service's: the entry's own table (its personality's
 * keys and what the kernel sets), and inside it, under {@value #kIOUserServicePropertiesKey}, the dictionary of what
 * the entry's driver published with {@code SetProperties} (XNU IOUserServer.cpp {@code IOService::SetProperties_Impl}
 * merges the driver's dictionary there; it never writes the table itself).
 *
 * <p>Readers see the two as XNU's do:
 * <ul>
 *   <li>{@link #getCompatible} (one key, as an app reads it: XNU IOUserClient.cpp {@code IOCopyPropertyCompatible}):
 *       the table first, then the driver's dictionary, so a driver cannot hide a key of the table;</li>
 *   <li>{@link #merged} (all keys, as {@code is_io_registry_entry_get_properties_bin_buf} and
 *       {@code IOService::CopyProperties_Local} build them): the table without {@value #kIOUserServicePropertiesKey},
 *       with the driver's dictionary merged over it;</li>
 *   <li>{@link #get}, {@link #snapshot}, {@link #keys}: the table alone ({@code getProperty},
 *       {@code dictionaryWithProperties}, {@code copyPropertyKeys}).</li>
 * </ul>
 *
 * <p>Every value stored is {@linkplain PropertyCopies#freeze frozen}: it never changes once stored, so a value read
 * here may be shared by readers, but must go through {@link PropertyCopies#copy} before it leaves the kernel.
 *
 * <p><b>Concurrency.</b> Thread-safe: every method holds the table's lock for its short, non-blocking work
 * (XNU's {@code PLOCK} and {@code runPropertyActionBlock}).
 */
final class PropertyTable {
    /** {@code kIOUserServicePropertiesKey}: where a driver's own properties live (IOKitKeys.h). */
    static final String kIOUserServicePropertiesKey = "IOUserServiceProperties";

    private final Map<String, Object> table = new LinkedHashMap<>();

    PropertyTable(Map<String, Object> initial) {
        initial.forEach((key, value) -> table.put(key, PropertyCopies.freeze(value)));
    }

    /** {@return the table's value for {@code key}, or {@code null}} */
    synchronized Object get(String key) {
        return table.get(key);
    }

    /** Sets {@code key} in the table to a frozen copy of {@code value}. */
    synchronized void put(String key, Object value) {
        table.put(key, PropertyCopies.freeze(value));
    }

    /** {@return the table's value for {@code key}, else the driver's, or {@code null}} */
    synchronized Object getCompatible(String key) {
        final Object own = table.get(key);
        return own != null ? own : userProperties().get(key);
    }

    /** {@return the driver's value for {@code key}, or {@code null}} */
    synchronized Object getUser(String key) {
        return userProperties().get(key);
    }

    /** {@return a new map of the table's keys (values shared: frozen)} */
    synchronized Map<String, Object> snapshot() {
        return new LinkedHashMap<>(table);
    }

    /** {@return the table's keys, in order} */
    synchronized List<String> keys() {
        return new ArrayList<>(table.keySet());
    }

    /** {@return a new map: the table without the driver's dictionary, that dictionary merged over it} */
    synchronized Map<String, Object> merged() {
        final Map<String, Object> all = new LinkedHashMap<>(table);
        if (all.get(kIOUserServicePropertiesKey) instanceof Map<?, ?>) {
            all.remove(kIOUserServicePropertiesKey);
            all.putAll(userProperties());
        }
        return all;
    }

    /** Merges {@code properties} into the driver's dictionary (a new frozen one replaces the old). */
    synchronized void mergeUser(Map<String, ?> properties) {
        final Map<String, Object> next = new LinkedHashMap<>(userProperties());
        next.putAll(properties);
        table.put(kIOUserServicePropertiesKey, PropertyCopies.freezeMap(next));
    }

    /**
     * Removes {@code key} from the driver's dictionary.
     *
     * @return {@code false} if the driver never set a property (there is no dictionary: {@code kIOReturnNotFound}).
     */
    synchronized boolean removeUser(String key) {
        if (!(table.get(kIOUserServicePropertiesKey) instanceof Map<?, ?>)) {
            return false;
        }
        final Map<String, Object> next = new LinkedHashMap<>(userProperties());
        next.remove(key);
        table.put(kIOUserServicePropertiesKey, PropertyCopies.freezeMap(next));
        return true;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> userProperties() {
        return table.get(kIOUserServicePropertiesKey) instanceof Map<?, ?> user ? (Map<String, Object>) user
                : Map.of();
    }
}
