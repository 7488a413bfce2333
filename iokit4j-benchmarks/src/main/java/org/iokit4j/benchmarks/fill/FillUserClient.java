package org.iokit4j.benchmarks.fill;

import java.lang.foreign.MemorySegment;
import org.iokit4j.IOReturn;
import org.iokit4j.driverkit.IOMemoryMap;
import org.iokit4j.driverkit.IOUserClient;
import org.iokit4j.driverkit.IOUserClientMethodArguments;
import org.iokit4j.driverkit.IOUserClientMethodDispatch;
import org.iokit4j.driverkit.OSData;
import org.iokit4j.driverkit.OSObject;

/**
 * Selector 0 fills the caller's structure output with the byte in scalar input 0: through the descriptor when the
 * buffer is over 4096 bytes (in place), else as an inline OSData (the copy Apple's 4096-byte rule implies).
 *
 * <p>With {@code -Diokit4j.bench.fillLog=true} (e.g. {@code --server-jvm-option} of the kernel daemon) it prints how
 * long each descriptor fill took by the driver's own clock on standard error: the fill alone, without the call
 * around it.
 */
public class FillUserClient extends IOUserClient {
    private static final IOUserClientMethodDispatch FILL = IOUserClientMethodDispatch.builder(FillUserClient::fill)
            .checkScalarInputCount(1).checkStructureOutputSize(kIOUserClientVariableStructureSize).build();

    @Override
    public int ExternalMethod(long selector, IOUserClientMethodArguments arguments,
                              IOUserClientMethodDispatch dispatch, OSObject target, Object reference) {
        return super.ExternalMethod(selector, arguments, selector == 0 ? FILL : dispatch, this, reference);
    }

    private static int fill(OSObject target, Object reference, IOUserClientMethodArguments a) {
        final byte value = (byte) a.scalarInput[0];
        if (a.structureOutputDescriptor != null) {
            final IOMemoryMap[] map = new IOMemoryMap[1];
            final int ret = a.structureOutputDescriptor.CreateMapping(0, 0, 0, 0, 0, map);
            if (ret != IOReturn.kIOReturnSuccess) {
                return ret;
            }
            final long start = System.nanoTime();
            map[0].segment().fill(value);
            if (Boolean.getBoolean("iokit4j.bench.fillLog")) {
                System.err.printf("fill %d MiB in %.3f ms (%s)%n", map[0].segment().byteSize() >> 20,
                        (System.nanoTime() - start) / 1e6, map[0].segment());
            }
            map[0].release();
        } else {
            final byte[] bytes = new byte[(int) a.structureOutputMaximumSize];
            java.util.Arrays.fill(bytes, value);
            a.structureOutput = OSData.withBytes(MemorySegment.ofArray(bytes));
        }
        return IOReturn.kIOReturnSuccess;
    }
}
