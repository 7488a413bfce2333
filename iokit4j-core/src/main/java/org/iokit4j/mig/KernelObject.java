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

    /** {@return the entry's name} */
    String name();

    /** {@return a copy of the entry's properties} */
    Map<String, Object> properties();

    /** {@code RegisterService()}: makes the service visible to matching. */
    Failure registerService();

    /**
     * {@code IOService::Create(provider, propertiesKey, &result)}: makes a new service whose properties are the
     * dictionary under {@code propertiesKey} in this entry's properties, instantiates its {@code IOUserClass}
     * in the same server, and starts it with this entry's object as its provider.
     */
    Failure create(String propertiesKey, DextObject[] result);

    /**
     * For a user client's entry: the client task's bytes {@code [address, address + length)} as a segment (what
     * {@code IOUserClient::CreateMemoryDescriptorFromClient} reaches). A Java client names memory by the addresses
     * of the mappings it holds ({@code IOConnectMapMemory64}).
     *
     * @return {@code null}, or a failure: {@code kIOReturnNotReady} once the user client has closed;
     *         {@code kIOReturnBadArgument} for a range no mapping of the client covers; {@code kIOReturnUnsupported}
     *         for an entry that is not a user client.
     */
    default Failure clientMemory(long address, long length, MemorySegment[] memory) {
        return Failure.of(org.iokit4j.IOReturn.kIOReturnUnsupported, "%s is not a user client: it has no client"
                + " memory", name());
    }
}
