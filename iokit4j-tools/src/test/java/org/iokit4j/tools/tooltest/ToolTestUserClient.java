package org.iokit4j.tools.tooltest;

import static org.iokit4j.driverkit.IOUserClient.kIOUserClientVariableStructureSize;

import org.iokit4j.IOReturn;
import org.iokit4j.driverkit.IOUserClient;
import org.iokit4j.driverkit.IOUserClientMethodArguments;
import org.iokit4j.driverkit.IOUserClientMethodDispatch;
import org.iokit4j.driverkit.OSData;
import org.iokit4j.driverkit.OSObject;

/** The test dext's user client: {@link #kSum} (2 scalars in, 1 out) and {@link #kEcho} (a structure back). */
public class ToolTestUserClient extends IOUserClient {
    public static final int kSum = 0;
    public static final int kEcho = 1;

    private static final IOUserClientMethodDispatch[] METHODS = {
        IOUserClientMethodDispatch.builder(ToolTestUserClient::sum).checkScalarInputCount(2)
                .checkScalarOutputCount(1).build(),
        IOUserClientMethodDispatch.builder(ToolTestUserClient::echo)
                .checkStructureInputSize(kIOUserClientVariableStructureSize)
                .checkStructureOutputSize(kIOUserClientVariableStructureSize).build(),
    };

    @Override
    public int ExternalMethod(long selector, IOUserClientMethodArguments arguments,
                              IOUserClientMethodDispatch dispatch, OSObject target, Object reference) {
        if (selector < METHODS.length) {
            dispatch = METHODS[(int) selector];
            if (target == null) {
                target = this;
            }
        }
        return super.ExternalMethod(selector, arguments, dispatch, target, reference);
    }

    private static int sum(OSObject target, Object reference, IOUserClientMethodArguments a) {
        a.scalarOutput[0] = a.scalarInput[0] + a.scalarInput[1];
        return IOReturn.kIOReturnSuccess;
    }

    private static int echo(OSObject target, Object reference, IOUserClientMethodArguments a) {
        if (a.structureInput != null) {
            a.structureOutput = OSData.withBytes(a.structureInput.getBytesNoCopy());
        }
        return IOReturn.kIOReturnSuccess;
    }
}
