package org.iokit4j.iokitlib.serialize;

/**
 * C's {@code strtol} and {@code strtoul} with base 0, as IOCFUnserialize reads attribute values with them
 * ({@code ID}, {@code IDREF}, {@code size}): leading blanks, a sign, {@code 0x} for hex, a leading {@code 0} for
 * octal, digits up to the first that does not fit; no digits reads 0.
 *
 * <p><b>Concurrency.</b> Stateless.
 */
final class CLib {
    private CLib() {
    }

    /** {@return {@code strtol(text, NULL, 0)}: clamped to {@code LONG_MIN}/{@code LONG_MAX} on overflow} */
    static long strtol(String text) {
        final Parsed parsed = parse(text);
        if (parsed.overflow || Long.compareUnsigned(parsed.magnitude, parsed.negative ? Long.MIN_VALUE
                : Long.MAX_VALUE) > 0) {
            return parsed.negative ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        return parsed.negative ? -parsed.magnitude : parsed.magnitude;
    }

    /** {@return {@code strtoul(text, NULL, 0)}: {@code ULONG_MAX} on overflow, negated (unsigned) after a minus} */
    static long strtoul(String text) {
        final Parsed parsed = parse(text);
        if (parsed.overflow) {
            return -1L;
        }
        return parsed.negative ? -parsed.magnitude : parsed.magnitude;
    }

    private record Parsed(long magnitude, boolean negative, boolean overflow) {
    }

    private static Parsed parse(String text) {
        int i = 0;
        while (i < text.length() && " \t\n\u000B\f\r".indexOf(text.charAt(i)) >= 0) {
            i++;
        }
        boolean negative = false;
        if (i < text.length() && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
            negative = text.charAt(i) == '-';
            i++;
        }
        int base = 10;
        if (i < text.length() && text.charAt(i) == '0') {
            base = 8;
            if (i + 2 < text.length() && (text.charAt(i + 1) | 0x20) == 'x'
                    && Character.digit(text.charAt(i + 2), 16) >= 0) {
                base = 16;
                i += 2;
            }
        }
        long magnitude = 0;
        boolean overflow = false;
        for (; i < text.length(); i++) {
            final int digit = Character.digit(text.charAt(i), base);
            if (digit < 0 || text.charAt(i) > 0x7F) {
                break;
            }
            final long shifted = magnitude * base + digit;
            if (Long.compareUnsigned(magnitude, Long.divideUnsigned(-1L - digit, base)) > 0) {
                overflow = true;
            }
            magnitude = shifted;
        }
        return new Parsed(magnitude, negative, overflow);
    }
}
