package org.iokit4j.driverkit;

/**
 * An immutable integer of a given bit size, DriverKit's {@code OSNumber} ({@code OSNumber.iig}: "OSNumber objects are
 * immutable").
 *
 * <p>The value is masked to its number of bits when the number is made ({@code OSNumber::init} in
 * libkern/c++/OSNumber.cpp: {@code value = inValue & (~0ULL >> (64 - size))}), and every accessor casts that value
 * ("merely casts the internal integer value, giving no indication of truncation", libkern/libkern/c++/OSNumber.h).
 * Sizes, as {@code OSNumber::init} has them:
 * <ul>
 * <li>1 to 64 bits: the value keeps its low {@code numberOfBits} bits. DriverKit's header calls only 8, 16, 32 and
 *     64 valid; the other sizes behave as libkern's code does.</li>
 * <li>0 bits: the mask shifts a 64-bit value by 64, which C leaves undefined; the shift instructions of Apple's
 *     processors (arm64 {@code LSR}, x86-64 {@code SHR}) take the count modulo 64, so the mask is all ones and the
 *     value is kept whole, with {@code numberOfBits() == 0}. Java's {@code >>>} does the same.</li>
 * <li>More than 64 bits (or a negative {@code int}, a huge C {@code unsigned int}): {@code init} returns false, so
 *     {@code withNumber} returns {@code null}.</li>
 * </ul>
 * The kernel's own build reads sizes 31 and 63 as a floating-point marker ({@code withDouble}/{@code withFloat},
 * {@code KERNEL_PRIVATE}); DriverKit has no floating-point numbers, and here they are plain integer sizes.
 *
 * <p>Java has no unsigned types: {@link #unsigned8BitValue()} and {@link #unsigned16BitValue()} return the value
 * zero-extended in an {@code int}; {@link #unsigned32BitValue()} returns the 32 bits in an {@code int} and
 * {@link #unsigned64BitValue()} the 64 bits in a {@code long} (read them unsigned with
 * {@link Integer#toUnsignedLong} / {@link Long#toUnsignedString}); C's comparisons such as
 * {@code n->unsigned32BitValue() == 0xFFFFFFFF} port unchanged.
 *
 * <p><b>Concurrency.</b> Immutable; safe to share.
 */
public final class OSNumber extends OSContainer {
    private final long value;
    private final int size;

    private OSNumber(long value, int size) {
        this.value = value;
        this.size = size;
    }

    /**
     * Makes a number ({@code OSNumber::withNumber(unsigned long long, unsigned int)}).
     *
     * @param value the value; only its low {@code numberOfBits} bits are kept
     * @param numberOfBits the size, 0 to 64 (see the class comment for 0)
     * @return the new number holding one reference, or {@code null} when {@code numberOfBits} is over 64 or
     *     negative ({@code OSNumber::init} returns false)
     */
    public static OSNumber withNumber(long value, int numberOfBits) {
        if (numberOfBits < 0 || numberOfBits > 64) {
            return null;
        }
        return new OSNumber(value & (-1L >>> (64 - numberOfBits)), numberOfBits);
    }

    /** {@return the size the number was made with ({@code OSNumber::numberOfBits})} */
    public int numberOfBits() {
        return size;
    }

    /** {@return the size in bytes, rounded up ({@code OSNumber::numberOfBytes}: {@code (size + 7) / 8})} */
    public int numberOfBytes() {
        return (size + 7) / 8;
    }

    /** {@return the value cast to {@code uint8_t}: its low 8 bits, 0 to 255} */
    public int unsigned8BitValue() {
        return (int) (value & 0xFF);
    }

    /** {@return the value cast to {@code uint16_t}: its low 16 bits, 0 to 65535} */
    public int unsigned16BitValue() {
        return (int) (value & 0xFFFF);
    }

    /** {@return the value cast to {@code uint32_t}: its low 32 bits (read unsigned with Integer.toUnsignedLong)} */
    public int unsigned32BitValue() {
        return (int) value;
    }

    /** {@return the value as {@code uint64_t}: all 64 bits (read unsigned with Long.toUnsignedString)} */
    public long unsigned64BitValue() {
        return value;
    }

    /**
     * Compares with another number ({@code OSNumber::isEqualTo(const OSNumber *)}: the same 64-bit value,
     * whatever the sizes).
     *
     * @param aNumber the number to compare with; {@code null} → {@code false}
     * @return whether the values are the same
     */
    public boolean isEqualTo(OSNumber aNumber) {
        return aNumber != null && value == aNumber.value;
    }

    /** Equal to an {@code OSNumber} with the same value; else {@code false}. */
    @Override
    public boolean isEqualTo(OSObject anObject) {
        return anObject instanceof OSNumber other && isEqualTo(other);
    }

    @Override
    void describeTo(StringBuilder out, java.util.Set<OSObject> onPath) {
        out.append(Long.toUnsignedString(value));
    }
}
