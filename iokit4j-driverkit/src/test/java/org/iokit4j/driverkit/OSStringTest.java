package org.iokit4j.driverkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** OSString: an immutable string (contract.md §7; libkern/c++/OSString.cpp, DriverKit's OSString.iig). */
class OSStringTest {

    @Test
    void shouldHoldTheTextAndCountItsUtf8Bytes() {
        // OSString.cpp OSString::getLength: the C string's byte count (length - 1 for the NUL)
        final OSString string = OSString.withCString("caf\u00e9");
        assertThat(string.getCStringNoCopy()).isEqualTo("caf\u00e9");
        assertThat(string.getLength()).isEqualTo(5);
        assertThat(OSString.withCString("").getLength()).isZero();
        assertThat(string.getRetainCount()).as("withCString returns one reference").isEqualTo(1);
    }

    @Test
    void shouldRefuseNullAndOverlongStrings() {
        // OSString.cpp OSString::initWithCString: !cString → false; strnlen(...) >= kMaxStringLength → false
        assertThat(OSString.withCString(null)).isNull();
        assertThat(OSString.withCString("x".repeat(OSString.kMaxStringLength - 1))).isNotNull();
        assertThat(OSString.withCString("x".repeat(OSString.kMaxStringLength))).isNull();
        assertThat(OSString.withCString("\u00e9".repeat(OSString.kMaxStringLength / 2))).as("counted in UTF-8")
                .isNull();
        assertThat(OSString.withString(null)).isNull(); // OSString::withString → initWithString(NULL) (Java: null)
    }

    @Test
    void shouldKeepANulThatAJavaStringHolds() { // documented Java difference: the text is kept whole
        final OSString string = OSString.withCString("a\0b");
        assertThat(string.getCStringNoCopy()).isEqualTo("a\0b");
        assertThat(string.getLength()).isEqualTo(3);
    }

    @Test
    void shouldCompareTextExactly() {
        // OSString.cpp OSString::isEqualTo(const char *): strncmp over length + 1, so the whole text and no more
        final OSString string = OSString.withCString("IOService");
        assertThat(string.isEqualTo("IOService")).isTrue();
        assertThat(string.isEqualTo("IOServic")).isFalse();
        assertThat(string.isEqualTo("IOServices")).isFalse();
        assertThat(string.isEqualTo((String) null)).isFalse();
        // OSString::isEqualTo(const OSString *) and (const OSMetaClassBase *): OSString or OSData, else false
        assertThat(string.isEqualTo(OSString.withCString("IOService"))).isTrue();
        assertThat(string.isEqualTo((OSObject) OSString.withString(string))).isTrue();
        assertThat(string.isEqualTo((OSObject) OSNumber.withNumber(1, 8))).isFalse();
        assertThat(string.isEqualTo((OSObject) null)).isFalse();
    }

    @Test
    void shouldEqualDataThatSpellsItWithOrWithoutOneNul() {
        // OSString.cpp OSString::isEqualTo(const OSData *): equal lengths, or the data one longer ending in 0
        final OSString string = OSString.withCString("abc");
        assertThat(string.isEqualTo(OSData.withBytes(new byte[] {'a', 'b', 'c'}))).isTrue();
        assertThat(string.isEqualTo(OSData.withBytes(new byte[] {'a', 'b', 'c', 0}))).isTrue();
        assertThat(string.isEqualTo(OSData.withBytes(new byte[] {'a', 'b', 'c', 'd'}))).isFalse();
        assertThat(string.isEqualTo(OSData.withBytes(new byte[] {'a', 'b', 'c', 0, 0}))).isFalse();
        assertThat(string.isEqualTo(OSData.withBytes(new byte[] {'a', 'b'}))).isFalse();
        assertThat(string.isEqualTo((OSData) null)).isFalse();
        assertThat(string.isEqualTo((OSObject) OSData.withBytes(new byte[] {'a', 'b', 'c'}))).isTrue();
    }

    @Test
    void shouldPrintQuoted() { // contract.md §7: readable toString, as ioreg prints a string
        assertThat(OSString.withCString("a\"b\\c\n")).hasToString("\"a\\\"b\\\\c\\n\"");
    }
}
