package org.iokit4j.kernel;

import static org.iokit4j.IOReturn.kIOReturnBadArgument;
import static org.iokit4j.IOReturn.kIOReturnMessageTooLarge;
import static org.iokit4j.IOReturn.kIOReturnNotPermitted;
import static org.iokit4j.IOReturn.kIOReturnNotPrivileged;
import static org.iokit4j.IOReturn.kIOReturnUnsupported;

import java.util.List;
import java.util.Map;
import org.iokit4j.Failure;
import org.iokit4j.IOReturnException;
import org.iokit4j.kernel.registry.RegistryEntry;
import org.iokit4j.mach.MachTask;
import org.iokit4j.mig.PropertyValues;

/**
 * The property routines an app calls (XNU IOUserClient.cpp): {@code io_registry_entry_get_property_bin_buf},
 * {@code io_registry_entry_get_properties_bin_buf} and {@code io_registry_entry_set_properties}.
 *
 * <p>Reading: every value is a fresh copy the app owns ({@link RegistryEntry#copyProperty}: XNU serializes it, the app
 * unserializes it). One key is the table first, then what the entry's driver published ({@code IOCopyPropertyCompatible});
 * {@value #kIORegistryEntryPropertyKeysKey} is the entry's table's keys ({@code copyPropertyKeys}); nothing else is made
 * up: an entry's ID and class are read with {@code IORegistryEntryGetRegistryEntryID} and {@code IOObjectGetClass}.
 *
 * <p>Setting goes where XNU sends it, the entry's {@code setProperties}: {@code IOResources} publishes each key as a
 * resource for a task entitled to ({@value #kIOResourcesSetPropertyKey}); every other entry this kernel has refuses with
 * {@code kIOReturnUnsupported} (IORegistryEntry.cpp {@code IORegistryEntry::setProperties}; a dext's user client:
 * IOUserServer.cpp {@code IOUserUserClient::setProperties}; a dext's service then asks its driver's
 * {@code UserSetProperties}, which a public DriverKit driver cannot implement: {@code kIOReturnUnsupported}).
 *
 * <p>Every routine throws {@link KernelFault} for a broken rule; {@link Kernel} turns it into a value.
 *
 * <p><b>Concurrency.</b> Thread-safe (the registry is).
 */
final class PropertyRoutines {
    /** {@code kIORegistryEntryPropertyKeysKey}: reading it answers the keys of the entry's table (IOKitKeys.h). */
    static final String kIORegistryEntryPropertyKeysKey = "IORegistryEntryPropertyKeys";
    /** {@code kIORegistryEntryAllowableSetPropertiesKey}: the keys an app may set on the entry, if present. */
    static final String kIORegistryEntryAllowableSetPropertiesKey = "IORegistryEntryAllowableSetProperties";
    /** {@code kIOResourcesSetPropertyKey}: the entitlement that lets a task publish resources (IOKitKeys.h). */
    static final String kIOResourcesSetPropertyKey = "com.apple.private.iokit.ioresources.setproperty";

    private final Kernel kernel;

    PropertyRoutines(Kernel kernel) {
        this.kernel = kernel;
    }

    Failure getProperty(MachTask task, int entry, String key, Object[] value) {
        if (key == null) {
            throw KernelFault.of(kIOReturnBadArgument, "key is null: name the property to read");
        }
        final RegistryEntry found = Lookups.entry(task, entry);
        value[0] = kIORegistryEntryPropertyKeysKey.equals(key) ? found.propertyKeys() : found.copyProperty(key);
        return null;
    }

    Failure getProperties(MachTask task, int entry, Map<String, Object>[] properties) {
        properties[0] = Lookups.entry(task, entry).properties();
        return null;
    }

    Failure setProperties(MachTask task, int entry, Object properties) {
        final RegistryEntry target = Lookups.entry(task, entry);
        final Object value;
        try {
            value = PropertyValues.serialized(properties, "properties");
        } catch (IOReturnException refused) {
            throw new KernelFault(refused.failure());
        }
        final long size = PropertyValues.binarySize(value);
        if (size > PropertyValues.MAX_SERIALIZED_SIZE) {
            throw KernelFault.of(kIOReturnMessageTooLarge, "the properties serialize to %d bytes: the kernel takes at"
                    + " most %d (is_io_registry_entry_set_properties)", size, PropertyValues.MAX_SERIALIZED_SIZE);
        }
        checkAllowable(target, value);
        if ("IOResources".equals(target.ioClass())) {
            return publishResources(task, target, value);
        }
        throw KernelFault.of(kIOReturnUnsupported, "%s (%s) takes no properties from an app: %s", target.name(),
                target.ioClass(), refusal(target));
    }

    /** {@code IORegistryEntryAllowableSetProperties}, if the entry has it, lists every key an app may set. */
    private static void checkAllowable(RegistryEntry target, Object value) {
        final Object allowable = target.property(kIORegistryEntryAllowableSetPropertiesKey);
        if (allowable == null) {
            return;
        }
        if (!(value instanceof Map<?, ?> dictionary) || !(allowable instanceof List<?> keys)) {
            throw KernelFault.of(kIOReturnNotPermitted, "%s allows only the keys its %s lists, so it takes only a"
                    + " dictionary (and the list must be an array)", target.name(),
                    kIORegistryEntryAllowableSetPropertiesKey);
        }
        for (Object key : dictionary.keySet()) {
            if (!keys.contains(key)) {
                throw KernelFault.of(kIOReturnBadArgument, "%s does not allow setting '%s': its %s lists %s",
                        target.name(), key, kIORegistryEntryAllowableSetPropertiesKey, keys);
            }
        }
    }

    /**
     * {@code IOResources::setProperties} (XNU IOService.cpp): an entitled task's dictionary keys become published
     * resources ({@code publishResource}: a property of {@code IOResources}, and {@code IOResourceMatch} finds it),
     * and waiting personalities are matched again.
     */
    private Failure publishResources(MachTask task, RegistryEntry resources, Object value) {
        if (!Boolean.TRUE.equals(task.entitlements().get(kIOResourcesSetPropertyKey))) {
            throw KernelFault.of(kIOReturnNotPrivileged, "task '%s' may not publish resources: it lacks the"
                    + " entitlement %s (IOResources::setProperties; an administrator's privilege, which this kernel"
                    + " does not grant, would do as well)", task.name(), kIOResourcesSetPropertyKey);
        }
        if (!(value instanceof Map<?, ?> dictionary)) {
            throw KernelFault.of(kIOReturnBadArgument, "IOResources takes a dictionary of resources to publish, not"
                    + " %s", org.iokit4j.ValueText.kind(value));
        }
        dictionary.forEach((key, published) -> {
            resources.setProperty((String) key, published);
            kernel.registry().publishResource((String) key);
        });
        kernel.catalogue().rematch(kernel.registry().userResources());
        return null;
    }

    private static String refusal(RegistryEntry target) {
        if (target.dext() != null && target.dext().isUserClient()) {
            return "a dext's user client refuses (IOUserUserClient::setProperties is kIOReturnUnsupported)";
        }
        if (target.dext() != null) {
            return "IORegistryEntry::setProperties refuses, and so does the dext's UserSetProperties (DriverKit offers"
                    + " it to no public driver); a driver publishes its own properties with SetProperties";
        }
        return "its class keeps IORegistryEntry::setProperties, which is kIOReturnUnsupported";
    }
}
