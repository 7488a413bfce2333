package org.iokit4j.driverkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** OSNumber: the N-bit mask at creation and the casting accessors (contract.md §7; libkern/c++/OSNumber.cpp). */
class OSNumberTest {

    /** The four sizes DriverKit's OSNumber.iig calls valid, each with five seeds. */
    static Stream<Arguments> sizesAndSeeds() {
        return IntStream.of(8, 16, 32, 64).boxed()
                .flatMap(bits -> IntStream.range(0, 5).mapToObj(seed -> Arguments.of(bits, 0x05E7_0000L + seed)));
    }

    @ParameterizedTest(name = "{0} bits, seed {1}")
    @MethodSource("sizesAndSeeds")
    void shouldMaskTheValueToItsBitsAndCastOnRead(int bits, long seed) {
        // OSNumber.cpp OSNumber::init: value = inValue & (~0ULL >> (64 - size));
        // OSNumber::unsigned{8,16,32,64}BitValue: "merely casts the internal integer value"
        final SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < 200; i++) {
            final long value = random.nextLong();
            final long masked = bits == 64 ? value : value & ((1L << bits) - 1);
            final OSNumber number = OSNumber.withNumber(value, bits);

            assertThat(number.numberOfBits()).isEqualTo(bits);
            assertThat(number.numberOfBytes()).isEqualTo(bits / 8);
            assertThat(number.unsigned64BitValue()).isEqualTo(masked);
            assertThat(number.unsigned32BitValue()).isEqualTo((int) masked);
            assertThat(number.unsigned16BitValue()).isEqualTo((int) (masked & 0xFFFF)).isBetween(0, 0xFFFF);
            assertThat(number.unsigned8BitValue()).isEqualTo((int) (masked & 0xFF)).isBetween(0, 0xFF);
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3})
    void shouldMaskEverySizeFromOneToSixtyFourBits(long seed) {
        // OSNumber.cpp OSNumber::init accepts any size up to 64 (DriverKit's header calls only 8/16/32/64 "valid")
        final SplittableRandom random = new SplittableRandom(seed);
        for (int bits = 1; bits <= 64; bits++) {
            final long value = random.nextLong();
            final OSNumber number = OSNumber.withNumber(value, bits);
            assertThat(number.unsigned64BitValue()).as("bits=%d", bits)
                    .isEqualTo(bits == 64 ? value : value & ((1L << bits) - 1));
            assertThat(number.numberOfBytes()).isEqualTo((bits + 7) / 8); // OSNumber::numberOfBytes
        }
    }

    @Test
    void shouldKeepTheWholeValueWithZeroBits() {
        // OSNumber.cpp sizeMask with size 0 is ~0ULL >> 64: C leaves it undefined, arm64/x86-64 shift by 64 % 64 = 0,
        // so the mask is all ones (Java's >>> takes the count modulo 64 the same way)
        final OSNumber number = OSNumber.withNumber(0x8000_0000_0000_0001L, 0);
        assertThat(number.numberOfBits()).isZero();
        assertThat(number.unsigned64BitValue()).isEqualTo(0x8000_0000_0000_0001L);
        assertThat(number.numberOfBytes()).isZero();
    }

    @ParameterizedTest
    @ValueSource(ints = {65, 128, Integer.MAX_VALUE, -1, Integer.MIN_VALUE})
    void shouldRefuseMoreThanSixtyFourBits(int bits) {
        // OSNumber.cpp OSNumber::init: if (newNumberOfBits > 64) return false; withNumber then returns nullptr
        // (a negative int is a huge unsigned int)
        assertThat(OSNumber.withNumber(42, bits)).isNull();
    }

    @Test
    void shouldCompareValuesWhateverTheSizes() {
        // OSNumber.cpp OSNumber::isEqualTo(const OSNumber *): unsigned64BitValue() == integer->unsigned64BitValue()
        assertThat(OSNumber.withNumber(200, 8).isEqualTo(OSNumber.withNumber(200, 64))).isTrue();
        assertThat(OSNumber.withNumber(-1, 8).isEqualTo(OSNumber.withNumber(-1, 16))).as("0xFF vs 0xFFFF").isFalse();
        assertThat(OSNumber.withNumber(1, 32).isEqualTo((OSNumber) null)).isFalse();
        // OSNumber::isEqualTo(const OSMetaClassBase *): false for anything that is not an OSNumber
        assertThat(OSNumber.withNumber(1, 32).isEqualTo((OSObject) OSString.withCString("1"))).isFalse();
        assertThat(OSNumber.withNumber(7, 32).isEqualTo((OSObject) OSNumber.withNumber(7, 64))).isTrue();
    }

    @Test
    void shouldPrintTheValueAsIoregDoes() { // contract.md §7: readable toString (unsigned, decimal)
        assertThat(OSNumber.withNumber(-1, 32)).hasToString("4294967295");
        assertThat(OSNumber.withNumber(-1, 64)).hasToString("18446744073709551615");
        assertThat(OSNumber.withNumber(42, 8)).hasToString("42");
    }
}
