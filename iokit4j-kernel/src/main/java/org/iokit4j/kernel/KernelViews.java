package org.iokit4j.kernel;

import org.iokit4j.Failure;
import org.iokit4j.kernel.bundle.DriverBundle;
import org.iokit4j.kernel.catalogue.DriverCatalogue;
import org.iokit4j.kernel.registry.RegistryEntry;
import org.iokit4j.mig.DextObject;
import org.iokit4j.mig.DextServer;

/**
 * The kernel as its parts see it: the catalogue launching and binding drivers, and driver objects calling into their
 * registry entries.
 *
 * <p><b>Concurrency.</b> Stateless views; the kernel is thread-safe.
 */
final class KernelViews {
    private KernelViews() {
    }

    /** The catalogue's view of the kernel. */
    record Launcher(Kernel kernel) implements DriverCatalogue.ServerLauncher {
        @Override
        public DextServer server(DriverBundle bundle, String serverName) {
            return kernel.server(bundle, serverName);
        }

        @Override
        public void bind(RegistryEntry entry, DextServer server, DextObject object) {
            kernel.bind(entry, server, object);
        }

        @Override
        public void forget(RegistryEntry entry) {
            kernel.forget(entry);
        }
    }

    /** The driver objects' calls into their registry entries. */
    record EntryCallbacks(Kernel kernel) implements RegistryEntry.KernelCallbacks {
        @Override
        public Failure registerService(RegistryEntry entry) {
            if (!entry.markRegistered()) {
                return Failure.of(org.iokit4j.IOReturn.kIOReturnNotAttached, "%s has terminated", entry.name());
            }
            kernel.notifications().published(entry);
            kernel.catalogue().registered(entry);
            kernel.notifications().matched(entry); // registration is matching for dexts (docs/notifications.md)
            return null;
        }

        @Override
        public Failure create(RegistryEntry provider, String propertiesKey, DextObject[] result) {
            return ServiceFactory.create(kernel, provider, propertiesKey, result);
        }

        /**
         * {@inheritDoc} On a new virtual thread, so the driver's call returns first (XNU {@code Terminate_Impl} only
         * starts the termination; the driver's {@code Stop} comes later, on its queue).
         */
        @Override
        public void terminate(RegistryEntry entry) {
            Thread.ofVirtual().name("terminate " + entry.name()).start(() -> {
                try {
                    kernel.terminate(entry.registryEntryID());
                } catch (Throwable unexpected) {
                    kernel.problem(org.iokit4j.Untrusted.caught("terminating " + entry.name(),
                            org.iokit4j.IOReturn.kIOReturnInternalError, unexpected));
                }
            });
        }

        @Override
        public Failure clientMemory(RegistryEntry entry, long address, long length,
                                    java.lang.foreign.MemorySegment[] memory) {
            return kernel.memoryRoutines().clientMemory(entry, address, length, memory);
        }
    }
}
