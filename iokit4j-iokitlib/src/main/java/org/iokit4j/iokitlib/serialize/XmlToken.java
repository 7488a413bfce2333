package org.iokit4j.iokitlib.serialize;

/**
 * One token of IOCFUnserialize's lexer ({@code yylex} in {@code IOCFUnserialize.yacc}) with what it carries.
 *
 * @param kind   what it is.
 * @param value  a scalar's value: {@code String} (string, key), {@code byte[]} (data), {@code Long} (the number as
 *               read, before its size applies), {@code Boolean}; else {@code null}.
 * @param size   an {@code <integer>}'s {@code size} attribute (64 by default).
 * @param idref  the {@code ID} (or, for {@link Kind#IDREF}, the {@code IDREF}) attribute, or -1.
 * @param tag    the element as written ({@code <array>}, {@code </dict>}, …) for explanations; {@code null} at the
 *               end.
 * @param offset where the token starts in the buffer, in bytes.
 * @param line   the lexer's line when the token was read (Apple's {@code lineNumber}).
 * @param why    for {@link Kind#SYNTAX_ERROR}: what is wrong, in words.
 */
record XmlToken(Kind kind, Object value, int size, int idref, String tag, int offset, int line, String why) {

    /** The tokens of Apple's grammar: {@code ARRAY}, {@code '('}, {@code ')'}, … */
    enum Kind {
        END, SYNTAX_ERROR, ARRAY_OPEN, ARRAY_CLOSE, ARRAY_EMPTY, DICT_OPEN, DICT_CLOSE, DICT_EMPTY, SET_OPEN,
        SET_CLOSE, SET_EMPTY, STRING, KEY, DATA, NUMBER, BOOLEAN, IDREF
    }
}
