package org.iokit4j.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iokit4j.IOReturn.MACH_SEND_INVALID_DEST;
import static org.iokit4j.IOReturn.kIOReturnBadArgument;
import static org.iokit4j.IOReturn.kIOReturnNoDevice;
import static org.iokit4j.IOReturn.kIOReturnNotFound;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.iokit4j.Failure;
import org.iokit4j.kernel.matching.Matching;
import org.iokit4j.kernel.registry.RegistryEntry;
import org.iokit4j.mach.MachTask;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The kernel's plane routines as a client task calls them (XNU iokit/Kernel/IOUserClient.cpp {@code is_io_registry_*},
 * {@code is_io_iterator_next}, {@code internal_io_service_match_property_table}), on a kernel without drivers whose
 * registry the test shapes: IOUserResources → Bus (properties) → Port@1f,3 → Device.
 */
class PlaneRoutinesTest {
    private static final String PLANE = "IOService";
    private final Kernel kernel = Kernel.builder().name("planes").discoverClassPath(false).boot();
    private final MachTask app = kernel.createTask("app", Map.of());
    private final RegistryEntry bus = service("Bus", Map.of("Vendor", "Acme", "Config", Map.of("list",
            List.of(1L, 2L))), kernel.registry().userResources());
    private final RegistryEntry port = service("Port", Map.of("IOLocation", "1f,3", "Vendor", "Port Co"), bus);
    private final RegistryEntry device = service("Device", Map.of("Serial", "A1"), port);

    @AfterEach
    void close() {
        kernel.close();
    }

    private RegistryEntry service(String name, Map<String, Object> properties, RegistryEntry provider) {
        final RegistryEntry entry = kernel.registry().newEntry(name, "IOUserService", properties, provider, null,
                null);
        entry.setState(RegistryEntry.State.REGISTERED);
        return entry;
    }

    private int name(RegistryEntry entry) {
        return app.space().insertSend(entry.port());
    }

    private String entryName(int name) {
        final String[] out = new String[1];
        assertThat(kernel.registryEntryGetName(app, name, out)).isNull();
        return out[0];
    }

    @Test
    void shouldHandOutTheRegistryRootNamedRoot() { // XNU is_io_registry_get_root_entry, IORegistryEntry::initialize
        final int[] root = new int[1];
        assertThat(kernel.registryGetRootEntry(app, root)).isNull();
        assertThat(entryName(root[0])).isEqualTo("Root");
        final String[] path = new String[1];
        assertThat(kernel.registryEntryGetPath(app, root[0], PLANE, path)).isNull();
        assertThat(path[0]).isEqualTo("IOService:/");
    }

    @Test
    void shouldFindTheEntryAtThePathItsGetPathWrote() { // issue 11: IORegistryEntryGetPath → FromPath round trip
        for (RegistryEntry entry : kernel.registryEntries()) {
            final String[] path = new String[1];
            assertThat(kernel.registryEntryGetPath(app, name(entry), PLANE, path)).isNull();
            final int[] found = new int[1];
            assertThat(kernel.registryEntryFromPath(app, path[0], found)).isNull();
            assertThat(app.space().lookupKernelObject(found[0])).as(path[0]).isSameAs(entry);
        }
    }

    @Test
    void shouldAnswerNotFoundForAPathThatLeadsNowhere() { // XNU is_io_registry_entry_from_path_ool: NotFound
        final Failure failure = kernel.registryEntryFromPath(app, "IOService:/IOUserResources/Nope", new int[1]);
        assertThat(failure.code()).isEqualTo(kIOReturnNotFound);
        assertThat(failure.explanation()).contains("path=\"IOService:/IOUserResources/Nope\"");
    }

    @Test
    void shouldRefuseAPathInAnUnknownPlaneOrOfATerminatedEntry() { // XNU is_io_registry_entry_get_path: getPath false
        final String[] path = new String[1];
        assertThat(kernel.registryEntryGetPath(app, name(device), "IOPower", path).code())
                .isEqualTo(kIOReturnBadArgument);
        kernel.registry().unregister(device);
        final Failure gone = kernel.registryEntryGetPath(app, name(device), PLANE, path);
        assertThat(gone.code()).isEqualTo(kIOReturnBadArgument);
        assertThat(gone.explanation()).contains("no longer in the plane");
        assertThat(kernel.registryEntryGetPath(app, name(device), null, path).code()).isEqualTo(kIOReturnBadArgument);
    }

    @Test
    void shouldAnswerTheOneNameAndLocationInEveryPlane() {
        // XNU getName(plane)/getLocation(plane): no per-plane name or location was set, so they fall back to the
        // entry's own; is_io_registry_entry_get_location_in_plane answers NotFound without one
        final String[] out = new String[1];
        for (String plane : new String[] {PLANE, "", "IOPower"}) {
            assertThat(kernel.registryEntryGetNameInPlane(app, name(port), plane, out)).isNull();
            assertThat(out[0]).isEqualTo("Port");
            assertThat(kernel.registryEntryGetLocationInPlane(app, name(port), plane, out)).isNull();
            assertThat(out[0]).isEqualTo("1f,3");
            assertThat(kernel.registryEntryGetLocationInPlane(app, name(device), plane, out).code())
                    .isEqualTo(kIOReturnNotFound);
        }
    }

    @Test
    void shouldHandOutSnapshotIteratorsOfChildrenAndParentsAndNoneForAnUnknownPlane() {
        // XNU is_io_registry_entry_get_child_iterator: IOUserIterator over a copy of the links; for a NULL plane
        // getChildIterator makes none and the routine still succeeds with MACH_PORT_NULL
        final int[] iterator = new int[1];
        assertThat(kernel.registryEntryGetChildIterator(app, name(bus), PLANE, iterator)).isNull();
        final RegistryEntry late = service("Late", Map.of(), bus);
        assertThat(next(iterator[0])).isEqualTo("Port");
        assertThat(next(iterator[0])).as("a snapshot: Late came after it").isNull();
        assertThat(kernel.registryEntryGetParentIterator(app, name(late), PLANE, iterator)).isNull();
        assertThat(next(iterator[0])).isEqualTo("Bus");
        assertThat(kernel.registryEntryGetChildIterator(app, name(bus), "IOPower", iterator)).isNull();
        assertThat(iterator[0]).isZero();
    }

    private String next(int iterator) {
        final int[] object = new int[1];
        assertThat(kernel.iteratorNext(app, iterator, object)).isNull();
        return object[0] == 0 ? null : entryName(object[0]);
    }

    @Test
    void shouldWalkRecursivelyFromAnEntryAndEnterAndExitOnRequest() { // XNU is_io_registry_*_iterator_*
        final int[] walk = new int[1];
        assertThat(kernel.registryEntryCreateIterator(app, name(bus), PLANE, 1, walk)).isNull();
        assertThat(List.of(next(walk[0]), next(walk[0]))).containsExactly("Port", "Device");
        assertThat(next(walk[0])).isNull();
        final int[] flat = new int[1];
        assertThat(kernel.registryEntryCreateIterator(app, name(bus), PLANE, 0, flat)).isNull();
        assertThat(next(flat[0])).isEqualTo("Port");
        assertThat(kernel.registryIteratorEnterEntry(app, flat[0])).isNull();
        assertThat(next(flat[0])).isEqualTo("Device");
        assertThat(kernel.registryIteratorExitEntry(app, flat[0])).isNull();
        assertThat(kernel.registryIteratorExitEntry(app, flat[0]).code()).as("nothing left to exit")
                .isEqualTo(kIOReturnNoDevice);
    }

    @Test
    void shouldRefuseRegistryIteratorsOfAnUnknownPlaneAndEnterOnOtherIterators() {
        // XNU is_io_registry_create_iterator: no iterator → BadArgument; CHECKLOCKED(IORegistryIterator, …)
        final int[] iterator = new int[1];
        assertThat(kernel.registryCreateIterator(app, "IOPower", 0, iterator).code()).isEqualTo(kIOReturnBadArgument);
        assertThat(kernel.getMatchingServices(app, Matching.IOServiceNameMatching("Bus"), iterator)).isNull();
        assertThat(kernel.registryIteratorEnterEntry(app, iterator[0]).code()).isEqualTo(kIOReturnBadArgument);
        assertThat(kernel.registryIteratorEnterEntry(app, name(bus)).code()).isEqualTo(kIOReturnBadArgument);
        assertThat(kernel.registryIteratorExitEntry(app, 0x7777).code()).isEqualTo(MACH_SEND_INVALID_DEST);
    }

    @Test
    void shouldSayWhetherAnEntryIsInThePlane() { // XNU IORegistryEntry::inPlane: a parent link in it
        final boolean[] in = new boolean[1];
        assertThat(kernel.registryEntryInPlane(app, name(device), PLANE, in)).isNull();
        assertThat(in[0]).isTrue();
        assertThat(kernel.registryEntryInPlane(app, name(device), "IOPower", in)).isNull();
        assertThat(in[0]).as("no such plane: XNU asks whether it is in any plane").isTrue();
        assertThat(kernel.registryEntryInPlane(app, name(kernel.registry().root()), PLANE, in)).isNull();
        assertThat(in[0]).as("the root has no parent").isFalse();
        kernel.registry().unregister(device);
        assertThat(kernel.registryEntryInPlane(app, name(device), PLANE, in)).isNull();
        assertThat(in[0]).as("terminated: detached").isFalse();
    }

    @Test
    void shouldSearchTheEntryThenBelowOrAboveIt() { // XNU is_io_registry_entry_get_property_bin_buf, copyProperty
        assertThat(search(device, PLANE, "Serial", 0)).isEqualTo("A1");
        assertThat(search(device, PLANE, "Vendor", 1 | 2)).as("up: Port first").isEqualTo("Port Co");
        assertThat(search(bus, PLANE, "Serial", 1)).as("down").isEqualTo("A1");
        final Failure notRecursive = kernel.registryEntrySearchProperty(app, name(device), PLANE, "Vendor", 0,
                new Object[1]);
        assertThat(notRecursive.code()).isEqualTo(kIOReturnNotFound);
        assertThat(kernel.registryEntrySearchProperty(app, name(bus), "IOPower", "Serial", 1, new Object[1]).code())
                .as("no such plane: no iterator").isEqualTo(kIOReturnNotFound);
        assertThat(kernel.registryEntrySearchProperty(app, name(bus), "", "Serial", 1, new Object[1]).code())
                .as("no plane: the entry alone").isEqualTo(kIOReturnNotFound);
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldGiveAFreshCopyEveryTime() { // contract.md §7: every value an app gets is a fresh copy
        final Map<String, Object> first = (Map<String, Object>) search(bus, PLANE, "Config", 0);
        first.put("added", true);
        ((List<Object>) first.get("list")).add(3L);
        assertThat(search(bus, PLANE, "Config", 0)).isEqualTo(Map.of("list", List.of(1L, 2L)));
        assertThat(bus.property("Config")).isEqualTo(Map.of("list", List.of(1L, 2L)));
    }

    private Object search(RegistryEntry entry, String plane, String key, int options) {
        final Object[] value = new Object[1];
        assertThat(kernel.registryEntrySearchProperty(app, name(entry), plane, key, options, value)).isNull();
        return value[0];
    }

    @Test
    void shouldMatchAServiceAgainstATableRegisteredOrNot() { // XNU internal_io_service_match_property_table
        final boolean[] matches = new boolean[1];
        final RegistryEntry idle = kernel.registry().newEntry("Idle", "IOUserService", Map.of(), bus, null, null);
        assertThat(kernel.serviceMatchPropertyTable(app, name(idle), Map.of("IOParentMatch",
                Map.of("IONameMatch", "Bus")), matches)).isNull();
        assertThat(matches[0]).as("passiveMatch does not look at registration").isTrue();
        assertThat(kernel.serviceMatchPropertyTable(app, name(device), Map.of("IOPathMatch",
                "IOService:/IOUserResources/Bus/Port@1f,3/Device", "IOLocationMatch", 5L), matches)).isNull();
        assertThat(matches[0]).isTrue();
        assertThat(kernel.serviceMatchPropertyTable(app, name(device), Map.of("IONameMatch", "Port"), matches))
                .isNull();
        assertThat(matches[0]).isFalse();
    }

    @Test
    void shouldRefuseTheRootAndADictionaryCCouldNotSend() { // XNU CHECK(IOService, …); issue 8: nulls
        final boolean[] matches = new boolean[1];
        final Failure root = kernel.serviceMatchPropertyTable(app, name(kernel.registry().root()), Map.of(), matches);
        assertThat(root.code()).isEqualTo(kIOReturnBadArgument);
        assertThat(root.explanation()).contains("not an IOService");
        final Map<String, Object> withNull = new HashMap<>();
        withNull.put("IONameMatch", null);
        assertThat(kernel.serviceMatchPropertyTable(app, name(device), withNull, matches).code())
                .isEqualTo(kIOReturnBadArgument);
    }

    @Test
    void shouldKeepReturningAServiceTerminatedAfterTheLookup() {
        // issue 11 deliverable 5, XNU IOUserIterator::copyNextObject: the iterator holds the set it was made with
        final int[] iterator = new int[1];
        assertThat(kernel.getMatchingServices(app, Matching.IOServiceMatching("IOUserService"), iterator)).isNull();
        kernel.registry().unregister(port); // what termination does to the entry
        assertThat(List.of(next(iterator[0]), next(iterator[0]), next(iterator[0]))).containsExactly("Bus", "Port",
                "Device");
        assertThat(next(iterator[0])).isNull();
    }

    @Test
    void shouldPassOverAnEntryWhosePortIsGone() { // ServiceIterator: no name can be made for a freed entry
        final int[] iterator = new int[1];
        assertThat(kernel.getMatchingServices(app, Matching.IOServiceMatching("IOUserService"), iterator)).isNull();
        kernel.registry().remove(device);
        assertThat(List.of(next(iterator[0]), next(iterator[0]))).containsExactly("Bus", "Port");
        assertThat(next(iterator[0])).isNull();
    }
}
