package org.iokit4j.driverkit;

import org.iokit4j.mach.MachTask;
import org.iokit4j.mig.DextHost;
import org.iokit4j.mig.DextServer;

/**
 * The DriverKit runtime's entry point for an embedded kernel: runs each driver server in this JVM, with its own
 * task and default dispatch queue. Found by the kernel through {@link java.util.ServiceLoader}; drivers never use
 * it.
 *
 * <p><b>Concurrency.</b> Stateless; thread-safe.
 */
public final class EmbeddedDextHost implements DextHost {
    private final DriverClock clock;

    /** Creates the host on the system clock (the service loader does). */
    public EmbeddedDextHost() {
        this(DriverClock.system());
    }

    /**
     * Creates a host whose driver servers read {@code clock}: their {@link MachTime} and every
     * {@link IOTimerDispatchSource} on their queues. A test gives a manual clock and passes the host to
     * {@code Kernel.builder().dextHost(...)}, then advances the clock to fire timers deterministically.
     *
     * @param clock the clock every driver server it launches reads.
     */
    public EmbeddedDextHost(DriverClock clock) {
        this.clock = java.util.Objects.requireNonNull(clock, "clock");
    }

    /** {@return the clock this host's driver servers read} */
    public DriverClock clock() {
        return clock;
    }

    @Override
    public DextServer launch(String serverName, MachTask serverTask, ClassLoader loader) {
        return new DriverServer(serverName, serverTask, loader, clock.scheduler());
    }
}
