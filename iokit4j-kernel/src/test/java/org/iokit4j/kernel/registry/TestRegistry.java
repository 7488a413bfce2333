package org.iokit4j.kernel.registry;

import java.util.Map;
import org.iokit4j.Failure;
import org.iokit4j.IOReturn;
import org.iokit4j.mig.DextObject;

/** A registry without drivers, for the plane's tests: entries are made and removed by hand. */
final class TestRegistry {
    final IORegistry registry = new IORegistry(new RegistryEntry.KernelCallbacks() {
        @Override
        public Failure registerService(RegistryEntry entry) {
            return Failure.of(IOReturn.kIOReturnUnsupported, "no drivers here");
        }

        @Override
        public Failure create(RegistryEntry entry, String propertiesKey, DextObject[] result) {
            return Failure.of(IOReturn.kIOReturnUnsupported, "no drivers here");
        }
    });

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
