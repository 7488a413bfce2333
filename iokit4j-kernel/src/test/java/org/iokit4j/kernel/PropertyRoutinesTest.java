package org.iokit4j.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iokit4j.IOReturn.MACH_SEND_INVALID_DEST;
import static org.iokit4j.IOReturn.kIOReturnBadArgument;
import static org.iokit4j.IOReturn.kIOReturnMessageTooLarge;
import static org.iokit4j.IOReturn.kIOReturnNotPermitted;
import static org.iokit4j.IOReturn.kIOReturnNotPrivileged;
import static org.iokit4j.IOReturn.kIOReturnUnsupported;

import java.util.List;
import java.util.Map;
import org.iokit4j.Failure;
import org.iokit4j.kernel.registry.RegistryEntry;
import org.iokit4j.mach.MachTask;
import org.iokit4j.mig.PropertyValues;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The kernel's property routines against its own entries (XNU IOUserClient.cpp {@code is_io_registry_entry_*}); a
 * dext's services and user clients are the end-to-end tests' (system tests, {@code PropertyEndToEnd}).
 */
class PropertyRoutinesTest {
    private final Kernel kernel = Kernel.builder().name("props").discoverClassPath(false).boot();
    private final MachTask app = kernel.createTask("app", Map.of());
    private final MachTask entitled = kernel.createTask("entitled",
            Map.of(PropertyRoutines.kIOResourcesSetPropertyKey, true));

    @AfterEach
    void close() {
        kernel.close();
    }

    private int lookup(MachTask task, String providerClass) {
        final int[] iterator = new int[1];
        assertThat(kernel.getMatchingServices(task, Map.of("IOProviderClass", providerClass), iterator)).isNull();
        final int[] object = new int[1];
        assertThat(kernel.iteratorNext(task, iterator[0], object)).isNull();
        assertThat(object[0]).as(providerClass).isNotZero();
        return object[0];
    }

    private RegistryEntry entry(String ioClass) {
        return kernel.registryEntries().stream().filter(e -> e.ioClass().equals(ioClass)).findFirst().orElseThrow();
    }

    private static int code(Failure failure) {
        return failure == null ? 0 : failure.code();
    }

    @Test
    void shouldAnswerOnlyWhatTheTableHolds() {
        // issue 11 §5: XNU's lookup (IOCopyPropertyCompatible → IORegistryEntry::copyProperty) makes up nothing
        final int resources = lookup(app, "IOResources");
        final Object[] value = new Object[1];
        assertThat(kernel.registryEntryGetProperty(app, resources, "IORegistryEntryID", value)).isNull();
        assertThat(value[0]).isNull();
        assertThat(kernel.registryEntryGetProperty(app, resources, "IOClass", value)).isNull();
        assertThat(value[0]).isNull();
        final long[] id = new long[1];
        assertThat(kernel.registryEntryGetID(app, resources, id)).isNull();
        assertThat(id[0]).as("the ID has its own routine").isEqualTo(entry("IOResources").registryEntryID());
    }

    @Test
    void shouldAnswerTheKeysForIORegistryEntryPropertyKeys() {
        // is_io_registry_entry_get_property_bin_buf: gIORegistryEntryPropertyKeysKey → entry->copyPropertyKeys()
        entry("IOResources").setProperty("First", 1L);
        entry("IOResources").setProperty("Second", 2L);
        final Object[] value = new Object[1];
        assertThat(kernel.registryEntryGetProperty(app, lookup(app, "IOResources"), "IORegistryEntryPropertyKeys",
                value)).isNull();
        assertThat(value[0]).isEqualTo(List.of("First", "Second"));
    }

    @Test
    void shouldHandOutFreshCopies() { // issue 11 §5; contract.md §7: every value is a fresh copy the caller owns
        entry("IOResources").setProperty("Data", new byte[] {1, 2, 3});
        final int resources = lookup(app, "IOResources");
        final Object[] value = new Object[1];
        kernel.registryEntryGetProperty(app, resources, "Data", value);
        ((byte[]) value[0])[0] = 9;
        @SuppressWarnings("unchecked")
        final Map<String, Object>[] all = new Map[1];
        assertThat(kernel.registryEntryGetProperties(app, resources, all)).isNull();
        ((byte[]) all[0].get("Data"))[1] = 9;
        all[0].put("Added", true);
        kernel.registryEntryGetProperty(app, resources, "Data", value);
        assertThat((byte[]) value[0]).containsExactly(1, 2, 3);
        assertThat(entry("IOResources").properties()).doesNotContainKey("Added");
    }

    @Test
    void shouldRefuseAReleasedName() { // CHECK(IORegistryEntry, …): a dead name is MACH_SEND_INVALID_DEST
        final int resources = lookup(app, "IOResources");
        assertThat(app.space().deallocate(resources)).isZero();
        final Object[] value = new Object[1];
        @SuppressWarnings("unchecked")
        final Map<String, Object>[] all = new Map[1];
        assertThat(code(kernel.registryEntryGetProperty(app, resources, "IOKit", value))).isEqualTo(
                MACH_SEND_INVALID_DEST);
        assertThat(code(kernel.registryEntryGetProperties(app, resources, all))).isEqualTo(MACH_SEND_INVALID_DEST);
        assertThat(all[0]).isNull();
        assertThat(code(kernel.registryEntrySetProperties(app, resources, Map.of("A", 1L)))).isEqualTo(
                MACH_SEND_INVALID_DEST);
    }

    @Test
    void shouldRefuseAnAppSettingIOUserResourcesOrTheRoot() { // IORegistryEntry::setProperties: kIOReturnUnsupported
        final Failure failure = kernel.registryEntrySetProperties(app, lookup(app, "IOUserResources"),
                Map.of("A", 1L));
        assertThat(code(failure)).isEqualTo(kIOReturnUnsupported);
        assertThat(failure.explanation()).contains("IORegistryEntry::setProperties");
        assertThat(entry("IOUserResources").properties()).doesNotContainKey("A");
    }

    @Test
    void shouldLetOnlyAnEntitledTaskPublishResources() {
        // IOResources::setProperties: kIOResourcesSetPropertyKey, else the administrator's privilege
        final Failure refused = kernel.registryEntrySetProperties(app, lookup(app, "IOResources"),
                Map.of("MyResource", true));
        assertThat(code(refused)).isEqualTo(kIOReturnNotPrivileged);
        assertThat(refused.explanation()).contains("com.apple.private.iokit.ioresources.setproperty");
        final int resources = lookup(entitled, "IOResources");
        assertThat(code(kernel.registryEntrySetProperties(entitled, resources, "not a dictionary")))
                .isEqualTo(kIOReturnBadArgument);
        assertThat(kernel.registryEntrySetProperties(entitled, resources, Map.of("MyResource", true))).isNull();
        final Object[] value = new Object[1];
        kernel.registryEntryGetProperty(app, lookup(app, "IOResources"), "MyResource", value);
        assertThat(value[0]).as("publishResource: a property of IOResources").isEqualTo(true);
        assertThat(kernel.registry().isResourcePublished("MyResource")).as("IOResourceMatch finds it").isTrue();
    }

    @Test
    void shouldKeepToIORegistryEntryAllowableSetProperties() { // is_io_registry_entry_set_properties
        entry("IOResources").setProperty("IORegistryEntryAllowableSetProperties", List.of("Allowed"));
        final int resources = lookup(entitled, "IOResources");
        assertThat(code(kernel.registryEntrySetProperties(entitled, resources, Map.of("Other", 1L))))
                .isEqualTo(kIOReturnBadArgument);
        assertThat(code(kernel.registryEntrySetProperties(entitled, resources, List.of("Allowed"))))
                .as("not a dictionary").isEqualTo(kIOReturnNotPermitted);
        assertThat(kernel.registryEntrySetProperties(entitled, resources, Map.of("Allowed", 1L))).isNull();
        entry("IOResources").setProperty("IORegistryEntryAllowableSetProperties", "Allowed");
        assertThat(code(kernel.registryEntrySetProperties(entitled, resources, Map.of("Allowed", 2L))))
                .as("the list is no array").isEqualTo(kIOReturnNotPermitted);
    }

    @Test
    void shouldRefuseMoreThanFourMebibytes() { // propertiesCnt > sizeof(io_struct_inband_t) * 1024
        final int resources = lookup(entitled, "IOResources");
        final int fits = (int) PropertyValues.MAX_SERIALIZED_SIZE - 4 - 4 - 8 - 4; // signature, dict, key "Big", data
        assertThat(kernel.registryEntrySetProperties(entitled, resources, Map.of("Big", new byte[fits]))).isNull();
        final Failure failure = kernel.registryEntrySetProperties(entitled, resources,
                Map.of("Big", new byte[fits + 1]));
        assertThat(code(failure)).isEqualTo(kIOReturnMessageTooLarge);
        assertThat(failure.explanation()).contains("4194308 bytes", "at most 4194304"); // data padded to 4
    }

    @Test
    void shouldRefuseNullsAndKeysThatAreNoStrings() { // OSUnserializeXML fails → kIOReturnBadArgument
        final int resources = lookup(entitled, "IOResources");
        assertThat(code(kernel.registryEntrySetProperties(entitled, resources, null))).isEqualTo(kIOReturnBadArgument);
        assertThat(code(kernel.registryEntrySetProperties(entitled, resources, Map.of(1L, "x"))))
                .isEqualTo(kIOReturnBadArgument);
        assertThat(code(kernel.registryEntryGetProperty(app, resources, null, new Object[1])))
                .isEqualTo(kIOReturnBadArgument);
    }
}
