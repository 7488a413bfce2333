package org.iokit4j.systemtests.crash;

import java.util.concurrent.atomic.AtomicInteger;
import org.iokit4j.driverkit.IOService;
import org.iokit4j.systemtests.support.UserClientProvider;

/**
 * The provider of the crash test (issue 10): a service in a driver server of its own, on which {@link CrashDriver}
 * (another server) matches. Its driver server is not the one the test kills; it counts the {@code ClientCrashed}
 * calls the kernel makes when its client's server dies, and its user client reports them.
 */
public class CrashProvider extends UserClientProvider {
    /** How many times {@code ClientCrashed} reached this server's provider. */
    static final AtomicInteger CLIENT_CRASHED = new AtomicInteger();

    @Override
    public int ClientCrashed(IOService client, long options) {
        CLIENT_CRASHED.incrementAndGet();
        return org.iokit4j.IOReturn.kIOReturnSuccess;
    }
}
