package org.iokit4j.benchmarks.fill;

import org.iokit4j.IOReturn;
import org.iokit4j.driverkit.IOService;
import org.iokit4j.driverkit.IOUserClient;

/** The benchmark dext's service: registers itself and hands out {@link FillUserClient}s. */
public class FillDriver extends IOService {
    @Override
    public int Start(IOService provider) {
        final int ret = super.Start(provider);
        return ret != IOReturn.kIOReturnSuccess ? ret : RegisterService();
    }

    @Override
    public int NewUserClient(int type, IOUserClient[] userClient) {
        final IOService[] client = new IOService[1];
        final int ret = Create(this, "UserClientProperties", client);
        if (ret == IOReturn.kIOReturnSuccess) {
            userClient[0] = (IOUserClient) client[0];
        }
        return ret;
    }
}
