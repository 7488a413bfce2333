package org.iokit4j.systemtests.messages;

import java.util.ArrayList;
import java.util.List;

/** The string literals of a Java source file (text blocks too), unescaped enough to read: comments are skipped. */
final class JavaLiterals {
    private JavaLiterals() {
    }

    static List<String> of(String source) {
        final List<String> literals = new ArrayList<>();
        int i = 0;
        while (i < source.length()) {
            if (source.startsWith("//", i)) {
                final int end = source.indexOf('\n', i);
                i = end < 0 ? source.length() : end;
            } else if (source.startsWith("/*", i)) {
                i = source.indexOf("*/", i + 2) + 2;
            } else if (source.startsWith("\"\"\"", i)) {
                final int end = source.indexOf("\"\"\"", i + 3);
                final String block = source.substring(source.indexOf('\n', i) + 1, end);
                literals.add(block.replace("\\\"", "\""));
                i = end + 3;
            } else if (source.charAt(i) == '"' || source.charAt(i) == '\'') {
                final char quote = source.charAt(i);
                final StringBuilder literal = new StringBuilder();
                int j = i + 1;
                while (source.charAt(j) != quote) {
                    if (source.charAt(j) == '\\') {
                        j++;
                    }
                    literal.append(source.charAt(j++));
                }
                if (quote == '"') {
                    literals.add(literal.toString());
                }
                i = j + 1;
            } else {
                i++;
            }
        }
        return literals;
    }
}
