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
        // apple-semantics.md §9: unhonoured keys are ignored, whatever they hold; but a CF
        // dictionary cannot hold NULL anywhere (issue 8: a null value is refused with an explanation)
        assertThat(validate("com.example.other", 42L)).isNull();
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
    void shouldAcceptHonouredKeysOfTheWrongTypeAsXnuReadsThem() {
        // issue 11 deliverable 5: XNU's IOService::matchInternal casts each key (OSDynamicCast) and skips or fails it;
        // it never refuses the dictionary, so neither does the kernel's copy
        assertThat(validate("IOProviderClass", 42)).isNull();
        assertThat(validate("IONameMatch", 1.5d)).isNull();
        assertThat(validate("IONameMatch", List.of("a", 2L))).isNull();
        assertThat(validate("IOPropertyMatch", "Version")).isNull();
        assertThat(validate("IOPropertyMatch", List.of(Map.of("k", 1L), "x"))).isNull();
        assertThat(validate("IOResourceMatch", List.of("IOKit"))).isNull();
        assertThat(validate("IORegistryEntryID", "42")).isNull();
        assertThat(validate("IOLocationMatch", 3L)).isNull();
        assertThat(validate("IOPathMatch", List.of())).isNull();
    }

    @Test
    void shouldStillExplainWhatCCouldNotSendInsideHonouredKeys() {
        // issue 8: a null, or a key that is not a String, cannot be in a CF dictionary at all
        assertThat(validate("IOProviderClass", null)).startsWith("IOProviderClass is null: ");
        assertThat(validate("IOPropertyMatch", Map.of(1L, "x")))
                .isEqualTo("IOPropertyMatch has the key 1 (a Long): the keys of a dictionary are Strings");
        Map<String, Object> withNull = new HashMap<>();
        withNull.put("k", null);
        assertThat(validate("IOPropertyMatch", withNull)).startsWith("IOPropertyMatch[\"k\"] is null");
    }
}
