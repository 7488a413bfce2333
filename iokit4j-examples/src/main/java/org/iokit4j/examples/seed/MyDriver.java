package org.iokit4j.examples.seed;

import static org.iokit4j.IOReturn.kIOReturnSuccess;

import org.iokit4j.driverkit.IOService;
import org.iokit4j.driverkit.IOUserClient;

/** The seed's dext: a service on IOUserResources that hands out {@link MyDriverClient}s. */
public class MyDriver extends IOService {

    @Override
    public int Start(IOService provider) {
        int ret = super.Start(provider);
        if (ret != kIOReturnSuccess) {
            return ret;
        }
        return RegisterService();
    }

    @Override
    public int NewUserClient(int type, IOUserClient[] userClient) {
        final IOService[] client = new IOService[1];
        final int ret = Create(this, "UserClientProperties", client);
        if (ret != kIOReturnSuccess) {
            return ret;
        }
        userClient[0] = (IOUserClient) client[0];
        return kIOReturnSuccess;
    }
}
