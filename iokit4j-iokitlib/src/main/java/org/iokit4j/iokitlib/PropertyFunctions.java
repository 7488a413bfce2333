package org.iokit4j.iokitlib;

import java.util.Map;

/**
 * IOKitLib's property functions: reading, searching and setting a registry entry's properties (issue 11). Call them as {@code IOKitLib.X} (or through {@code import static org.iokit4j.iokitlib.IOKitLib.*}):
 * {@link IOKitLib} inherits them, so one static import still gives a C port every function. They follow the rules
 * of {@link IOKitLib}'s class comment (Apple's codes, the reason recorded as the thread's last failure, nothing
 * thrown for a bad argument).
 *
 * <p><b>Values.</b> A property arrives in the types of contract.md §7 ({@code String}, {@code Long}, {@code Boolean},
 * {@code byte[]}, {@code List<Object>}, {@code Map<String,Object>}) and is a fresh copy the caller owns: the kernel
 * serializes it and IOKitLib unserializes it, so changing it changes nothing else. What a driver publishes with
 * {@code IOService::SetProperties} is read here like any other property (XNU IOUserClient.cpp
 * {@code IOCopyPropertyCompatible}). A value set is read during the call (the caller may reuse it) and converted as
 * {@code IOCFSerialize} does ({@link org.iokit4j.mig.PropertyValues}).
 *
 * <p>{@code CFAllocatorRef} parameters take any value and are ignored ({@link CoreFoundation#kCFAllocatorDefault} is
 * {@code null}); so are the {@code options} of the two create functions, as in IOKitUser ({@code __unused}).
 *
 * <p><b>Concurrency.</b> Every function is thread-safe and blocks only for the kernel's answer.
 */
public abstract class PropertyFunctions extends RegistryFunctions {
    /** {@code kIORegistryEntryPropertyKeysKey}: reading this key answers the names of the entry's own properties. */
    public static final String kIORegistryEntryPropertyKeysKey = "IORegistryEntryPropertyKeys";

    PropertyFunctions() {
    }

    /**
     * {@code IORegistryEntryCreateCFProperty}: a fresh copy of property {@code key} of {@code entry}, or {@code null}
     * if it has none. IOKitLib reads it as {@code IORegistryEntrySearchCFProperty(entry, NULL, key, allocator, 0)}:
     * the entry's own table first, then what its driver published. The key travels as an {@code io_name_t}: only its
     * first 127 characters are looked up (XNU device.defs {@code c_string[*:128]}). No key is made up: an entry's ID
     * is {@code IORegistryEntryGetRegistryEntryID}'s, its class {@code IOObjectGetClass}'s;
     * {@link #kIORegistryEntryPropertyKeysKey} answers the names of the entry's own properties.
     *
     * @param entry     a registry entry, or a connection (a user client is one).
     * @param allocator ignored.
     * @param options   ignored (IOKitUser passes {@code kNilOptions} on).
     * @param key       the property's name.
     * @return the value, or {@code null}: no such property, or a failure (the last failure says which: {@code
     *         MACH_SEND_INVALID_DEST} for a name the task does not hold, {@code kIOReturnBadArgument} for a null key
     *         or a name of another kind of object).
     */
    public static Object IORegistryEntryCreateCFProperty(int entry, String key, Object allocator, int options) {
        return PropertyCalls.createProperty("IORegistryEntryCreateCFProperty", entry, key);
    }

    /**
     * {@code IORegistryEntryCreateCFProperties}: a fresh dictionary of every property of {@code entry}, with what its
     * driver published merged over its own table (XNU {@code is_io_registry_entry_get_properties_bin_buf}).
     *
     * @param properties receives the dictionary (mutable, the caller's own), a {@code Map[1]}; untouched on failure.
     * @param allocator  ignored.
     * @param options    ignored ({@code __unused} in IOKitUser).
     * @param entry      the registry entry: a service, the root, or a connection (a user client is an entry).
     * @return {@code kIOReturnSuccess}; {@code MACH_SEND_INVALID_DEST} for a name the task does not hold;
     *         {@code kIOReturnBadArgument} for a name of another kind of object or a missing out-array.
     */
    public static int IORegistryEntryCreateCFProperties(int entry, Map<String, Object>[] properties,
                                                        Object allocator, int options) {
        return PropertyCalls.createProperties(entry, properties);
    }

    /**
     * {@code IORegistryEntrySetCFProperty}: sets one property, as a one-key dictionary to
     * {@link #IORegistryEntrySetCFProperties}.
     *
     * @param entry the registry entry: a service, the root, or a connection (a user client is an entry).
     * @param key   the property's name.
     * @param value its new value.
     * @return as {@link #IORegistryEntrySetCFProperties}; {@code kIOReturnBadArgument} for a null key or value.
     */
    public static int IORegistryEntrySetCFProperty(int entry, String key, Object value) {
        return PropertyCalls.setProperty("IORegistryEntrySetCFProperty", entry, key, value);
    }

    /**
     * {@code IORegistryEntrySetCFProperties}: hands {@code properties} to the entry's {@code setProperties}, as XNU's
     * {@code is_io_registry_entry_set_properties} does. What an app may set, and what it gets back:
     * <ul>
     *   <li>a dext's user client (the connection, or its entry): {@code kIOReturnUnsupported}
     *       ({@code IOUserUserClient::setProperties});</li>
     *   <li>a dext's service: {@code kIOReturnUnsupported} ({@code IORegistryEntry::setProperties}, then the driver's
     *       {@code UserSetProperties}, which no public DriverKit driver implements); a driver publishes its own
     *       properties with {@code SetProperties};</li>
     *   <li>{@code IOResources}: each key is published as a resource ({@code IOResourceMatch} then finds it) for a task
     *       with the entitlement {@code com.apple.private.iokit.ioresources.setproperty}; without it
     *       {@code kIOReturnNotPrivileged}; a value that is no dictionary {@code kIOReturnBadArgument};</li>
     *   <li>the root and {@code IOUserResources}: {@code kIOReturnUnsupported}.</li>
     * </ul>
     * Before that: an entry whose {@code IORegistryEntryAllowableSetProperties} does not list every key refuses with
     * {@code kIOReturnBadArgument} ({@code kIOReturnNotPermitted} if the value is no dictionary).
     *
     * @param properties usually a {@code Map<String,Object>}; converted as {@code IOCFSerialize} does.
     * @param entry      the registry entry: a service, the root, or a connection (a user client is an entry).
     * @return the code; also {@code kIOReturnBadArgument} for a null value, a null or non-String key, a cycle or
     *         nesting over 64 levels, {@code kIOReturnMessageTooLarge} for more than 4 MiB serialized,
     *         {@code MACH_SEND_INVALID_DEST} for a name the task does not hold.
     */
    public static int IORegistryEntrySetCFProperties(int entry, Object properties) {
        return PropertyCalls.setProperties("IORegistryEntrySetCFProperties", entry, properties);
    }

    /**
     * {@code IOConnectSetCFProperties}: hands {@code properties} to the connection's user client, as XNU's
     * {@code is_io_connect_set_properties} does (it is {@code is_io_registry_entry_set_properties} on the
     * connection). A dext's user client answers {@code kIOReturnUnsupported} ({@code IOUserUserClient::setProperties}).
     *
     * @param connect    the connection, from {@code IOServiceOpen}.
     * @param properties the properties, usually a {@code Map<String,Object>}.
     * @return as {@link #IORegistryEntrySetCFProperties}.
     */
    public static int IOConnectSetCFProperties(int connect, Object properties) {
        return PropertyCalls.setProperties("IOConnectSetCFProperties", connect, properties);
    }

    /**
     * {@code IOConnectSetCFProperty}: one property, as a one-key dictionary to {@link #IOConnectSetCFProperties}
     * (IOKitUser's {@code IOConnectSetCFProperty}).
     *
     * @param connect the connection, from {@code IOServiceOpen}.
     * @param key     the property's name.
     * @param value   its new value.
     * @return as {@link #IOConnectSetCFProperties}; {@code kIOReturnBadArgument} for a null key or value.
     */
    public static int IOConnectSetCFProperty(int connect, String key, Object value) {
        return PropertyCalls.setProperty("IOConnectSetCFProperty", connect, key, value);
    }
}
