package org.iokit4j.driverkit;

import static org.iokit4j.IOReturn.kIOReturnBadArgument;
import static org.iokit4j.IOReturn.kIOReturnSuccess;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.iokit4j.Diagnostics;
import org.iokit4j.Failure;
import org.iokit4j.IOReturn;
import org.iokit4j.IOReturnException;
import org.iokit4j.mig.KernelObject;
import org.iokit4j.mig.PropertyValues;

/**
 * The one implementation of {@link IOService}'s property and registry methods: the containers converted to and from
 * property values ({@link OSContainers}), the call to the service's registry entry ({@link KernelObject}), the code
 * and its explanation ({@link Diagnostics#fail}).
 *
 * <p>Values from the kernel that no container holds (a personality's {@code <real>} or {@code <date>}) are left out
 * of what a driver gets: DriverKit has no container for them.
 *
 * <p><b>Concurrency.</b> Stateless; the kernel side is thread-safe.
 */
final class ServiceProperties {
    private ServiceProperties() {
    }

    static int setProperties(IOService service, OSDictionary properties) {
        final KernelObject entry = service.kernelObject();
        if (entry == null) {
            return service.notAttached("SetProperties");
        }
        Map<String, Object> values = null;
        if (properties != null) {
            try {
                @SuppressWarnings("unchecked")
                final Map<String, Object> serialized = (Map<String, Object>) PropertyValues.serialized(
                        OSContainers.toMap(properties), "properties");
                values = serialized;
            } catch (IllegalArgumentException notContainers) {
                return fail("SetProperties", Failure.of(kIOReturnBadArgument, "%s", notContainers.getMessage()));
            } catch (IOReturnException refused) {
                return fail("SetProperties", refused.failure());
            }
        }
        return result("SetProperties", entry.setProperties(service.server(), values));
    }

    static int copyProperties(IOService service, OSDictionary[] properties) {
        final Failure out = out(properties, "properties", "OSDictionary[1]");
        final KernelObject entry = service.kernelObject();
        if (out != null || entry == null) {
            return out != null ? fail("CopyProperties", out) : service.notAttached("CopyProperties");
        }
        try {
            properties[0] = (OSDictionary) container(holdable(entry.properties()));
            return kIOReturnSuccess;
        } catch (IOReturnException refused) {
            return fail("CopyProperties", refused.failure());
        }
    }

    static int searchProperty(IOService service, String name, String plane, long options, OSContainer[] property) {
        final Failure out = out(property, "property", "OSContainer[1]");
        final KernelObject entry = service.kernelObject();
        if (out != null || entry == null) {
            return out != null ? fail("SearchProperty", out) : service.notAttached("SearchProperty");
        }
        property[0] = null; // XNU: *property = object, NULL when not found
        final Object[] found = new Object[1];
        final Failure failure = entry.searchProperty(name, plane, options, found);
        if (failure == null) {
            final Object value = holdable(found[0]);
            if (value == null) {
                return fail("SearchProperty", Failure.of(IOReturn.kIOReturnNotFound, "property '%s' of %s holds"
                        + " a value no container can hold (%s)", name, entry.name(), found[0].getClass().getName()));
            }
            try {
                property[0] = container(value);
            } catch (IOReturnException refused) {
                return fail("SearchProperty", refused.failure());
            }
        }
        return result("SearchProperty", failure);
    }

    static int providerProperties(IOService service, OSArray propertyKeys, OSArray[] properties) {
        final Failure out = out(properties, "properties", "OSArray[1]");
        final KernelObject entry = service.kernelObject();
        if (out != null || entry == null) {
            return out != null ? fail("CopyProviderProperties", out) : service.notAttached("CopyProviderProperties");
        }
        List<String> keys = null;
        if (propertyKeys != null) {
            keys = new ArrayList<>();
            for (int i = 0; i < propertyKeys.getCount(); i++) {
                final OSString key = OSObject.OSDynamicCast(OSString.class, propertyKeys.getObject(i));
                keys.add(key == null ? null : key.getCStringNoCopy()); // XNU: OSDynamicCast(OSString) → NULL key
            }
        }
        @SuppressWarnings("unchecked")
        final List<Map<String, Object>>[] chain = new List[1];
        final Failure failure = entry.providerProperties(keys, chain);
        if (failure == null) {
            try {
                properties[0] = (OSArray) container(holdable(chain[0]));
            } catch (IOReturnException refused) {
                return fail("CopyProviderProperties", refused.failure());
            }
        }
        return result("CopyProviderProperties", failure);
    }

    static int copyName(IOService service, OSString[] name) {
        final Failure out = out(name, "name", "OSString[1]");
        final KernelObject entry = service.kernelObject();
        if (out != null || entry == null) {
            return out != null ? fail("CopyName", out) : service.notAttached("CopyName");
        }
        name[0] = OSString.withCString(entry.name());
        return name[0] != null ? kIOReturnSuccess : fail("CopyName", Failure.of(IOReturn.kIOReturnError, "the"
                + " name of %s is too long for an OSString", service.getClass().getName()));
    }

    static int registryEntryID(IOService service, long[] registryEntryID) {
        final Failure out = registryEntryID != null && registryEntryID.length >= 1 ? null : Failure.of(
                kIOReturnBadArgument, "registryEntryID must be a long[1] to receive the ID (a C out-parameter)");
        final KernelObject entry = service.kernelObject();
        if (out != null || entry == null) {
            return out != null ? fail("GetRegistryEntryID", out) : service.notAttached("GetRegistryEntryID");
        }
        registryEntryID[0] = entry.registryEntryID();
        return kIOReturnSuccess;
    }

    /** {@return the code of {@code failure} (success for {@code null}), recorded as the last failure} */
    static int result(String method, Failure failure) {
        return failure == null ? kIOReturnSuccess : fail(method, failure);
    }

    private static int fail(String method, Failure failure) {
        return Diagnostics.fail("IOService::" + method, failure);
    }

    private static Failure out(Object[] array, String name, String type) {
        return array != null && array.length >= 1 ? null : Failure.of(kIOReturnBadArgument, "%s must be a %s to"
                + " receive the result (a C out-parameter), got %s", name, type, array == null ? "null"
                : "an empty array");
    }

    /**
     * {@return a new container of {@code value} (one reference, the caller's)}
     *
     * @throws IOReturnException {@code kIOReturnNoMemory} for a value a container cannot hold (a string over
     *                           {@link OSString#kMaxStringLength} bytes: {@code OSString::withCString} fails).
     */
    private static OSContainer container(Object value) {
        try {
            return OSContainers.fromValue(value);
        } catch (IllegalArgumentException tooBig) {
            throw new IOReturnException(IOReturn.kIOReturnNoMemory, tooBig.getMessage());
        }
    }

    /** {@return {@code value} without what no container holds, or {@code null} if it is such a value itself} */
    static Object holdable(Object value) {
        return switch (value) {
            case Map<?, ?> map -> {
                final Map<String, Object> kept = new LinkedHashMap<>();
                map.forEach((key, member) -> {
                    final Object holdable = holdable(member);
                    if (holdable != null) {
                        kept.put(String.valueOf(key), holdable);
                    }
                });
                yield kept;
            }
            case List<?> list -> {
                final List<Object> kept = new ArrayList<>();
                list.forEach(member -> {
                    final Object holdable = holdable(member);
                    if (holdable != null) {
                        kept.add(holdable);
                    }
                });
                yield kept;
            }
            case String _, Long _, Integer _, Short _, Byte _, Boolean _, byte[] _ -> value;
            case null, default -> null;
        };
    }
}
