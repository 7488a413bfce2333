package org.iokit4j.kernel.matching;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.iokit4j.kernel.matching.Matching.IORegistryEntryIDMatching;
import static org.iokit4j.kernel.matching.Matching.IOServiceMatching;
import static org.iokit4j.kernel.matching.Matching.IOServiceNameMatching;

class MatchingTest {

    private static final Predicate<String> NOTHING_PUBLISHED = name -> false;

    private final TestCandidate echo = TestCandidate.echo(Map.of(
            "IOName", "echo",
            "Version", 3L,
            "Blob", new byte[] {1, 2, 3},
            "Nested", Map.of("list", List.of("a", 1L))));

    private static Map<String, Object> dictionary(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    private boolean matches(Map<String, Object> matching) {
        return Matching.matches(matching, echo, NOTHING_PUBLISHED);
    }

    @Test
    void shouldBuildMutableDictionariesWithAppleHelperNames() {
        // apple-semantics.md §9: IOServiceMatching, IOServiceNameMatching, IORegistryEntryIDMatching
        Map<String, Object> byClass = IOServiceMatching("IOUserService");
        Map<String, Object> byName = IOServiceNameMatching("com.example.Echo");
        Map<String, Object> byID = IORegistryEntryIDMatching(42L);

        assertThat(byClass).isInstanceOf(HashMap.class).containsExactly(Map.entry("IOProviderClass", "IOUserService"));
        assertThat(byName).containsExactly(Map.entry("IONameMatch", "com.example.Echo"));
        assertThat(byID).containsExactly(Map.entry("IORegistryEntryID", 42L));
        byClass.put("IOPropertyMatch", Map.of());
        assertThat(byClass).hasSize(2);
    }

    @Test
    void shouldReturnNullFromHelpersGivenNull() {
        // apple-semantics.md §9: each helper returns NULL on failure
        assertThat(IOServiceMatching(null)).isNull();
        assertThat(IOServiceNameMatching(null)).isNull();
    }

    @Test
    void shouldMatchProviderClassAnywhereInTheClassChain() {
        // apple-semantics.md §9: IOServiceMatching matches the class or any subclass
        assertThat(matches(IOServiceMatching("com.example.Echo"))).isTrue();
        assertThat(matches(IOServiceMatching("IOService"))).isTrue();
        assertThat(matches(IOServiceMatching("OSObject"))).isTrue();
        assertThat(matches(IOServiceMatching("IOUserClient"))).isFalse();
    }

    @Test
    void shouldMatchNameAgainstTheEntryNameOrItsIONameProperty() {
        // apple-semantics.md §9: IOServiceNameMatching; contract.md §4: a service's name is its IOUserClass
        assertThat(matches(IOServiceNameMatching("com.example.Echo"))).isTrue();
        assertThat(matches(IOServiceNameMatching("echo"))).isTrue();
        assertThat(matches(IOServiceNameMatching("Echo"))).isFalse();
    }

    @Test
    void shouldMatchAnyNameOfANameList() {
        // apple-semantics.md §9: IONameMatch also takes an array of names, any of which may match
        assertThat(matches(dictionary("IONameMatch", List.of("other", "echo")))).isTrue();
        assertThat(matches(dictionary("IONameMatch", List.of("other", "another")))).isFalse();
        assertThat(matches(dictionary("IONameMatch", List.of()))).isFalse();
    }

    @Test
    void shouldMatchPropertiesByDeepEquality() {
        // apple-semantics.md §9: IOPropertyMatch compares values with isEqualTo, so collections and data by content
        assertThat(matches(dictionary("IOPropertyMatch", Map.of("Blob", new byte[] {1, 2, 3})))).isTrue();
        assertThat(matches(dictionary("IOPropertyMatch",
                Map.of("Nested", Map.of("list", List.of("a", 1L)), "Version", 3L)))).isTrue();
        assertThat(matches(dictionary("IOPropertyMatch", Map.of("Blob", new byte[] {1, 2})))).isFalse();
        assertThat(matches(dictionary("IOPropertyMatch", Map.of("Version", 4L)))).isFalse();
        assertThat(matches(dictionary("IOPropertyMatch", Map.of("Absent", 3L)))).isFalse();
        assertThat(matches(dictionary("IOPropertyMatch", Map.of()))).isTrue();
    }

    @Test
    void shouldCompareIntegersByValueAndNeverEqualAnIntegerToAReal() {
        // apple-semantics.md §9 via PropertyEquality: Java callers cannot choose OSNumber bit widths
        assertThat(matches(dictionary("IOPropertyMatch", Map.of("Version", 3)))).isTrue();
        assertThat(matches(dictionary("IOPropertyMatch", Map.of("Version", (short) 3)))).isTrue();
        assertThat(matches(dictionary("IOPropertyMatch", Map.of("Version", 3.0d)))).isFalse();
    }

    @Test
    void shouldMatchAnyTableOfAPropertyMatchArray() {
        // apple-semantics.md §9: IOPropertyMatch also takes an array of dictionaries, any of which may match
        assertThat(matches(dictionary("IOPropertyMatch", List.of(Map.of("Version", 9L), Map.of("Version", 3L)))))
                .isTrue();
        assertThat(matches(dictionary("IOPropertyMatch", List.of(Map.of("Version", 9L), Map.of("Version", 8L)))))
                .isFalse();
        assertThat(matches(dictionary("IOPropertyMatch", List.of()))).isFalse();
    }

    @Test
    void shouldMatchResourceOnlyOncePublished() {
        // contract.md §4: IOResourceMatch waits for a published resource
        Map<String, Object> matching = dictionary("IOResourceMatch", "IOKit");

        assertThat(Matching.matches(matching, echo, Set.of("IOKit")::contains)).isTrue();
        assertThat(Matching.matches(matching, echo, Set.of("IOBSD")::contains)).isFalse();
    }

    @Test
    void shouldMatchRegistryEntryIDByValue() {
        // apple-semantics.md §9: IORegistryEntryIDMatching matches by registry entry ID
        assertThat(matches(IORegistryEntryIDMatching(42L))).isTrue();
        assertThat(matches(dictionary("IORegistryEntryID", 42))).isTrue();
        assertThat(matches(IORegistryEntryIDMatching(43L))).isFalse();
    }

    @Test
    void shouldRequireEveryHonouredKeyToMatch() {
        // apple-semantics.md §9: all keys of a matching dictionary must match
        Map<String, Object> all = dictionary(
                "IOProviderClass", "IOUserService",
                "IONameMatch", "echo",
                "IOPropertyMatch", Map.of("Version", 3L),
                "IOResourceMatch", "IOKit",
                "IORegistryEntryID", 42L);

        assertThat(Matching.matches(all, echo, "IOKit"::equals)).isTrue();
        for (String key : all.keySet()) {
            Map<String, Object> broken = new LinkedHashMap<>(all);
            broken.put(key, key.equals("IOPropertyMatch") ? Map.of("Version", 0L)
                    : key.equals("IORegistryEntryID") ? 0L : "nope");
            assertThat(Matching.matches(broken, echo, "IOKit"::equals)).as("only %s differs", key).isFalse();
        }
    }

    @Test
    void shouldIgnoreUnknownKeys() {
        // apple-semantics.md §9: IOService's default matchPropertyTable returns true for keys no class claims
        Map<String, Object> matching = IOServiceMatching("IOService");
        matching.put("IOMatchCategory", Map.of("IOProviderClass", "NoSuchClass"));
        matching.put("com.example.anything", List.of(1L));

        assertThat(matches(matching)).isTrue();
        assertThat(matches(new HashMap<>())).isTrue();
    }

    @Test
    void shouldMatchOnlyRegisteredEntriesUnlessRegistrationIsIgnored() {
        // apple-semantics.md §9: IOServiceGetMatchingService returns only registered services
        TestCandidate unregistered = new TestCandidate(echo.classChain(), echo.name(), echo.properties(), 7L, false);
        Map<String, Object> matching = IOServiceMatching("IOService");

        assertThat(Matching.matches(matching, unregistered, NOTHING_PUBLISHED)).isFalse();
        assertThat(Matching.matchesIgnoringRegistration(matching, unregistered, NOTHING_PUBLISHED)).isTrue();
    }

    @Test
    void shouldSkipOrFailAKeyOfTheWrongTypeAsXnuMatchInternalDoes() {
        // issue 11 deliverable 5, XNU IOService.cpp matchInternal: IOProviderClass and IORegistryEntryID are cast
        // with OSDynamicCast and skipped when the cast fails; IONameMatch (compareNames) and IOPropertyMatch are
        // tested whatever they hold, and a value of the wrong type matches nothing
        assertThat(matches(dictionary("IOProviderClass", 42L))).isTrue();
        assertThat(matches(dictionary("IORegistryEntryID", "42"))).isTrue();
        assertThat(matches(dictionary("IOProviderClass", 42L, "IONameMatch", "other"))).as("the rest decides")
                .isFalse();
        assertThat(matches(dictionary("IONameMatch", List.of(7L)))).isFalse();
        assertThat(matches(dictionary("IONameMatch", 7L))).isFalse();
        assertThat(matches(dictionary("IOPropertyMatch", "Version"))).isFalse();
    }

    @Test
    void shouldRejectNullArguments() {
        // style.md: local misuse throws
        assertThatThrownBy(() -> Matching.matches(null, echo, NOTHING_PUBLISHED)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> Matching.matches(Map.of(), null, NOTHING_PUBLISHED))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> Matching.matches(Map.of(), echo, null)).isInstanceOf(NullPointerException.class);
    }
}
