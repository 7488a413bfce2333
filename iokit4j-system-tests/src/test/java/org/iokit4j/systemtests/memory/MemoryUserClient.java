package org.iokit4j.systemtests.memory;

import static org.iokit4j.driverkit.IOUserClient.kIOUserClientVariableStructureSize;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.iokit4j.IOReturn;
import org.iokit4j.driverkit.IOAddressSegment;
import org.iokit4j.driverkit.IOBufferMemoryDescriptor;
import org.iokit4j.driverkit.IOMemoryDescriptor;
import org.iokit4j.driverkit.IOMemoryMap;
import org.iokit4j.driverkit.IOService;
import org.iokit4j.driverkit.IOUserClient;
import org.iokit4j.driverkit.IOUserClientMethodArguments;
import org.iokit4j.driverkit.IOUserClientMethodDispatch;
import org.iokit4j.driverkit.OSObject;

/** The memory test dext's user client: one method per memory rule the tests exercise. */
public class MemoryUserClient extends IOUserClient {
    public static final int kInputSum = 0;
    public static final int kFillOutput = 1;
    public static final int kRetainOutput = 2;
    public static final int kFillRetained = 3;
    public static final int kBothOutputs = 4;
    public static final int kMapOutputRange = 5;
    public static final int kWriteInput = 6;
    public static final int kFromClient = 7;
    public static final int kPokeShared = 8;
    public static final int kExactInput = 9;
    /** Forum 744268, whole: retain the output descriptor and the completion, fill later, then complete. */
    public static final int kFillLaterAndComplete = 10;
    /**
     * Issue 11: fill {@code scalarInput[1]} bytes from {@code scalarInput[0]} of the output with {@code scalarInput[2]}
     * through a sub-descriptor put in place of the output descriptor; answers the map's GetOffset, the sub-descriptor's
     * address minus the output's (GetAddressRange) and the length Map gives.
     */
    public static final int kFillSubRange = 11;
    public static final int kNumberOfMethods = 12;

    /** Memory types: the shared buffer writable, read-only, refused, and "success without memory". */
    public static final int kSharedType = 0;
    public static final int kReadOnlyType = 1;
    public static final int kRefusedType = 2;
    public static final int kNoMemoryType = 3;
    /** The shared buffer's size. */
    public static final long SHARED_SIZE = 64 * 1024;

    /** What the last Stop saw: CreateMapping's code on the retained descriptor, and map.segment()'s exception. */
    public static volatile int stopMappingResult;
    public static volatile String stopSegmentError;
    /** The segment of the last retained mapping (tests touch it after the client freed its memory). */
    public static volatile MemorySegment retainedSegment;

    private static final int ANY = kIOUserClientVariableStructureSize;
    private static final IOUserClientMethodDispatch[] METHODS = {
        IOUserClientMethodDispatch.builder(MemoryUserClient::inputSum).checkStructureInputSize(ANY)
                .checkScalarOutputCount(2).build(),
        IOUserClientMethodDispatch.builder(MemoryUserClient::fillOutput).checkScalarInputCount(1)
                .checkStructureOutputSize(ANY).build(),
        IOUserClientMethodDispatch.builder(MemoryUserClient::retainOutput).checkCompletionExists(ANY)
                .checkStructureOutputSize(ANY).build(),
        IOUserClientMethodDispatch.builder(MemoryUserClient::fillRetained).checkScalarInputCount(1).build(),
        IOUserClientMethodDispatch.builder(MemoryUserClient::bothOutputs).checkStructureOutputSize(ANY).build(),
        IOUserClientMethodDispatch.builder(MemoryUserClient::mapOutputRange).checkScalarInputCount(3)
                .checkStructureOutputSize(ANY).build(),
        IOUserClientMethodDispatch.builder(MemoryUserClient::writeInput).checkStructureInputSize(ANY).build(),
        IOUserClientMethodDispatch.builder(MemoryUserClient::fromClient).checkScalarInputCount(3).build(),
        IOUserClientMethodDispatch.builder(MemoryUserClient::pokeShared).checkScalarInputCount(1)
                .checkScalarOutputCount(1).build(),
        IOUserClientMethodDispatch.builder((t, r, a) -> IOReturn.kIOReturnSuccess).checkStructureInputSize(8192)
                .build(),
        IOUserClientMethodDispatch.builder(MemoryUserClient::fillLaterAndComplete).checkCompletionExists(true)
                .checkScalarInputCount(1).checkStructureOutputSize(ANY).build(),
        IOUserClientMethodDispatch.builder(MemoryUserClient::fillSubRange).checkScalarInputCount(3)
                .checkScalarOutputCount(3).checkStructureOutputSize(ANY).build(),
    };

    private volatile IOMemoryDescriptor retained;
    private volatile IOMemoryMap retainedMap;
    private volatile IOBufferMemoryDescriptor shared;

    @Override
    public int ExternalMethod(long selector, IOUserClientMethodArguments arguments,
                              IOUserClientMethodDispatch dispatch, OSObject target, Object reference) {
        if (selector < kNumberOfMethods) {
            dispatch = METHODS[(int) selector];
            target = target == null ? this : target;
        }
        return super.ExternalMethod(selector, arguments, dispatch, target, reference);
    }

    @Override
    public int CopyClientMemoryForType(long type, long[] options, IOMemoryDescriptor[] memory) {
        if (type == kRefusedType) {
            return IOReturn.kIOReturnNoResources;
        }
        if (type == kNoMemoryType) {
            return IOReturn.kIOReturnSuccess;
        }
        if (type != kSharedType && type != kReadOnlyType) {
            return super.CopyClientMemoryForType(type, options, memory);
        }
        if (shared == null) {
            final IOBufferMemoryDescriptor[] made = new IOBufferMemoryDescriptor[1];
            final int ret = IOBufferMemoryDescriptor.Create(IOMemoryDescriptor.kIOMemoryDirectionInOut, SHARED_SIZE,
                    0, made);
            if (ret != IOReturn.kIOReturnSuccess) {
                return ret;
            }
            shared = made[0];
        }
        if (type == kReadOnlyType) {
            options[0] |= kIOUserClientMemoryReadOnly;
        }
        shared.retain(); // the caller consumes this reference
        memory[0] = shared;
        return IOReturn.kIOReturnSuccess;
    }

    @Override
    public int Stop(IOService provider) {
        final IOMemoryDescriptor kept = retained;
        if (kept != null) {
            stopMappingResult = kept.CreateMapping(0, 0, 0, 0, 0, new IOMemoryMap[1]);
        }
        final IOMemoryMap map = retainedMap;
        if (map != null) {
            try {
                map.segment();
                stopSegmentError = "none";
            } catch (IllegalStateException expected) {
                stopSegmentError = expected.getMessage();
            }
        }
        return super.Stop(provider);
    }

    @Override
    public void free() {
        release(retained);
        release(retainedMap);
        release(shared);
        retained = null;
        retainedMap = null;
        shared = null;
        super.free();
    }

    private static void release(OSObject object) {
        if (object != null && !object.isFreed()) {
            object.release();
        }
    }

    private static MemorySegment map(IOMemoryDescriptor descriptor, long options) {
        final IOMemoryMap[] map = new IOMemoryMap[1];
        final int ret = descriptor.CreateMapping(options, 0, 0, 0, 0, map);
        if (ret != IOReturn.kIOReturnSuccess) {
            throw new org.iokit4j.IOReturnException(ret, "CreateMapping failed");
        }
        return map[0].segment();
    }

    private static int inputSum(OSObject target, Object reference, IOUserClientMethodArguments a) {
        final MemorySegment in = map(a.structureInputDescriptor, 0);
        long sum = 0;
        for (long i = 0; i < in.byteSize(); i++) {
            sum += in.get(ValueLayout.JAVA_BYTE, i) & 0xFF;
        }
        a.scalarOutput[0] = sum;
        a.scalarOutput[1] = a.structureInput == null ? 1 : 0;
        return IOReturn.kIOReturnSuccess;
    }

    private static int fillOutput(OSObject target, Object reference, IOUserClientMethodArguments a) {
        map(a.structureOutputDescriptor, 0).fill((byte) a.scalarInput[0]);
        return IOReturn.kIOReturnSuccess;
    }

    private static int retainOutput(OSObject target, Object reference, IOUserClientMethodArguments a) {
        final MemoryUserClient self = (MemoryUserClient) target;
        a.structureOutputDescriptor.retain(); // forum 744268: keep the caller's buffer past the call
        self.retained = a.structureOutputDescriptor;
        final IOMemoryMap[] map = new IOMemoryMap[1];
        a.structureOutputDescriptor.CreateMapping(0, 0, 0, 0, 0, map);
        self.retainedMap = map[0];
        retainedSegment = map[0].segment();
        return IOReturn.kIOReturnSuccess;
    }

    private static int fillLaterAndComplete(OSObject target, Object reference, IOUserClientMethodArguments a) {
        final MemoryUserClient self = (MemoryUserClient) target;
        final IOMemoryDescriptor buffer = a.structureOutputDescriptor;
        final org.iokit4j.driverkit.OSAction completion = a.completion;
        final byte value = (byte) a.scalarInput[0];
        buffer.retain();
        completion.retain();
        final org.iokit4j.driverkit.IODispatchQueue[] queue = new org.iokit4j.driverkit.IODispatchQueue[1];
        self.CopyDispatchQueue(kIOServiceDefaultQueueName, queue);
        queue[0].DispatchAsync(() -> {
            final long[] length = new long[1];
            buffer.GetLength(length);
            map(buffer, 0).fill(value);
            self.AsyncCompletion(completion, IOReturn.kIOReturnSuccess, length, 1);
            completion.release();
            buffer.release();
        });
        queue[0].release();
        return IOReturn.kIOReturnSuccess;
    }

    private static int fillRetained(OSObject target, Object reference, IOUserClientMethodArguments a) {
        final MemoryUserClient self = (MemoryUserClient) target;
        final IOMemoryMap[] map = new IOMemoryMap[1];
        final int ret = self.retained.CreateMapping(0, 0, 0, 0, 0, map);
        if (ret == IOReturn.kIOReturnSuccess) {
            map[0].segment().fill((byte) a.scalarInput[0]);
            map[0].release();
        }
        return ret;
    }

    private static int bothOutputs(OSObject target, Object reference, IOUserClientMethodArguments a) {
        map(a.structureOutputDescriptor, 0).fill((byte) 1);
        a.structureOutput = org.iokit4j.driverkit.OSData.withBytes(new byte[8]);
        return IOReturn.kIOReturnSuccess;
    }

    private static int mapOutputRange(OSObject target, Object reference, IOUserClientMethodArguments a) {
        final IOMemoryMap[] map = new IOMemoryMap[1];
        final int ret = a.structureOutputDescriptor.CreateMapping(a.scalarInput[2], 0, a.scalarInput[0],
                a.scalarInput[1], 0, map);
        if (ret == IOReturn.kIOReturnSuccess) {
            map[0].segment().fill((byte) 7); // throws IllegalArgumentException when mapped read-only
        }
        return ret;
    }

    private static int writeInput(OSObject target, Object reference, IOUserClientMethodArguments a) {
        map(a.structureInputDescriptor, 0).set(ValueLayout.JAVA_BYTE, 0, (byte) 1); // read-only: throws
        return IOReturn.kIOReturnSuccess;
    }

    private static int fromClient(OSObject target, Object reference, IOUserClientMethodArguments a) {
        final MemoryUserClient self = (MemoryUserClient) target;
        final long address = a.scalarInput[0];
        final long length = a.scalarInput[1];
        final int count = (int) a.scalarInput[2];
        final IOAddressSegment[] ranges = new IOAddressSegment[Math.max(count, 1)];
        for (int i = 0; i < count; i++) {
            ranges[i] = new IOAddressSegment(address + i * (length / count), length / count);
        }
        final IOMemoryDescriptor[] made = new IOMemoryDescriptor[1];
        final int ret = self.CreateMemoryDescriptorFromClient(IOMemoryDescriptor.kIOMemoryDirectionInOut, count,
                ranges, made);
        if (ret == IOReturn.kIOReturnSuccess) {
            map(made[0], 0).fill((byte) 0x5A);
            made[0].release();
        }
        return ret;
    }

    private static int pokeShared(OSObject target, Object reference, IOUserClientMethodArguments a) {
        final MemoryUserClient self = (MemoryUserClient) target;
        final MemorySegment bytes = map(self.shared, 0);
        bytes.set(ValueLayout.JAVA_BYTE, 0, (byte) a.scalarInput[0]);
        a.scalarOutput[0] = bytes.get(ValueLayout.JAVA_BYTE, 1);
        return IOReturn.kIOReturnSuccess;
    }

    private static int fillSubRange(OSObject target, Object reference, IOUserClientMethodArguments a) {
        final IOMemoryDescriptor output = a.structureOutputDescriptor;
        final IOMemoryDescriptor[] sub = new IOMemoryDescriptor[1];
        final int ret = IOMemoryDescriptor.CreateSubMemoryDescriptor(IOMemoryDescriptor.kIOMemoryDirectionIn,
                a.scalarInput[0], a.scalarInput[1], output, sub);
        if (ret != IOReturn.kIOReturnSuccess) {
            return ret;
        }
        a.structureOutputDescriptor = sub[0]; // the output the driver fills: the runtime's reference stays on its own
        final IOMemoryMap[] map = new IOMemoryMap[1];
        a.structureOutputDescriptor.CreateMapping(0, 0, 0, 0, 0, map);
        map[0].segment().fill((byte) a.scalarInput[2]);
        final IOAddressSegment[] whole = new IOAddressSegment[1];
        final IOAddressSegment[] window = new IOAddressSegment[1];
        output.GetAddressRange(whole);
        sub[0].GetAddressRange(window);
        final long[] address = new long[1];
        final long[] length = new long[1];
        sub[0].Map(0, 0, 0, 0, address, length);
        a.scalarOutput[0] = map[0].GetOffset();
        a.scalarOutput[1] = window[0].address() - whole[0].address();
        a.scalarOutput[2] = address[0] == window[0].address() ? length[0] : -1;
        map[0].release();
        sub[0].release();
        return IOReturn.kIOReturnSuccess;
    }
}
