package org.iokit4j.systemtests.objects;

import org.iokit4j.IOReturn;
import org.iokit4j.driverkit.IOUserClient;
import org.iokit4j.systemtests.support.UserClientProvider;

/**
 * The objects test dext's service (issue 11): it hands out {@link ObjectsUserClient}s, whose calls make a
 * {@link GatedNub} appear and open the gate its driver waits at; type {@link #kNoClient} answers success with no user
 * client.
 */
public class ObjectsDriver extends UserClientProvider {
    /** The {@code IOServiceOpen} type for which {@code NewUserClient} returns success but leaves the client unset. */
    public static final int kNoClient = 7;

    @Override
    public int NewUserClient(int type, IOUserClient[] userClient) {
        if (type == kNoClient) {
            return IOReturn.kIOReturnSuccess; // the driver's mistake: XNU answers kIOReturnError for it
        }
        return super.NewUserClient(type, userClient);
    }
}
