package org.iokit4j.iokitlib;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iokit4j.iokitlib.IOKitLib.IOCFSerialize;
import static org.iokit4j.iokitlib.IOKitLib.kIOCFSerializeToBinary;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.iokit4j.Diagnostics;
import org.junit.jupiter.api.Test;

/**
 * {@code IOCFSerialize(object, kIOCFSerializeToBinary)}: IOKitUser's {@code IOCFSerializeBinary} in
 * {@code IOCFSerialize.c}, the words of xnu's {@code OSSerializeBinary.h} (issue 11 deliverable 3). Expected bytes
 * are worked out by hand from that source: the signature, then little-endian words {@code type | length}, the top
 * bit on the value itself and on each collection's last member.
 */
class IOCFSerializeBinaryTest {
    private static final int DICTIONARY = 0x01000000;
    private static final int ARRAY = 0x02000000;
    private static final int NUMBER = 0x04000000;
    private static final int SYMBOL = 0x08000000;
    private static final int STRING = 0x09000000;
    private static final int DATA = 0x0a000000;
    private static final int BOOLEAN = 0x0b000000;
    private static final int OBJECT = 0x0c000000;
    private static final int END = 0x80000000;

    /** {@return the signature {@code "\323\0\0"} and its NUL, then {@code words} little-endian} */
    private static byte[] expected(int... words) {
        final ByteBuffer buffer = ByteBuffer.allocate(4 + 4 * words.length).order(ByteOrder.LITTLE_ENDIAN);
        buffer.put(new byte[] {(byte) 0xD3, 0, 0, 0});
        for (int word : words) {
            buffer.putInt(word);
        }
        return buffer.array();
    }

    private static byte[] binary(Object value) {
        final byte[] bytes = IOCFSerialize(value, kIOCFSerializeToBinary);
        assertThat(bytes).as("%s", Diagnostics.lastFailure()).isNotNull();
        return bytes;
    }

    @Test
    void shouldWriteADictionaryWithASymbolKey() { // DoCFSerializeBinary: dictionary, key as symbol, endCollection
        assertThat(binary(Map.of("a", true))).isEqualTo(expected(
                END | DICTIONARY | 1,
                SYMBOL | 2, 0x00000061, // "a" and its NUL, padded to 4
                END | BOOLEAN | 1));
    }

    @Test
    void shouldReferToAnObjectWrittenBeforeByItsTag() { // the tags dictionary: pointer equality, tag 0 = the value
        assertThat(binary(List.of(true, true, false))).isEqualTo(expected(
                END | ARRAY | 3,
                BOOLEAN | 1, // tag 1
                OBJECT | 1, // kCFBooleanTrue again
                END | BOOLEAN)); // tag 2
        final String name = new String("k".toCharArray());
        final Map<String, Object> keyAsValue = new LinkedHashMap<>();
        keyAsValue.put(name, name);
        assertThat(binary(keyAsValue)).as("a value that was written as a key is a reference to the symbol")
                .isEqualTo(expected(END | DICTIONARY | 1, SYMBOL | 2, 0x0000006B, END | OBJECT | 1));
    }

    @Test
    void shouldWriteNumbersAsEightBytesWithTheirSizeInBits() { // kOSSerializeNumber | size, the long long value
        assertThat(binary(-2L)).isEqualTo(expected(END | NUMBER | 64, 0xFFFFFFFE, 0xFFFFFFFF));
        assertThat(binary(5)).isEqualTo(expected(END | NUMBER | 32, 5, 0));
        assertThat(binary((short) 5)).isEqualTo(expected(END | NUMBER | 16, 5, 0));
        assertThat(binary((byte) -1)).isEqualTo(expected(END | NUMBER | 8, -1, -1));
        final long bits = Double.doubleToRawLongBits(1.5);
        assertThat(binary(1.5)).as("a double: 63 and its bits").isEqualTo(expected(END | NUMBER | 63, (int) bits,
                (int) (bits >>> 32)));
        final long floatBits = Double.doubleToRawLongBits(0.25f);
        assertThat(binary(0.25f)).as("a float: 31, widened to double").isEqualTo(expected(END | NUMBER | 31,
                (int) floatBits, (int) (floatBits >>> 32)));
    }

    @Test
    void shouldWriteStringsAndDataPaddedToFourBytes() { // IOCFSerializeBinaryAddObject: 3 & size padding
        assertThat(binary("abcde")).isEqualTo(expected(END | STRING | 5, 0x64636261, 0x00000065));
        assertThat(binary(new byte[] {1, 2, 3, 4})).isEqualTo(expected(END | DATA | 4, 0x04030201));
        assertThat(binary(new byte[0])).isEqualTo(expected(END | DATA));
    }

    @Test
    void shouldMarkTheLastMemberOfEveryCollection() { // endCollection = (index == count)
        assertThat(binary(List.of(List.of(), "x"))).isEqualTo(expected(
                END | ARRAY | 2,
                ARRAY, // the empty array: not last
                END | STRING | 1, 0x00000078));
    }

    @Test
    void shouldWriteThePlaceholderStringForAnyOtherType() { // DoCFSerializeBinary's else branch
        final byte[] bytes = binary(new StringBuilder());
        final String text = "<string>typeID java.lang.StringBuilder not serializable</string>";
        assertThat(bytes).hasSize(4 + 4 + (text.length() + 3) / 4 * 4);
        assertThat(ByteBuffer.wrap(bytes, 4, 4).order(ByteOrder.LITTLE_ENDIAN).getInt()).isEqualTo(END | STRING
                | text.length());
        assertThat(new String(bytes, 8, text.length(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(text);
    }

    @Test
    void shouldRefuseSetsAndLengthsPastTwentyFourBits() { // CFArrayGetCount on a CFSet; kOSSerializeDataMask
        assertThat(IOCFSerialize(new LinkedHashSet<>(List.of("s")), kIOCFSerializeToBinary)).isNull();
        assertThat(Diagnostics.lastFailure().explanation()).contains("CFArrayGetCount");
        assertThat(IOCFSerialize(new byte[1 << 24], kIOCFSerializeToBinary)).isNull();
        assertThat(Diagnostics.lastFailure().explanation()).contains("0xFFFFFF", "16777216");
    }
}
