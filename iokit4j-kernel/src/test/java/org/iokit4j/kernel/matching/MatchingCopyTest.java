package org.iokit4j.kernel.matching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.iokit4j.IOReturn.kIOReturnBadArgument;

import java.util.AbstractList;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * {@link Matching#copy}: the kernel's own deep copy of a caller's matching dictionary, as IOKitLib serializes it
 * (IOKitUser IOCFSerialize.c) and the kernel unserializes it; issue 8 "bad arguments that throw instead of
 * returning a code": a null value, a cycle and a value whose toString throws.
 */
class MatchingCopyTest {
    private static final Predicate<String> NOTHING_PUBLISHED = name -> false;

    /** A value whose every Object method throws: the copy must never call one. */
    static final class Hostile {
        @Override
        public String toString() {
            throw new IllegalStateException("toString called");
        }

        @Override
        public int hashCode() {
            throw new IllegalStateException("hashCode called");
        }

        @Override
        public boolean equals(Object other) {
            throw new IllegalStateException("equals called");
        }
    }

    private static Map<String, Object> dictionary(String key, Object value) {
        final Map<String, Object> map = new LinkedHashMap<>();
        map.put(key, value);
        return map;
    }

    private static String refusal(Map<String, Object> matching) {
        final Matching.Copy copy = Matching.copy(matching);
        assertThat(copy.dictionary()).isNull();
        assertThat(copy.failure().code()).isEqualTo(kIOReturnBadArgument);
        return copy.failure().explanation();
    }

    @Test
    void shouldCopyDeeplySoTheCallerMayChangeItsMapAfterwards() { // contract.md §2 Notifications: read at the call
        final List<Object> names = new ArrayList<>(List.of("a"));
        final byte[] blob = {1, 2};
        final Map<String, Object> table = new HashMap<>(Map.of("Blob", blob));
        final Map<String, Object> matching = new LinkedHashMap<>();
        matching.put("IONameMatch", names);
        matching.put("IOPropertyMatch", table);
        final Map<String, Object> copy = Matching.copy(matching).dictionary();
        names.add("b");
        blob[0] = 9;
        table.put("Other", 1L);
        assertThat(copy.get("IONameMatch")).isEqualTo(List.of("a"));
        assertThat((byte[]) ((Map<?, ?>) copy.get("IOPropertyMatch")).get("Blob")).containsExactly(1, 2);
        assertThat(List.copyOf(((Map<?, ?>) copy.get("IOPropertyMatch")).keySet())).isEqualTo(List.of("Blob"));
        assertThatThrownBy(() -> copy.put("x", 1L)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> ((List<?>) copy.get("IONameMatch")).clear())
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void shouldRefuseANullValueAtAnyDepthNamingItsPath() { // issue 8: a null value; CF holds no NULL
        final List<Object> names = new ArrayList<>();
        names.add("a");
        names.add(null);
        assertThat(refusal(dictionary("IONameMatch", names))).startsWith("IONameMatch[1] is null: ");
        assertThat(refusal(dictionary("com.example.key", dictionary("inner", null))))
                .startsWith("com.example.key[\"inner\"] is null: ");
    }

    @Test
    void shouldRefuseNullAndNonStringKeysAtAnyDepth() { // issue 8: keys are Strings (OSUnserialize needs symbols)
        final Map<Object, Object> nullKey = new HashMap<>();
        nullKey.put(null, "x");
        assertThat(refusal(dictionary("com.example.key", nullKey)))
                .startsWith("com.example.key has a null key: ");
        final Map<Object, Object> longKey = new HashMap<>(Map.of(7L, "x"));
        assertThat(refusal(dictionary("com.example.key", longKey)))
                .isEqualTo("com.example.key has the key 7 (a Long): the keys of a dictionary are Strings");
    }

    @Test
    void shouldRefuseACyclicListOrMapButAcceptTheSameListTwice() { // issue 8: a cyclic list
        final List<Object> cyclic = new ArrayList<>();
        cyclic.add("a");
        cyclic.add(cyclic);
        assertThat(refusal(dictionary("IONameMatch", cyclic))).startsWith("IONameMatch[1] contains itself: ");
        final Map<String, Object> outer = new LinkedHashMap<>();
        final List<Object> middle = new ArrayList<>(List.of(outer));
        outer.put("k", middle);
        assertThat(refusal(dictionary("com.example.key", outer)))
                .startsWith("com.example.key[\"k\"][0] contains itself: ");
        final List<Object> shared = List.of("a");
        final Map<String, Object> twice = new LinkedHashMap<>();
        twice.put("one", shared);
        twice.put("two", shared);
        assertThat(Matching.copy(twice).failure()).as("a shared list is not a cycle").isNull();
    }

    @Test
    void shouldRefuseNestingDeeperThanTheLimit() { // issue 8: nothing unbounded; C's serializer would overflow
        Object value = "leaf";
        for (int i = 0; i < MatchingCopy.MAX_DEPTH; i++) {
            value = List.of(value);
        }
        assertThat(refusal(dictionary("com.example.key", value))).contains("levels deep: at most 64");
        Object fits = "leaf";
        for (int i = 0; i < MatchingCopy.MAX_DEPTH - 1; i++) {
            fits = List.of(fits);
        }
        assertThat(Matching.copy(dictionary("com.example.key", fits)).failure()).isNull();
    }

    @Test
    void shouldNeverCallTheCallersObjectMethodsAndKeepUnserializableValuesAsIOCFSerializeDoes() { // issue 8
        final Matching.Copy copy = Matching.copy(dictionary("com.example.key", new Hostile()));
        assertThat(copy.failure()).isNull();
        assertThat(copy.dictionary()).containsEntry("com.example.key",
                "typeID " + Hostile.class.getName() + " not serializable");
        // in an honoured key it becomes that string too, and is matched as XNU's matchInternal matches a string
        // there: IONameMatch compares it (no entry has that name); IORegistryEntryID is no OSNumber, so it is skipped
        final Map<String, Object> name = Matching.copy(dictionary("IONameMatch", new Hostile())).dictionary();
        assertThat(Matching.matches(name, TestCandidate.echo(Map.of()), NOTHING_PUBLISHED)).isFalse();
        final Matching.Copy id = Matching.copy(dictionary("IORegistryEntryID", new Hostile()));
        assertThat(id.failure()).isNull();
        assertThat(Matching.matches(id.dictionary(), TestCandidate.echo(Map.of()), NOTHING_PUBLISHED)).isTrue();
    }

    @Test
    void shouldReadAListWhoseToStringThrowsAndExplainWithoutCallingIt() { // issue 8: toString that throws
        final List<Object> list = new AbstractList<>() {
            @Override
            public Object get(int index) {
                return index == 0 ? "a" : 2L;
            }

            @Override
            public int size() {
                return 2;
            }

            @Override
            public String toString() {
                throw new IllegalStateException("toString called");
            }
        };
        // XNU IOService.cpp matchInternal / compareNames: the array is read, a member of the wrong type ends the
        // search (no name matched before it), and IOResourceMatch needs every member to be a published resource
        final Matching.Copy names = Matching.copy(dictionary("IONameMatch", list));
        assertThat(names.dictionary()).containsEntry("IONameMatch", List.of("a", 2L));
        assertThat(Matching.matches(names.dictionary(), TestCandidate.echo(Map.of()), NOTHING_PUBLISHED)).isFalse();
        final Map<String, Object> resources = Matching.copy(dictionary("IOResourceMatch", list)).dictionary();
        assertThat(Matching.matches(resources, TestCandidate.echo(Map.of()), name -> true)).isFalse();
    }

    @Test
    void shouldRefuseAContainerWhoseIterationThrows() { // issue 8: no exception escapes the kernel's read
        final Map<String, Object> broken = new AbstractMap<>() {
            @Override
            public Set<Entry<String, Object>> entrySet() {
                throw new java.util.ConcurrentModificationException("changed meanwhile");
            }
        };
        assertThat(refusal(broken)).startsWith("reading the matching dictionary (");
        assertThat(refusal(broken)).contains("threw java.util.ConcurrentModificationException");
    }

    @Test
    void shouldKeepPropertyListValuesAsTheyAre() { // contract.md §7: the type mapping of property values
        final Map<String, Object> matching = new LinkedHashMap<>();
        matching.put("s", "x");
        matching.put("b", Boolean.TRUE);
        matching.put("i", 1);
        matching.put("l", 2L);
        matching.put("d", 1.5d);
        matching.put("set", Set.of("only"));
        final Map<String, Object> copy = Matching.copy(matching).dictionary();
        assertThat(copy).containsExactly(Map.entry("s", "x"), Map.entry("b", true), Map.entry("i", 1),
                Map.entry("l", 2L), Map.entry("d", 1.5d), Map.entry("set", Set.of("only")));
    }

    @Test
    void shouldRefuseANullDictionary() { // apple-semantics.md §9: NULL matching → kIOReturnBadArgument
        assertThat(refusal(null)).startsWith("the matching dictionary is null");
    }
}
