package org.iokit4j.kernel.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Paths in the service plane, written and read as XNU's {@code IORegistryEntry::getPath}, {@code getPathComponent},
 * {@code fromPath}, {@code getChildFromComponent} and {@code matchPathLocation} do (iokit/Kernel/IORegistryEntry.cpp),
 * with {@code strtouq} (iokit/Kernel/IOStringFuncs.c).
 */
class RegistryPathsTest {
    private final TestRegistry test = new TestRegistry();
    private final RegistryEntry bus = test.add(test.userResources(), "Bus");
    private final RegistryEntry port = test.add(bus, "Port", "1f,3");
    private final RegistryEntry device = test.add(port, "Device");

    private String path(RegistryEntry entry) {
        return RegistryPaths.path(test.root(), entry, RegistryPaths.kIOServicePlane);
    }

    private RegistryEntry at(String path) {
        return RegistryPaths.fromPath(test.root(), path);
    }

    @Test
    void shouldWriteThePlaneNameThenOneComponentPerEntryFromTheTop() { // XNU getPath, getPathComponent
        assertThat(path(test.root())).as("the top of the plane").isEqualTo("IOService:/");
        assertThat(path(test.userResources())).isEqualTo("IOService:/IOUserResources");
        assertThat(path(device)).isEqualTo("IOService:/IOUserResources/Bus/Port@1f,3/Device");
    }

    @Test
    void shouldReadBackEveryPathItWrites() { // issue 11 deliverable 3: IORegistryEntryGetPath → FromPath round trip
        for (RegistryEntry entry : test.registry.all()) {
            assertThat(at(path(entry))).as(path(entry)).isSameAs(entry);
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L})
    void shouldRoundTripEveryEntryOfASeededRandomTree(long seed) { // issue 11: paths must round-trip
        final Random random = new Random(seed);
        final List<RegistryEntry> entries = new ArrayList<>(List.of(test.userResources()));
        for (int i = 0; i < 60; i++) {
            final RegistryEntry provider = entries.get(random.nextInt(entries.size()));
            final Set<String> taken = new HashSet<>();
            provider.children().forEach(child -> taken.add(child.name() + "@" + child.location()));
            final String name = "n" + random.nextInt(5) + (random.nextBoolean() ? ".x" : "");
            final String location = random.nextInt(3) == 0 ? null : Integer.toHexString(random.nextInt(40)) + ","
                    + random.nextInt(4);
            if (taken.stream().anyMatch(other -> other.startsWith(name + "@") || other.startsWith(name + ".x@")
                    || name.endsWith(".x") && other.startsWith(name.substring(0, name.length() - 2) + "@"))) {
                continue; // a name a sibling's name starts with would make the path ambiguous, as on a Mac
            }
            entries.add(location == null ? test.add(provider, name) : test.add(provider, name, location));
        }
        for (RegistryEntry entry : entries) {
            assertThat(at(path(entry))).as("seed %d: %s", seed, path(entry)).isSameAs(entry);
        }
    }

    @Test
    void shouldCompareLocationsAsHexadecimalNumbers() { // XNU matchPathLocation with strtouq(…, 16)
        assertThat(at("IOService:/IOUserResources/Bus/Port@1F,3")).isSameAs(port);
        assertThat(at("IOService:/IOUserResources/Bus/Port@0x1f,03/Device")).isSameAs(device);
        assertThat(at("IOService:/IOUserResources/Bus/@1f,3")).as("a location alone names the child").isSameAs(port);
        assertThat(at("IOService:/IOUserResources/Bus/Port@1f,4")).isNull();
        assertThat(at("IOService:/IOUserResources/Bus/Port@1f")).as("a missing number is 0, not 3").isNull();
        assertThat(at("IOService:/IOUserResources/Bus/Port")).as("a name alone names it too").isSameAs(port);
        assertThat(at("IOService:/IOUserResources/Bus@0")).as("Bus has no location").isNull();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "1f,3|1f,3|4", "1f,3|1F,3|4", "1f,3|1f,3/rest|4", "1f|1f,0|4", "1f,0|1f|2", "5|5:0|3", "a,b|a:b|-1",
        "1f,3|1f|-1", "1f|1f,3|-1", "1f,3|1f,4|-1", "3|x|-1", "0|x|0"})
    void shouldEndALocationWhereXnusMatchPathLocationEndsIt(String location, String path, int end) {
        // XNU matchPathLocation: numbers compared one by one, ',' or ':' between them, a missing one counts as 0;
        // the answer points at the character after the location (-1: no match)
        assertThat(RegistryPaths.matchPathLocation(location, path, 0)).isEqualTo(end);
    }

    @Test
    void shouldParseAsXnusStrtouqParses() { // iokit/Kernel/IOStringFuncs.c strtouq, base 16
        assertThat(RegistryPaths.strtouq("0x1F/", 0)).containsExactly(31, 4);
        assertThat(RegistryPaths.strtouq("  +a,", 0)).containsExactly(10, 4);
        assertThat(RegistryPaths.strtouq("-1", 0)).containsExactly(-1, 2);
        assertThat(RegistryPaths.strtouq("zz", 0)).as("no digits: the end is the start").containsExactly(0, 0);
        assertThat(RegistryPaths.strtouq("1ffffffffffffffff", 0)).as("saturates at UQUAD_MAX")
                .containsExactly(-1, 17);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/IOUserResources", "IOService", "IOService:", "IOService:IOUserResources",
        "IOService:/IOUserResources/", "IOService:/IOUserResources:", "IOService:/IOUserRes", "IOService:/Nope",
        "IOService:/IOUserResources/Bus/Device", "IOPower:/IOUserResources", "",
        "AVeryLongPlaneNameOfThirtyTwoBy:/IOUserResources"})
    void shouldFindNothingAtAPathThatLeadsNowhere(String path) {
        // XNU fromPath: the plane prefix (shorter than kIOMaxPlaneName) must name a plane, the rest start with '/',
        // every component name a child, and nothing may be left over (a trailing '/' or ':' included)
        assertThat(at(path)).isNull();
    }

    @Test
    void shouldTakeAPathToTheEndOfItsCString() { // MIG copies a C string: it ends at the first NUL
        assertThat(at("IOService:/IOUserResources/Bus\0/Port")).isSameAs(bus);
    }

    @Test
    void shouldWriteNoPathInAPlaneTheKernelDoesNotHaveNorForATerminatedEntry() { // XNU getPath answers false
        assertThat(RegistryPaths.path(test.root(), device, "IOPower")).isNull();
        assertThat(RegistryPaths.path(test.root(), device, null)).isNull();
        test.registry.unregister(device);
        assertThat(path(device)).as("detached: its parent chain no longer reaches the top").isNull();
        assertThat(path(port)).isEqualTo("IOService:/IOUserResources/Bus/Port@1f,3");
    }

    @Test
    void shouldWriteNoPathLongerThanAnIoStringHolds() { // XNU getPath: maxLength = sizeof(io_string_t) - 2
        RegistryEntry deep = test.userResources();
        while (path(deep).length() + 10 < 509) {
            deep = test.add(deep, "component");
        }
        final String fits = path(deep);
        final int room = 509 - fits.length() - 1; // one '/' more, then a name of this length ends at 509
        assertThat(path(test.add(deep, "x".repeat(room)))).hasSize(509);
        assertThat(path(test.add(deep, "x".repeat(room + 1)))).isNull();
    }

    @Test
    void shouldClipANameToAnIoNameInThePathAsGetPathComponentDoes() { // XNU getPathComponent: strnlen(name, 128)
        final RegistryEntry longName = test.add(test.userResources(), "n".repeat(200));
        assertThat(path(longName)).isEqualTo("IOService:/IOUserResources/" + "n".repeat(128));
        assertThat(at(path(longName))).as("so it cannot be read back, as on a Mac").isNull();
    }
}
