package org.iokit4j.systemtests.broken;

import org.iokit4j.IOReturn;
import org.iokit4j.driverkit.IOService;

/** A test dext whose {@code Start} refuses: the kernel must record why and go on with the other drivers. */
public class FailingStartDriver extends IOService {
    @Override
    public int Start(IOService provider) {
        return IOReturn.kIOReturnNoDevice;
    }
}
