package org.iokit4j.kernel;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A fresh copy of a property value, what a client receives: XNU serializes the kernel's object and IOKitLib
 * unserializes new CF objects ({@code IOCFUnserialize}), so changing what a client got changes nothing in the
 * registry, nor what another call returns (contract.md §7).
 *
 * <p>Dictionaries become {@link LinkedHashMap}s (keeping their order), arrays {@link ArrayList}s, sets
 * {@link LinkedHashSet}s and {@code byte[]} a new array, at every depth; strings, numbers and booleans are immutable
 * and shared.
 *
 * <p><b>Concurrency.</b> Stateless. The value must not change while it is copied (the registry's values do not).
 */
final class PropertyCopy {
    private PropertyCopy() {
    }

    /** {@return a deep copy of {@code value}} */
    static Object of(Object value) {
        return switch (value) {
            case byte[] bytes -> bytes.clone();
            case Map<?, ?> map -> {
                final Map<Object, Object> copy = new LinkedHashMap<>();
                map.forEach((key, element) -> copy.put(key, of(element)));
                yield copy;
            }
            case List<?> list -> copyAll(list, new ArrayList<>(list.size()));
            case Set<?> set -> copyAll(set, new LinkedHashSet<>());
            case null, default -> value;
        };
    }

    private static <C extends Collection<Object>> C copyAll(Collection<?> from, C into) {
        for (Object element : from) {
            into.add(of(element));
        }
        return into;
    }
}
