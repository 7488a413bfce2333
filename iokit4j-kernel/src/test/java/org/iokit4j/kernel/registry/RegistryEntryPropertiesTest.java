package org.iokit4j.kernel.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.iokit4j.mig.DextServer;
import org.junit.jupiter.api.Test;

/**
 * An entry's properties as XNU keeps a DriverKit service's: the table, the driver's {@code IOUserServiceProperties}
 * beside it, and fresh copies for every reader (issue 11 deliverables 2 and 5).
 */
class RegistryEntryPropertiesTest {
    private final Entries entries = new Entries();
    private final DextServer server = Entries.server("props");

    private RegistryEntry service(Map<String, Object> properties) {
        return entries.service("Props", entries.registry.userResources(), server, properties);
    }

    @Test
    void shouldHandOutAFreshCopyOfADataPropertyEveryTime() {
        // issue 11 §5: the registry's own array went out; XNU serializes it (is_io_registry_entry_get_property_bin_buf)
        final RegistryEntry entry = service(Map.of("Data", new byte[] {1, 2}, "List", List.of("a")));
        final byte[] first = (byte[]) entry.copyProperty("Data");
        first[0] = 9;
        @SuppressWarnings("unchecked")
        final List<Object> list = (List<Object>) entry.copyProperty("List");
        list.add("b");
        assertThat((byte[]) entry.copyProperty("Data")).containsExactly(1, 2);
        assertThat(entry.copyProperty("List")).isEqualTo(List.of("a"));
        assertThat(entry.copyProperty("Data")).isNotSameAs(entry.copyProperty("Data"));
    }

    @Test
    void shouldNotBeChangedByTheMapItWasMadeFrom() { // IORegistryEntry::init keeps its own table
        final Map<String, Object> nested = new LinkedHashMap<>(Map.of("k", 1L));
        final Map<String, Object> personality = new LinkedHashMap<>(Map.of("Nested", nested));
        final RegistryEntry entry = service(personality);
        nested.put("k", 2L);
        personality.put("Late", true);
        assertThat(entry.copyProperty("Nested")).isEqualTo(Map.of("k", 1L));
        assertThat(entry.copyProperty("Late")).isNull();
    }

    @Test
    void shouldMakeUpNoIORegistryEntryIDNorIOClass() {
        // issue 11 §5: XNU's IORegistryEntry::copyProperty reads the table only; the ID is GetRegistryEntryID's
        final RegistryEntry entry = service(Map.of());
        assertThat(entry.copyProperty("IORegistryEntryID")).isNull();
        assertThat(entry.copyProperty("IOClass")).isNull();
        assertThat(service(Map.of("IOClass", "IOUserService")).copyProperty("IOClass")).isEqualTo("IOUserService");
    }

    @Test
    void shouldKeepWhatTheDriverPublishesBesideTheTable() {
        // XNU IOUserServer.cpp SetProperties_Impl merges into IOUserServiceProperties; IOCopyPropertyCompatible reads
        // the table first, get_properties_bin_buf merges the driver's over it
        final RegistryEntry entry = service(Map.of("IOClass", "IOUserService", "Colour", "blue"));
        assertThat(entry.setProperties(server, Map.of("Colour", "red", "Speed", 3L))).isNull();
        assertThat(entry.copyProperty("Colour")).as("one key: the table wins").isEqualTo("blue");
        assertThat(entry.copyProperty("Speed")).isEqualTo(3L);
        assertThat(entry.properties()).as("all keys: the driver's merged over the table")
                .containsEntry("Colour", "red").containsEntry("Speed", 3L).doesNotContainKey("IOUserServiceProperties");
        assertThat(entry.propertyTable()).containsEntry("IOUserServiceProperties", Map.of("Colour", "red", "Speed",
                3L));
        assertThat(entry.copyProperty("IOUserServiceProperties")).isEqualTo(Map.of("Colour", "red", "Speed", 3L));
    }

    @Test
    void shouldMergeASecondSetPropertiesIntoTheFirst() { // OSDictionary::merge in SetProperties_Impl
        final RegistryEntry entry = service(Map.of());
        entry.setProperties(server, Map.of("A", 1L, "B", 2L));
        entry.setProperties(server, Map.of("B", 3L, "C", 4L));
        assertThat(entry.properties()).isEqualTo(Map.of("A", 1L, "B", 3L, "C", 4L));
    }

    @Test
    void shouldRemoveOnlyWhatTheDriverPublished() { // RemoveProperty_Impl: the driver's dictionary, not the table
        final RegistryEntry entry = service(Map.of("Colour", "blue"));
        assertThat(entry.removeProperty(server, "Colour").code()).as("nothing published yet: kIOReturnNotFound")
                .isEqualTo(org.iokit4j.IOReturn.kIOReturnNotFound);
        entry.setProperties(server, Map.of("Colour", "red", "Speed", 3L));
        assertThat(entry.removeProperty(server, "Colour")).isNull();
        assertThat(entry.removeProperty(server, "Missing")).as("a key not there: success").isNull();
        assertThat(entry.properties()).containsEntry("Colour", "blue").containsEntry("Speed", 3L);
    }

    @Test
    void shouldRefuseAnotherServersPublishing() {
        // SetProperties_Impl/RemoveProperty_Impl merge only for reserved->uvars->userServer == the calling server
        final RegistryEntry entry = service(Map.of());
        final DextServer other = Entries.server("other");
        assertThat(entry.setProperties(other, Map.of("A", 1L)).code()).isEqualTo(org.iokit4j.IOReturn
                .kIOReturnUnsupported);
        assertThat(entry.removeProperty(other, "A").code()).isEqualTo(org.iokit4j.IOReturn.kIOReturnUnsupported);
        assertThat(entry.setProperties(server, null).code()).as("NULL: setProperties refuses")
                .isEqualTo(org.iokit4j.IOReturn.kIOReturnUnsupported);
        assertThat(entry.removeProperty(server, null).code()).as("a NULL name")
                .isEqualTo(org.iokit4j.IOReturn.kIOReturnUnsupported);
        assertThat(entry.properties()).isEmpty();
    }

    @Test
    void shouldRefuseANullValueWithoutChangingAnything() { // a CF/OS container holds no NULL
        final RegistryEntry entry = service(Map.of());
        final Map<String, Object> withNull = new LinkedHashMap<>();
        withNull.put("A", 1L);
        withNull.put("B", new ArrayList<>(java.util.Arrays.asList((Object) null)));
        assertThat(entry.setProperties(server, withNull).code()).isEqualTo(org.iokit4j.IOReturn.kIOReturnBadArgument);
        assertThat(entry.properties()).isEmpty();
    }

    @Test
    void shouldListTheTablesKeys() { // IORegistryEntry::copyPropertyKeys: the table's keys, the driver's dictionary too
        final RegistryEntry entry = service(Map.of("A", 1L));
        entry.setProperties(server, Map.of("B", 2L));
        assertThat(entry.propertyKeys()).containsExactlyInAnyOrder("A", "IOUserServiceProperties");
    }

    @Test
    void shouldRenameTheEntry() { // SetName_Impl: setName(name), what getName answers from now on
        final RegistryEntry entry = service(Map.of());
        assertThat(entry.setName("Renamed")).isNull();
        assertThat(entry.name()).isEqualTo("Renamed");
        assertThat(entry.setName(null).code()).isEqualTo(org.iokit4j.IOReturn.kIOReturnBadArgument);
        assertThat(entry.name()).isEqualTo("Renamed");
    }
}
