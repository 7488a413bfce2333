package org.iokit4j.kernel.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iokit4j.IOReturn.kIOReturnBadArgument;
import static org.iokit4j.IOReturn.kIOReturnNotFound;
import static org.iokit4j.IOReturn.kIOReturnNotPermitted;
import static org.iokit4j.IOReturn.kIOReturnUnsupported;

import java.util.List;
import java.util.Map;
import org.iokit4j.mig.DextServer;
import org.junit.jupiter.api.Test;

/**
 * {@code SearchProperty}, {@code CopyProviderProperties} and {@code Terminate} on an entry, as XNU IOUserServer.cpp's
 * {@code IOService::*_Impl} answer a dext.
 */
class DriverPropertiesTest {
    private final Entries entries = new Entries();
    private final DextServer server = Entries.server("props");
    private final RegistryEntry parent = entries.service("Parent", entries.registry.userResources(), server,
            Map.of("IOClass", "IOUserService", "Inherited", "from parent"));
    private final RegistryEntry child = entries.service("Child", parent, server, Map.of("Own", 1L));

    private Object search(RegistryEntry entry, String key, String plane, long options, int expected) {
        final Object[] found = new Object[1];
        final org.iokit4j.Failure failure = entry.searchProperty(key, plane, options, found);
        assertThat(failure == null ? 0 : failure.code()).as("%s", failure).isEqualTo(expected);
        return found[0];
    }

    @Test
    void shouldFindTheEntrysOwnPropertyThenItsDrivers() { // SearchProperty_Impl: copyProperty, then IOUserServiceProperties
        child.setProperties(server, Map.of("Published", "yes"));
        assertThat(search(child, "Own", null, 0, 0)).isEqualTo(1L);
        assertThat(search(child, "Published", null, 0, 0)).isEqualTo("yes");
        assertThat(search(child, "Inherited", "IOService", 0, kIOReturnNotFound)).isNull();
    }

    @Test
    void shouldSearchTheProvidersWithSearchPropertyParents() {
        // kIOServiceSearchPropertyParents → kIORegistryIterateParents | kIORegistryIterateRecursively over the plane
        assertThat(search(child, "Inherited", "IOService", 1, 0)).isEqualTo("from parent");
        assertThat(search(child, "Inherited", "IODeviceTree", 1, kIOReturnNotFound))
                .as("a plane this registry has not: getPlane is NULL, no recursion").isNull();
    }

    @Test
    void shouldNotFindAProvidersPublishedPropertyUnlessBitTwoIsSet() {
        // SearchProperty_Impl's fallback loop walks providers only for (kIORegistryIterateParents & options): XNU
        // tests the caller's DriverKit options against that IOKit bit (2), so kIOServiceSearchPropertyParents (1)
        // does not reach a provider's IOUserServiceProperties
        parent.setProperties(server, Map.of("ParentPublished", true));
        assertThat(search(child, "ParentPublished", "IOService", 1, kIOReturnNotFound)).isNull();
        assertThat(search(child, "ParentPublished", "IOService", 2, 0)).isEqualTo(true);
    }

    @Test
    void shouldRefuseANullName() { // copyProperty(NULL) would crash in C
        assertThat(search(child, null, "IOService", 1, kIOReturnBadArgument)).isNull();
    }

    @Test
    void shouldHandOutAFreshCopy() { // *property = object retained: the driver's own; here a copy it may change
        parent.setProperty("List", List.of("a"));
        @SuppressWarnings("unchecked")
        final List<Object> found = (List<Object>) search(child, "List", "IOService", 1, 0);
        found.add("b");
        assertThat(parent.copyProperty("List")).isEqualTo(List.of("a"));
    }

    @Test
    void shouldListTheProviderChainUpToTheRootsChild() {
        // CopyProviderProperties_Impl walks getProvider(), which is NULL under the root ("root is not an IOService")
        final List<Map<String, Object>> chain = chain(child, null);
        assertThat(chain).hasSize(3); // Child, Parent, IOUserResources
        assertThat(chain.get(0)).containsEntry("Own", 1L)
                .containsEntry("IOClass", List.of("IOUserService", "IOService", "IORegistryEntry", "OSObject"));
        assertThat(chain.get(1)).containsEntry("Inherited", "from parent");
        assertThat(chain.get(1).get("IOClass")).as("IOClass is the metaclass chain, not the property")
                .isEqualTo(List.of("IOUserService", "IOService", "IORegistryEntry", "OSObject"));
        assertThat(chain.get(2)).containsEntry("IOClass", List.of("IOUserResources", "IOService", "IORegistryEntry",
                "OSObject"));
    }

    @Test
    void shouldNarrowEachDictionaryToTheKeysAsked() { // propertyKeys: only those; IOClass only when asked
        final java.util.ArrayList<String> keys = new java.util.ArrayList<>(java.util.Arrays.asList("Inherited", null,
                "Missing"));
        final List<Map<String, Object>> chain = chain(child, keys);
        assertThat(chain.get(0)).isEmpty();
        assertThat(chain.get(1)).containsOnlyKeys("Inherited");
        keys.add("IOClass");
        assertThat(chain(child, keys).get(0)).containsOnlyKeys("IOClass");
    }

    @Test
    void shouldPreferIOSupportedProperties() { // copyProperty(gIOSupportedPropertiesKey) when it is a dictionary
        parent.setProperty("IOSupportedProperties", Map.of("Supported", "only this"));
        assertThat(chain(child, null).get(1)).containsOnlyKeys("Supported", "IOClass");
    }

    @Test
    void shouldTerminateOnlyItsOwnServiceAndOnlyWithoutOptions() { // Terminate_Impl
        assertThat(child.terminate(server, 1).code()).isEqualTo(kIOReturnUnsupported);
        assertThat(child.terminate(Entries.server("other"), 0).code()).isEqualTo(kIOReturnNotPermitted);
        assertThat(entries.terminated).isEmpty();
        assertThat(child.terminate(server, 0)).isNull();
        assertThat(entries.terminated).containsExactly(child);
    }

    private static List<Map<String, Object>> chain(RegistryEntry entry, List<String> keys) {
        @SuppressWarnings("unchecked")
        final List<Map<String, Object>>[] chain = new List[1];
        assertThat(entry.providerProperties(keys, chain)).isNull();
        return chain[0];
    }
}
