package org.iokit4j.systemtests.props;

import org.iokit4j.IOReturn;
import org.iokit4j.driverkit.IOService;

/** A service a {@link PropsUserClient} makes under the {@link PropsDriver}, to rename and to terminate. */
public class PropsChild extends IOService {
    /** How many children got {@code Stop}: a terminated child's driver is stopped (IOService::Terminate). */
    static final java.util.concurrent.atomic.AtomicInteger STOPS = new java.util.concurrent.atomic.AtomicInteger();

    @Override
    public int Start(IOService provider) {
        final int ret = super.Start(provider);
        return ret != IOReturn.kIOReturnSuccess ? ret : RegisterService();
    }

    @Override
    public int Stop(IOService provider) {
        STOPS.incrementAndGet();
        return super.Stop(provider);
    }
}
