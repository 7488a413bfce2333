package org.iokit4j.systemtests.messages;

import org.iokit4j.driverkit.IOService;

/** A service that registers itself and is no user client: named where a user client's class belongs, it is refused. */
public class PlainService extends IOService {
    @Override
    public int Start(IOService provider) {
        final int ret = super.Start(provider);
        return ret != 0 ? ret : RegisterService();
    }
}
