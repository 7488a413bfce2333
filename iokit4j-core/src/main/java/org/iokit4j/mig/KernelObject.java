package org.iokit4j.mig;

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
}
