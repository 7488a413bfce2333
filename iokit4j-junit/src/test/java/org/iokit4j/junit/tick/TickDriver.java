package org.iokit4j.junit.tick;

import static org.iokit4j.IOReturn.kIOReturnSuccess;

import org.iokit4j.driverkit.IOService;
import org.iokit4j.driverkit.IOUserClient;

/**
 * The extension's test dext: registers itself when started and makes a {@link TickUserClient} for each app that
 * opens it ({@code NewUserClient} → {@code Create} with the personality's {@code UserClientProperties}).
 *
 * <p><b>Concurrency.</b> Runs on its driver server's default queue.
 */
public class TickDriver extends IOService {

    /** Made by the kernel from the personality's {@code IOUserClass}. */
    public TickDriver() {
    }

    @Override
    public int Start(IOService provider) {
        final int ret = super.Start(provider);
        return ret != kIOReturnSuccess ? ret : RegisterService();
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
