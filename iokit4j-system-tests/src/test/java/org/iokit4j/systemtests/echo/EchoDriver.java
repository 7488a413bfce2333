package org.iokit4j.systemtests.echo;

import org.iokit4j.IOReturn;
import org.iokit4j.driverkit.IODispatchQueue;
import org.iokit4j.driverkit.IOUserClient;
import org.iokit4j.systemtests.support.UserClientProvider;

/** A test dext: registers itself and hands out {@link EchoUserClient}s, exactly as Apple's samples do. */
public class EchoDriver extends UserClientProvider {
    /** The label of the ExternalMethod queue of type-1 clients. */
    public static final String EXTERNAL_QUEUE = "echo.external";
    /** How many user clients were made (tests read it). */
    public static final java.util.concurrent.atomic.AtomicInteger CLIENTS = new java.util.concurrent.atomic.AtomicInteger();

    /**
     * Type 0: an ordinary client; type 1: one with its own ExternalMethod queue; type 99: refused with
     * kIOReturnNoResources (the "NewUserClient returns an error" case).
     */
    @Override
    public int NewUserClient(int type, IOUserClient[] userClient) {
        if (type == 99) {
            return IOReturn.kIOReturnNoResources;
        }
        final int ret = super.NewUserClient(type, userClient);
        if (ret != IOReturn.kIOReturnSuccess) {
            return ret;
        }
        if (type == 1) {
            // type 1: a client whose external methods run on their own queue (kIOUserClientQueueNameExternalMethod)
            final IODispatchQueue[] queue = new IODispatchQueue[1];
            IODispatchQueue.Create(EXTERNAL_QUEUE, 0, 0, queue);
            userClient[0].SetDispatchQueue(IOUserClient.kIOUserClientQueueNameExternalMethod, queue[0]);
            queue[0].release();
        }
        CLIENTS.incrementAndGet();
        return IOReturn.kIOReturnSuccess;
    }
}
