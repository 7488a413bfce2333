package org.iokit4j.embedded.sum;

import static org.iokit4j.IOReturn.kIOReturnSuccess;

import org.iokit4j.driverkit.IOUserClient;
import org.iokit4j.driverkit.IOUserClientMethodArguments;
import org.iokit4j.driverkit.IOUserClientMethodDispatch;
import org.iokit4j.driverkit.OSObject;

/**
 * The test dext's user client: one external method, selector {@value #SUM}, two scalars in and their sum out.
 *
 * <p><b>Concurrency.</b> Runs on its driver server's default queue (or the caller's thread when that queue is idle).
 */
public class SumUserClient extends IOUserClient {
    /** The selector of the one method: two scalars in, their sum out. */
    public static final int SUM = 0;

    private static final IOUserClientMethodDispatch[] METHODS = {
        IOUserClientMethodDispatch.builder(SumUserClient::sum)
                .checkScalarInputCount(2).checkScalarOutputCount(1).build(),
    };

    /** Made by the kernel from {@code UserClientProperties}' {@code IOUserClass}. */
    public SumUserClient() {
    }

    @Override
    public int ExternalMethod(long selector, IOUserClientMethodArguments arguments,
                              IOUserClientMethodDispatch dispatch, OSObject target, Object reference) {
        if (selector >= 0 && selector < METHODS.length) {
            dispatch = METHODS[(int) selector];
            target = target == null ? this : target;
        }
        return super.ExternalMethod(selector, arguments, dispatch, target, reference);
    }

    private static int sum(OSObject target, Object reference, IOUserClientMethodArguments arguments) {
        arguments.scalarOutput[0] = arguments.scalarInput[0] + arguments.scalarInput[1];
        return kIOReturnSuccess;
    }
}
