package org.iokit4j.mig;

import org.iokit4j.Failure;

/**
 * One running driver server, as the kernel drives it.
 *
 * <p><b>Concurrency.</b> Implementations are thread-safe.
 */
public interface DextServer {

    /** {@return the server's name ({@code IOUserServerName})} */
    String name();

    /**
     * Creates an instance of driver class {@code userClass} ({@code IOUserClass}) for registry entry
     * {@code entry}: public no-argument constructor, then {@code init()}.
     *
     * @param object receives the new object.
     * @return {@code null}, or why the class could not be made (missing, not an {@code IOService}, {@code init}
     *         refused or threw).
     */
    Failure instantiate(String userClass, KernelObject entry, DextObject[] object);

    /** {@return the server's counters (completions sent and dropped, driver exceptions), a snapshot} */
    java.util.Map<String, Long> statistics();

    /** Stops the server: every object it made is freed. Idempotent. */
    void terminate();
}
