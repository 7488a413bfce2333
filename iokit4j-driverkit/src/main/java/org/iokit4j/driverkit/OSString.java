package org.iokit4j.driverkit;

import java.nio.charset.StandardCharsets;

/**
 * An immutable string, DriverKit's {@code OSString} ({@code OSString.iig}: "OSString is immutable"); dictionary keys
 * are OSStrings too (DriverKit's {@code OSSymbol} is a typedef of it).
 *
 * <p>Where Java differs from C: the text is a Java {@link String}, kept whole. C's {@code withCString} stops at the
 * first NUL; a Java string keeps a {@code U+0000} it contains. The C string's byte count is the text's length in
 * UTF-8 ({@link #getLength()}), the encoding DriverKit's header tells user space to assume.
 *
 * <p><b>Concurrency.</b> Immutable; safe to share.
 */
public final class OSString extends OSContainer {
    /**
     * The bound on a string's length: {@code withCString} refuses a string of this many UTF-8 bytes or more
     * ({@code OSString::kMaxStringLength} in libkern/libkern/c++/OSString.h, checked in
     * {@code OSString::initWithCString}).
     */
    public static final int kMaxStringLength = 262142;

    private final String string;
    private final byte[] utf8;

    private OSString(String string, byte[] utf8) {
        this.string = string;
        this.utf8 = utf8;
    }

    /**
     * Makes a string holding {@code cString} ({@code OSString::withCString}).
     *
     * @param cString the text; {@code null} → {@code null}, as {@code OSString::initWithCString} returns false
     * @return the new string holding one reference, or {@code null} when {@code cString} is {@code null} or its UTF-8
     *     form is {@link #kMaxStringLength} bytes or longer
     */
    public static OSString withCString(String cString) {
        if (cString == null) {
            return null;
        }
        final byte[] utf8 = cString.getBytes(StandardCharsets.UTF_8);
        return utf8.length >= kMaxStringLength ? null : new OSString(cString, utf8);
    }

    /**
     * Makes a string with the same text as {@code aString} ({@code OSString::withString}).
     *
     * @param aString the string to copy; {@code null} → {@code null}
     * @return the new string holding one reference, or {@code null}
     */
    public static OSString withString(OSString aString) {
        return aString == null ? null : new OSString(aString.string, aString.utf8);
    }

    /** {@return the text (C's {@code const char *}; a Java string needs no copy to be safe)} */
    public String getCStringNoCopy() {
        return string;
    }

    /** {@return the number of bytes of the text in UTF-8, without a terminator ({@code OSString::getLength})} */
    public int getLength() {
        return utf8.length;
    }

    /**
     * Compares the text with {@code cString} ({@code OSString::isEqualTo(const char *)}: the whole text, exactly).
     *
     * @param cString the text to compare with; {@code null} → {@code false}
     * @return whether the texts are the same
     */
    public boolean isEqualTo(String cString) {
        return string.equals(cString);
    }

    /**
     * Compares with another string ({@code OSString::isEqualTo(const OSString *)}).
     *
     * @param aString the string to compare with; {@code null} → {@code false}
     * @return whether the texts are the same
     */
    public boolean isEqualTo(OSString aString) {
        return aString != null && string.equals(aString.string);
    }

    /**
     * Compares with a data's bytes ({@code OSString::isEqualTo(const OSData *)}): equal when the data holds the
     * text's UTF-8 bytes, optionally followed by one NUL terminator.
     *
     * @param aData the data to compare with; {@code null} → {@code false}
     * @return whether the data spells the text
     */
    public boolean isEqualTo(OSData aData) {
        return aData != null && aData.isEqualTo(this);
    }

    /** Equal to an {@code OSString} with the same text or an {@code OSData} spelling it; else {@code false}. */
    @Override
    public boolean isEqualTo(OSObject anObject) {
        return switch (anObject) {
            case OSString other -> isEqualTo(other);
            case OSData data -> isEqualTo(data);
            case null, default -> false;
        };
    }

    /** {@return the text's UTF-8 bytes (shared: never written)} */
    byte[] utf8() {
        return utf8;
    }

    @Override
    void describeTo(StringBuilder out, java.util.Set<OSObject> onPath) {
        out.append('"');
        for (int i = 0; i < string.length(); i++) {
            final char c = string.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\x%02x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
