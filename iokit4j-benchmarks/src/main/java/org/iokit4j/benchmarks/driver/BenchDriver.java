package org.iokit4j.benchmarks.driver;

import org.iokit4j.IOReturn;
import org.iokit4j.driverkit.IOService;
import org.iokit4j.driverkit.IOUserClient;

/**
 * The bench dext's service: registers itself and hands out {@link BenchUserClient}s, as Apple's samples do.
 *
 * <p><b>Concurrency.</b> Runs on its default queue, as every driver object does.
 */
public class BenchDriver extends IOService {
    /** The name clients match on ({@code IONameMatch}: the driver's {@code IOUserClass}). */
    public static final String NAME = BenchDriver.class.getName();

    /** Made by the driver server. */
    public BenchDriver() {
    }

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
