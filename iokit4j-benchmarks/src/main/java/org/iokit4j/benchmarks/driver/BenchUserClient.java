package org.iokit4j.benchmarks.driver;

import static org.iokit4j.driverkit.IOService.kIOServiceDefaultQueueName;
import static org.iokit4j.driverkit.IOUserClient.kIOUserClientVariableStructureSize;

import org.iokit4j.IOReturn;
import org.iokit4j.driverkit.IOUserClient;
import org.iokit4j.driverkit.IOUserClientMethodArguments;
import org.iokit4j.driverkit.IOUserClientMethodDispatch;
import org.iokit4j.driverkit.OSData;
import org.iokit4j.driverkit.OSObject;

/**
 * The bench dext's user client: the least work a real method does, so a benchmark measures the call path.
 *
 * <ul>
 *   <li>{@link #kSum}: two scalars in, their sum out (every count checked by the dispatch table).
 *   <li>{@link #kEcho}: an inline structure of any size in, the same bytes out (sizes not checked).
 *   <li>{@link #kAsyncSum}: two scalars in; completes at once through the call's {@code OSAction} with the sum
 *       as the one completion argument (the action is valid for the duration of {@code ExternalMethod}).
 *   <li>{@link #kAsyncStream}: one scalar in, {@code n}; keeps the call's {@code OSAction} and completes it
 *       {@code n} times from its queue, argument 0 counting up from 0: a stream of events, as a sensor or HID dext
 *       sends them.
 * </ul>
 *
 * <p><b>Concurrency.</b> {@code ExternalMethod} runs serially on the object's default queue.
 */
public class BenchUserClient extends IOUserClient {
    /** Selector 0: {@code out[0] = in[0] + in[1]}. */
    public static final int kSum = 0;
    /** Selector 1: echoes the input structure. */
    public static final int kEcho = 1;
    /** Selector 2: async call, completion argument 0 = {@code in[0] + in[1]}. */
    public static final int kAsyncSum = 2;
    /** Selector 3: async call completed {@code in[0]} times, argument 0 = 0, 1, 2, … */
    public static final int kAsyncStream = 3;

    private static final IOUserClientMethodDispatch[] METHODS = {
        IOUserClientMethodDispatch.builder(BenchUserClient::sum).checkScalarInputCount(2).checkScalarOutputCount(1)
                .checkStructureInputSize(0).checkStructureOutputSize(0).checkCompletionExists(0).build(),
        IOUserClientMethodDispatch.builder(BenchUserClient::echo).checkCompletionExists(0).checkScalarInputCount(0)
                .checkScalarOutputCount(0).checkStructureInputSize(kIOUserClientVariableStructureSize)
                .checkStructureOutputSize(kIOUserClientVariableStructureSize).build(),
        IOUserClientMethodDispatch.builder(BenchUserClient::asyncSum).checkCompletionExists(1)
                .checkScalarInputCount(2).checkScalarOutputCount(0).checkStructureInputSize(0)
                .checkStructureOutputSize(0).build(),
        IOUserClientMethodDispatch.builder(BenchUserClient::asyncStream).checkCompletionExists(1)
                .checkScalarInputCount(1).checkScalarOutputCount(0).checkStructureInputSize(0)
                .checkStructureOutputSize(0).build(),
    };

    /** Made by the driver server. */
    public BenchUserClient() {
    }

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

    private static int asyncSum(OSObject target, Object reference, IOUserClientMethodArguments a) {
        final long[] result = {a.scalarInput[0] + a.scalarInput[1]};
        ((BenchUserClient) target).AsyncCompletion(a.completion, IOReturn.kIOReturnSuccess, result, 1);
        return IOReturn.kIOReturnSuccess;
    }

    private static int asyncStream(OSObject target, Object reference, IOUserClientMethodArguments a) {
        final BenchUserClient self = (BenchUserClient) target;
        final org.iokit4j.driverkit.OSAction action = a.completion;
        final long count = a.scalarInput[0];
        final org.iokit4j.driverkit.IODispatchQueue[] queue = new org.iokit4j.driverkit.IODispatchQueue[1];
        final int found = self.CopyDispatchQueue(kIOServiceDefaultQueueName, queue);
        if (found != IOReturn.kIOReturnSuccess) {
            return found;
        }
        action.retain(); // kept past ExternalMethod (apple-semantics.md §10.6)
        queue[0].DispatchAsync(() -> {
            final long[] argument = new long[1];
            for (long i = 0; i < count; i++) {
                argument[0] = i;
                self.AsyncCompletion(action, IOReturn.kIOReturnSuccess, argument, 1);
            }
            action.release();
        });
        return IOReturn.kIOReturnSuccess;
    }

    private static int echo(OSObject target, Object reference, IOUserClientMethodArguments a) {
        if (a.structureInput != null) {
            a.structureOutput = OSData.withBytes(a.structureInput.getBytesNoCopy());
        }
        return IOReturn.kIOReturnSuccess;
    }
}
