package org.iokit4j.kerneld.serve;

import org.iokit4j.kernel.Kernel;
import org.iokit4j.kerneld.ConnectionHandler;
import org.iokit4j.kerneld.ConnectionHandlerFactory;

/** The daemon's protocol server, as {@code KernelDaemon} finds it ({@link java.util.ServiceLoader}). */
public final class SessionHandlers implements ConnectionHandlerFactory {

    /** Creates the factory (the service loader does). */
    public SessionHandlers() {
    }

    @Override
    public ConnectionHandler apply(Kernel kernel) {
        return new SessionServer(kernel);
    }
}
