package org.iokit4j.mig;

import java.lang.foreign.MemorySegment;
import java.util.Map;
import org.iokit4j.Failure;

/**
 * A registry entry, as its driver object in a driver server reaches it (the dext half of an IIG interface).
 *
 * <p><b>Concurrency.</b> Implementations are thread-safe.
 */
public interface KernelObject {

    /** {@return the entry's name now ({@code CopyName}: a driver may rename it with {@link #setName})} */
    String name();

    /**
     * {@return a copy of the entry's properties} ({@code CopyProperties}, XNU {@code IOService::CopyProperties_Local}:
     * the table with the driver's own {@code IOUserServiceProperties} merged over it).
     */
    Map<String, Object> properties();

    /**
     * {@code RegisterService()}: makes the service visible to matching.
     *
     * @return {@code null}, or the routine's failure with its explanation.
     */
    Failure registerService();

    /**
     * {@code IOService::Create(provider, propertiesKey, &result)}: makes a new service whose properties are the
     * dictionary under {@code propertiesKey} in this entry's properties, instantiates its {@code IOUserClass}
     * in the same server, and starts it with this entry's object as its provider.
     *
     * @param propertiesKey the key of the provider's property holding the new object's dictionary.
     * @param result        receives the new object.
     * @return {@code null}, or the routine's failure with its explanation.
     */
    Failure create(String propertiesKey, DextObject[] result);

    // ---- properties and the registry, as a driver reaches them (issue 11; DriverKit IOService.iig) ----

    /**
     * {@code GetRegistryEntryID}: the entry's registry entry ID (XNU IOUserServer.cpp
     * {@code IOService::GetRegistryEntryID_Impl}: always succeeds).
     *
     * @return the ID; 0 if the kernel cannot be reached.
     */
    default long registryEntryID() {
        return 0;
    }

    /**
     * {@code SetProperties} (XNU IOUserServer.cpp {@code IOService::SetProperties_Impl}): a driver publishes
     * {@code properties} on its own service; they are merged into the entry's {@code IOUserServiceProperties}
     * dictionary, never over the entry's own table, and apps read them with {@code IORegistryEntryCreateCFProperty}.
     *
     * @param caller     the driver server calling (the kernel knows it for a server in its own process: pass
     *                   {@code null} there).
     * @param properties a dictionary as {@link PropertyValues#serialized} makes it, or {@code null}.
     * @return {@code null}, or {@code kIOReturnUnsupported} for {@code null} properties or an entry of another
     *         server or of the kernel (its class's {@code setProperties} refuses), {@code kIOReturnNotReady} if the
     *         kernel cannot be reached.
     */
    default Failure setProperties(DextServer caller, Map<String, Object> properties) {
        return Failure.of(org.iokit4j.IOReturn.kIOReturnUnsupported, "%s takes no properties", name());
    }

    /**
     * {@code RemoveProperty} (XNU {@code IOService::RemoveProperty_Impl}): removes {@code name} from the properties
     * the driver set.
     *
     * @param caller the kernel and task to act as.
     * @param name   the name in the task's space.
     * @return {@code null} (also when the key was not there); {@code kIOReturnNotFound} if the driver never set a
     *         property on the entry; {@code kIOReturnUnsupported} for a null name or an entry of another server or of
     *         the kernel.
     */
    default Failure removeProperty(DextServer caller, String name) {
        return Failure.of(org.iokit4j.IOReturn.kIOReturnUnsupported, "%s has no properties to remove", name());
    }

    /**
     * {@code SearchProperty} (XNU {@code IOService::SearchProperty_Impl}): property {@code name} of the entry, or with
     * {@code kIOServiceSearchPropertyParents} (1) of the first of its ancestors in {@code plane} that has it.
     *
     * @param property receives a fresh copy of the value.
     * @param name     the name in the task's space.
     * @param plane    the plane's name.
     * @param options  the options.
     * @return {@code null}, or {@code kIOReturnNotFound}.
     */
    default Failure searchProperty(String name, String plane, long options, Object[] property) {
        return Failure.of(org.iokit4j.IOReturn.kIOReturnNotFound, "%s has no property '%s'", name(), name);
    }

    /**
     * {@code SetName} (XNU {@code IOService::SetName_Impl}): the entry's name from now on.
     *
     * @param name the new name.
     * @return {@code null}, or why the entry was not renamed.
     */
    default Failure setName(String name) {
        return Failure.of(org.iokit4j.IOReturn.kIOReturnUnsupported, "%s cannot be renamed", name());
    }

    /**
     * {@code CopyProviderProperties} (XNU {@code IOService::CopyProviderProperties_Impl}): one dictionary per entry
     * from this one up its providers (not the root: {@code getProvider} answers NULL under it), each the entry's
     *         {@code IOSupportedProperties} or else its property table,
     * narrowed to {@code keys} when given; {@code IOClass} there is the entry's kernel class chain.
     *
     * @param keys       the keys wanted, or {@code null} for all.
     * @param properties receives the list of fresh dictionaries.
     * @return {@code null}, or the routine's failure with its explanation.
     */
    default Failure providerProperties(java.util.List<String> keys, java.util.List<Map<String, Object>>[] properties) {
        return Failure.of(org.iokit4j.IOReturn.kIOReturnUnsupported, "%s has no provider chain", name());
    }

    /**
     * {@code Terminate} (XNU {@code IOService::Terminate_Impl}): starts terminating the entry, as a provider going away
     * would; it finishes later (its driver gets {@code Stop}).
     *
     * @param caller  the kernel and task to act as.
     * @param options the options.
     * @return {@code null}; {@code kIOReturnUnsupported} for options other than 0; {@code kIOReturnNotPermitted} for
     *         an entry the calling server does not run.
     */
    default Failure terminate(DextServer caller, long options) {
        return Failure.of(org.iokit4j.IOReturn.kIOReturnUnsupported, "%s cannot be terminated", name());
    }

    /**
     * For a user client's entry: the client task's bytes {@code [address, address + length)} as a segment (what
     * {@code IOUserClient::CreateMemoryDescriptorFromClient} reaches). A Java client names memory by the addresses
     * of the mappings it holds ({@code IOConnectMapMemory64}).
     *
     * @param address an address in the task's map.
     * @param length  the length in bytes.
     * @param memory  the shared memory.
     * @return {@code null}, or a failure: {@code kIOReturnNotReady} once the user client has closed;
     *         {@code kIOReturnBadArgument} for a range no mapping of the client covers; {@code kIOReturnUnsupported}
     *         for an entry that is not a user client.
     */
    default Failure clientMemory(long address, long length, MemorySegment[] memory) {
        return Failure.of(org.iokit4j.IOReturn.kIOReturnUnsupported, "%s is not a user client: it has no client"
                + " memory", name());
    }
}
