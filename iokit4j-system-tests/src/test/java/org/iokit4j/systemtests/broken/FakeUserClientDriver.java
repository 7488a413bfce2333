package org.iokit4j.systemtests.broken;

import org.iokit4j.IOReturn;
import org.iokit4j.driverkit.IOService;
import org.iokit4j.driverkit.IOUserClient;

/**
 * A test dext whose user clients go wrong: type 0 asks {@code Create} for a user client whose {@code IOUserClass}
 * is not an IOService; type 1 returns a user client made with {@code new} instead of {@code Create}.
 */
public class FakeUserClientDriver extends IOService {
    @Override
    public int Start(IOService provider) {
        return RegisterService();
    }

    @Override
    public int NewUserClient(int type, IOUserClient[] userClient) {
        if (type == 1) {
            userClient[0] = new IOUserClient();
            return IOReturn.kIOReturnSuccess;
        }
        final IOService[] made = new IOService[1];
        final int ret = Create(this, "UserClientProperties", made);
        if (ret == IOReturn.kIOReturnSuccess) {
            userClient[0] = (IOUserClient) made[0];
        }
        return ret;
    }
}
