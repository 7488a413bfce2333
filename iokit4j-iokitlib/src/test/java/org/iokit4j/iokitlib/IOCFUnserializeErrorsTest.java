package org.iokit4j.iokitlib;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iokit4j.iokitlib.IOKitLib.IOCFUnserialize;

import java.util.List;
import org.iokit4j.Diagnostics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every malformed input gives {@code null} and an error string that names what and where: Apple's message
 * ({@code IOCFUnserializeerror}: {@code "IOCFUnserialize: %s near line %d"}) with the lexer's line, then what was
 * wrong and at which byte (issue 11 deliverable 3). Each row is a rule of IOKitUser's {@code IOCFUnserialize.yacc}.
 */
class IOCFUnserializeErrorsTest {

    /** {@return the error string for {@code text}, checking the result is null and the last failure agrees} */
    private static String error(String text) {
        final String[] error = new String[1];
        assertThat(IOCFUnserialize(text, null, 0, error)).isNull();
        assertThat(error[0]).isNotNull();
        assertThat(Diagnostics.lastFailure().explanation()).isEqualTo("IOCFUnserialize: " + error[0]);
        return error[0];
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        // the input (\n, \r, \t written as such) | Apple's message | what the detail names
        "``                                   | unexpected end of buffer near line 1 | holds no value",
        "` \\n \\n`                           | unexpected end of buffer near line 3 | holds no value",
        "<!-- only a comment -->              | unexpected end of buffer near line 1 | holds no value",
        "<key>a</key>                         | unexpected end of buffer near line 1 | <key> where a value must start",
        "</array>                             | unexpected end of buffer near line 1 | </array> where a value",
        "<foo/>                               | syntax error near line 1 | <foo/> is not an element",
        "<key/>                               | syntax error near line 1 | a key cannot be empty-tagged",
        "<true>                               | syntax error near line 1 | a boolean is an empty tag",
        "<string>abc                          | syntax error near line 1 | ended before its closing tag",
        "<string>a&quot;b</string>            | syntax error near line 1 | not &lt;, &gt; or &amp;",
        "<string>a&lt</string>                | syntax error near line 1 | not &lt;, &gt; or &amp;",
        "<string>a</strong>                   | syntax error near line 1 | must end with </string>",
        "<integer>0xFF</integer>              | syntax error near line 1 | expected a tag, found 'F'",
        "<integer> 5</integer>                | syntax error near line 1 | expected a tag, found ' '",
        "<integer>1.5</integer>               | syntax error near line 1 | expected a tag, found '.'",
        "<data>AQ==                           | syntax error near line 1 | must end with </data>",
        "<array>\\n<string>a</string>\\n      | syntax error near line 3 | the buffer ended inside <array>",
        "<array>\\n<string>a</string>\\n<foo/>| syntax error near line 3 | <foo/> is not an element",
        "<dict><string>a</string></dict>      | syntax error near line 1 | expected a <key> or </dict>",
        "<dict><key>a</key></dict>            | syntax error near line 1 | for the key \"a\"",
        "<dict><key>a</key><true/>            | syntax error near line 1 | the buffer ended inside <dict>",
        "<array></dict>                       | syntax error near line 1 | found </dict>",
        "<set><true/></array>                 | syntax error near line 1 | a value or </set>",
        "<array><key>k</key></array>          | syntax error near line 1 | found <key>",
        "<array>\\r\\n</array>                | syntax error near line 1 | a carriage return",
        "<string IDREF=\"1\">x</string>       | syntax error near line 1 | carries IDREF but is not an empty tag",
        "<string IDX=\"1\">x</string>         | syntax error near line 1 | attribute IDX",
        "<integer size=\"64\" >1</integer>    | syntax error near line 1 | no blank may precede >",
        "<integer size=64>1</integer>         | syntax error near line 1 | must be in double quotes",
        "<integer\\nsize=\"64\">1</integer>   | syntax error near line 1 | found a new line",
        "<1/>                                 | syntax error near line 1 | must start with a letter",
        "<!-- a -- b --><true/>               | syntax error near line 1 | -- inside a comment",
        "<!1><true/>                          | syntax error near line 1 | <! must begin a comment",
        "<!DOCTYPE plist                      | syntax error near line 1 | ended inside <!",
        "<?xml version=\"1.0\"                | syntax error near line 1 | ended inside <?",
        "<string ID=\"1\">x</string           | syntax error near line 1 | expected > to close <string>, found the end",
        "<array>\\n<data>\\nAQ==\\n</data>\\n<bad/>| syntax error near line 5 | <bad/> is not an element",
        "<string IDREF=\"1\"/>                | forward reference detected near line 1 | refers to ID 1",
        "<array ID=\"1\"><array IDREF=\"1\"/></array>| forward reference detected near line 1 | refers to ID 1",
        "<array><true ID=\"2\"/><true IDREF=\"2\"/></array>| forward reference detected near line 1 | ID 2",
    })
    void shouldExplainEveryMalformedInput(String input, String message, String detail) {
        final String text = input.replace("\\n", "\n").replace("\\r", "\r").replace("\\t", "\t");
        final String error = error(text);
        assertThat(error).startsWith("IOCFUnserialize: " + message + ": ").contains(detail);
    }

    @Test
    void shouldRefuseNamesValuesAndAttributeCountsPastApplesLimits() { // TAG_MAX_LENGTH, TAG_MAX_ATTRIBUTES
        assertThat(error("<" + "a".repeat(31) + "/>")).contains("syntax error near line 1", "longer than 30");
        assertThat(error("<" + "a".repeat(30) + "/>")).as("30 fits; it is just unknown").contains("not an element");
        assertThat(error("<string ID=\"" + "1".repeat(31) + "\">x</string>")).contains("longer than 30");
        final StringBuilder many = new StringBuilder("<string");
        for (int i = 0; i < 32; i++) {
            many.append(" a").append(i).append("=\"1\"");
        }
        assertThat(error(many + ">x</string>")).contains("more than 31 attributes");
        many.setLength(0);
        many.append("<string");
        for (int i = 0; i < 31; i++) {
            many.append(" a").append(i).append("=\"1\"");
        }
        assertThat(IOCFUnserialize(many + ">x</string>", null, 0, null)).as("31 attributes fit").isEqualTo("x");
    }

    @Test
    void shouldRunOutOfParserStackWhereBisonDoes() { // YYMAXDEPTH 10000 states: 9,997 nested arrays fit
        assertThat(IOCFUnserialize(nested(9_997), null, 0, null)).isInstanceOf(List.class);
        assertThat(error(nested(9_998))).startsWith("IOCFUnserialize: memory exhausted near line 1: ")
                .contains("YYMAXDEPTH");
        assertThat(error(nested(20_000))).startsWith("IOCFUnserialize: memory exhausted near line 1");
    }

    private static String nested(int depth) {
        return "<array>".repeat(depth) + "</array>".repeat(depth);
    }
}
