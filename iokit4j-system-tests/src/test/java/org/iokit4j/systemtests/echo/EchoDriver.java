package org.iokit4j.systemtests.echo;

import org.iokit4j.IOReturn;
import org.iokit4j.driverkit.IODispatchQueue;
import org.iokit4j.driverkit.IOService;
import org.iokit4j.driverkit.IOUserClient;

/** A test dext: registers itself and hands out {@link EchoUserClient}s, exactly as Apple's samples do. */
public class EchoDriver extends IOService {
    /** The label of the ExternalMethod queue of type-1 clients. */
    public static final String EXTERNAL_QUEUE = "echo.external";
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

    /**
     * Type 0: an ordinary client; type 1: one with its own ExternalMethod queue; type 99: refused with
     * kIOReturnNoResources (the "NewUserClient returns an error" case).
     */
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
        if (type == 1) {
            // type 1: a client whose external methods run on their own queue (kIOUserClientQueueNameExternalMethod)
            final IODispatchQueue[] queue = new IODispatchQueue[1];
            IODispatchQueue.Create(EXTERNAL_QUEUE, 0, 0, queue);
            client[0].SetDispatchQueue(IOUserClient.kIOUserClientQueueNameExternalMethod, queue[0]);
            queue[0].release();
        }
        CLIENTS.incrementAndGet();
        userClient[0] = (IOUserClient) client[0];
        return IOReturn.kIOReturnSuccess;
    }
}
