package org.iokit4j.systemtests.thirdparty;

import java.lang.foreign.ValueLayout;
import org.iokit4j.IOReturn;
import org.iokit4j.driverkit.IOUserClient;
import org.iokit4j.driverkit.IOUserClientMethodArguments;
import org.iokit4j.driverkit.IOUserClientMethodDispatch;
import org.iokit4j.driverkit.OSData;
import org.iokit4j.driverkit.OSObject;

/** The third party's user client: a dispatch table, as in Apple's samples and contract.md §3. */
public class CounterUserClient extends IOUserClient {
    static final int kMultiply = 0;
    static final int kUpperCase = 1;
    static final int kAccumulate = 2;

    private static final IOUserClientMethodDispatch[] TABLE = {
        IOUserClientMethodDispatch.builder(CounterUserClient::multiply)
                .checkScalarInputCount(2).checkScalarOutputCount(1).build(),
        IOUserClientMethodDispatch.builder(CounterUserClient::upperCase)
                .checkStructureInputSize(kIOUserClientVariableStructureSize)
                .checkStructureOutputSize(kIOUserClientVariableStructureSize).build(),
        IOUserClientMethodDispatch.builder(CounterUserClient::accumulate)
                .checkScalarInputCount(1).checkScalarOutputCount(1).build(),
    };

    private long total;

    @Override
    public int ExternalMethod(long selector, IOUserClientMethodArguments arguments,
                              IOUserClientMethodDispatch dispatch, OSObject target, Object reference) {
        if (selector < TABLE.length) {
            dispatch = TABLE[(int) selector];
            if (target == null) {
                target = this;
            }
        }
        return super.ExternalMethod(selector, arguments, dispatch, target, reference);
    }

    private static int multiply(OSObject target, Object reference, IOUserClientMethodArguments arguments) {
        arguments.scalarOutput[0] = arguments.scalarInput[0] * arguments.scalarInput[1];
        return IOReturn.kIOReturnSuccess;
    }

    private static int upperCase(OSObject target, Object reference, IOUserClientMethodArguments arguments) {
        if (arguments.structureInput == null) {
            return IOReturn.kIOReturnBadArgument;
        }
        byte[] bytes = arguments.structureInput.getBytesNoCopy().toArray(ValueLayout.JAVA_BYTE);
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) Character.toUpperCase((char) bytes[i]);
        }
        arguments.structureOutput = OSData.withBytes(bytes);
        return IOReturn.kIOReturnSuccess;
    }

    private static int accumulate(OSObject target, Object reference, IOUserClientMethodArguments arguments) {
        CounterUserClient self = (CounterUserClient) target;
        self.total += arguments.scalarInput[0];
        arguments.scalarOutput[0] = self.total;
        return IOReturn.kIOReturnSuccess;
    }
}
