package org.iokit4j.kernel.matching;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.iokit4j.ValueText;

/**
 * The checks behind {@link Matching#copy}: each honoured key of a dictionary {@link MatchingCopy} has read
 * holds a value of the type it needs. They run on the copy, which holds only the JDK's own types, so the
 * explanations can print values.
 */
final class MatchingCheck {

    private MatchingCheck() {
    }

    /** {@return null if the copied dictionary {@code matching} is well formed, else what is wrong with it} */
    static String problem(Map<String, Object> matching) {
        for (Map.Entry<String, Object> entry : matching.entrySet()) {
            String problem = problem(entry.getKey(), entry.getValue());
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

    /** Keys and values inside the tables need no check here: MatchingCopy refused non-String keys and nulls. */
    private static String propertyMatchProblem(Object value) {
        String expected = "a dictionary (a Map with String keys) or an array (a List) of dictionaries,"
                + " any of which may match the entry's properties";
        if (value instanceof Map<?, ?>) {
            return null;
        }
        if (!(value instanceof List<?> tables)) {
            return wrong(Matching.kIOPropertyMatchKey, value, expected);
        }
        for (int i = 0; i < tables.size(); i++) {
            if (!(tables.get(i) instanceof Map<?, ?>)) {
                return wrong(Matching.kIOPropertyMatchKey + "[" + i + "]", tables.get(i), expected);
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
            case String s -> "\"" + s + "\" (a String)";
            case byte[] bytes -> ValueText.of(bytes);
            case List<?> list -> ValueText.of(list) + " (a List)";
            case Set<?> set -> ValueText.of(set) + " (a Set)";
            case Map<?, ?> map -> ValueText.of(map) + " (a Map)";
            default -> ValueText.of(value) + " (" + ValueText.kind(value) + ")";
        };
    }
}
