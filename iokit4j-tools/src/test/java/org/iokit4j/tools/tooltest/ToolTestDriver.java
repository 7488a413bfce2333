package org.iokit4j.tools.tooltest;

import org.iokit4j.IOReturn;
import org.iokit4j.driverkit.IOService;
import org.iokit4j.driverkit.IOUserClient;

/** The test dext's service: registers itself in {@code Start} and makes {@link ToolTestUserClient}s. */
public class ToolTestDriver extends IOService {

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
