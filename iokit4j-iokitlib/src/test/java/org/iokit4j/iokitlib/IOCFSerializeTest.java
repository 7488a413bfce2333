package org.iokit4j.iokitlib;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iokit4j.iokitlib.IOKitLib.IOCFSerialize;
import static org.iokit4j.iokitlib.IOKitLib.kIOCFSerializeToBinary;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.iokit4j.Diagnostics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code IOCFSerialize}'s XML form, byte for byte as IOKitUser's {@code IOCFSerialize.c} writes it (issue 11
 * deliverable 3, contract.md §7).
 */
class IOCFSerializeTest {

    /** {@return the text IOCFSerialize wrote, checking it ends with Apple's NUL ({@code addChar(0)})} */
    private static String xml(Object value) {
        final byte[] bytes = IOCFSerialize(value, 0);
        assertThat(bytes).as("%s", Diagnostics.lastFailure()).isNotNull();
        assertThat(bytes[bytes.length - 1]).as("the trailing NUL").isZero();
        return new String(bytes, 0, bytes.length - 1, StandardCharsets.UTF_8);
    }

    @Test
    void shouldWriteEachScalarAsAppleDoes() { // DoCFSerializeString/Number/Boolean/Data
        assertThat(xml("hello")).isEqualTo("<string>hello</string>");
        assertThat(xml("")).isEqualTo("<string></string>");
        assertThat(xml(true)).isEqualTo("<true/>");
        assertThat(xml(false)).isEqualTo("<false/>");
        assertThat(xml(new byte[0])).isEqualTo("<data></data>");
    }

    @Test
    void shouldEscapeOnlyLessThanGreaterThanAndAmpersand() { // DoCFSerializeString's switch
        assertThat(xml("a<b&c>d \"e\" 'f'")).isEqualTo("<string>a&lt;b&amp;c&gt;d \"e\" 'f'</string>");
        assertThat(xml("\u00a9 \uD83D\uDE00")).as("UTF-8 as is").isEqualTo("<string>\u00a9 \uD83D\uDE00</string>");
        assertThat(xml("x\uD800y")).as("an unpaired surrogate: CF's loss byte '?'").isEqualTo("<string>x?y</string>");
    }

    @Test
    void shouldWriteIntegersInLowerCaseHexWithTheSizeOfTheirType() { // DoCFSerializeNumber
        assertThat(xml(42L)).isEqualTo("<integer size=\"64\">0x2a</integer>");
        assertThat(xml(0L)).isEqualTo("<integer size=\"64\">0x0</integer>");
        assertThat(xml(-1L)).isEqualTo("<integer size=\"64\">0xffffffffffffffff</integer>");
        assertThat(xml(0x12345678)).isEqualTo("<integer size=\"32\">0x12345678</integer>");
        assertThat(xml(-1)).as("read as long long: sign-extended").isEqualTo(
                "<integer size=\"32\">0xffffffffffffffff</integer>");
        assertThat(xml((short) 300)).isEqualTo("<integer size=\"16\">0x12c</integer>");
        assertThat(xml((byte) 7)).isEqualTo("<integer size=\"8\">0x7</integer>");
        assertThat(xml(2.0)).as("a float type: size 64").isEqualTo("<integer size=\"64\">0x2</integer>");
    }

    @Test
    void shouldWriteDataInBase64AsApplesOwnTestExpects() { // IOCFSerializeTest.c: AQ==, ASM=, ASNF, ASNFZw==
        assertThat(xml(new byte[] {0x01})).isEqualTo("<data>AQ==</data>");
        assertThat(xml(new byte[] {0x01, 0x23})).isEqualTo("<data>ASM=</data>");
        assertThat(xml(new byte[] {0x01, 0x23, 0x45})).isEqualTo("<data>ASNF</data>");
        assertThat(xml(new byte[] {0x01, 0x23, 0x45, 0x67})).isEqualTo("<data>ASNFZw==</data>");
        assertThat(xml(new byte[] {(byte) 0xFF, (byte) 0xFE, (byte) 0xFD})).isEqualTo("<data>//79</data>");
    }

    @Test
    void shouldWriteContainersWithKeysInIterationOrder() { // DoCFSerializeDictionary/Array/Set
        final Map<String, Object> dict = new LinkedHashMap<>();
        dict.put("a&b", List.of("x", true));
        dict.put("empty", new LinkedHashMap<>());
        dict.put("set", new LinkedHashSet<>(List.of("s")));
        assertThat(xml(dict)).isEqualTo("<dict><key>a&amp;b</key><array><string>x</string><true/></array>"
                + "<key>empty</key><dict></dict><key>set</key><set><string>s</string></set></dict>");
        assertThat(xml(new ArrayList<>())).isEqualTo("<array></array>");
    }

    @Test
    void shouldGiveAnObjectMetTwiceAnIdAndRefersToItAfter() { // DoIdrefScan, addStartTag, previouslySerialized
        final String shared = new String("twice".toCharArray());
        assertThat(xml(List.of(shared, shared, "twice-not-shared".substring(0))))
                .isEqualTo("<array><string ID=\"0\">twice</string><string IDREF=\"0\"/>"
                        + "<string>twice-not-shared</string></array>");
        final Long number = 123_456_789L;
        assertThat(xml(List.of(number, number))).as("the ID precedes size")
                .isEqualTo("<array><integer ID=\"0\" size=\"64\">0x75bcd15</integer><integer IDREF=\"0\"/></array>");
        assertThat(xml(List.of(true, true))).as("booleans never").isEqualTo("<array><true/><true/></array>");
    }

    @Test
    void shouldCountTheMembersOfARepeatedContainerAgainAsDoIdrefScanDoes() { // DoIdrefScan recurses each time
        final String inner = new String("m".toCharArray());
        final List<Object> repeated = new ArrayList<>(List.of(inner));
        final Map<String, Object> root = new LinkedHashMap<>();
        root.put("one", repeated);
        root.put("two", repeated);
        assertThat(xml(root)).isEqualTo("<dict><key>one</key><array ID=\"0\"><string ID=\"1\">m</string></array>"
                + "<key>two</key><array IDREF=\"0\"/></dict>");
    }

    @ParameterizedTest
    @ValueSource(strings = {"IOPCITunnelCompatible", "AppleUSBXHCI", "ICH8 ATA/100", "Physical Interconnect Location",
        "AppleLSIFusion", "IOPCI", ""})
    void shouldFollowTheSevenClassNameKeysAndTheirPrefixesWithApplesComment(String key) { // DoCFSerializeKey
        assertThat(xml(Map.of(key, true))).isEqualTo("<dict><key>" + key + "</key><!-- \uD83E\uDD26 --><true/></dict>");
    }

    @Test
    void shouldNotCommentOtherKeys() { // DoCFSerializeKey: strncmp(buffer, name, length) only
        assertThat(xml(Map.of("IOPCITunnelCompatibleX", true))).isEqualTo(
                "<dict><key>IOPCITunnelCompatibleX</key><true/></dict>");
        assertThat(xml(Map.of("AppleUSBXHCI ", 1L))).isEqualTo(
                "<dict><key>AppleUSBXHCI </key><integer size=\"64\">0x1</integer></dict>");
    }

    @Test
    void shouldWriteApplesPlaceholderStringForAnyOtherType() { // DoCFSerialize: "typeID 0x%x not serializable"
        final Object other = new StringBuilder("sb");
        assertThat(xml(List.of(other, other))).as("a fresh string each time: never an ID").isEqualTo("<array>"
                + "<string>&lt;string&gt;typeID java.lang.StringBuilder not serializable&lt;/string&gt;</string>"
                + "<string>&lt;string&gt;typeID java.lang.StringBuilder not serializable&lt;/string&gt;</string>"
                + "</array>");
        assertThat(IOKitLib.IOCFUnserialize(xml(java.math.BigInteger.TEN), null, 0, null))
                .isEqualTo("<string>typeID java.math.BigInteger not serializable</string>");
    }

    @Test
    void shouldReturnNullForANullObjectAndUnknownOptions() { // IOCFSerialize: if (!object) / if (options) return 0
        assertThat(IOCFSerialize(null, 0)).isNull();
        assertThat(IOCFSerialize("x", 2)).isNull();
        assertThat(Diagnostics.lastFailure().explanation()).contains("options=0x2");
        assertThat(IOCFSerialize("x", kIOCFSerializeToBinary | 2)).as("binary ignores the other bits").isNotNull();
    }

    @Test
    void shouldRefuseWhatCCouldNotHoldAndSayWhere() { // CF holds no NULL, only CFString keys, no cycles
        final List<Object> withNull = new ArrayList<>();
        withNull.add(null);
        assertThat(IOCFSerialize(withNull, 0)).isNull();
        assertThat(Diagnostics.lastFailure().explanation()).contains("the value[0] is a null value");
        assertThat(IOCFSerialize(withNull, kIOCFSerializeToBinary)).isNull();
        assertThat(IOCFSerialize(Map.of(1, "v"), 0)).isNull();
        assertThat(Diagnostics.lastFailure().explanation()).contains("key of type java.lang.Integer");
        final List<Object> loop = new ArrayList<>();
        loop.add(loop);
        assertThat(IOCFSerialize(loop, 0)).isNull();
        assertThat(Diagnostics.lastFailure().explanation()).contains("contains itself");
        assertThat(IOCFSerialize(2.5, 0)).isNull();
        assertThat(Diagnostics.lastFailure().explanation()).contains("lossy conversion");
        assertThat(IOCFSerialize(Double.NaN, 0)).isNull();
    }
}
