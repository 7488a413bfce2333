package org.iokit4j.systemtests.hostile;

import org.iokit4j.driverkit.IOService;

/** A test dext whose {@code Start} throws an {@link Error}: boot must record it and start the other drivers. */
public class ErrorInStartDriver extends IOService {
    @Override
    public int Start(IOService provider) {
        throw new InternalError("Start threw an Error on purpose");
    }
}
