package org.iokit4j.systemtests.spawner;

import org.iokit4j.IOReturn;
import org.iokit4j.driverkit.IOService;
import org.iokit4j.driverkit.IOUserClient;
import org.iokit4j.driverkit.IOUserClientMethodArguments;
import org.iokit4j.driverkit.IOUserClientMethodDispatch;
import org.iokit4j.driverkit.OSObject;

/**
 * A user client whose one method, {@link #kSpawn}, makes a new service under its provider
 * ({@code IOService::Create} with the personality's {@code SpawnedProperties}): how an app makes a service appear
 * while it watches, so a matching notification must travel to it (issue 9 deliverable 4, across processes).
 */
public class SpawnerUserClient extends IOUserClient {
    /** Selector 0: create one more spawned service, which registers itself. */
    public static final int kSpawn = 0;

    private static final IOUserClientMethodDispatch SPAWN = IOUserClientMethodDispatch.builder(
            SpawnerUserClient::spawn).checkScalarInputCount(0).checkScalarOutputCount(0).build();

    private volatile IOService provider;

    @Override
    public int Start(IOService provider) {
        this.provider = provider;
        return super.Start(provider);
    }

    @Override
    public int ExternalMethod(long selector, IOUserClientMethodArguments arguments,
                              IOUserClientMethodDispatch dispatch, OSObject target, Object reference) {
        if (selector == kSpawn) {
            return super.ExternalMethod(selector, arguments, SPAWN, this, reference);
        }
        return super.ExternalMethod(selector, arguments, dispatch, target, reference);
    }

    private static int spawn(OSObject target, Object reference, IOUserClientMethodArguments arguments) {
        final SpawnerUserClient self = (SpawnerUserClient) target;
        final IOService[] spawned = new IOService[1];
        final int ret = self.provider.Create(self.provider, "SpawnedProperties", spawned);
        return ret == IOReturn.kIOReturnSuccess ? IOReturn.kIOReturnSuccess : ret;
    }
}
