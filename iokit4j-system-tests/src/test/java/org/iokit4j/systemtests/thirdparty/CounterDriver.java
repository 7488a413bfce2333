package org.iokit4j.systemtests.thirdparty;

import org.iokit4j.IOReturn;
import org.iokit4j.driverkit.IOService;
import org.iokit4j.driverkit.IOUserClient;

/** The third party's service: registers itself and makes user clients, as contract.md §3 and §4 describe. */
public class CounterDriver extends IOService {
    @Override
    public int Start(IOService provider) {
        int ret = super.Start(provider);
        if (ret != IOReturn.kIOReturnSuccess) {
            return ret;
        }
        return RegisterService();
    }

    @Override
    public int NewUserClient(int type, IOUserClient[] userClient) {
        IOService[] client = new IOService[1];
        int ret = Create(this, "UserClientProperties", client);
        if (ret != IOReturn.kIOReturnSuccess) {
            return ret;
        }
        userClient[0] = (IOUserClient) client[0];
        return IOReturn.kIOReturnSuccess;
    }
}
