package org.iokit4j.kernel.registry;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.iokit4j.Failure;
import org.iokit4j.IOReturn;
import org.iokit4j.mig.DextObject;

/**
 * The kernel's side of a registry that has no kernel and no drivers, for tests that make and remove entries by hand:
 * registering a service and creating an object answer {@code kIOReturnUnsupported}; a driver's {@code Terminate} is
 * only recorded.
 */
public final class NoDrivers implements RegistryEntry.KernelCallbacks {
    /** The entries a driver asked to terminate, in order. */
    public final List<RegistryEntry> terminated = new CopyOnWriteArrayList<>();

    /** {@return a new registry with these callbacks} */
    public static IORegistry registry() {
        return new IORegistry(new NoDrivers());
    }

    @Override
    public Failure registerService(RegistryEntry entry) {
        return Failure.of(IOReturn.kIOReturnUnsupported, "no drivers here");
    }

    @Override
    public Failure create(RegistryEntry entry, String propertiesKey, DextObject[] result) {
        return Failure.of(IOReturn.kIOReturnUnsupported, "no drivers here");
    }

    @Override
    public void terminate(RegistryEntry entry) {
        terminated.add(entry);
    }
}
