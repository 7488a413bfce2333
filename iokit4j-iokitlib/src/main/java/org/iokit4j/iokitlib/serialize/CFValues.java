package org.iokit4j.iokitlib.serialize;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What CF type a Java value stands for (contract.md §7: {@code String} ↔ CFString, {@code Long} (and the other
 * integers) ↔ CFNumber, {@code Boolean} ↔ CFBoolean, {@code byte[]} ↔ CFData, {@code List} ↔ CFArray,
 * {@code Map<String, ?>} ↔ CFDictionary, {@code Set} ↔ CFSet), and the checks both serialisers share.
 *
 * <p><b>Concurrency.</b> Stateless.
 */
final class CFValues {
    /** The CF types IOCFSerialize writes, and {@code UNKNOWN} for any other object. */
    enum Kind { STRING, NUMBER, BOOLEAN, DATA, ARRAY, DICTIONARY, SET, UNKNOWN }

    private CFValues() {
    }

    /** {@return the CF type {@code value} stands for, {@code UNKNOWN} for another object} @throws Unserializable for null. */
    static Kind kind(Object value) {
        return switch (value) {
            case String _ -> Kind.STRING;
            case Boolean _ -> Kind.BOOLEAN;
            case Long _ -> Kind.NUMBER;
            case Integer _ -> Kind.NUMBER;
            case Short _ -> Kind.NUMBER;
            case Byte _ -> Kind.NUMBER;
            case Double _ -> Kind.NUMBER;
            case Float _ -> Kind.NUMBER;
            case byte[] _ -> Kind.DATA;
            case List<?> _ -> Kind.ARRAY;
            case Map<?, ?> _ -> Kind.DICTIONARY;
            case Set<?> _ -> Kind.SET;
            case null -> throw new Unserializable("a null value: CF containers cannot hold NULL"
                    + " (docs/properties-and-registry.md, \"Serialising values\":"
                    + " maps String, Long, Boolean, byte[], List, Map<String,Object>)");
            default -> Kind.UNKNOWN;
        };
    }

    /**
     * {@return the string IOCFSerialize writes in place of a value of another type} Apple's {@code DoCFSerialize}
     * formats {@code "<string>typeID 0x%x not serializable</string>"} with the CF type ID and serialises that as a
     * string (so the tags are part of the text); a Java object has no CF type ID, so its class name stands in.
     */
    static String placeholder(Object value) {
        return "<string>typeID " + value.getClass().getName() + " not serializable</string>";
    }

    /** {@return the key of a dictionary entry} @throws Unserializable if it is not a String. */
    static String key(Object key) {
        if (key instanceof String string) {
            return string;
        }
        throw new Unserializable("a dictionary key " + (key == null ? "null" : "of type " + key.getClass().getName())
                + ": CFDictionary keys IOCFSerialize writes are CFStrings (<key>)");
    }

    /**
     * {@return the integer CF would read from {@code number} with {@code CFNumberGetValue(kCFNumberLongLongType)}}
     * A floating-point value converts only when exact (CF returns false for a lossy conversion, and
     * {@code DoCFSerializeNumber} then fails).
     *
     * @throws Unserializable for a fractional, infinite, NaN or out-of-range floating-point value.
     */
    static long integerValue(Number number) {
        if (number instanceof Double || number instanceof Float) {
            final double value = number.doubleValue();
            if (value != Math.rint(value) || value < -0x1p63 || value >= 0x1p63) {
                throw new Unserializable("the number " + number + ": IOCFSerialize writes <integer>, and CF's"
                        + " CFNumberGetValue(kCFNumberLongLongType) refuses a lossy conversion");
            }
            return (long) value;
        }
        return number.longValue();
    }

    /**
     * {@return the size IOCFSerialize writes for {@code number}'s CF type}: 8, 16, 32 or 64 bits
     * ({@code DoCFSerializeNumber}: SInt8, SInt16, SInt32, and 64 for SInt64 and every other type, floats included).
     */
    static int size(Number number) {
        return switch (number) {
            case Byte _ -> 8;
            case Short _ -> 16;
            case Integer _ -> 32;
            default -> 64;
        };
    }

    /**
     * Walks {@code value} to check every member can be written and that no container holds itself.
     *
     * @throws Unserializable naming the first problem.
     */
    static void check(Object value) {
        check(value, Collections.newSetFromMap(new IdentityHashMap<>()), "the value");
    }

    private static void check(Object value, Set<Object> open, String where) {
        final Kind kind;
        try {
            kind = kind(value);
        } catch (Unserializable bad) {
            throw new Unserializable(where + " is " + bad.getMessage());
        }
        if (kind != Kind.ARRAY && kind != Kind.DICTIONARY && kind != Kind.SET) {
            return;
        }
        if (!open.add(value)) {
            throw new Unserializable(where + " contains itself: CF property values are trees");
        }
        switch (value) {
            case List<?> list -> {
                for (int i = 0; i < list.size(); i++) {
                    check(list.get(i), open, where + "[" + i + "]");
                }
            }
            case Set<?> set -> {
                for (Object member : set) {
                    check(member, open, where + " (a set member)");
                }
            }
            case Map<?, ?> map -> {
                for (Map.Entry<?, ?> entry : map.entrySet()) {
                    final String name = key(entry.getKey());
                    check(entry.getValue(), open, where + "[\"" + name + "\"]");
                }
            }
            default -> { }
        }
        open.remove(value);
    }
}
