package org.iokit4j.iokitlib.serialize;

import java.nio.charset.StandardCharsets;

/**
 * IOCFUnserialize's lexer, a line-by-line port of {@code yylex} in IOKitUser's {@code IOCFUnserialize.yacc} over the
 * buffer's UTF-8 bytes up to the first NUL (C's string), with {@link XmlTags} ({@code getTag}) and {@link XmlText}
 * ({@code getString}, {@code getNumber}, {@code getCFEncodedData}). It accepts exactly what Apple's accepts, quirks
 * included: only space and tab are blanks and a new line counts a line (a carriage return is an error);
 * {@code <?…?>}, {@code <!…>}, comments and {@code <plist>} tags are skipped; {@code ID} and {@code IDREF} are read
 * on any tag before its name is looked at, so {@code <anything IDREF="n"/>} is a reference. Every token carries the
 * line and, for a syntax error, what is wrong and at which byte.
 *
 * <p><b>Concurrency.</b> One instance per parse; not shared.
 */
final class XmlLexer {
    private final XmlCursor cursor;
    private final XmlTags tags;
    private final XmlText text;
    private String why;
    private int whyAt = -1;

    /** A lexer over {@code buffer}'s bytes up to its first NUL. */
    XmlLexer(byte[] buffer) {
        this.cursor = new XmlCursor(buffer);
        this.tags = new XmlTags(cursor);
        this.text = new XmlText(cursor);
    }

    /** {@return the line the lexer has reached} */
    int line() {
        return cursor.line();
    }

    /** {@return the byte the lexer has reached} */
    int offset() {
        return cursor.offset();
    }

    /** {@code yylex}: the next token. */
    XmlToken next() {
        while (true) {
            int c = cursor.currentChar();
            if (XmlCursor.isSpace(c)) {
                while ((c = cursor.nextChar()) != 0 && XmlCursor.isSpace(c)) {
                    // skip blanks
                }
            }
            if (c == '\n') {
                cursor.newLine();
                cursor.nextChar();
                continue;
            }
            final int start = cursor.offset();
            if (c == 0) {
                return new XmlToken(XmlToken.Kind.END, null, 0, -1, null, start, cursor.line(), null);
            }
            final int tagType = tags.read();
            if (tagType == XmlTags.TAG_BAD) {
                return error(start, tags.why);
            }
            if (tagType == XmlTags.TAG_IGNORE) {
                continue;
            }
            final XmlToken token = token(tagType, start);
            if (token != null) {
                return token;
            }
        }
    }

    /** The token for the tag just read; {@code null} for a {@code <plist>} tag, which is skipped. */
    private XmlToken token(int tagType, int start) {
        final String tag = tags.tag;
        final String written = (tagType == XmlTags.TAG_END ? "</" : "<") + tag
                + (tagType == XmlTags.TAG_EMPTY ? "/>" : ">");
        int idref = -1;
        for (int i = 0; i < tags.names.size(); i++) {
            final String name = tags.names.get(i);
            if (!name.startsWith("ID")) {
                continue;
            }
            if (name.equals("IDREF")) {
                if (tagType != XmlTags.TAG_EMPTY) {
                    return error(start, written + " carries IDREF but is not an empty tag (write <" + tag
                            + " IDREF=\"n\"/>)");
                }
                return token(XmlToken.Kind.IDREF, null, (int) CLib.strtol(tags.values.get(i)),
                        "<" + tag + " IDREF=\"" + tags.values.get(i) + "\"/>", start);
            }
            if (!name.equals("ID")) {
                return error(start, written + " has an attribute " + name + ": of the attributes starting with ID"
                        + " only ID and IDREF are known");
            }
            idref = (int) CLib.strtol(tags.values.get(i));
        }
        return switch (tag) {
            case "array" -> container(tagType, XmlToken.Kind.ARRAY_EMPTY, XmlToken.Kind.ARRAY_OPEN,
                    XmlToken.Kind.ARRAY_CLOSE, idref, written, start);
            case "dict" -> container(tagType, XmlToken.Kind.DICT_EMPTY, XmlToken.Kind.DICT_OPEN,
                    XmlToken.Kind.DICT_CLOSE, idref, written, start);
            case "set" -> container(tagType, XmlToken.Kind.SET_EMPTY, XmlToken.Kind.SET_OPEN,
                    XmlToken.Kind.SET_CLOSE, idref, written, start);
            case "data" -> data(tagType, idref, written, start);
            case "integer" -> integer(tagType, idref, written, start);
            case "key" -> text(tagType, XmlToken.Kind.KEY, idref, written, start);
            case "string" -> text(tagType, XmlToken.Kind.STRING, idref, written, start);
            case "true", "false" -> tagType == XmlTags.TAG_EMPTY
                    ? token(XmlToken.Kind.BOOLEAN, tag.equals("true"), idref, written, start)
                    : error(start, written + ": a boolean is an empty tag, <" + tag + "/>");
            case "plist" -> null;
            default -> error(start, written + " is not an element IOCFUnserialize knows (array, dict, set, key,"
                    + " string, integer, data, true, false, plist)");
        };
    }

    private XmlToken token(XmlToken.Kind kind, Object value, int idref, String written, int start) {
        return new XmlToken(kind, value, 0, idref, written, start, cursor.line(), null);
    }

    private XmlToken container(int tagType, XmlToken.Kind empty, XmlToken.Kind open, XmlToken.Kind close, int idref,
                               String written, int start) {
        return token(tagType == XmlTags.TAG_EMPTY ? empty : tagType == XmlTags.TAG_START ? open : close, null, idref,
                written, start);
    }

    private XmlToken data(int tagType, int idref, String written, int start) {
        final byte[] bytes = tagType == XmlTags.TAG_EMPTY ? new byte[0] : text.getCFEncodedData();
        if (tagType != XmlTags.TAG_EMPTY && !closedBy("data")) {
            return error(start, written + " must end with </data>: " + why);
        }
        return token(XmlToken.Kind.DATA, bytes, idref, written, start);
    }

    private XmlToken integer(int tagType, int idref, String written, int start) {
        int size = 64;
        for (int i = 0; i < tags.names.size(); i++) {
            if (tags.names.get(i).equals("size")) {
                size = (int) CLib.strtoul(tags.values.get(i));
            }
        }
        final long number = tagType == XmlTags.TAG_EMPTY ? 0 : text.getNumber();
        if (tagType != XmlTags.TAG_EMPTY && !closedBy("integer")) {
            return error(start, written + " must hold only a number, decimal (optionally negative) or 0x and"
                    + " lower-case hex digits, then </integer>: " + why);
        }
        return new XmlToken(XmlToken.Kind.NUMBER, number, size, idref, written, start, cursor.line(), null);
    }

    private XmlToken text(int tagType, XmlToken.Kind kind, int idref, String written, int start) {
        if (tagType == XmlTags.TAG_EMPTY) {
            return kind == XmlToken.Kind.KEY ? error(start, "<key/>: a key cannot be empty-tagged")
                    : token(kind, "", idref, written, start);
        }
        final String name = tags.tag;
        final byte[] content = text.getString();
        if (content == null) {
            whyAt = text.whyAt;
            return error(start, written + ": " + text.why);
        }
        if (!closedBy(name)) {
            return error(start, written + " must end with </" + name + ">: " + why);
        }
        return token(kind, new String(content, StandardCharsets.UTF_8), idref, written, start);
    }

    /** Reads the tag after an element's content: {@return whether it is {@code </name>}} (else {@link #why}). */
    private boolean closedBy(String name) {
        final String open = tags.tag;
        final int type = tags.read();
        if (type == XmlTags.TAG_END && tags.tag.equals(name)) {
            return true;
        }
        why = type == XmlTags.TAG_BAD ? tags.why : "found " + (type == XmlTags.TAG_IGNORE
                ? "a comment or declaration" : "<" + (type == XmlTags.TAG_END ? "/" : "") + tags.tag
                + (type == XmlTags.TAG_EMPTY ? "/" : "") + ">") + " after <" + open + ">'s content";
        return false;
    }

    private XmlToken error(int start, String reason) {
        final int at = whyAt >= 0 ? whyAt : cursor.offset();
        whyAt = -1;
        return new XmlToken(XmlToken.Kind.SYNTAX_ERROR, null, 0, -1, null, start, cursor.line(),
                reason + " (at byte " + at + ")");
    }
}
