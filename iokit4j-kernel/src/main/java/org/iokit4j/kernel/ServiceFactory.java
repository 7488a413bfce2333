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
 * driver server and started on the provider (apple-semantics.md §9, "newUserClient"). A user client's dictionary
 * must make an {@code IOUserClient} ({@link #userClientCheck}); a refused or failed {@code Create} leaves nothing in
 * the registry.
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
            kernel.registry().remove(entry); // nothing stays: the entry was never bound, published or started
            return failure.within("IOService::Create");
        }
        final Failure notUserClient = userClientCheck(ioClass, userClass, propertiesKey, made[0]);
        if (notUserClient != null) {
            kernel.registry().remove(entry); // as if never made: no entry, no object (issue 12 §6)
            made[0].free();
            return notUserClient;
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

    /**
     * {@return why the object made for a user client's dictionary is no user client, or {@code null}} A dictionary
     * whose {@code IOClass} is {@code IOUserUserClient} or {@code IOUserClient} (Apple's {@code UserClientProperties})
     * describes a user client, so its {@code IOUserClass} must extend {@code org.iokit4j.driverkit.IOUserClient}; in
     * C the driver's {@code OSDynamicCast} would fail after the object was made and started, leaving it behind.
     */
    static Failure userClientCheck(String ioClass, String userClass, String propertiesKey, DextObject made) {
        if (!("IOUserUserClient".equals(ioClass) || "IOUserClient".equals(ioClass)) || made.isUserClient()) {
            return null;
        }
        return Failure.of(kIOReturnBadArgument, "IOService::Create: the '%s' dictionary has IOClass %s, so it makes a"
                + " user client, but its IOUserClass %s does not extend org.iokit4j.driverkit.IOUserClient: fix the"
                + " class (extend IOUserClient) or the IOUserClass in Info.plist. Nothing was made and the registry is"
                + " unchanged (docs/driverkit-runtime.md, \"User clients\")", propertiesKey, ioClass, userClass);
    }
}
