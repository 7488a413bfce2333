package org.iokit4j.kernel.matching;

import java.util.List;
import java.util.Map;

/**
 * The checks behind {@link Matching#validate}: each honoured key holds a value of the type it needs.
 */
final class MatchingCheck {

    private MatchingCheck() {
    }

    /** {@return null if {@code matching} is well formed, else what is wrong with it, in words} */
    static String problem(Map<String, Object> matching) {
        if (matching == null) {
            return "the matching dictionary is null: build one with IOServiceMatching, IOServiceNameMatching"
                    + " or IORegistryEntryIDMatching";
        }
        for (Map.Entry<?, ?> entry : matching.entrySet()) {
            if (!(entry.getKey() instanceof String key)) {
                return "the matching dictionary has the key " + describe(entry.getKey()) + ": keys are Strings";
            }
            String problem = problem(key, entry.getValue());
            if (problem != null) {
                return problem;
            }
        }
        return null;
    }

    /** {@return whether {@code value} is a whole number of a Java integer type} */
    static boolean isIntegral(Object value) {
        return value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte;
    }

    private static String problem(String key, Object value) {
        return switch (key) {
            case Matching.kIOProviderClassKey -> value instanceof String ? null
                    : wrong(key, value, "a String naming a class, e.g. IOServiceMatching(\"IOUserService\")");
            case Matching.kIOResourceMatchKey -> value instanceof String ? null
                    : wrong(key, value, "a String naming a resource");
            case Matching.kIORegistryEntryIDKey -> isIntegral(value) ? null
                    : wrong(key, value, "an integer (a Long), e.g. IORegistryEntryIDMatching(id)");
            case Matching.kIONameMatchKey -> nameMatchProblem(value);
            case Matching.kIOPropertyMatchKey -> propertyMatchProblem(value);
            default -> null;
        };
    }

    private static String nameMatchProblem(Object value) {
        String expected = "a String or a List of Strings, any of which may equal the entry's name";
        if (value instanceof String) {
            return null;
        }
        if (!(value instanceof List<?> names)) {
            return wrong(Matching.kIONameMatchKey, value, expected);
        }
        for (int i = 0; i < names.size(); i++) {
            if (!(names.get(i) instanceof String)) {
                return wrong(Matching.kIONameMatchKey + "[" + i + "]", names.get(i), expected);
            }
        }
        return null;
    }

    private static String propertyMatchProblem(Object value) {
        String expected = "a dictionary (a Map with String keys) or an array (a List) of dictionaries,"
                + " any of which may match the entry's properties";
        if (value instanceof Map<?, ?> table) {
            return tableProblem(Matching.kIOPropertyMatchKey, table, expected);
        }
        if (!(value instanceof List<?> tables)) {
            return wrong(Matching.kIOPropertyMatchKey, value, expected);
        }
        for (int i = 0; i < tables.size(); i++) {
            String at = Matching.kIOPropertyMatchKey + "[" + i + "]";
            if (!(tables.get(i) instanceof Map<?, ?> table)) {
                return wrong(at, tables.get(i), expected);
            }
            String problem = tableProblem(at, table, expected);
            if (problem != null) {
                return problem;
            }
        }
        return null;
    }

    private static String tableProblem(String at, Map<?, ?> table, String expected) {
        for (Map.Entry<?, ?> entry : table.entrySet()) {
            if (!(entry.getKey() instanceof String)) {
                return at + " has the key " + describe(entry.getKey()) + ": " + Matching.kIOPropertyMatchKey
                        + " must be " + expected;
            }
            if (entry.getValue() == null) {
                return at + "[\"" + entry.getKey() + "\"] is null: a property value is never null, so it can"
                        + " never match";
            }
        }
        return null;
    }

    private static String wrong(String at, Object value, String expected) {
        String name = at.contains("[") ? at.substring(0, at.indexOf('[')) : at;
        return at + "=" + describe(value) + ": " + name + " must be " + expected;
    }

    private static String describe(Object value) {
        return switch (value) {
            case null -> "null";
            case String s -> "\"" + s + "\" (a String)";
            case byte[] bytes -> "byte[" + bytes.length + "]";
            case List<?> list -> list + " (a List)";
            case Map<?, ?> map -> map + " (a Map)";
            default -> {
                String type = value.getClass().getSimpleName();
                yield value + " (" + ("AEIOU".indexOf(type.charAt(0)) >= 0 ? "an " : "a ") + type + ")";
            }
        };
    }
}
