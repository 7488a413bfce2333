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
     * @param object    receives the new object.
     * @param userClass the driver class's name ({@code IOUserClass}).
     * @param entry     the task's name for the registry entry.
     * @return {@code null}, or why the class could not be made (missing, not an {@code IOService}, {@code init}
     *         refused or threw).
     */
    Failure instantiate(String userClass, KernelObject entry, DextObject[] object);

    /** {@return the server's counters (completions sent and dropped, driver exceptions), a snapshot} */
    java.util.Map<String, Long> statistics();

    /**
     * {@return why the server died, or {@code null} while it runs or if it was stopped by {@link #terminate}} A server
     * in a process of its own dies when that process exits on its own or is killed; the kernel then terminates its
     * services and starts it again (issue 10). Servers inside the kernel's process never die.
     */
    default Failure death() {
        return null;
    }

    /**
     * Forgets the stand-in this server keeps for {@code entry}, an entry of another server (or of the kernel) that
     * left the registry: its objects named it as a provider or a client.
     *
     * @param entry the task's name for the registry entry.
     */
    default void forget(KernelObject entry) {
    }

    /** Stops the server: every object it made is freed. Idempotent. */
    void terminate();
}
