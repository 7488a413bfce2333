package org.iokit4j.iokitlib.serialize;

/**
 * Where IOCFUnserialize's lexer is in its buffer: the bytes up to the first NUL (C's string), the index and the line
 * ({@code parseBuffer}, {@code parseBufferIndex}, {@code lineNumber} of {@code IOCFUnserialize.yacc}'s
 * {@code parser_state}), and the character classes of its macros.
 *
 * <p><b>Concurrency.</b> One instance per parse; not shared.
 */
final class XmlCursor {
    private final byte[] buffer;
    private int index;
    private int line = 1;

    /** A cursor at the start of {@code buffer}'s bytes up to its first NUL. */
    XmlCursor(byte[] buffer) {
        int end = 0;
        while (end < buffer.length && buffer[end] != 0) {
            end++;
        }
        this.buffer = end == buffer.length ? buffer : java.util.Arrays.copyOf(buffer, end);
    }

    /** {@code currentChar()}: the byte here, signed as C's {@code char}; 0 at the end. */
    int currentChar() {
        return index < buffer.length ? buffer[index] : 0;
    }

    /** {@code nextChar()}: moves on one byte; {@return the byte there} */
    int nextChar() {
        index++;
        return currentChar();
    }

    /** {@return the byte at {@code at}} */
    int byteAt(int at) {
        return at < buffer.length ? buffer[at] : 0;
    }

    /** {@return the index of the current byte} */
    int offset() {
        return Math.min(index, buffer.length);
    }

    /** {@return the line reached: 1 plus the new lines the lexer has counted} */
    int line() {
        return line;
    }

    /** The lexer read a new line. */
    void newLine() {
        line++;
    }

    static boolean isSpace(int c) {
        return c == ' ' || c == '\t';
    }

    static boolean isAlpha(int c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    }

    static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    /** {@code isHexDigit}: digits and lower-case {@code a}–{@code f} only. */
    static boolean isHexDigit(int c) {
        return isDigit(c) || (c >= 'a' && c <= 'f');
    }

    static boolean isAlphaNumeric(int c) {
        return isAlpha(c) || isDigit(c) || c == '-';
    }

    /** {@return {@code c} in words, for explanations} */
    static String show(int c) {
        if (c == 0) {
            return "the end of the buffer";
        }
        if (c == '\r') {
            return "a carriage return (only space, tab and new line are blanks)";
        }
        if (c == '\n') {
            return "a new line";
        }
        return c < ' ' || c >= 0x7F ? String.format("the byte 0x%02X", c & 0xFF) : "'" + (char) c + "'";
    }
}
