package org.iokit4j.kernel.registry;

import java.util.Map;

/** A registry without drivers, for the plane's tests: entries are made and removed by hand. */
final class TestRegistry {
    final IORegistry registry = NoDrivers.registry();

    /** {@return a new service named {@code name} under {@code provider}} */
    RegistryEntry add(RegistryEntry provider, String name) {
        return registry.newEntry(name, "IOUserService", Map.of(), provider, null, null);
    }

    /** {@return a new service named {@code name} at {@code location} under {@code provider}} */
    RegistryEntry add(RegistryEntry provider, String name, String location) {
        return registry.newEntry(name, "IOUserService", Map.of(RegistryEntry.kIOLocationKey, location), provider,
                null, null);
    }

    RegistryEntry root() {
        return registry.root();
    }

    RegistryEntry userResources() {
        return registry.userResources();
    }
}
