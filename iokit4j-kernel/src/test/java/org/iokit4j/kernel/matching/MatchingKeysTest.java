package org.iokit4j.kernel.matching;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * The matching keys contract.md §7 adds ({@code IOPropertyExistsMatch}, {@code IOParentMatch}, {@code IOPathMatch},
 * {@code IOLocationMatch}, {@code IONameMatch} with an array) and {@code IOResourceMatch} with an array, each as XNU's
 * {@code IOService::matchInternal} / {@code matchPassive} (iokit/Kernel/IOService.cpp) and
 * {@code IORegistryEntry::compareNames} (IORegistryEntry.cpp) decide it, positive and negative.
 */
class MatchingKeysTest {
    private static final Predicate<String> NOTHING_PUBLISHED = name -> false;

    /** A candidate with a place in the plane: provider, location and the one path that leads to it. */
    record Placed(String name, List<String> classChain, Map<String, Object> properties, Placed parentService,
                  String location, String path) implements MatchCandidate {
        @Override
        public long registryEntryID() {
            return name.hashCode();
        }

        @Override
        public boolean isRegistered() {
            return true;
        }

        @Override
        public boolean isAt(String other) {
            return path.equals(other);
        }
    }

    private static final List<String> SERVICE = List.of("IOUserService", "IOService", "IORegistryEntry", "OSObject");
    /** The top service: XNU's getProvider answers NULL above it (the root is no IOService). */
    private final Placed bus = new Placed("Bus", List.of("com.example.Bus", "IOUserService", "IOService",
            "IORegistryEntry", "OSObject"), Map.of("Kind", "bus"), null, null, "IOService:/IOUserResources/Bus");
    private final Placed port = new Placed("Port", SERVICE, Map.of("Kind", "port", "Lanes", 4L), bus, "1f,3",
            "IOService:/IOUserResources/Bus/Port@1f,3");
    private final Placed device = new Placed("Device", SERVICE, Map.of("Serial", "A1", "IOPath", "legacy:/device"),
            port, null, "IOService:/IOUserResources/Bus/Port@1f,3/Device");

    private static Map<String, Object> dictionary(Object... keysAndValues) {
        final Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return Matching.copy(map).dictionary();
    }

    private static boolean matches(Map<String, Object> matching, MatchCandidate candidate) {
        return Matching.matches(matching, candidate, NOTHING_PUBLISHED);
    }

    @Test
    void shouldMatchIOPropertyExistsMatchByOneKeyOrAnyOfAnArray() { // XNU matchInternal: gIOPropertyExistsMatchKey
        assertThat(matches(dictionary("IOPropertyExistsMatch", "Serial"), device)).isTrue();
        assertThat(matches(dictionary("IOPropertyExistsMatch", "Lanes"), device)).isFalse();
        assertThat(matches(dictionary("IOPropertyExistsMatch", List.of("Lanes", "Serial")), device)).isTrue();
        assertThat(matches(dictionary("IOPropertyExistsMatch", List.of("Lanes", "Speed")), device)).isFalse();
        assertThat(matches(dictionary("IOPropertyExistsMatch", new LinkedHashSet<>(Set.of("Serial"))), device))
                .as("an OSSet is a collection").isTrue();
        assertThat(matches(dictionary("IOPropertyExistsMatch", Map.of("Serial", 0L)), device))
                .as("an OSDictionary iterates its keys").isTrue();
    }

    @Test
    void shouldFailIOPropertyExistsMatchOfTheWrongTypeAndStopAtAWrongMember() { // XNU: OSDynamicCast(OSString, …)
        assertThat(matches(dictionary("IOPropertyExistsMatch", 7L), device)).isFalse();
        assertThat(matches(dictionary("IOPropertyExistsMatch", List.of("Lanes", 7L, "Serial")), device))
                .as("the loop ends at 7, before Serial").isFalse();
        assertThat(matches(dictionary("IOPropertyExistsMatch", List.of()), device)).isFalse();
    }

    @Test
    void shouldMatchIONameMatchAgainstAnyNameOfAnArraySetOrDictionary() { // XNU IORegistryEntry::compareNames
        assertThat(matches(dictionary("IONameMatch", List.of("Other", "Device")), device)).isTrue();
        assertThat(matches(dictionary("IONameMatch", new LinkedHashSet<>(List.of("Device"))), device)).isTrue();
        assertThat(matches(dictionary("IONameMatch", Map.of("Device", true)), device)).isTrue();
        assertThat(matches(dictionary("IONameMatch", List.of("Other", 5L, "Device")), device))
                .as("compareNames stops at the first member that is no string").isFalse();
        assertThat(matches(dictionary("IONameMatch", List.of("Other", "Another")), device)).isFalse();
    }

    @Test
    void shouldMatchAStringIOLocationMatchAgainstTheEntrysLocation() { // XNU matchInternal: copyLocation()
        assertThat(matches(dictionary("IOLocationMatch", "1f,3"), port)).isTrue();
        assertThat(matches(dictionary("IOLocationMatch", "1F,3"), port)).as("compared as strings").isFalse();
        assertThat(matches(dictionary("IOLocationMatch", "1f,3"), device)).as("no location").isFalse();
    }

    @Test
    void shouldNeverMatchADictionaryIOLocationMatchAndSkipOneOfAnotherType() {
        // XNU matchPassive: a dictionary asks the provider's matchLocation, which IOService answers with NULL;
        // anything else is neither OSString nor OSDictionary and is skipped
        assertThat(matches(dictionary("IOLocationMatch", Map.of("IONameMatch", "Port")), device)).isFalse();
        assertThat(matches(dictionary("IOLocationMatch", 31L), device)).isTrue();
    }

    @Test
    void shouldMatchIOPathMatchWhenThePathLeadsToTheEntry() { // XNU matchInternal: IORegistryEntry::fromPath
        assertThat(matches(dictionary("IOPathMatch", "IOService:/IOUserResources/Bus/Port@1f,3"), port)).isTrue();
        assertThat(matches(dictionary("IOPathMatch", "IOService:/IOUserResources/Bus/Port@1f,3"), device)).isFalse();
        assertThat(matches(dictionary("IOPathMatch", 5L), device)).as("no OSString: skipped").isTrue();
    }

    @Test
    void shouldFallBackToTheIOPathPropertyOnlyOnceThePropertiesWereRead() {
        // XNU matchInternal: "matchProps->getObject(gIOPathKey)" — matchProps exists only after IOPropertyMatch or
        // IOPropertyExistsMatch (or compatibility) read the entry's properties
        assertThat(matches(dictionary("IOPathMatch", "legacy:/device"), device)).isFalse();
        assertThat(matches(dictionary("IOPropertyExistsMatch", "Serial", "IOPathMatch", "legacy:/device"), device))
                .isTrue();
    }

    @Test
    void shouldLookForIOParentMatchAtEveryProviderAboveButNotTheEntryItself() { // XNU matchPassive: matchParent
        assertThat(matches(dictionary("IOParentMatch", Map.of("IONameMatch", "Port")), device)).isTrue();
        assertThat(matches(dictionary("IOParentMatch", Map.of("IOProviderClass", "com.example.Bus")), device))
                .as("the grandparent").isTrue();
        assertThat(matches(dictionary("IOParentMatch", Map.of("IONameMatch", "Device")), device))
                .as("the entry itself is not a parent").isFalse();
        assertThat(matches(dictionary("IOParentMatch", Map.of("IONameMatch", "Bus")), bus))
                .as("above the top service there is no IOService").isFalse();
        assertThat(matches(dictionary("IOParentMatch", Map.of("Kind", "x", "IOPropertyMatch", Map.of("Kind", "bus"))),
                device)).as("the parent dictionary uses every key").isTrue();
    }

    @Test
    void shouldNestIOParentMatchAndAndItWithTheEntrysOwnKeys() { // XNU matchPassive: the table becomes the parent's
        final Map<String, Object> nested = Map.of("IONameMatch", "Port", "IOParentMatch",
                Map.of("IONameMatch", "Bus"));
        assertThat(matches(dictionary("IOParentMatch", nested), device)).isTrue();
        assertThat(matches(dictionary("IOParentMatch", Map.of("IONameMatch", "Bus", "IOParentMatch",
                Map.of("IONameMatch", "Port"))), device)).as("Port is below Bus, not above").isFalse();
        assertThat(matches(dictionary("IONameMatch", "Other", "IOParentMatch", Map.of("IONameMatch", "Port")),
                device)).isFalse();
        assertThat(matches(dictionary("IOParentMatch", "Port"), device)).as("no OSDictionary: skipped").isTrue();
    }

    @Test
    void shouldNeedEveryResourceOfAnIOResourceMatchArray() { // XNU IOResourcesMatchPropertyTable: iterateObjects
        final Predicate<String> published = Set.of("IOKit", "USB")::contains;
        assertThat(Matching.matches(dictionary("IOResourceMatch", List.of("IOKit", "USB")), device, published))
                .isTrue();
        assertThat(Matching.matches(dictionary("IOResourceMatch", List.of("IOKit", "BSD")), device, published))
                .isFalse();
        assertThat(Matching.matches(dictionary("IOResourceMatch", 1L), device, published)).isFalse();
    }

    @Test
    void shouldMatchEveryNewKeyTogether() { // apple-semantics.md §9: all keys must match
        final Map<String, Object> all = dictionary("IONameMatch", List.of("Device"), "IOPropertyExistsMatch", "Serial",
                "IOPathMatch", device.path(), "IOParentMatch", Map.of("IOLocationMatch", "1f,3"));
        assertThat(matches(all, device)).isTrue();
        for (String key : all.keySet()) {
            final Map<String, Object> broken = new LinkedHashMap<>(all);
            broken.put(key, key.equals("IOParentMatch") ? Map.of("IOLocationMatch", "0") : "nope");
            assertThat(matches(broken, device)).as("only %s differs", key).isFalse();
        }
    }
}
