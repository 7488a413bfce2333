package org.iokit4j.systemtests.broken;

import org.iokit4j.driverkit.IOService;

/** A test dext whose {@code Start} throws: the exception must not escape into the kernel. */
public class ThrowingStartDriver extends IOService {
    @Override
    public int Start(IOService provider) {
        throw new IllegalStateException("Start bug on purpose");
    }
}
