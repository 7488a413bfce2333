package org.iokit4j.examples.seed;

import static org.iokit4j.IOReturn.kIOReturnNotReady;
import static org.iokit4j.IOReturn.kIOReturnSuccess;
import static org.iokit4j.examples.seed.MyDriverShared.ExternalMethodType_AsyncRequest;
import static org.iokit4j.examples.seed.MyDriverShared.ExternalMethodType_RegisterAsyncCallback;
import static org.iokit4j.examples.seed.MyDriverShared.NumberOfExternalMethods;
import static org.iokit4j.examples.seed.MyDriverShared.ReadDataStruct;
import static org.iokit4j.examples.seed.MyDriverShared.sizeof_ReadDataStruct;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.iokit4j.driverkit.IODispatchQueue;
import org.iokit4j.driverkit.IOService;
import org.iokit4j.driverkit.IOUserClient;
import org.iokit4j.driverkit.IOUserClientMethodArguments;
import org.iokit4j.driverkit.IOUserClientMethodDispatch;
import org.iokit4j.driverkit.OSAction;
import org.iokit4j.driverkit.OSData;
import org.iokit4j.driverkit.OSObject;

/**
 * The seed's user client, {@code MyDriverClient}, ported line by line: the dispatch table from the question and
 * an {@code ExternalMethod} that picks the entry and lets the base class check it.
 *
 * <p>{@code RegisterAsyncCallback} requires a completion ({@code checkCompletionExists = true}): called with the
 * main port as wake port, it fails with {@code kIOReturnBadArgument}, which is the question. With a real
 * notification port it keeps the {@code OSAction} (retained, as the answer's forum thread shows), returns a
 * {@code ReadDataStruct} inline, and acknowledges with a completion whose {@code args[0]} is 1.
 * {@code AsyncRequest} answers later, from the dext's queue, with {@code args[0] = 2} and the data.
 */
public class MyDriverClient extends IOUserClient {
    private static final IOUserClientMethodDispatch[] externalMethodChecks = new IOUserClientMethodDispatch[NumberOfExternalMethods];

    static {
        externalMethodChecks[ExternalMethodType_RegisterAsyncCallback] =
                IOUserClientMethodDispatch.builder(MyDriverClient::StaticRegisterAsyncCallback)
                        .checkCompletionExists(true)
                        .checkScalarInputCount(0)
                        .checkStructureInputSize(0)
                        .checkScalarOutputCount(0)
                        .checkStructureOutputSize(sizeof_ReadDataStruct)
                        .build();
        externalMethodChecks[ExternalMethodType_AsyncRequest] =
                IOUserClientMethodDispatch.builder(MyDriverClient::StaticAsyncRequest)
                        .checkCompletionExists(false)
                        .checkScalarInputCount(1)
                        .checkStructureInputSize(0)
                        .checkScalarOutputCount(0)
                        .checkStructureOutputSize(0)
                        .build();
    }

    private volatile OSAction callbackAction;
    private long registrations;

    @Override
    public int ExternalMethod(long selector, IOUserClientMethodArguments arguments,
                              IOUserClientMethodDispatch dispatch, OSObject target, Object reference) {
        int ret = kIOReturnSuccess;

        if (selector < NumberOfExternalMethods) {
            dispatch = externalMethodChecks[(int) selector];
            if (target == null) {
                target = this;
            }
        }

        ret = super.ExternalMethod(selector, arguments, dispatch, target, reference);
        return ret;
    }

    static int StaticRegisterAsyncCallback(OSObject target, Object reference, IOUserClientMethodArguments arguments) {
        return ((MyDriverClient) target).RegisterAsyncCallback(arguments);
    }

    static int StaticAsyncRequest(OSObject target, Object reference, IOUserClientMethodArguments arguments) {
        return ((MyDriverClient) target).AsyncRequest(arguments);
    }

    int RegisterAsyncCallback(IOUserClientMethodArguments arguments) {
        arguments.completion.retain();          // keep it past ExternalMethod (apple-semantics.md §10.6)
        final OSAction previous = callbackAction;
        callbackAction = arguments.completion;
        if (previous != null) {
            previous.release();
        }
        registrations++;

        final MemorySegment output = MemorySegment.ofArray(new byte[sizeof_ReadDataStruct]);
        output.set(ValueLayout.JAVA_LONG_UNALIGNED, ReadDataStruct.byteOffset(
                java.lang.foreign.MemoryLayout.PathElement.groupElement("foo")), registrations);
        output.set(ValueLayout.JAVA_LONG_UNALIGNED, ReadDataStruct.byteOffset(
                java.lang.foreign.MemoryLayout.PathElement.groupElement("bar")), 0);
        arguments.structureOutput = OSData.withBytes(output);   // copied back with this call's reply

        final long[] asyncData = new long[16];
        asyncData[0] = 1;                        // 'Register Async Callback'
        asyncData[1] = registrations;
        asyncData[2] = 0;
        AsyncCompletion(callbackAction, kIOReturnSuccess, asyncData, 3);
        return kIOReturnSuccess;
    }

    int AsyncRequest(IOUserClientMethodArguments arguments) {
        final OSAction action = callbackAction;
        if (action == null) {
            return kIOReturnNotReady;            // register a callback first
        }
        final long request = arguments.scalarInput[0];
        action.retain();                         // held by the work below until it has completed
        final IODispatchQueue[] queue = new IODispatchQueue[1];
        CopyDispatchQueue(kIOServiceDefaultQueueName, queue);
        queue[0].DispatchAsync(() -> {
            final long[] asyncData = new long[16];
            asyncData[0] = 2;                    // 'Async Request'
            asyncData[1] = request;              // ReadDataStruct.foo
            asyncData[2] = request * 2;          // ReadDataStruct.bar
            AsyncCompletion(action, kIOReturnSuccess, asyncData, 3);
            action.release();
        });
        queue[0].release();
        return kIOReturnSuccess;
    }

    @Override
    public int Stop(IOService provider) {
        final OSAction action = callbackAction;
        callbackAction = null;
        if (action != null) {
            action.release();
        }
        return super.Stop(provider);
    }
}
