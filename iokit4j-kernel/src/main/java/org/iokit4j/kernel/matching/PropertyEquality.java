package org.iokit4j.kernel.matching;

import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Deep equality of property values, as {@code OSObject::isEqualTo} compares them for {@code IOPropertyMatch}.
 *
 * <p>Maps and lists compare element by element, {@code byte[]} by content, and numbers by value: any two
 * integers ({@code Byte}, {@code Short}, {@code Integer}, {@code Long}) with the same value are equal, as
 * are two reals ({@code Float}, {@code Double}) with the same value, but an integer never equals a real.
 * (Apple's {@code OSNumber} also compares bit widths; a Java caller cannot control the width its numbers
 * get, so this emulation does not.) Everything else compares with {@code equals}.
 */
final class PropertyEquality {

    private PropertyEquality() {
    }

    /** {@return whether {@code a} and {@code b} are equal property values} */
    static boolean equal(Object a, Object b) {
        if (a == b) {
            return true;
        }
        if (a == null || b == null) {
            return false;
        }
        return switch (a) {
            case byte[] bytes -> b instanceof byte[] other && Arrays.equals(bytes, other);
            case Map<?, ?> map -> b instanceof Map<?, ?> other && mapsEqual(map, other);
            case List<?> list -> b instanceof List<?> other && listsEqual(list, other);
            case Number number when isIntegral(number) ->
                    b instanceof Number other && isIntegral(other) && number.longValue() == other.longValue();
            case Number number when isReal(number) ->
                    b instanceof Number other && isReal(other) && Double.compare(number.doubleValue(), other.doubleValue()) == 0;
            default -> a.equals(b);
        };
    }

    private static boolean mapsEqual(Map<?, ?> a, Map<?, ?> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (Map.Entry<?, ?> entry : a.entrySet()) {
            Object other = b.get(entry.getKey());
            if (other == null || !equal(entry.getValue(), other)) {
                return false;
            }
        }
        return true;
    }

    private static boolean listsEqual(List<?> a, List<?> b) {
        if (a.size() != b.size()) {
            return false;
        }
        Iterator<?> left = a.iterator();
        Iterator<?> right = b.iterator();
        while (left.hasNext()) {
            if (!equal(left.next(), right.next())) {
                return false;
            }
        }
        return true;
    }

    private static boolean isIntegral(Number n) {
        return n instanceof Long || n instanceof Integer || n instanceof Short || n instanceof Byte;
    }

    private static boolean isReal(Number n) {
        return n instanceof Double || n instanceof Float;
    }
}
