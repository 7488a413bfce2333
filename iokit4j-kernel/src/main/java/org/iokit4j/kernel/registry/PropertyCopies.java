package org.iokit4j.kernel.registry;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Copies of property values: the fresh copy every caller gets, and the frozen copy the registry keeps.
 *
 * <p>Apple's kernel never hands out its own objects: every property an app reads is serialized in the kernel and
 * unserialized in the app ({@code is_io_registry_entry_get_property_bin_buf}, IOKitUser
 * {@code IORegistryEntrySearchCFProperty}), and a driver's {@code CopyProperties} gets a new dictionary
 * ({@code IOService::CopyProperties_Local}). So {@link #copy} makes a deep copy in the client's types (contract.md §7):
 * maps ({@link LinkedHashMap}, order kept) and lists ({@link ArrayList}) are new and mutable, {@code byte[]} is cloned,
 * an {@code Integer}, {@code Short} or {@code Byte} becomes a {@code Long} (a CFNumber reads as a {@code Long}); other
 * values ({@code String}, {@code Boolean}, {@code Long}, {@code Double}, a personality's {@code Instant}) are immutable
 * and shared. Changing a copy changes nothing else.
 *
 * <p>{@link #freeze} is what the registry stores: the same deep copy with unmodifiable maps and lists, so that no
 * value the registry holds is ever changed after it was stored, and a reader may share it without a lock.
 *
 * <p><b>Concurrency.</b> Stateless. The value must not change while it is copied (the registry's frozen values never
 * do).
 */
public final class PropertyCopies {
    private PropertyCopies() {
    }

    /**
     * {@return a fresh, mutable deep copy of {@code value} that the caller owns} {@code null} stays {@code null}.
     *
     * @param value a property value.
     */
    public static Object copy(Object value) {
        return switch (value) {
            case Map<?, ?> map -> copyMap(map);
            case Collection<?> items -> {
                final List<Object> list = new ArrayList<>(items.size());
                for (Object item : items) {
                    list.add(copy(item));
                }
                yield list;
            }
            case byte[] bytes -> bytes.clone();
            case Integer i -> (long) i;
            case Short s -> (long) s;
            case Byte b -> (long) b;
            case null, default -> value;
        };
    }

    /**
     * {@return a fresh, mutable deep copy of {@code map}, keys in its order}
     *
     * @param map a property dictionary.
     */
    public static Map<String, Object> copyMap(Map<?, ?> map) {
        final Map<String, Object> copy = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            copy.put(String.valueOf(entry.getKey()), copy(entry.getValue()));
        }
        return copy;
    }

    /** {@return an unmodifiable deep copy of {@code value} for the registry to keep} */
    static Object freeze(Object value) {
        return switch (value) {
            case Map<?, ?> map -> freezeMap(map);
            case Collection<?> items -> {
                final List<Object> list = new ArrayList<>(items.size());
                for (Object item : items) {
                    list.add(freeze(item));
                }
                yield Collections.unmodifiableList(list);
            }
            case null, default -> copy(value);
        };
    }

    /** {@return an unmodifiable deep copy of {@code map}, keys in its order} */
    static Map<String, Object> freezeMap(Map<?, ?> map) {
        final Map<String, Object> frozen = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            frozen.put(String.valueOf(entry.getKey()), freeze(entry.getValue()));
        }
        return Collections.unmodifiableMap(frozen);
    }
}
