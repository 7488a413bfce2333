package org.iokit4j.kernel.matching;

import static org.iokit4j.IOReturn.kIOReturnBadArgument;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.iokit4j.Failure;
import org.iokit4j.ValueText;

/**
 * Reads a caller's matching dictionary as IOKitLib hands it to the kernel: serialized by {@code IOCFSerialize}
 * and unserialized by {@code OSUnserializeXML}, i.e. a deep copy the caller can no longer change.
 *
 * <p>The copy holds only property-list values: {@code String}, {@code Boolean}, {@code Long}, {@code Integer},
 * {@code Short}, {@code Byte}, {@code Double}, {@code Float}, {@code byte[]} (copied), and lists, sets and
 * String-keyed maps of them (made unmodifiable; maps keep their order). A value of any other class becomes the
 * string {@code "typeID <class> not serializable"}, as IOCFSerialize writes for a CF type it cannot serialize
 * (IOKitUser IOCFSerialize.c), so it matches nothing. The walk never calls the caller's {@code toString},
 * {@code equals} or {@code hashCode}.
 *
 * <p>Refused with {@code kIOReturnBadArgument}, where C would crash or never finish: a null dictionary, a null
 * key or value anywhere (a CF container cannot hold NULL), a key that is not a String, a container that contains
 * itself, nesting deeper than {@value #MAX_DEPTH}, and a container whose iteration throws (e.g. changed by
 * another thread while it is read).
 *
 * <p><b>Concurrency.</b> Stateless. The caller's dictionary must not change while it is read; if it does, the
 * read fails or sees some of the changes.
 */
final class MatchingCopy {
    /** The deepest nesting accepted, counting the dictionary itself as level 1. */
    static final int MAX_DEPTH = 64;

    private final IdentityHashMap<Object, Object> open = new IdentityHashMap<>();

    private MatchingCopy() {
    }

    /** {@return the copy, or the failure} */
    static Matching.Copy of(Map<String, Object> matching) {
        if (matching == null) {
            return new Matching.Copy(null, Failure.of(kIOReturnBadArgument, "the matching dictionary is null:"
                    + " build one with IOServiceMatching, IOServiceNameMatching or IORegistryEntryIDMatching"));
        }
        try {
            @SuppressWarnings("unchecked")
            final Map<String, Object> copy = (Map<String, Object>) new MatchingCopy().copyMap(matching, null, 1);
            return new Matching.Copy(copy, null);
        } catch (Refused refused) {
            return new Matching.Copy(null, refused.failure);
        }
    }

    private Object copy(Object value, String path, int depth) {
        return switch (value) {
            case null -> throw refuse("%s is null: a matching dictionary cannot hold null (a CF container holds no"
                    + " NULL; in C, CFDictionarySetValue or CFArrayAppendValue would crash)", path);
            case String s -> s;
            case Boolean _, Long _, Integer _, Short _, Byte _, Double _, Float _ -> value;
            case byte[] bytes -> bytes.clone();
            case Map<?, ?> map -> copyMap(map, path, depth + 1);
            case List<?> list -> List.copyOf(copyAll(list, path, depth + 1));
            case Set<?> set -> Collections.unmodifiableSet(new LinkedHashSet<>(copyAll(set, path, depth + 1)));
            default -> "typeID " + value.getClass().getName() + " not serializable";
        };
    }

    private Map<String, Object> copyMap(Map<?, ?> map, String path, int depth) {
        enter(map, path, depth);
        final Map<String, Object> copy = new LinkedHashMap<>();
        try {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                final Object key = entry.getKey();
                if (key == null) {
                    throw refuse("%s has a null key: the keys of a dictionary are Strings (in C,"
                            + " CFDictionarySetValue would crash)", where(path));
                }
                if (!(key instanceof String name)) {
                    throw refuse("%s has the key %s (%s): the keys of a dictionary are Strings", where(path),
                            ValueText.of(key), ValueText.kind(key));
                }
                copy.put(name, copy(entry.getValue(), path == null ? name : path + "[\"" + name + "\"]", depth));
            }
        } catch (RuntimeException unreadable) {
            throw unreadable instanceof Refused refused ? refused : unreadable(path, map, unreadable);
        }
        open.remove(map);
        return Collections.unmodifiableMap(copy);
    }

    private List<Object> copyAll(Iterable<?> items, String path, int depth) {
        enter(items, path, depth);
        final List<Object> copy = new ArrayList<>();
        try {
            int index = 0;
            for (Object item : items) {
                copy.add(copy(item, path + "[" + index++ + "]", depth));
            }
        } catch (RuntimeException unreadable) {
            throw unreadable instanceof Refused refused ? refused : unreadable(path, items, unreadable);
        }
        open.remove(items);
        return copy;
    }

    private void enter(Object container, String path, int depth) {
        if (open.put(container, container) != null) {
            throw refuse("%s contains itself: a matching dictionary cannot be cyclic (IOCFSerialize would never"
                    + " finish)", where(path));
        }
        if (depth > MAX_DEPTH) {
            throw refuse("%s is nested %d levels deep: at most %d are read", where(path), depth, MAX_DEPTH);
        }
    }

    private static Refused unreadable(String path, Object container, RuntimeException thrown) {
        return refuse("reading %s (%s) threw %s: pass a dictionary no other thread changes meanwhile", where(path),
                ValueText.kind(container), thrown.getClass().getName());
    }

    private static String where(String path) {
        return path == null ? "the matching dictionary" : path;
    }

    private static Refused refuse(String format, Object... args) {
        return new Refused(Failure.of(kIOReturnBadArgument, format, args));
    }

    /** The walk's way out with a failure; no stack trace. */
    private static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient Failure failure;

        Refused(Failure failure) {
            super(failure.explanation(), null, false, false);
            this.failure = failure;
        }
    }
}
