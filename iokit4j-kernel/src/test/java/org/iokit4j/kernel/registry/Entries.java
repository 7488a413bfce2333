package org.iokit4j.kernel.registry;

import java.util.List;
import java.util.Map;
import org.iokit4j.Failure;
import org.iokit4j.IOReturn;
import org.iokit4j.mig.DextObject;
import org.iokit4j.mig.DextServer;
import org.iokit4j.mig.KernelObject;

/** A registry without a kernel, and driver servers that only have a name: what the entries' property calls meet. */
final class Entries {
    private final NoDrivers callbacks = new NoDrivers();
    final List<RegistryEntry> terminated = callbacks.terminated;
    final IORegistry registry = new IORegistry(callbacks);

    /** {@return a new service under {@code provider} run by {@code server}, with {@code properties}} */
    RegistryEntry service(String name, RegistryEntry provider, DextServer server, Map<String, Object> properties) {
        final RegistryEntry entry = registry.newEntry(name, "IOUserService", properties, provider, null,
                "org.example." + name);
        entry.bind(server, null);
        return entry;
    }

    /** {@return a driver server that is nothing but its name} */
    static DextServer server(String name) {
        return new DextServer() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Failure instantiate(String userClass, KernelObject entry, DextObject[] object) {
                return Failure.of(IOReturn.kIOReturnUnsupported, "no drivers here");
            }

            @Override
            public Map<String, Long> statistics() {
                return Map.of();
            }

            @Override
            public void terminate() {
            }
        };
    }
}
