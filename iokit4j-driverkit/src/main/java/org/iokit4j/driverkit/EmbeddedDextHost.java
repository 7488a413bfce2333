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

    /** Creates the host (the service loader does). */
    public EmbeddedDextHost() {
    }

    @Override
    public DextServer launch(String serverName, MachTask serverTask, ClassLoader loader) {
        return new DriverServer(serverName, serverTask, loader);
    }
}
