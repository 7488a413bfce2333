package org.iokit4j.mig;

import org.iokit4j.mach.MachTask;

/**
 * Starts driver servers (the processes dexts run in): the DriverKit runtime as the kernel sees it.
 *
 * <p>Found by the kernel with {@link java.util.ServiceLoader}. The embedded host runs each server in this JVM
 * with its own task and default dispatch queue; a daemon host starts a JVM per server.
 */
public interface DextHost {

    /**
     * Starts the driver server {@code serverName} ({@code IOUserServerName}) as {@code serverTask}, loading
     * driver classes through {@code loader}.
     *
     * @param serverName the driver server's name.
     * @param serverTask the driver server's task.
     * @param loader     the class loader that finds the driver's classes.
     * @return the running server.
     */
    DextServer launch(String serverName, MachTask serverTask, ClassLoader loader);
}
