package org.iokit4j.kernel;

import static org.iokit4j.IOReturn.kIOReturnBadArgument;
import static org.iokit4j.IOReturn.kIOReturnUnsupported;

import java.util.HashMap;
import java.util.Map;
import org.iokit4j.Failure;
import org.iokit4j.kernel.registry.RegistryEntry;
import org.iokit4j.mig.DextObject;
import org.iokit4j.mig.DextServer;

/**
 * {@code IOService::Create}: a new service from a dictionary in its provider's properties, made in the provider's
 * driver server and started on the provider (apple-semantics.md §9, "newUserClient").
 *
 * <p><b>Concurrency.</b> Stateless; runs on the driver thread that called {@code Create}.
 */
final class ServiceFactory {
    private ServiceFactory() {
    }

    static Failure create(Kernel kernel, RegistryEntry provider, String propertiesKey, DextObject[] result) {
        final Object dictionary = provider.property(propertiesKey);
        if (!(dictionary instanceof Map<?, ?> map)) {
            return Failure.of(kIOReturnBadArgument, "IOService::Create: %s has no dictionary under '%s' (found %s):"
                    + " the personality in Info.plist must hold it, with IOClass and IOUserClass", provider.name(),
                    propertiesKey, dictionary == null ? "nothing" : dictionary.getClass().getSimpleName());
        }
        final Map<String, Object> properties = new HashMap<>();
        map.forEach((key, value) -> properties.put(String.valueOf(key), value));
        if (!(properties.get("IOUserClass") instanceof String userClass)) {
            return Failure.of(kIOReturnBadArgument, "IOService::Create: the '%s' dictionary of %s has no IOUserClass"
                    + " string naming the Java class to make", propertiesKey, provider.name());
        }
        final DextServer server = provider.server();
        if (server == null) {
            return Failure.of(kIOReturnUnsupported, "IOService::Create: %s runs in no driver server",
                    provider.name());
        }
        final String ioClass = properties.get("IOClass") instanceof String c ? c : "IOUserService";
        final Object bundleID = provider.property("CFBundleIdentifier");
        if (bundleID != null) {
            properties.putIfAbsent("CFBundleIdentifier", bundleID);
        }
        final RegistryEntry entry = kernel.registry().newEntry(userClass, ioClass, properties, provider,
                provider.bundle(), userClass);
        final DextObject[] made = new DextObject[1];
        final Failure failure = server.instantiate(userClass, entry, made);
        if (failure != null) {
            kernel.registry().remove(entry);
            return failure.within("IOService::Create");
        }
        kernel.bind(entry, server, made[0]);
        final Failure startFailure = made[0].start(provider);
        if (startFailure != null) {
            kernel.forget(entry);
            made[0].free();
            return startFailure.within("IOService::Create: Start of the new " + userClass + " failed");
        }
        result[0] = made[0];
        return null;
    }
}
