package org.iokit4j.systemtests.objects;

import org.iokit4j.IOReturn;
import org.iokit4j.driverkit.IODispatchQueue;
import org.iokit4j.driverkit.IOService;
import org.iokit4j.driverkit.IOUserClient;
import org.iokit4j.driverkit.IOUserClientMethodArguments;
import org.iokit4j.driverkit.IOUserClientMethodDispatch;
import org.iokit4j.driverkit.OSObject;

/**
 * The objects dext's user client: {@link #kSpawnGated} makes a {@link GatedNub} under its provider on a queue of its
 * own and returns once the nub's {@link GatedDriver} waits at its gate (so the nub is registered and busy);
 * {@link #kOpenGate} opens the gate. How an app sees a service busy and then quiet (issue 11, busy state).
 */
public class ObjectsUserClient extends IOUserClient {
    /** Selector 0: make a gated nub; answers once its driver waits at the gate, or kIOReturnTimeout. */
    public static final int kSpawnGated = 0;
    /** Selector 1: open the gate. */
    public static final int kOpenGate = 1;

    private static final IOUserClientMethodDispatch SPAWN = IOUserClientMethodDispatch.builder(
            ObjectsUserClient::spawn).build();
    private static final IOUserClientMethodDispatch OPEN = IOUserClientMethodDispatch.builder(
            (target, reference, arguments) -> {
                GatedDriver.open();
                return IOReturn.kIOReturnSuccess;
            }).build();

    private volatile IOService provider;
    private volatile IODispatchQueue spawner;
    private volatile IODispatchQueue external;

    /**
     * Keeps the provider and makes two queues of its own: the nub's and its driver's {@code Start} run on the
     * server's default queue, which the gated driver holds while it waits, so neither the external methods (the
     * call that opens the gate) nor the spawning may run there.
     */
    @Override
    public int Start(IOService provider) {
        this.provider = provider;
        final IODispatchQueue[] queue = new IODispatchQueue[1];
        int made = IODispatchQueue.Create("objects.spawner", 0, 0, queue);
        spawner = queue[0];
        if (made == IOReturn.kIOReturnSuccess) {
            made = IODispatchQueue.Create("objects.external", 0, 0, queue);
            external = queue[0];
        }
        if (made == IOReturn.kIOReturnSuccess) {
            made = SetDispatchQueue(kIOUserClientQueueNameExternalMethod, external);
        }
        return made != IOReturn.kIOReturnSuccess ? made : super.Start(provider);
    }

    @Override
    public int Stop(IOService provider) {
        for (IODispatchQueue queue : new IODispatchQueue[] {spawner, external}) {
            if (queue != null) {
                queue.release(); // its thread ends once the work still queued on it has run
            }
        }
        spawner = null;
        external = null;
        return super.Stop(provider);
    }

    @Override
    public int ExternalMethod(long selector, IOUserClientMethodArguments arguments,
                              IOUserClientMethodDispatch dispatch, OSObject target, Object reference) {
        if (selector == kSpawnGated) {
            return super.ExternalMethod(selector, arguments, SPAWN, this, reference);
        }
        if (selector == kOpenGate) {
            return super.ExternalMethod(selector, arguments, OPEN, this, reference);
        }
        return super.ExternalMethod(selector, arguments, dispatch, target, reference);
    }

    private static int spawn(OSObject target, Object reference, IOUserClientMethodArguments arguments) {
        final ObjectsUserClient self = (ObjectsUserClient) target;
        GatedDriver.arm();
        self.spawner.DispatchAsync(() -> {
            final IOService[] nub = new IOService[1];
            self.provider.Create(self.provider, "GatedNubProperties", nub); // returns once the gate opens
        });
        try {
            return GatedDriver.awaitStarted() ? IOReturn.kIOReturnSuccess : IOReturn.kIOReturnTimeout;
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return IOReturn.kIOReturnAborted;
        }
    }
}
