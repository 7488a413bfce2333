package org.iokit4j.tools.tooltest;

import static org.iokit4j.driverkit.IOUserClient.kIOUserClientVariableStructureSize;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.iokit4j.IOReturn;
import org.iokit4j.driverkit.IODispatchQueue;
import org.iokit4j.driverkit.IOMemoryDescriptor;
import org.iokit4j.driverkit.IOMemoryMap;
import org.iokit4j.driverkit.IOService;
import org.iokit4j.driverkit.IOUserClient;
import org.iokit4j.driverkit.IOUserClientMethodArguments;
import org.iokit4j.driverkit.IOUserClientMethodDispatch;
import org.iokit4j.driverkit.OSAction;
import org.iokit4j.driverkit.OSData;
import org.iokit4j.driverkit.OSObject;

/**
 * The test dext's user client: {@link #kSum} (2 scalars in, 1 out), {@link #kEcho} (a structure of any size back),
 * {@link #kAsyncEcho} (completes later, from the dext's dispatch queue, with the scalar inputs as arguments),
 * {@link #kAsyncDrop} (an async method that never completes: its action is not kept), {@link #kFill} (a structure
 * output of any size, byte {@code i} = {@code seed + i}) and {@link #kAsyncHold} (keeps its action until the client
 * stops, never completing it).
 */
public class ToolTestUserClient extends IOUserClient {
    public static final int kSum = 0;
    public static final int kEcho = 1;
    public static final int kAsyncEcho = 2;
    public static final int kAsyncDrop = 3;
    public static final int kFill = 4;
    public static final int kAsyncHold = 5;

    private static final int ANY = kIOUserClientVariableStructureSize;
    private static final IOUserClientMethodDispatch[] METHODS = {
        IOUserClientMethodDispatch.builder(ToolTestUserClient::sum).checkScalarInputCount(2)
                .checkScalarOutputCount(1).build(),
        IOUserClientMethodDispatch.builder(ToolTestUserClient::echo)
                .checkStructureInputSize(ANY).checkStructureOutputSize(ANY).build(),
        IOUserClientMethodDispatch.builder(ToolTestUserClient::asyncEcho).checkCompletionExists(true)
                .checkScalarInputCount(ANY).build(),
        IOUserClientMethodDispatch.builder((target, reference, a) -> IOReturn.kIOReturnSuccess)
                .checkCompletionExists(true).build(),
        IOUserClientMethodDispatch.builder(ToolTestUserClient::fill).checkScalarInputCount(1)
                .checkStructureOutputSize(ANY).build(),
        IOUserClientMethodDispatch.builder(ToolTestUserClient::hold).checkCompletionExists(true).build(),
    };

    private volatile OSAction held;

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

    @Override
    public int Stop(IOService provider) {
        final OSAction action = held;
        held = null;
        if (action != null) {
            action.release(); // the held call ends (aborted) when its client goes
        }
        return super.Stop(provider);
    }

    private static int hold(OSObject target, Object reference, IOUserClientMethodArguments a) {
        a.completion.retain();
        ((ToolTestUserClient) target).held = a.completion;
        return IOReturn.kIOReturnSuccess;
    }

    private static int sum(OSObject target, Object reference, IOUserClientMethodArguments a) {
        a.scalarOutput[0] = a.scalarInput[0] + a.scalarInput[1];
        return IOReturn.kIOReturnSuccess;
    }

    // a structure of any size back: inline (OSData) or through the descriptors of structures over 4096 bytes
    private static int echo(OSObject target, Object reference, IOUserClientMethodArguments a) {
        byte[] input = a.structureInput == null ? null : a.structureInput.getBytesNoCopy().toArray(ValueLayout.JAVA_BYTE);
        if (a.structureInputDescriptor != null) {
            final IOMemoryMap in = map(a.structureInputDescriptor);
            if (in == null) {
                return IOReturn.kIOReturnNoMemory;
            }
            input = in.segment().toArray(ValueLayout.JAVA_BYTE);
            in.release();
        }
        if (input == null) {
            return IOReturn.kIOReturnSuccess;
        }
        if (a.structureOutputDescriptor == null) {
            a.structureOutput = OSData.withBytes(input);
            return IOReturn.kIOReturnSuccess;
        }
        final IOMemoryMap out = map(a.structureOutputDescriptor);
        if (out == null) {
            return IOReturn.kIOReturnNoMemory;
        }
        MemorySegment.copy(MemorySegment.ofArray(input), 0, out.segment(), 0,
                Math.min(input.length, out.segment().byteSize()));
        out.release();
        return IOReturn.kIOReturnSuccess;
    }

    /** {@return a mapping of {@code descriptor} (release it when done), or {@code null} if it cannot be mapped} */
    private static IOMemoryMap map(IOMemoryDescriptor descriptor) {
        final IOMemoryMap[] map = new IOMemoryMap[1];
        return descriptor.CreateMapping(0, 0, 0, 0, 0, map) == IOReturn.kIOReturnSuccess ? map[0] : null;
    }

    private static int asyncEcho(OSObject target, Object reference, IOUserClientMethodArguments a) {
        final ToolTestUserClient self = (ToolTestUserClient) target;
        final OSAction action = a.completion;
        final long[] args = a.scalarInputCount == 0 ? new long[0] : a.scalarInput.clone();
        final int count = a.scalarInputCount;
        action.retain(); // past ExternalMethod: the queue completes it
        final IODispatchQueue[] queue = new IODispatchQueue[1];
        self.CopyDispatchQueue(kIOServiceDefaultQueueName, queue);
        queue[0].DispatchAsync(() -> {
            self.AsyncCompletion(action, IOReturn.kIOReturnSuccess, args, count);
            action.release();
        });
        queue[0].release();
        return IOReturn.kIOReturnSuccess;
    }

    private static int fill(OSObject target, Object reference, IOUserClientMethodArguments a) {
        final long seed = a.scalarInput[0];
        if (a.structureOutputDescriptor == null) { // up to 4096 bytes: an OSData the reply carries
            final byte[] bytes = new byte[(int) a.structureOutputMaximumSize];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = (byte) (seed + i);
            }
            a.structureOutput = OSData.withBytes(bytes);
            return IOReturn.kIOReturnSuccess;
        }
        final IOMemoryMap map = map(a.structureOutputDescriptor);
        if (map == null) {
            return IOReturn.kIOReturnNoMemory;
        }
        final MemorySegment segment = map.segment();
        for (long i = 0; i < segment.byteSize(); i++) {
            segment.set(ValueLayout.JAVA_BYTE, i, (byte) (seed + i));
        }
        map.release();
        return IOReturn.kIOReturnSuccess;
    }
}
