package org.iokit4j.iokitlib;

import java.util.LinkedHashMap;
import java.util.Map;
import org.iokit4j.Diagnostics;
import org.iokit4j.Failure;
import org.iokit4j.IOReturn;
import org.iokit4j.IOReturnException;
import org.iokit4j.mig.Caller;
import org.iokit4j.mig.PropertyValues;

/**
 * The property functions' one implementation ({@link PropertyFunctions} and {@link IOKitLib} are thin over it):
 * IOKitLib's half of the routines, as IOKitUser's {@code IOKitLib.c} and the MIG user stubs do it.
 *
 * <p><b>Concurrency.</b> Stateless; any thread may call.
 */
final class PropertyCalls {
    /** {@code io_name_t} is {@code c_string[*:128]} (XNU device.defs): the MIG stub sends at most 127 characters. */
    static final int IO_NAME_MAX = 127;

    private PropertyCalls() {
    }

    /**
     * {@code IORegistryEntrySearchCFProperty(entry, NULL, key, allocator, 0)}, which is all
     * {@code IORegistryEntryCreateCFProperty} is (IOKitUser IOKitLib.c). {@return the fresh value, or {@code null}}
     */
    static Object createProperty(String function, int entry, String key) {
        if (key == null) {
            Diagnostics.fail(function, Failure.of(IOReturn.kIOReturnBadArgument, "key is null: name the property to"
                    + " read (in C, CFStringGetCStringPtr would crash)"));
            return null;
        }
        final Caller caller = Caller.current();
        final Object[] value = new Object[1];
        final Failure failure = caller.kernel().registryEntryGetProperty(caller.task(), entry, ioName(key), value);
        if (failure != null) {
            Diagnostics.fail(function, failure);
            return null;
        }
        return value[0];
    }

    /** {@code IORegistryEntryCreateCFProperties}: {@return the code; {@code properties[0]} is set only on success} */
    static int createProperties(int entry, Map<String, Object>[] properties) {
        Failure failure = OutParameter.check(properties, "properties", "Map<String,Object>[1]",
                "the entry's properties");
        if (failure == null) {
            @SuppressWarnings("unchecked")
            final Map<String, Object>[] received = new Map[1];
            final Caller caller = Caller.current();
            failure = caller.kernel().registryEntryGetProperties(caller.task(), entry, received);
            if (failure == null) {
                properties[0] = received[0];
            }
        }
        return ServiceCalls.checkedKernelCall("IORegistryEntryCreateCFProperties", failure);
    }

    /**
     * {@code IORegistryEntrySetCFProperties}: {@code IOCFSerialize} of {@code properties}, then
     * {@code io_registry_entry_set_properties}. {@return the code (the routine's, else the entry's result)}
     */
    static int setProperties(String function, int entry, Object properties) {
        if (properties == null) {
            return Diagnostics.fail(function, Failure.of(IOReturn.kIOReturnBadArgument, "properties is null: pass a"
                    + " dictionary of the properties to set (in C, IOCFSerialize would crash)"));
        }
        final Object serialized;
        try {
            serialized = PropertyValues.serialized(properties, "properties");
        } catch (IOReturnException refused) {
            return Diagnostics.fail(function, refused.failure());
        }
        final long size = PropertyValues.binarySize(serialized);
        if (size > PropertyValues.MAX_SERIALIZED_SIZE) { // the kernel's check, made before the bytes travel
            return Diagnostics.fail(function, Failure.of(IOReturn.kIOReturnMessageTooLarge, "the properties serialize"
                    + " to %d bytes: the kernel takes at most %d (is_io_registry_entry_set_properties)", size,
                    PropertyValues.MAX_SERIALIZED_SIZE));
        }
        final Caller caller = Caller.current();
        return ServiceCalls.checkedKernelCall(function,
                caller.kernel().registryEntrySetProperties(caller.task(), entry, serialized));
    }

    /** {@code IORegistryEntrySetCFProperty}: a one-key dictionary to {@link #setProperties}. */
    static int setProperty(String function, int entry, String key, Object value) {
        if (key == null || value == null) {
            return Diagnostics.fail(function, Failure.of(IOReturn.kIOReturnBadArgument, "%s is null: a property"
                    + " needs a name and a value (in C, CFDictionaryCreate would crash)", key == null ? "key"
                    : "value"));
        }
        final Map<String, Object> dictionary = new LinkedHashMap<>();
        dictionary.put(key, value);
        return setProperties(function, entry, dictionary);
    }

    /** {@return {@code name} as an {@code io_name_t} carries it: its first {@value #IO_NAME_MAX} characters} */
    static String ioName(String name) {
        return name.length() <= IO_NAME_MAX ? name : name.substring(0, IO_NAME_MAX);
    }
}
