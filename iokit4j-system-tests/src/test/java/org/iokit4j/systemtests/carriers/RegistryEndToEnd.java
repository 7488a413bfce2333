package org.iokit4j.systemtests.carriers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iokit4j.iokitlib.IOKitLib.IOConnectCallScalarMethod;
import static org.iokit4j.iokitlib.IOKitLib.IOIteratorNext;
import static org.iokit4j.iokitlib.IOKitLib.IOObjectRelease;
import static org.iokit4j.iokitlib.IOKitLib.IORegistryCreateIterator;
import static org.iokit4j.iokitlib.IOKitLib.IORegistryEntryCreateIterator;
import static org.iokit4j.iokitlib.IOKitLib.IORegistryEntryCopyFromPath;
import static org.iokit4j.iokitlib.IOKitLib.IORegistryEntryCopyPath;
import static org.iokit4j.iokitlib.IOKitLib.IORegistryEntryFromPath;
import static org.iokit4j.iokitlib.IOKitLib.IORegistryEntryGetChildEntry;
import static org.iokit4j.iokitlib.IOKitLib.IORegistryEntryGetChildIterator;
import static org.iokit4j.iokitlib.IOKitLib.IORegistryEntryGetLocationInPlane;
import static org.iokit4j.iokitlib.IOKitLib.IORegistryEntryGetName;
import static org.iokit4j.iokitlib.IOKitLib.IORegistryEntryGetNameInPlane;
import static org.iokit4j.iokitlib.IOKitLib.IORegistryEntryGetParentEntry;
import static org.iokit4j.iokitlib.IOKitLib.IORegistryEntryGetPath;
import static org.iokit4j.iokitlib.IOKitLib.IORegistryEntryGetRegistryEntryID;
import static org.iokit4j.iokitlib.IOKitLib.IORegistryEntryInPlane;
import static org.iokit4j.iokitlib.IOKitLib.IORegistryEntrySearchCFProperty;
import static org.iokit4j.iokitlib.IOKitLib.IORegistryGetRootEntry;
import static org.iokit4j.iokitlib.IOKitLib.IORegistryIteratorEnterEntry;
import static org.iokit4j.iokitlib.IOKitLib.IORegistryIteratorExitEntry;
import static org.iokit4j.iokitlib.IOKitLib.IOServiceGetMatchingService;
import static org.iokit4j.iokitlib.IOKitLib.IOServiceGetMatchingServices;
import static org.iokit4j.iokitlib.IOKitLib.IOServiceMatchPropertyTable;
import static org.iokit4j.iokitlib.IOKitLib.IOServiceNameMatching;
import static org.iokit4j.iokitlib.IOKitLib.kIOMainPortDefault;
import static org.iokit4j.iokitlib.IOKitLib.kIORegistryIterateParents;
import static org.iokit4j.iokitlib.IOKitLib.kIORegistryIterateRecursively;
import static org.iokit4j.iokitlib.IOKitLib.kIOReturnBadArgument;
import static org.iokit4j.iokitlib.IOKitLib.kIOReturnNoDevice;
import static org.iokit4j.iokitlib.IOKitLib.kIOReturnNotFound;
import static org.iokit4j.iokitlib.IOKitLib.kIOReturnNotPrivileged;
import static org.iokit4j.iokitlib.IOKitLib.kIOReturnSuccess;
import static org.iokit4j.iokitlib.IOKitLib.kIOServicePlane;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.iokit4j.Diagnostics;
import org.iokit4j.IOReturn;
import org.iokit4j.systemtests.spawner.SpawnerUserClient;
import org.junit.jupiter.api.Test;

/**
 * The registry as an app sees it, on every carrier (issue 11 deliverable 3, contract.md §7): the root, paths that
 * round-trip, names and locations in a plane, parents and children, registry iterators with enter and exit, the
 * recursive property search, the matching keys of §7 with {@code IOServiceMatchPropertyTable}, and the answers for
 * bad input. Each test names the IOKitLib function and the XNU routine whose behaviour it checks (IOKitUser
 * IOKitLib.c; xnu iokit/Kernel/IOUserClient.cpp, IORegistryEntry.cpp, IOService.cpp).
 *
 * <p>The tree the fixture's dexts make: Root → IOResources, IOUserResources → the four test drivers; the spawner's
 * user client makes {@code SpawnedService}s (at location {@code 1f,3}, from its personality's {@code IOLocation})
 * under it. A daemon fixture serves many tests, so spawned services of earlier tests may be there too.
 */
interface RegistryEndToEnd extends CarrierFixture {
    String USER_RESOURCES = "IOService:/IOUserResources";

    // ---- helpers, as the app ----

    private static String name(int entry) {
        final String[] name = new String[1];
        assertThat(IORegistryEntryGetName(entry, name)).isEqualTo(kIOReturnSuccess);
        return name[0];
    }

    private static long id(int entry) {
        final long[] id = new long[1];
        assertThat(IORegistryEntryGetRegistryEntryID(entry, id)).isEqualTo(kIOReturnSuccess);
        return id[0];
    }

    private static String path(int entry) {
        final String[] path = new String[1];
        assertThat(IORegistryEntryGetPath(entry, kIOServicePlane, path)).as(explanation()).isEqualTo(kIOReturnSuccess);
        return path[0];
    }

    private static String explanation() {
        return Diagnostics.lastFailure() == null ? "" : Diagnostics.lastFailure().explanation();
    }

    private static int service(String name) {
        final int service = IOServiceGetMatchingService(kIOMainPortDefault, IOServiceNameMatching(name));
        assertThat(service).as("%s is registered", name).isNotZero();
        return service;
    }

    /** {@return the names of what {@code iterator} still holds} The iterator and the names are released. */
    private static List<String> drain(int iterator) {
        final List<String> names = new ArrayList<>();
        for (int next = IOIteratorNext(iterator); next != 0; next = IOIteratorNext(iterator)) {
            names.add(name(next));
            IOObjectRelease(next);
        }
        IOObjectRelease(iterator);
        return names;
    }

    private static List<String> matching(Map<String, Object> matching) {
        final int[] iterator = new int[1];
        assertThat(IOServiceGetMatchingServices(kIOMainPortDefault, matching, iterator)).as(explanation())
                .isEqualTo(kIOReturnSuccess);
        return drain(iterator[0]);
    }

    private static boolean matches(int service, Map<String, Object> matching) {
        final boolean[] matches = new boolean[1];
        assertThat(IOServiceMatchPropertyTable(service, matching, matches)).as(explanation())
                .isEqualTo(kIOReturnSuccess);
        return matches[0];
    }

    private static Map<String, Object> table(Object... keysAndValues) {
        final Map<String, Object> map = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    /** Makes one more spawned service under the spawner (its user client's {@code kSpawn}). */
    private void spawn() {
        final int connect = open(SPAWNER);
        assertThat(as(() -> IOConnectCallScalarMethod(connect, SpawnerUserClient.kSpawn, null, 0, null, null)))
                .isEqualTo(kIOReturnSuccess);
        close(connect);
    }

    // ---- the root and paths ----

    @Test
    default void shouldHandOutTheRootNamedRootAtTheTopOfTheServicePlane() {
        // IOKitLib.c IORegistryGetRootEntry; XNU is_io_registry_get_root_entry, IORegistryEntry::initialize ("Root")
        run(() -> {
            final int root = IORegistryGetRootEntry(kIOMainPortDefault);
            assertThat(name(root)).isEqualTo("Root");
            assertThat(path(root)).as("iokit4j's root stands for the plane's top device").isEqualTo("IOService:/");
            assertThat(IORegistryEntryInPlane(root, kIOServicePlane)).as("XNU inPlane: the root has no parent")
                    .isFalse();
            final int[] parent = new int[1];
            assertThat(IORegistryEntryGetParentEntry(root, kIOServicePlane, parent)).isEqualTo(kIOReturnNoDevice);
            final int[] first = new int[1];
            assertThat(IORegistryEntryGetChildEntry(root, kIOServicePlane, first)).isEqualTo(kIOReturnSuccess);
            assertThat(name(first[0])).isEqualTo("IOResources");
        });
    }

    @Test
    default void shouldFindEveryDriverAtThePathItsGetPathWrites() {
        // issue 11: IORegistryEntryGetPath → IORegistryEntryFromPath round trip (XNU getPath / fromPath)
        run(() -> {
            for (String driver : List.of(ECHO, ASYNC, MEMORY, SPAWNER)) {
                final int service = service(driver);
                assertThat(path(service)).isEqualTo(USER_RESOURCES + "/" + driver);
                final int found = IORegistryEntryFromPath(kIOMainPortDefault, path(service));
                assertThat(found).as(explanation()).isNotZero();
                assertThat(id(found)).isEqualTo(id(service));
            }
            final int root = IORegistryEntryFromPath(kIOMainPortDefault, "IOService:/");
            assertThat(name(root)).isEqualTo("Root");
            // IOKitUser's CopyPath/CopyFromPath: the same routines for a path that fits an io_string_t
            final int echo = service(ECHO);
            assertThat(IORegistryEntryCopyPath(echo, kIOServicePlane)).isEqualTo(USER_RESOURCES + "/" + ECHO);
            assertThat(id(IORegistryEntryCopyFromPath(kIOMainPortDefault, USER_RESOURCES + "/" + ECHO)))
                    .isEqualTo(id(echo));
            assertThat(IORegistryEntryCopyPath(echo, "IODeviceTree")).as("a plane the kernel does not have").isNull();
            assertThat(explanation()).contains("IODeviceTree");
            assertThat(IORegistryEntryCopyFromPath(kIOMainPortDefault, USER_RESOURCES + "/NoSuchDriver")).isZero();
            assertThat(Diagnostics.lastFailure().code()).isEqualTo(kIOReturnNotFound);
            assertThat(name(IORegistryEntryFromPath(kIOMainPortDefault, USER_RESOURCES))).isEqualTo("IOUserResources");
        });
    }

    @Test
    default void shouldWriteAndReadALocationInAPathAndAConnectionsPath() {
        // XNU getPathComponent ("name@location"), matchPathLocation (hexadecimal); an io_connect_t is an IOUserClient,
        // itself in the registry under its service
        spawn();
        final int connect = open(SPAWNER);
        try {
            run(() -> {
                final int spawned = service(SPAWNED);
                final String path = path(spawned);
                assertThat(path).startsWith(USER_RESOURCES + "/" + SPAWNER + "/" + SPAWNED + "@1f,3");
                assertThat(name(IORegistryEntryFromPath(kIOMainPortDefault, path.replace("1f,3", "1F,03"))))
                        .isEqualTo(SPAWNED);
                assertThat(path(connect)).startsWith(USER_RESOURCES + "/" + SPAWNER + "/");
                final int[] parent = new int[1];
                assertThat(IORegistryEntryGetParentEntry(connect, kIOServicePlane, parent)).isEqualTo(kIOReturnSuccess);
                assertThat(name(parent[0])).isEqualTo(SPAWNER);
            });
        } finally {
            close(connect);
        }
    }

    @Test
    default void shouldAnswerNamesAndTheLocationInEveryPlane() {
        // IOKitLib.c GetNameInPlane/GetLocationInPlane (NULL plane → ""); XNU getName(plane)/getLocation(plane) fall
        // back to the entry's own; no location → kIOReturnNotFound (is_io_registry_entry_get_location_in_plane)
        spawn();
        run(() -> {
            final int spawned = service(SPAWNED);
            final int spawner = service(SPAWNER);
            final String[] out = new String[1];
            for (String plane : new String[] {kIOServicePlane, "IOPower", null}) {
                assertThat(IORegistryEntryGetNameInPlane(spawned, plane, out)).isEqualTo(kIOReturnSuccess);
                assertThat(out[0]).isEqualTo(SPAWNED);
                assertThat(IORegistryEntryGetLocationInPlane(spawned, plane, out)).isEqualTo(kIOReturnSuccess);
                assertThat(out[0]).isEqualTo("1f,3");
                assertThat(IORegistryEntryGetLocationInPlane(spawner, plane, out)).isEqualTo(kIOReturnNotFound);
            }
        });
    }

    // ---- parents, children and iterators ----

    @Test
    default void shouldLeadFromADriverToItsParentAndBackToItAmongTheChildren() {
        // IOKitLib.c GetParentEntry / GetChildIterator; XNU is_io_registry_entry_get_parent/child_iterator
        run(() -> {
            final int spawner = service(SPAWNER);
            final int[] parent = new int[1];
            assertThat(IORegistryEntryGetParentEntry(spawner, kIOServicePlane, parent)).isEqualTo(kIOReturnSuccess);
            assertThat(name(parent[0])).isEqualTo("IOUserResources");
            final int[] children = new int[1];
            assertThat(IORegistryEntryGetChildIterator(parent[0], kIOServicePlane, children))
                    .isEqualTo(kIOReturnSuccess);
            assertThat(drain(children[0])).contains(ECHO, ASYNC, MEMORY, SPAWNER);
            final int[] grandparent = new int[1];
            assertThat(IORegistryEntryGetParentEntry(parent[0], kIOServicePlane, grandparent))
                    .isEqualTo(kIOReturnSuccess);
            assertThat(name(grandparent[0])).isEqualTo("Root");
            assertThat(IORegistryEntryInPlane(spawner, kIOServicePlane)).isTrue();
        });
    }

    @Test
    default void shouldWalkTheWholePlaneDepthFirstAndTheSameWayWithEnterAndExit() {
        // XNU IORegistryIterator: getNextObjectRecursive, and getNextObjectFlat with enterEntry/exitEntry (ioreg)
        spawn();
        run(() -> {
            for (int attempt = 0; ; attempt++) { // a user client another task closes meanwhile changes the plane
                final List<String> depthFirst = recursiveWalk();
                final List<String> entered = enteringWalk();
                if (depthFirst.equals(recursiveWalk())) {
                    assertThat(depthFirst.subList(0, 2)).containsExactly("IOResources", "IOUserResources");
                    assertThat(depthFirst).contains(ECHO, SPAWNER, SPAWNED);
                    assertThat(depthFirst.indexOf(SPAWNED)).isGreaterThan(depthFirst.indexOf(SPAWNER));
                    assertThat(entered).isEqualTo(depthFirst);
                    return;
                }
                assertThat(attempt).as("the plane settles").isLessThan(10);
            }
        });
    }

    private static List<String> recursiveWalk() {
        final int[] recursive = new int[1];
        assertThat(IORegistryCreateIterator(kIOMainPortDefault, kIOServicePlane, kIORegistryIterateRecursively,
                recursive)).isEqualTo(kIOReturnSuccess);
        return drain(recursive[0]);
    }

    /** {@return the plane as ioreg walks it: enter after every entry, exit at the end of every level} */
    private static List<String> enteringWalk() {
        final int[] flat = new int[1];
        assertThat(IORegistryCreateIterator(kIOMainPortDefault, kIOServicePlane, 0, flat)).isEqualTo(kIOReturnSuccess);
        final List<String> entered = new ArrayList<>();
        while (true) {
            final int next = IOIteratorNext(flat[0]);
            if (next != 0) {
                entered.add(name(next));
                IOObjectRelease(next);
                assertThat(IORegistryIteratorEnterEntry(flat[0])).isEqualTo(kIOReturnSuccess);
            } else if (IORegistryIteratorExitEntry(flat[0]) != kIOReturnSuccess) {
                assertThat(Diagnostics.lastFailure().code()).as("the top level: nothing to exit")
                        .isEqualTo(kIOReturnNoDevice);
                break;
            }
        }
        IOObjectRelease(flat[0]);
        return entered;
    }

    @Test
    default void shouldWalkUpFromASpawnedServiceToTheRoot() { // kIORegistryIterateParents: parents, recursively
        spawn();
        run(() -> {
            final int[] up = new int[1];
            assertThat(IORegistryEntryCreateIterator(service(SPAWNED), kIOServicePlane,
                    kIORegistryIterateRecursively | kIORegistryIterateParents, up)).isEqualTo(kIOReturnSuccess);
            assertThat(drain(up[0])).containsExactly(SPAWNER, "IOUserResources", "Root");
        });
    }

    // ---- the recursive property search ----

    @Test
    @SuppressWarnings("unchecked")
    default void shouldSearchBelowAndAboveAndGiveAFreshCopy() {
        // IOKitLib.c IORegistryEntrySearchCFProperty; XNU is_io_registry_entry_get_property_bin_buf (the entry, then
        // IORegistryIterator over the plane); contract.md §7: a fresh copy every time
        spawn();
        run(() -> {
            final int userResources = IORegistryEntryFromPath(kIOMainPortDefault, USER_RESOURCES);
            final Map<String, Object> below = (Map<String, Object>) IORegistryEntrySearchCFProperty(userResources,
                    kIOServicePlane, "SpawnedProperties", null, kIORegistryIterateRecursively);
            assertThat(below).containsEntry("IOLocation", "1f,3");
            below.put("IOLocation", "changed");
            final int spawned = service(SPAWNED);
            final Map<String, Object> above = (Map<String, Object>) IORegistryEntrySearchCFProperty(spawned,
                    kIOServicePlane, "SpawnedProperties", null, kIORegistryIterateRecursively
                            | kIORegistryIterateParents);
            assertThat(above).as("the registry's own value is untouched").containsEntry("IOLocation", "1f,3");
            assertThat(IORegistryEntrySearchCFProperty(spawned, kIOServicePlane, "SpawnedProperties", null, 0))
                    .as("not recursive: the entry alone").isNull();
            assertThat(Diagnostics.lastFailure().code()).isEqualTo(kIOReturnNotFound);
            assertThat(IORegistryEntrySearchCFProperty(userResources, "IOPower", "SpawnedProperties", null,
                    kIORegistryIterateRecursively)).as("no such plane: no iterator").isNull();
        });
    }

    // ---- the matching keys of contract.md §7 ----

    @Test
    default void shouldMatchEachNewKeyPositiveAndNegative() {
        // XNU IOService::matchInternal / matchPassive, IORegistryEntry::compareNames; through matching (XNU
        // getMatchingServices) and IOServiceMatchPropertyTable (internal_io_service_match_property_table) alike
        spawn();
        run(() -> {
            final int spawner = service(SPAWNER);
            final int spawned = service(SPAWNED);
            assertThat(matching(table("IOPropertyExistsMatch", "SpawnedProperties"))).containsExactly(SPAWNER);
            assertThat(matching(table("IOPropertyExistsMatch", List.of("NoSuch", "SpawnedProperties"))))
                    .containsExactly(SPAWNER);
            assertThat(matching(table("IOPropertyExistsMatch", "NoSuchProperty"))).isEmpty();
            assertThat(matching(table("IOParentMatch", Map.of("IONameMatch", SPAWNER), "IONameMatch", SPAWNED)))
                    .isNotEmpty().allMatch(SPAWNED::equals);
            assertThat(matching(table("IOParentMatch", Map.of("IONameMatch", ECHO), "IONameMatch", SPAWNED))).isEmpty();
            assertThat(matching(table("IOPathMatch", USER_RESOURCES + "/" + SPAWNER))).containsExactly(SPAWNER);
            assertThat(matching(table("IOPathMatch", USER_RESOURCES + "/nope"))).isEmpty();
            assertThat(matching(table("IOLocationMatch", "1f,3"))).isNotEmpty().allMatch(SPAWNED::equals);
            assertThat(matching(table("IOLocationMatch", "1f,4"))).isEmpty();
            assertThat(matching(table("IONameMatch", List.of(ECHO, SPAWNER)))).containsExactlyInAnyOrder(ECHO,
                    SPAWNER);
            assertThat(matching(table("IONameMatch", List.of("nope", "none")))).isEmpty();
            assertThat(matches(spawned, table("IOParentMatch", Map.of("IOPathMatch", USER_RESOURCES)))).isTrue();
            assertThat(matches(spawned, table("IOLocationMatch", "1f,3", "IOPropertyExistsMatch", "IOUserClass")))
                    .isTrue();
            assertThat(matches(spawner, table("IOLocationMatch", "1f,3"))).isFalse();
            assertThat(matches(spawner, table("IONameMatch", List.of(ECHO, 5L, SPAWNER)))).as("compareNames stops"
                    + " at the first member that is no string").isFalse();
        });
    }

    @Test
    default void shouldSkipAKeyOfTheWrongTypeAndMatchOnTheRest() {
        // issue 11 deliverable 5: XNU matchInternal casts IOProviderClass, IORegistryEntryID, IOPathMatch and
        // IOLocationMatch with OSDynamicCast and skips what does not cast; was kIOReturnBadArgument here
        run(() -> {
            assertThat(matching(table("IONameMatch", SPAWNER, "IOProviderClass", 42L, "IORegistryEntryID", "x",
                    "IOPathMatch", 7L, "IOLocationMatch", List.of()))).containsExactly(SPAWNER);
            assertThat(matches(service(SPAWNER), table("IOProviderClass", 42L))).isTrue();
            assertThat(matching(table("IONameMatch", 42L))).as("IONameMatch is compared whatever it holds").isEmpty();
        });
    }

    // ---- bad input ----

    @Test
    default void shouldAnswerBadInputWithTheCodesIOKitLibAndXnuGive() {
        run(() -> {
            final int spawner = service(SPAWNER);
            final String[] path = new String[1];
            assertThat(IORegistryEntryGetPath(spawner, null, path)).as("C hands NULL to MIG")
                    .isEqualTo(kIOReturnBadArgument);
            assertThat(IORegistryEntryGetPath(spawner, "IOPower", path)).as("XNU getPath(NULL plane) fails")
                    .isEqualTo(kIOReturnBadArgument);
            final int[] iterator = new int[1];
            assertThat(IORegistryCreateIterator(kIOMainPortDefault, "IOPower", 0, iterator))
                    .as("XNU iterateOver(NULL plane): no iterator").isEqualTo(kIOReturnBadArgument);
            assertThat(IORegistryEntryGetChildIterator(spawner, "IOPower", iterator)).as("XNU: success, no iterator")
                    .isEqualTo(kIOReturnSuccess);
            assertThat(iterator[0]).isZero();
            final int[] child = new int[1];
            assertThat(IORegistryEntryGetChildEntry(spawner, "IOPower", child)).isEqualTo(kIOReturnNoDevice);
            assertThat(IORegistryEntryInPlane(spawner, "IOPower")).as("XNU inPlane(NULL): in any plane").isTrue();
            assertThat(IORegistryEntryFromPath(kIOMainPortDefault, USER_RESOURCES + "/")).isZero();
            assertThat(Diagnostics.lastFailure().code()).isEqualTo(kIOReturnNotFound);
            assertThat(IORegistryEntryFromPath(kIOMainPortDefault, "IOUserResources")).as("no plane prefix").isZero();
            assertThat(IORegistryGetRootEntry(spawner)).as("a service as main port").isZero();
            assertThat(Diagnostics.lastFailure().code()).isEqualTo(kIOReturnNotPrivileged);
            final int[] matchingIterator = new int[1];
            assertThat(IOServiceGetMatchingServices(kIOMainPortDefault, IOServiceNameMatching(ECHO),
                    matchingIterator)).isEqualTo(kIOReturnSuccess);
            assertThat(IORegistryIteratorEnterEntry(matchingIterator[0])).as("CHECKLOCKED: no registry iterator")
                    .isEqualTo(kIOReturnBadArgument);
            IOObjectRelease(matchingIterator[0]);
            final int root = IORegistryGetRootEntry(kIOMainPortDefault);
            assertThat(IOServiceMatchPropertyTable(root, table(), new boolean[1])).as("XNU CHECK(IOService, …)")
                    .isEqualTo(kIOReturnBadArgument);
            IOObjectRelease(spawner);
            assertThat(IORegistryEntryGetPath(spawner, kIOServicePlane, path)).as("a released name")
                    .isEqualTo(IOReturn.MACH_SEND_INVALID_DEST);
            assertThat(IORegistryEntryInPlane(spawner, kIOServicePlane)).isFalse();
            assertThat(Diagnostics.lastFailure().code()).isEqualTo(IOReturn.MACH_SEND_INVALID_DEST);
        });
    }
}
