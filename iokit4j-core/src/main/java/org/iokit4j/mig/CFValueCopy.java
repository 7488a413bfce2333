package org.iokit4j.mig;

import static org.iokit4j.IOReturn.kIOReturnBadArgument;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.iokit4j.Failure;
import org.iokit4j.IOReturnException;
import org.iokit4j.ValueText;

/**
 * What a caller's value becomes on its way to the kernel: IOKitLib serializes it ({@code IOCFSerialize}) and the
 * kernel unserializes it ({@code OSUnserializeXML}), so the kernel holds a deep copy the caller can no longer change.
 * The one walk behind property values ({@link PropertyValues}) and matching dictionaries (the kernel's matching);
 * a {@link Form} says what the copy is made of.
 *
 * <p>Copied: {@code String}, {@code Boolean}, the integer boxes (as they are, or widened to {@code Long}, as a
 * CFNumber comes back from the kernel), {@code Double}, {@code Float}, {@code byte[]} (a new array), and lists, sets
 * and String-keyed maps of them (order kept). A value of any other class becomes the string
 * {@code "typeID <class> not serializable"}, as IOKitUser's {@code DoCFSerialize} writes for a CF type it cannot
 * serialize. The walk never calls the caller's {@code toString}, {@code equals} or {@code hashCode}.
 *
 * <p>Refused with {@code kIOReturnBadArgument} naming the place, where C would crash or never finish: a null value
 * or key anywhere (a CF container holds no NULL), a key that is not a String (the kernel keys its dictionaries by
 * symbols), a container that contains itself, nesting deeper than {@value #MAX_DEPTH}, and a container whose
 * iteration throws (e.g. changed by another thread while it is read).
 *
 * <p><b>Concurrency.</b> Each copy is one walk on the caller's thread. The caller's value must not change while it is
 * read; if it does, the copy fails or sees some of the changes.
 */
public final class CFValueCopy {
    /** The deepest nesting read, counting the value itself as level 1. */
    public static final int MAX_DEPTH = 64;

    /**
     * What a copy is made of and how its refusals are worded.
     *
     * @param kind          what the value is, in a refusal ({@code "a property value"}).
     * @param root          how a refusal names the value itself when the walk is given no path.
     * @param nullCrash     which C calls would crash on a NULL member, in a refusal.
     * @param widenIntegers whether {@code Integer}, {@code Short} and {@code Byte} become {@code Long}.
     * @param keepSets      whether a {@code Set} stays a set (else every collection becomes a list).
     * @param frozen        whether the copy's maps, lists and sets are unmodifiable.
     */
    public record Form(String kind, String root, String nullCrash, boolean widenIntegers, boolean keepSets,
                       boolean frozen) {
    }

    /** A property value as the kernel keeps it: numbers as {@code Long}, sets as lists, mutable (contract.md §7). */
    public static final Form PROPERTY = new Form("a property value", "the value",
            "CFDictionaryCreate or IOCFSerialize", true, false, false);

    /** A matching dictionary as the kernel reads it: types as given, sets kept, unmodifiable. */
    public static final Form MATCHING = new Form("a matching dictionary", "the matching dictionary",
            "CFDictionarySetValue or CFArrayAppendValue", false, true, true);

    private final Form form;
    private final IdentityHashMap<Object, Object> open = new IdentityHashMap<>();

    private CFValueCopy(Form form) {
        this.form = form;
    }

    /**
     * {@return the copy of {@code value} in {@code form}}
     *
     * @param path  names the value in a refusal, e.g. {@code properties}; {@code null}: the form's root name, and keys
     *              below it named bare ({@code IONameMatch[0]}).
     * @param value the caller's value.
     * @param form  what the copy is made of.
     * @throws IOReturnException {@code kIOReturnBadArgument} naming the offending place, for a value the class
     *                           comment lists as refused.
     */
    public static Object copy(Object value, String path, Form form) {
        return new CFValueCopy(form).copy(value, path, 1);
    }

    private Object copy(Object value, String path, int depth) {
        return switch (value) {
            case null -> throw refuse("%s is null: %s cannot hold null (a CF container holds no NULL; in C, %s would"
                    + " crash)", where(path), form.kind(), form.nullCrash());
            case String _, Boolean _, Long _, Double _, Float _ -> value;
            case Integer i -> form.widenIntegers() ? (Object) (long) i : i;
            case Short s -> form.widenIntegers() ? (Object) (long) s : s;
            case Byte b -> form.widenIntegers() ? (Object) (long) b : b;
            case byte[] bytes -> bytes.clone();
            case Map<?, ?> map -> copyMap(map, path, depth);
            case Set<?> set when form.keepSets() -> {
                final Set<Object> copy = new LinkedHashSet<>(copyAll(set, path, depth));
                yield form.frozen() ? Collections.unmodifiableSet(copy) : copy;
            }
            case Collection<?> items -> {
                final List<Object> copy = copyAll(items, path, depth);
                yield form.frozen() ? Collections.unmodifiableList(copy) : copy;
            }
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
                copy.put(name, copy(entry.getValue(), path == null ? name : path + "[\"" + name + "\"]", depth + 1));
            }
        } catch (IOReturnException refused) {
            throw refused;
        } catch (RuntimeException unreadable) {
            throw unreadable(path, map, unreadable);
        }
        open.remove(map);
        return form.frozen() ? Collections.unmodifiableMap(copy) : copy;
    }

    private List<Object> copyAll(Collection<?> items, String path, int depth) {
        enter(items, path, depth);
        final List<Object> copy = new ArrayList<>();
        try {
            int index = 0;
            for (Object item : items) {
                copy.add(copy(item, where(path) + "[" + index++ + "]", depth + 1));
            }
        } catch (IOReturnException refused) {
            throw refused;
        } catch (RuntimeException unreadable) {
            throw unreadable(path, items, unreadable);
        }
        open.remove(items);
        return copy;
    }

    private void enter(Object container, String path, int depth) {
        if (open.put(container, container) != null) {
            throw refuse("%s contains itself: %s cannot be cyclic (IOCFSerialize would never finish)", where(path),
                    form.kind());
        }
        if (depth > MAX_DEPTH) {
            throw refuse("%s is nested %d levels deep: at most %d are read", where(path), depth, MAX_DEPTH);
        }
    }

    private IOReturnException unreadable(String path, Object container, RuntimeException thrown) {
        return refuse("reading %s (%s) threw %s: pass a value no other thread changes meanwhile", where(path),
                ValueText.kind(container), thrown.getClass().getName());
    }

    private String where(String path) {
        return path == null ? form.root() : path;
    }

    private static IOReturnException refuse(String format, Object... args) {
        return new IOReturnException(Failure.of(kIOReturnBadArgument, format, args));
    }
}
