package org.iokit4j.systemtests.hostile;

import org.iokit4j.IOReturn;
import org.iokit4j.driverkit.IOUserClient;
import org.iokit4j.systemtests.support.UserClientProvider;

/**
 * A test dext that throws on request: {@code NewUserClient} of type {@link #THROW_TYPE_BASE} + k throws
 * {@link Hostility} k; any other type makes a {@link HostileUserClient}.
 */
public class HostileDriver extends UserClientProvider {
    public static final String NAME = HostileDriver.class.getName();
    public static final int THROW_TYPE_BASE = 100;

    @Override
    public int NewUserClient(int type, IOUserClient[] userClient) {
        if (type >= THROW_TYPE_BASE) {
            Hostility.raise(type - THROW_TYPE_BASE);
            return IOReturn.kIOReturnInternalError; // unreachable: every kind throws
        }
        return super.NewUserClient(type, userClient);
    }
}
