package org.iokit4j.kernel.registry;

import static org.iokit4j.IOReturn.kIOReturnBadArgument;
import static org.iokit4j.IOReturn.kIOReturnNotFound;
import static org.iokit4j.IOReturn.kIOReturnNotPermitted;
import static org.iokit4j.IOReturn.kIOReturnUnsupported;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.iokit4j.Failure;
import org.iokit4j.IOReturnException;
import org.iokit4j.mig.DextServer;
import org.iokit4j.mig.PropertyValues;

/**
 * A driver's property calls on a registry entry, as XNU answers them for a dext (IOUserServer.cpp,
 * {@code IOService::*_Impl}; the dext is the caller, {@code thread_iokit_tls_get(0)} is its {@code IOUserServer}).
 *
 * <p><b>Concurrency.</b> Stateless; the entry's {@link PropertyTable} is thread-safe.
 */
final class DriverProperties {
    /** {@code kIOServiceSearchPropertyParents} (DriverKit IOService.iig). */
    static final long kIOServiceSearchPropertyParents = 1;
    /** {@code kIORegistryIterateParents} (IOKit IORegistryEntry.h), tested against the caller's options as-is. */
    static final long kIORegistryIterateParents = 2;
    /** {@code kIOServicePlane}: the one plane this registry has. */
    static final String kIOServicePlane = "IOService";
    /** {@code kIOSupportedPropertiesKey} (IOKitKeys.h). */
    static final String kIOSupportedPropertiesKey = "IOSupportedProperties";
    /** {@code kIOClassKey}. */
    static final String kIOClassKey = "IOClass";

    private DriverProperties() {
    }

    /**
     * {@code SetProperties_Impl}: the entry's class's {@code setProperties} comes first and refuses
     * ({@code IORegistryEntry::setProperties} is {@code kIOReturnUnsupported}, and neither IOService nor
     * IOUserUserClient takes any); then, for a dictionary and an entry the calling server runs, the dictionary is
     * merged into the entry's {@code IOUserServiceProperties}.
     */
    static Failure set(RegistryEntry entry, DextServer caller, Map<String, Object> properties) {
        if (properties == null) {
            return Failure.of(kIOReturnUnsupported, "properties is null: IOService::SetProperties_Impl passes it to"
                    + " setProperties, which refuses (kIOReturnUnsupported), and merges only a dictionary");
        }
        final Failure foreign = foreign(entry, caller, "SetProperties");
        if (foreign != null) {
            return foreign;
        }
        final Object copy;
        try {
            copy = PropertyValues.serialized(properties, "properties");
        } catch (IOReturnException refused) {
            return refused.failure();
        }
        @SuppressWarnings("unchecked")
        final Map<String, Object> dictionary = (Map<String, Object>) copy;
        entry.table().mergeUser(dictionary);
        return null;
    }

    /** {@code RemoveProperty_Impl}: removes {@code key} from what the driver published. */
    static Failure remove(RegistryEntry entry, DextServer caller, String key) {
        if (key == null) {
            return Failure.of(kIOReturnUnsupported, "propertyName is null (IOService::RemoveProperty_Impl answers"
                    + " kIOReturnUnsupported)");
        }
        final Failure foreign = foreign(entry, caller, "RemoveProperty");
        if (foreign != null) {
            return foreign;
        }
        return entry.table().removeUser(key) ? null : Failure.of(kIOReturnNotFound, "%s has no properties its"
                + " driver set (no IOUserServiceProperties): there is nothing to remove '%s' from", entry.name(), key);
    }

    /**
     * {@code SearchProperty_Impl}: first {@code copyProperty(name, plane, options)} over the tables (with
     * {@code kIOServiceSearchPropertyParents}, recursively up {@code plane}; an unknown or null plane searches only
     * the entry; that walk reaches the root); then, if nothing was found, the table and the driver's properties of the
     * entry, and of its providers ({@code getProvider}: not the root) only when {@code options} has {@code kIORegistryIterateParents} (2) set: XNU tests the caller's DriverKit options
     * against that IOKit bit as they are.
     */
    static Failure search(RegistryEntry entry, String key, String plane, long options, Object[] property) {
        if (key == null) {
            return Failure.of(kIOReturnBadArgument, "name is null: SearchProperty needs a property name (in C,"
                    + " copyProperty would crash)");
        }
        Object found = entry.table().get(key);
        if (found == null && (options & kIOServiceSearchPropertyParents) != 0 && kIOServicePlane.equals(plane)) {
            for (RegistryEntry parent = entry.provider(); found == null && parent != null; parent = parent.provider()) {
                found = parent.table().get(key);
            }
        }
        for (RegistryEntry next = entry; found == null && next != null; next = serviceProvider(next)) {
            found = next.table().getCompatible(key);
            if ((options & kIORegistryIterateParents) == 0) {
                break;
            }
        }
        if (found == null) {
            return Failure.of(kIOReturnNotFound, "%s has no property '%s'%s", entry.name(), key,
                    (options & kIOServiceSearchPropertyParents) != 0 ? " and neither has a provider in plane '" + plane
                            + "'" : " (pass kIOServiceSearchPropertyParents to search its providers)");
        }
        property[0] = PropertyCopies.copy(found);
        return null;
    }

    /**
     * {@code CopyProviderProperties_Impl}: one dictionary per entry from {@code entry} up its providers (not the root,
     * which is no IOService: {@code getProvider}), each a fresh copy
     * of the entry's {@code IOSupportedProperties} dictionary if it has one, else of its table; narrowed to
     * {@code keys} when given (keys the entry lacks, and {@code null} keys standing for elements that are no strings,
     * are left out); {@code IOClass} there is the kernel class chain, when {@code keys} is {@code null} or names it.
     */
    static List<Map<String, Object>> providerChain(RegistryEntry entry, List<String> keys) {
        final List<Map<String, Object>> chain = new ArrayList<>();
        for (RegistryEntry next = entry; next != null; next = serviceProvider(next)) {
            Map<String, Object> properties = next.property(kIOSupportedPropertiesKey) instanceof Map<?, ?> supported
                    ? PropertyCopies.copyMap(supported) : next.propertyTable();
            boolean addClass = true;
            if (keys != null) {
                final Map<String, Object> wanted = new LinkedHashMap<>();
                addClass = false;
                for (String key : keys) {
                    if (kIOClassKey.equals(key)) {
                        addClass = true;
                    } else if (key != null && properties.get(key) != null) {
                        wanted.put(key, properties.get(key));
                    }
                }
                properties = wanted;
            }
            if (addClass) {
                final List<String> all = next.classChain();
                final int kernelClass = Math.max(0, all.indexOf(next.ioClass()));
                properties.put(kIOClassKey, new ArrayList<Object>(all.subList(kernelClass, all.size())));
            }
            chain.add(properties);
        }
        return chain;
    }

    /**
     * {@return the entry's provider as {@code IOService::getProvider} answers it: its parent in the service plane, but
     * {@code null} for the root's children ("root is not an IOService", XNU IOService.cpp)}
     */
    private static RegistryEntry serviceProvider(RegistryEntry entry) {
        final RegistryEntry parent = entry.provider();
        return parent == null || parent.provider() == null ? null : parent;
    }

    /** {@code Terminate_Impl}'s checks: {@return {@code null} if {@code caller} may terminate {@code entry}} */
    static Failure checkTerminate(RegistryEntry entry, DextServer caller, long options) {
        if (options != 0) {
            return Failure.of(kIOReturnUnsupported, "options=0x%x: IOService::Terminate takes no options (pass 0)",
                    options);
        }
        if (caller == null || entry.server() != caller) {
            return Failure.of(kIOReturnNotPermitted, "%s is not a service of driver server '%s': a dext may terminate"
                    + " only its own services (IOService::Terminate_Impl)", entry.name(),
                    caller == null ? "?" : caller.name());
        }
        return null;
    }

    /** {@return why {@code caller} may not publish on {@code entry}, or {@code null} if it runs it} */
    private static Failure foreign(RegistryEntry entry, DextServer caller, String method) {
        if (caller != null && entry.server() == caller) {
            return null;
        }
        return Failure.of(kIOReturnUnsupported, "%s is not a service of driver server '%s': %s reaches only the"
                + " entry's setProperties, which refuses (IOService::%s_Impl keeps a dext's properties on its own"
                + " services)", entry.name(), caller == null ? "?" : caller.name(), method, method);
    }
}
