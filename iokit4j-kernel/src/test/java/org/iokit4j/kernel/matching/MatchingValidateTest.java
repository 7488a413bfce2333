package org.iokit4j.kernel.matching;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class MatchingValidateTest {

    private static String validate(String key, Object value) {
        Map<String, Object> matching = new HashMap<>();
        matching.put(key, value);
        return Matching.validate(matching);
    }

    @Test
    void shouldAcceptWellFormedDictionaries() {
        // apple-semantics.md §9: the helpers' dictionaries and the array forms are valid
        assertThat(Matching.validate(Matching.IOServiceMatching("IOService"))).isNull();
        assertThat(Matching.validate(Matching.IOServiceNameMatching("echo"))).isNull();
        assertThat(Matching.validate(Matching.IORegistryEntryIDMatching(1L))).isNull();
        assertThat(validate("IONameMatch", List.of("a", "b"))).isNull();
        assertThat(validate("IOPropertyMatch", Map.of("k", 1L))).isNull();
        assertThat(validate("IOPropertyMatch", List.of(Map.of("k", 1L), Map.of()))).isNull();
        assertThat(validate("IOResourceMatch", "IOKit")).isNull();
        assertThat(validate("IORegistryEntryID", 7)).isNull();
        assertThat(Matching.validate(Map.of())).isNull();
    }

    @Test
    void shouldIgnoreUnknownKeysWhateverTheyHoldExceptNull() {
        // apple-semantics.md §9: unhonoured keys are ignored, so their values cannot be of the wrong type; but a CF
        // dictionary cannot hold NULL anywhere (issue 8: a null value is refused with an explanation)
        assertThat(validate("IOParentMatch", 42L)).isNull();
        assertThat(validate("com.example.key", new Object())).isNull();
        assertThat(validate("com.example.key", null)).isEqualTo("com.example.key is null: a matching dictionary"
                + " cannot hold null (a CF container holds no NULL; in C, CFDictionarySetValue or CFArrayAppendValue"
                + " would crash)");
    }

    @Test
    void shouldExplainANullDictionary() {
        // apple-semantics.md §9: NULL matching finds nothing; the kernel answers kIOReturnBadArgument
        assertThat(Matching.validate(null)).startsWith("the matching dictionary is null");
    }

    @Test
    void shouldExplainAProviderClassThatIsNotAString() {
        // apple-semantics.md §9: IOProviderClass holds a class name
        assertThat(validate("IOProviderClass", 42))
                .isEqualTo("IOProviderClass=42 (an Integer): IOProviderClass must be a String naming a class,"
                        + " e.g. IOServiceMatching(\"IOUserService\")");
        assertThat(validate("IOProviderClass", null)).startsWith("IOProviderClass is null: ");
    }

    @Test
    void shouldExplainANameMatchThatIsNeitherStringNorListOfStrings() {
        // apple-semantics.md §9: IONameMatch holds a name or names
        assertThat(validate("IONameMatch", 1.5d)).startsWith("IONameMatch=1.5 (a Double): IONameMatch must be a String"
                + " or a List of Strings");
        assertThat(validate("IONameMatch", List.of("a", 2L))).startsWith("IONameMatch[1]=2 (a Long): IONameMatch must be");
    }

    @Test
    void shouldExplainAPropertyMatchThatIsNeitherDictionaryNorArrayOfDictionaries() {
        // contract.md §4 (brief): IOPropertyMatch is a dictionary or an array of dictionaries
        assertThat(validate("IOPropertyMatch", "Version"))
                .startsWith("IOPropertyMatch=\"Version\" (a String): IOPropertyMatch must be a dictionary (a Map with"
                        + " String keys) or an array (a List) of dictionaries");
        assertThat(validate("IOPropertyMatch", List.of(Map.of("k", 1L), "x")))
                .startsWith("IOPropertyMatch[1]=\"x\" (a String): IOPropertyMatch must be a dictionary");
        assertThat(validate("IOPropertyMatch", Map.of(1L, "x")))
                .isEqualTo("IOPropertyMatch has the key 1 (a Long): the keys of a dictionary are Strings");
        Map<String, Object> withNull = new HashMap<>();
        withNull.put("k", null);
        assertThat(validate("IOPropertyMatch", withNull)).startsWith("IOPropertyMatch[\"k\"] is null");
    }

    @Test
    void shouldExplainAResourceMatchOrEntryIDOfTheWrongType() {
        // contract.md §4: IOResourceMatch names a resource; apple-semantics.md §9: IORegistryEntryID is an integer
        assertThat(validate("IOResourceMatch", List.of("IOKit")))
                .isEqualTo("IOResourceMatch=[IOKit] (a List): IOResourceMatch must be a String naming a resource");
        assertThat(validate("IORegistryEntryID", "42"))
                .isEqualTo("IORegistryEntryID=\"42\" (a String): IORegistryEntryID must be an integer (a Long),"
                        + " e.g. IORegistryEntryIDMatching(id)");
    }
}
