package org.iokit4j.systemtests.notify;

import java.util.concurrent.atomic.AtomicInteger;
import org.iokit4j.IOReturn;
import org.iokit4j.driverkit.IOService;

/** A test dext loaded after boot (bundles/late, two personalities): registers itself, counts its stops. */
public class LateDriver extends IOService {
    /** Stops seen (tests read it). */
    public static final AtomicInteger STOPS = new AtomicInteger();

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
