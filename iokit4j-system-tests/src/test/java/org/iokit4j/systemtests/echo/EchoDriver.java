package org.iokit4j.systemtests.echo;

import org.iokit4j.IOReturn;
import org.iokit4j.driverkit.IOService;
import org.iokit4j.driverkit.IOUserClient;

/** A test dext: registers itself and hands out {@link EchoUserClient}s, exactly as Apple's samples do. */
public class EchoDriver extends IOService {
    /** How many user clients were made (tests read it). */
    public static final java.util.concurrent.atomic.AtomicInteger CLIENTS = new java.util.concurrent.atomic.AtomicInteger();

    @Override
    public int Start(IOService provider) {
        final int ret = super.Start(provider);
        if (ret != IOReturn.kIOReturnSuccess) {
            return ret;
        }
        return RegisterService();
    }

    @Override
    public int NewUserClient(int type, IOUserClient[] userClient) {
        if (type == 99) {
            return IOReturn.kIOReturnNoResources;
        }
        final IOService[] client = new IOService[1];
        final int ret = Create(this, "UserClientProperties", client);
        if (ret != IOReturn.kIOReturnSuccess) {
            return ret;
        }
        CLIENTS.incrementAndGet();
        userClient[0] = (IOUserClient) client[0];
        return IOReturn.kIOReturnSuccess;
    }
}
