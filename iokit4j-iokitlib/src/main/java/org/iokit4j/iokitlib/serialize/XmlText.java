package org.iokit4j.iokitlib.serialize;

import java.io.ByteArrayOutputStream;

/**
 * What IOKitUser's {@code IOCFUnserialize.yacc} reads between tags, ported line by line: {@code getString} (text up
 * to the next {@code <}, knowing only the entities {@code &lt;}, {@code &gt;}, {@code &amp;}), {@code getNumber}
 * (decimal with an optional {@code -}, or {@code 0x} and lower-case hex digits; no blanks; wraps as C's
 * {@code unsigned long long}) and {@code getCFEncodedData} (base64 up to the next {@code <}, skipping what is not
 * base64, {@code =} padding counted as Apple counts it). Each counts the new lines it reads.
 *
 * <p><b>Concurrency.</b> One instance per parse; not shared.
 */
final class XmlText {
    /** CFPropertyList's base64 decoding table, as IOCFUnserialize.yacc copies it ('=' decodes as 0). */
    private static final byte[] DECODE = new byte[128];

    static {
        java.util.Arrays.fill(DECODE, (byte) -1);
        final String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        for (int i = 0; i < alphabet.length(); i++) {
            DECODE[alphabet.charAt(i)] = (byte) i;
        }
        DECODE['='] = 0;
    }

    private final XmlCursor cursor;
    /** Why the last {@link #getString()} returned {@code null}. */
    String why;
    /** Where that happened. */
    int whyAt;
    private int nextAfterEntity;

    XmlText(XmlCursor cursor) {
        this.cursor = cursor;
    }

    /** {@code getString}: the text up to the next {@code <}, entities decoded; {@code null} on error. */
    byte[] getString() {
        int c = cursor.currentChar();
        final int start = cursor.offset();
        while (c != 0) {
            if (c == '\n') {
                cursor.newLine();
            }
            if (c == '<') {
                break;
            }
            c = cursor.nextChar();
        }
        if (c != '<') {
            why = "the buffer ended before its closing tag";
            return null;
        }
        final int length = cursor.offset() - start;
        final ByteArrayOutputStream out = new ByteArrayOutputStream(length);
        int i = 0;
        while (i < length) {
            c = cursor.byteAt(start + i++);
            if (c != '&') {
                out.write(c);
                continue;
            }
            final int entity = decodeEntity(start, i, length);
            if (entity < 0) {
                why = "an & that is not &lt;, &gt; or &amp; (the only entities IOCFUnserialize knows)";
                whyAt = start + i - 1;
                return null;
            }
            out.write(entity);
            i = nextAfterEntity;
        }
        return out.toByteArray();
    }

    /**
     * The entity after an {@code &} just before {@code from}, with {@code getString}'s bounds checks: {@return the
     * character, or -1} and sets {@link #nextAfterEntity} to the index after it.
     */
    private int decodeEntity(int start, int from, int length) {
        int i = from;
        if (i + 3 > length) {
            return -1;
        }
        final int c = cursor.byteAt(start + i++);
        if (c == 'l' || c == 'g') {
            if (cursor.byteAt(start + i++) != 't' || cursor.byteAt(start + i++) != ';') {
                return -1;
            }
            nextAfterEntity = i;
            return c == 'l' ? '<' : '>';
        }
        if (i + 3 > length) {
            return -1;
        }
        if (c == 'a' && cursor.byteAt(start + i++) == 'm' && cursor.byteAt(start + i++) == 'p'
                && cursor.byteAt(start + i++) == ';') {
            nextAfterEntity = i;
            return '&';
        }
        return -1;
    }

    /** {@code getNumber}: decimal with an optional {@code -}, or {@code 0x} and lower-case hex; wraps like C. */
    long getNumber() {
        long n = 0;
        int base = 10;
        boolean negate = false;
        int c = cursor.currentChar();
        if (c == '0') {
            c = cursor.nextChar();
            if (c == 'x') {
                base = 16;
                c = cursor.nextChar();
            }
        }
        if (base == 10) {
            if (c == '-') {
                negate = true;
                c = cursor.nextChar();
            }
            while (XmlCursor.isDigit(c)) {
                n = n * base + c - '0';
                c = cursor.nextChar();
            }
            return negate ? -n : n;
        }
        while (XmlCursor.isHexDigit(c)) {
            n = n * base + (XmlCursor.isDigit(c) ? c - '0' : 0xa + c - 'a');
            c = cursor.nextChar();
        }
        return n;
    }

    /** {@code getCFEncodedData}: base64 up to the next {@code <}; what is not base64 is skipped. */
    byte[] getCFEncodedData() {
        int numeq = 0;
        int acc = 0;
        int cntr = 0;
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        int c = cursor.currentChar();
        while (c != '<') {
            c &= 0x7f;
            if (c == 0) {
                return new byte[0]; // the buffer ended: the closing tag check fails next
            }
            numeq = c == '=' ? numeq + 1 : 0;
            if (c == '\n') {
                cursor.newLine();
            }
            if (DECODE[c] < 0) {
                c = cursor.nextChar();
                continue;
            }
            cntr++;
            acc = (acc << 6) + DECODE[c];
            if ((cntr & 3) == 0) {
                out.write(acc >> 16);
                if (numeq < 2) {
                    out.write(acc >> 8);
                }
                if (numeq < 1) {
                    out.write(acc);
                }
            }
            c = cursor.nextChar();
        }
        return out.toByteArray();
    }

}
