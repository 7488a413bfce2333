package org.iokit4j.tools;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Hex text for the tools: parsing {@code --struct-hex} and printing bytes, inline or as a dump. */
final class Hex {
    private static final int ROW = 16;

    private Hex() {
    }

    /** {@return {@code bytes} as lower-case hex digits, no separators} */
    static String format(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    /**
     * {@return the bytes {@code text} spells, two hex digits each; spaces, colons and a leading {@code 0x} are
     * ignored}
     *
     * @throws IllegalArgumentException naming the text, for an odd number of digits or a non-hex character.
     */
    static byte[] parse(String text) {
        String digits = text.strip();
        if (digits.startsWith("0x") || digits.startsWith("0X")) {
            digits = digits.substring(2);
        }
        digits = digits.replaceAll("[\\s:]", "");
        try {
            return HexFormat.of().parseHex(digits);
        } catch (IllegalArgumentException malformed) {
            throw new IllegalArgumentException("struct-hex=" + text + " is not hex bytes (two digits each): "
                    + malformed.getMessage(), malformed);
        }
    }

    /** {@return {@code bytes} as {@code hexdump -C} lines: offset, 16 bytes in hex, then printable ASCII} */
    static List<String> dump(byte[] bytes) {
        final List<String> lines = new ArrayList<>();
        for (int offset = 0; offset < bytes.length; offset += ROW) {
            final StringBuilder hex = new StringBuilder();
            final StringBuilder text = new StringBuilder();
            for (int i = offset; i < offset + ROW; i++) {
                if (i == offset + ROW / 2) {
                    hex.append(' ');
                }
                if (i < bytes.length) {
                    final int b = bytes[i] & 0xff;
                    hex.append(String.format("%02x ", b));
                    text.append(b >= 0x20 && b < 0x7f ? (char) b : '.');
                } else {
                    hex.append("   ");
                }
            }
            lines.add(String.format("%08x  %s |%s|", offset, hex, text));
        }
        return lines;
    }
}
