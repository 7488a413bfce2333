package org.iokit4j.tools;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Formats a registry entry's properties as {@code ioreg -l} does, one line per value: {@code "key" = value},
 * strings quoted, booleans {@code Yes}/{@code No}, {@code byte[]} as {@code <00ff…>} hex, dictionaries in
 * {@code { }} and arrays in {@code ( )}, nested ones indented two spaces a level. Keys are sorted so the output
 * is stable.
 */
final class PropertyPrinter {
    private static final String INDENT = "  ";

    private PropertyPrinter() {
    }

    /** {@return the lines of {@code properties} as a dictionary, starting with {@code {} and ending with {@code }}} */
    static List<String> lines(Map<String, Object> properties) {
        final List<String> lines = new ArrayList<>();
        dictionary(properties, "", "", lines);
        return lines;
    }

    private static void value(Object value, String indent, String lead, List<String> lines) {
        switch (value) {
            case Map<?, ?> map -> dictionary(map, indent, lead, lines);
            case List<?> list -> {
                lines.add(indent + lead + "(");
                for (Object element : list) {
                    value(element, indent + INDENT, "", lines);
                }
                lines.add(indent + ")");
            }
            default -> lines.add(indent + lead + scalar(value));
        }
    }

    private static void dictionary(Map<?, ?> map, String indent, String lead, List<String> lines) {
        lines.add(indent + lead + "{");
        final Map<String, Object> sorted = new TreeMap<>();
        map.forEach((key, element) -> sorted.put(String.valueOf(key), element));
        sorted.forEach((key, element) -> value(element, indent + INDENT, "\"" + key + "\" = ", lines));
        lines.add(indent + "}");
    }

    private static String scalar(Object value) {
        return switch (value) {
            case null -> "null";
            case String text -> "\"" + text + "\"";
            case Boolean flag -> flag ? "Yes" : "No";
            case byte[] bytes -> "<" + Hex.format(bytes) + ">";
            default -> String.valueOf(value);
        };
    }
}
