package org.iokit4j.driverkit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The one place that converts between DriverKit's containers and the client's values (contract.md §7's type
 * mapping), deep, always into fresh copies:
 *
 * <table class="striped">
 * <caption>Client value ↔ container</caption>
 * <tr><th>Client value (CF type)</th><th>Container</th><th>Rule</th></tr>
 * <tr><td>{@code String} ({@code CFString})</td><td>{@link OSString}</td><td>the whole text</td></tr>
 * <tr><td>{@code Long} ({@code CFNumber})</td><td>{@link OSNumber}, 64 bits</td>
 *     <td>back: a number of 32 bits or fewer comes back sign-extended from its low 32 bits, one of 33 to 64 bits as
 *     its 64 bits (below)</td></tr>
 * <tr><td>{@code Integer}, {@code Short}, {@code Byte}</td><td>{@link OSNumber} of 32, 16, 8 bits</td>
 *     <td>one way: they come back as {@code Long}</td></tr>
 * <tr><td>{@code Boolean} ({@code CFBoolean})</td><td>{@link OSBoolean}</td><td>the two singletons</td></tr>
 * <tr><td>{@code byte[]} ({@code CFData})</td><td>{@link OSData}</td><td>a copy of the bytes</td></tr>
 * <tr><td>{@code List<Object>} ({@code CFArray})</td><td>{@link OSArray}</td><td>in order</td></tr>
 * <tr><td>{@code Map<String,Object>} ({@code CFDictionary})</td><td>{@link OSDictionary}</td>
 *     <td>in the map's iteration order; back as a {@code LinkedHashMap} in the dictionary's order</td></tr>
 * </table>
 *
 * <p>Numbers follow what Apple's serialisation does on the way between an app and the kernel. To the kernel,
 * {@code DoCFSerializeNumber} (IOKitUser's IOCFSerialize.c) gives a {@code CFNumber} of {@code SInt8}, {@code SInt16},
 * {@code SInt32} or {@code SInt64} type 8, 16, 32 or 64 bits, and the kernel masks the value to that size; hence
 * {@code Byte}, {@code Short}, {@code Integer} and {@code Long}. Back to the app, {@code buildNumber} (IOKitUser's
 * IOCFUnserialize.yacc) makes an {@code SInt32} from the low 32 bits of a number of 32 bits or fewer and an
 * {@code SInt64} otherwise, which the client reads as a signed 64-bit {@code Long}: an 8-bit {@code 0xFF} reads 255,
 * a 32-bit {@code 0xFFFFFFFF} reads -1. A number's bit size does not survive a trip through client values (a
 * {@code Long} has none).
 *
 * <p>Anything else is refused with an {@link IllegalArgumentException} that names the type and where it sits
 * ({@code $} is the value itself, {@code $["key"][2]} the third member of the array under {@code "key"}): other
 * types ({@code Double}, {@code int[]}, …), {@code null} values, non-{@code String} or {@code null} keys, a string of
 * {@link OSString#kMaxStringLength} UTF-8 bytes or more, a container the value contains inside itself (a cycle;
 * the same list twice side by side is fine and copied twice), and, going back, an {@link OSObject} that is not a
 * container. A refused conversion leaves nothing behind: what it had built is released.
 *
 * <p><b>Concurrency.</b> Stateless. Each call reads its argument once, so the argument must not change during the
 * call (the containers have no concurrency protection, and neither do most Java collections).
 */
public final class OSContainers {

    /** Where a value sits in the one being converted: printed only when it is refused. */
    private record Path(Path parent, String key, int index) {
        static final Path ROOT = new Path(null, null, -1);

        Path child(String childKey) {
            return new Path(this, childKey, -1);
        }

        Path child(int childIndex) {
            return new Path(this, null, childIndex);
        }

        @Override
        public String toString() {
            if (parent == null) {
                return "$";
            }
            return parent + (key != null ? "[\"" + key + "\"]" : "[" + index + "]");
        }
    }

    private OSContainers() {
    }

    /**
     * Converts a client value to a new container (the table above), deeply.
     *
     * @param value the value
     * @return the container, holding one reference, the caller's (members are held by their collections only)
     * @throws IllegalArgumentException when the value, or anything inside it, cannot be a property value (the
     *     message names the type and the path)
     */
    public static OSContainer fromValue(Object value) {
        return from(value, Path.ROOT, Collections.newSetFromMap(new IdentityHashMap<>()));
    }

    /**
     * Converts a client dictionary to a new {@link OSDictionary}: {@link #fromValue(Object)} for a map.
     *
     * @param properties the entries
     * @return the dictionary, holding one reference, the caller's
     * @throws IllegalArgumentException as {@link #fromValue(Object)}
     */
    public static OSDictionary fromMap(Map<String, ?> properties) {
        if (properties == null) {
            throw refuse("fromMap", "a null map", Path.ROOT);
        }
        return (OSDictionary) fromValue(properties);
    }

    /**
     * Converts a container to a new client value (the table above), deeply; the container is not changed or
     * released.
     *
     * @param object the container
     * @return a fresh value the caller owns: {@code String}, {@code Long}, {@code Boolean}, {@code byte[]},
     *     {@code ArrayList} or {@code LinkedHashMap}
     * @throws IllegalArgumentException when the object, or a member inside it, is not a container, or a collection
     *     contains itself (the message names the class and the path)
     */
    public static Object toValue(OSObject object) {
        return to(object, Path.ROOT, Collections.newSetFromMap(new IdentityHashMap<>()));
    }

    /**
     * Converts an {@link OSDictionary} to a new client dictionary: {@link #toValue(OSObject)} for a dictionary.
     *
     * @param dictionary the dictionary
     * @return a fresh mutable map in the dictionary's order
     * @throws IllegalArgumentException as {@link #toValue(OSObject)}
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> toMap(OSDictionary dictionary) {
        if (dictionary == null) {
            throw refuse("toMap", "a null dictionary", Path.ROOT);
        }
        return (Map<String, Object>) toValue(dictionary);
    }

    private static OSContainer from(Object value, Path path, Set<Object> onPath) {
        return switch (value) {
            case null -> throw refuse("fromValue", "a null value (a property value is never null)", path);
            case String text -> {
                final OSString string = OSString.withCString(text);
                if (string == null) {
                    throw refuse("fromValue", "a String of " + text.length() + " chars, at least kMaxStringLength="
                            + OSString.kMaxStringLength + " bytes in UTF-8 (OSString::initWithCString)", path);
                }
                yield string;
            }
            case Long number -> OSNumber.withNumber(number, 64);
            case Integer number -> OSNumber.withNumber(number, 32);
            case Short number -> OSNumber.withNumber(number, 16);
            case Byte number -> OSNumber.withNumber(number, 8);
            case Boolean flag -> OSBoolean.withBoolean(flag);
            case byte[] bytes -> OSData.withBytes(bytes);
            case List<?> list -> fromList(list, path, onPath);
            case Map<?, ?> map -> fromMap(map, path, onPath);
            default -> throw refuse("fromValue", "unsupported type " + value.getClass().getName(), path);
        };
    }

    private static OSArray fromList(List<?> list, Path path, Set<Object> onPath) {
        if (!onPath.add(list)) {
            throw refuse("fromValue", "a cycle: this " + list.getClass().getName() + " contains itself", path);
        }
        final OSArray array = OSArray.withCapacity(list.size());
        try {
            int index = 0;
            for (final Object member : list) {
                final OSContainer converted = from(member, path.child(index++), onPath);
                array.setObject(converted);
                converted.release();
            }
        } catch (RuntimeException refused) {
            array.release(); // and with it every member converted so far
            throw refused;
        } finally {
            onPath.remove(list);
        }
        return array;
    }

    private static OSDictionary fromMap(Map<?, ?> map, Path path, Set<Object> onPath) {
        if (!onPath.add(map)) {
            throw refuse("fromValue", "a cycle: this " + map.getClass().getName() + " contains itself", path);
        }
        final OSDictionary dictionary = OSDictionary.withCapacity(map.size());
        try {
            for (final Map.Entry<?, ?> entry : map.entrySet()) {
                if (!(entry.getKey() instanceof String key)) {
                    throw refuse("fromValue", "a key of type " + (entry.getKey() == null ? "null"
                            : entry.getKey().getClass().getName()) + " (keys are Strings)", path);
                }
                final OSContainer converted = from(entry.getValue(), path.child(key), onPath);
                final boolean set = dictionary.setObject(key, converted);
                converted.release();
                if (!set) {
                    throw refuse("fromValue", "a key of " + key.length() + " chars, too long for an OSString key",
                            path);
                }
            }
        } catch (RuntimeException refused) {
            dictionary.release();
            throw refused;
        } finally {
            onPath.remove(map);
        }
        return dictionary;
    }

    private static Object to(OSObject object, Path path, Set<OSObject> onPath) {
        return switch (object) {
            case null -> throw refuse("toValue", "a null object", path);
            case OSString string -> string.getCStringNoCopy();
            case OSNumber number -> number.numberOfBits() <= 32
                    ? (long) number.unsigned32BitValue() // IOCFUnserialize buildNumber: kCFNumberSInt32Type
                    : number.unsigned64BitValue();
            case OSBoolean flag -> flag.getValue();
            case OSData data -> data.toByteArray();
            case OSArray array -> toList(array, path, onPath);
            case OSDictionary dictionary -> toMap(dictionary, path, onPath);
            default -> throw refuse("toValue", "an object of class " + object.getClass().getName()
                    + ", not a container (OSString, OSNumber, OSBoolean, OSData, OSArray, OSDictionary)", path);
        };
    }

    private static List<Object> toList(OSArray array, Path path, Set<OSObject> onPath) {
        if (!onPath.add(array)) {
            throw refuse("toValue", "a cycle: this OSArray contains itself", path);
        }
        final List<Object> list = new ArrayList<>(array.getCount());
        for (int i = 0; i < array.getCount(); i++) {
            list.add(to(array.getObject(i), path.child(i), onPath));
        }
        onPath.remove(array);
        return list;
    }

    private static Map<String, Object> toMap(OSDictionary dictionary, Path path, Set<OSObject> onPath) {
        if (!onPath.add(dictionary)) {
            throw refuse("toValue", "a cycle: this OSDictionary contains itself", path);
        }
        final Map<String, Object> map = new LinkedHashMap<>();
        dictionary.iterateObjects((key, value) -> {
            final String name = key.getCStringNoCopy();
            map.put(name, to(value, path.child(name), onPath));
            return false;
        });
        onPath.remove(dictionary);
        return map;
    }

    private static IllegalArgumentException refuse(String function, String what, Path path) {
        return new IllegalArgumentException("OSContainers." + function + ": " + what + " at " + path
                + " (docs/properties-and-registry.md, \"Serialising values\": a property value is a String, Long, Integer, Short, Byte, Boolean, byte[],"
                + " List or Map with String keys)");
    }
}
