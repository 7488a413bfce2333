package org.iokit4j.iokitlib.serialize;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code getTag} of IOKitUser's {@code IOCFUnserialize.yacc}, ported line by line: reads one {@code <…>} into its
 * name and attributes, or skips a comment, declaration or processing instruction. Apple's limits: a name or an
 * attribute value of at most 30 bytes ({@code TAG_MAX_LENGTH} 32 with its NUL and the check's off-by-one), at most
 * 31 attributes; attributes are {@code name="value"}, blanks (space, tab) allowed around {@code =} and between
 * attributes but not before {@code >} or {@code />}. A comment ends at its first {@code --}, which must be
 * followed by {@code >}.
 *
 * <p><b>Concurrency.</b> One instance per parse; not shared.
 */
final class XmlTags {
    static final int TAG_BAD = 0;
    static final int TAG_START = 1;
    static final int TAG_END = 2;
    static final int TAG_EMPTY = 3;
    static final int TAG_IGNORE = 4;
    private static final int TAG_MAX_LENGTH = 32;
    private static final int TAG_MAX_ATTRIBUTES = 32;

    private final XmlCursor cursor;
    /** The name of the tag read last. */
    String tag;
    /** Its attributes' names and values (bytes as ISO-8859-1 characters). */
    final List<String> names = new ArrayList<>();
    final List<String> values = new ArrayList<>();
    /** Why the last read was {@link #TAG_BAD}. */
    String why;

    XmlTags(XmlCursor cursor) {
        this.cursor = cursor;
    }

    /** {@code getTag}: reads {@code <…>} into {@link #tag}, {@link #names}, {@link #values}; {@return its type} */
    int read() {
        names.clear();
        values.clear();
        tag = "";
        int c = cursor.currentChar();
        if (c != '<') {
            return bad("expected a tag, found " + XmlCursor.show(c));
        }
        c = cursor.nextChar();
        if (c == '!') {
            return declaration();
        }
        if (c == '?') {
            while ((c = cursor.nextChar()) != 0) {
                if (c == '\n') {
                    cursor.newLine();
                }
                if (c != '?') {
                    continue;
                }
                c = cursor.nextChar();
                if (c == '>') {
                    cursor.nextChar();
                    return TAG_IGNORE;
                }
            }
            return bad("the buffer ended inside <?…?>");
        }
        int tagType = TAG_START;
        if (c == '/') {
            c = cursor.nextChar();
            tagType = TAG_END;
        }
        if (!XmlCursor.isAlpha(c)) {
            return bad("a tag name must start with a letter, found " + XmlCursor.show(c));
        }
        final StringBuilder name = new StringBuilder();
        while (XmlCursor.isAlphaNumeric(c)) {
            name.append((char) c);
            c = cursor.nextChar();
            if (name.length() >= TAG_MAX_LENGTH - 1) {
                return bad("the tag name " + name + "… is longer than " + (TAG_MAX_LENGTH - 2) + " characters");
            }
        }
        tag = name.toString();
        return attributes(c, tagType);
    }

    /** The {@code <!…>} part of {@code getTag}: a comment or a declaration, skipped. */
    private int declaration() {
        int c = cursor.nextChar();
        final boolean isComment = c == '-' && (c = cursor.nextChar()) != 0 && c == '-';
        if (!isComment && !XmlCursor.isAlpha(c)) {
            return bad("<! must begin a comment <!-- --> or a declaration such as <!DOCTYPE …>");
        }
        while (c != 0 && (c = cursor.nextChar()) != 0) {
            if (c == '\n') {
                cursor.newLine();
            }
            if (isComment) {
                if (c != '-') {
                    continue;
                }
                c = cursor.nextChar();
                if (c != '-') {
                    continue;
                }
                c = cursor.nextChar();
            }
            if (c == '>') {
                cursor.nextChar();
                return TAG_IGNORE;
            }
            if (isComment) {
                return bad("-- inside a comment must be followed by >");
            }
        }
        return bad("the buffer ended inside <!" + (isComment ? "--" : "") + "…");
    }

    /** The attribute part of {@code getTag}: {@code name="value"} pairs, then {@code >} or {@code />}. */
    private int attributes(int first, int type) {
        int c = first;
        int tagType = type;
        while (c != '>' && c != '/') {
            final boolean blank = XmlCursor.isSpace(c);
            while (XmlCursor.isSpace(c)) {
                c = cursor.nextChar();
            }
            final StringBuilder name = new StringBuilder();
            while (XmlCursor.isAlphaNumeric(c)) {
                name.append((char) c);
                if (name.length() >= TAG_MAX_LENGTH - 1) {
                    return bad("an attribute name of <" + tag + "> is longer than 30 characters");
                }
                c = cursor.nextChar();
            }
            while (XmlCursor.isSpace(c)) {
                c = cursor.nextChar();
            }
            if (c != '=') {
                final String found = XmlCursor.show(c);
                return bad(!name.isEmpty() ? "in <" + tag + ">, expected = after " + name + ", found " + found
                        : blank ? "in <" + tag + ">, a blank must be followed by an attribute, found " + found
                                + " (no blank may precede > or />)"
                        : "expected > to close <" + tag + ">, found " + found);
            }
            c = cursor.nextChar();
            while (XmlCursor.isSpace(c)) {
                c = cursor.nextChar();
            }
            if (c != '"') {
                return bad("in <" + tag + ">, the value of " + name + " must be in double quotes");
            }
            c = cursor.nextChar();
            final ByteArrayOutputStream value = new ByteArrayOutputStream();
            while (c != '"') {
                value.write(c);
                if (value.size() >= TAG_MAX_LENGTH - 1) {
                    return bad("in <" + tag + ">, the value of " + name + (c == 0 ? " has no closing quote"
                            : " is longer than 30 characters"));
                }
                c = cursor.nextChar();
            }
            c = cursor.nextChar();
            names.add(name.toString());
            values.add(value.toString(StandardCharsets.ISO_8859_1));
            if (names.size() >= TAG_MAX_ATTRIBUTES) {
                return bad("<" + tag + "> has more than " + (TAG_MAX_ATTRIBUTES - 1) + " attributes");
            }
        }
        if (c == '/') {
            c = cursor.nextChar();
            tagType = TAG_EMPTY;
        }
        if (c != '>') {
            return bad("expected > to close <" + tag + ">, found " + XmlCursor.show(c));
        }
        cursor.nextChar();
        return tagType;
    }

    private int bad(String reason) {
        why = reason;
        return TAG_BAD;
    }

}
