package org.iokit4j.iokitlib;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iokit4j.iokitlib.IOKitLib.IOCFUnserialize;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.iokit4j.Diagnostics;
import org.junit.jupiter.api.Test;

/**
 * What {@code IOCFUnserialize} accepts and builds: IOKitUser's {@code IOCFUnserialize.yacc} (issue 11 deliverable 3,
 * contract.md §7). The malformed inputs are in {@link IOCFUnserializeErrorsTest}.
 */
class IOCFUnserializeTest {

    private static Object parse(String text) {
        final String[] error = {"stale"};
        final Object value = IOCFUnserialize(text, null, 0, error);
        assertThat(error[0]).as("success clears errorString").isNull();
        assertThat(value).isNotNull();
        return value;
    }

    @Test
    void shouldReadScalarsAsContractSevenMapsThem() { // buildString/Number/Data/Boolean
        assertThat(parse("<string>a&lt;b&amp;c&gt;d</string>")).isEqualTo("a<b&c>d");
        assertThat(parse("<string/>")).isEqualTo("");
        assertThat(parse("<integer size=\"64\">0x2a</integer>")).isEqualTo(42L);
        assertThat(parse("<integer>-17</integer>")).isEqualTo(-17L);
        assertThat(parse("<integer>0-5</integer>")).as("getNumber: '0', then a decimal '-5'").isEqualTo(-5L);
        assertThat(parse("<integer></integer>")).isEqualTo(0L);
        assertThat(parse("<integer/>")).isEqualTo(0L);
        assertThat(parse("<true/>")).isEqualTo(true);
        assertThat(parse("<false/>")).isEqualTo(false);
        assertThat((byte[]) parse("<data>ASNFZw==</data>")).containsExactly(0x01, 0x23, 0x45, 0x67);
        assertThat((byte[]) parse("<data/>")).isEmpty();
        assertThat((byte[]) parse("<data> </data>")).isEmpty();
    }

    @Test
    void shouldKeepTheLow32BitsSignExtendedWhenTheSizeIsAtMost32() { // buildNumber: kCFNumberSInt32Type
        assertThat(parse("<integer size=\"32\">0xffffffff</integer>")).isEqualTo(-1L);
        assertThat(parse("<integer size=\"32\">0xffffffffffffffff</integer>")).isEqualTo(-1L);
        assertThat(parse("<integer size=\"8\">0x1ff</integer>")).as("8 is ≤ 32: still 32 bits").isEqualTo(511L);
        assertThat(parse("<integer size=\"0x21\">0x100000000</integer>")).as("strtoul base 0: 33 bits")
                .isEqualTo(0x1_0000_0000L);
        assertThat(parse("<integer size=\"64\">0xffffffffffffffff</integer>")).isEqualTo(-1L);
        assertThat(parse("<integer>18446744073709551615</integer>")).as("wraps as unsigned long long")
                .isEqualTo(-1L);
    }

    @Test
    void shouldSkipWhatApplesOwnTestBufferSkips() { // IOCFSerializeTest.c's testBuffer header
        final Object value = parse(" <?xml version=\"1.0\" encoding=\"UTF-8\"?> \n"
                + " <!DOCTYPE plist SYSTEM \"file://localhost/System/Library/DTDs/PropertyList.dtd\"> \n"
                + " <plist version=\"1.0\"> \n"
                + " <!-- this is a comment --> \n"
                + " <!-- this is a comment with embedded XML statements \n"
                + " <key>ignore me</key>\t<true/> \n"
                + " --> \n"
                + " <dict> \n"
                + " <key>key true</key>\t<true/> \n"
                + " <key>key d1</key>\t<data>AQ==</data> \n"
                + " <key>key i3</key>\t<integer size=\"32\" ID=\"2\">0x12345678</integer> \n"
                + " <key>key r2</key>\t<ref IDREF=\"2\"/> \n"
                + " <key>key &lt;&amp;&gt;</key>\t<string>&lt;&amp;&gt;</string> \n"
                + " <key>key uft8 \u00a9</key>\t<string>utf-8 copyright \u00a9</string> \n"
                + " </dict> \n"
                + " </plist> \n");
        assertThat(value).isInstanceOf(Map.class);
        @SuppressWarnings("unchecked")
        final Map<String, Object> dict = (Map<String, Object>) value;
        assertThat(dict.keySet()).containsExactly("key true", "key d1", "key i3", "key r2", "key <&>",
                "key uft8 \u00a9");
        assertThat(dict.get("key i3")).isEqualTo(0x12345678L);
        assertThat(dict.get("key r2")).as("the same object again").isSameAs(dict.get("key i3"));
        assertThat(dict.get("key <&>")).isEqualTo("<&>");
    }

    @Test
    void shouldBuildContainersInDocumentOrder() { // buildDictionary/Array/Set
        assertThat(parse("<array><string>a</string><array/><dict/><set/></array>"))
                .isEqualTo(List.of("a", List.of(), Map.of(), new LinkedHashSet<>()));
        assertThat(parse("<dict><key>k</key><string>1</string><key>k</key><string>2</string></dict>"))
                .as("CFDictionarySetValue: the last wins").isEqualTo(Map.of("k", "2"));
        assertThat(parse("<set><string>x</string><string>y</string><string>x</string></set>"))
                .isEqualTo(new LinkedHashSet<>(List.of("x", "y")));
        assertThat(parse("<array>\n\t<string>a</string>\n</array>")).isEqualTo(List.of("a"));
    }

    @Test
    void shouldResolveIdrefsWhateverTheirTagAndIncludingKeys() { // yylex ignores the tag of an IDREF
        final List<?> values = (List<?>) parse("<array><dict ID=\"7\"><key ID=\"8\">name</key><true/></dict>"
                + "<string IDREF=\"7\"/><integer IDREF=\"8\"/><plist IDREF=\"7\"/></array>");
        assertThat(values.get(1)).isSameAs(values.get(0));
        assertThat(values.get(2)).isEqualTo("name");
        assertThat(values.get(3)).isSameAs(values.get(0));
    }

    @Test
    void shouldReadOnlyTheFirstValue() { // input: object { YYACCEPT }, with no look-ahead
        assertThat(parse("<string>first</string><string>second</string>")).isEqualTo("first");
        assertThat(parse("<true/> this is never read <<<")).isEqualTo(true);
        assertThat(parse("<string>a</string>\u0000<garbage")).isEqualTo("a");
    }

    @Test
    void shouldReturnNullWithoutAnErrorStringForNullOrOptions() { // IOCFUnserialize: if (!buffer || options)
        final String[] error = {"stale"};
        assertThat(IOCFUnserialize(null, null, 0, error)).isNull();
        assertThat(error[0]).isNull();
        assertThat(IOCFUnserialize("<true/>", null, 1, error)).isNull();
        assertThat(error[0]).isNull();
        assertThat(Diagnostics.lastFailure().explanation()).contains("options=0x1");
        assertThat(IOCFUnserialize("<true/>", null, 0, null)).as("errorString may be NULL").isEqualTo(true);
        assertThat(IOCFUnserialize("<bad/>", null, 0, new String[0])).isNull();
    }
}
