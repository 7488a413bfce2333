package org.iokit4j.systemtests.echo;

import static org.iokit4j.driverkit.IOUserClient.kIOUserClientVariableStructureSize;

import java.util.concurrent.atomic.AtomicInteger;
import org.iokit4j.IOReturn;
import org.iokit4j.driverkit.IOMemoryDescriptor;
import org.iokit4j.driverkit.IOService;
import org.iokit4j.driverkit.IOUserClient;
import org.iokit4j.driverkit.IOUserClientMethodArguments;
import org.iokit4j.driverkit.IOUserClientMethodDispatch;
import org.iokit4j.driverkit.OSAction;
import org.iokit4j.driverkit.OSData;
import org.iokit4j.driverkit.OSObject;

/** The test dext's user client: one method per rule the tests exercise. */
public class EchoUserClient extends IOUserClient {
    public static final int kSum = 0;
    public static final int kEcho = 1;
    public static final int kReverse16 = 2;
    public static final int kThrow = 3;
    public static final int kNotReady = 4;
    public static final int kOversizedOutput = 5;
    public static final int kRegisterAsync = 6;
    public static final int kFire = 7;
    public static final int kNoFunction = 8;
    public static final int kScalarCount = 9;
    public static final int kArguments = 10;
    public static final int kWhere = 11;
    public static final int kBytes = 12;
    public static final int kStrict = 13;
    public static final int kSerial = 14;
    public static final int kNumberOfMethods = 15;

    /** {@link #kStrict}'s checks: completion required, 1 scalar in, 2 bytes in, 3 scalars out, 4 bytes out. */
    public static final int STRICT_SCALARS_IN = 1;
    public static final int STRICT_STRUCT_IN = 2;
    public static final int STRICT_SCALARS_OUT = 3;
    public static final int STRICT_STRUCT_OUT = 4;

    /** Stops seen (tests read it). */
    public static final AtomicInteger STOPS = new AtomicInteger();
    /** The last arguments {@link #kArguments} saw, as text (tests read it). */
    public static volatile String lastArguments;
    /** ExternalMethod invocations, all clients (tests compare before and after: nothing sent means no change). */
    public static final AtomicInteger CALLS = new AtomicInteger();
    /** CopyClientMemoryForType invocations, all clients (the echo driver shares no memory: each is refused). */
    public static final AtomicInteger MEMORY_REQUESTS = new AtomicInteger();
    /** The thread {@link #kWhere} last ran on, and the label of the dispatch queue running it. */
    public static volatile Thread lastThread;
    public static volatile String lastQueue;
    /** Times {@link #kSerial} found another call of the same client inside it (serial semantics say never). */
    public static final AtomicInteger OVERLAPS = new AtomicInteger();

    private static final int ANY = kIOUserClientVariableStructureSize;
    private static final IOUserClientMethodDispatch[] METHODS = {
        IOUserClientMethodDispatch.builder(EchoUserClient::sum).checkScalarInputCount(2).checkScalarOutputCount(1)
                .build(),
        IOUserClientMethodDispatch.builder(EchoUserClient::echo).checkStructureInputSize(ANY)
                .checkStructureOutputSize(ANY).build(),
        IOUserClientMethodDispatch.builder(EchoUserClient::reverse).checkStructureInputSize(16)
                .checkStructureOutputSize(16).build(),
        IOUserClientMethodDispatch.builder((t, r, a) -> {
            throw new IllegalStateException("driver bug on purpose");
        }).build(),
        IOUserClientMethodDispatch.builder((t, r, a) -> IOReturn.kIOReturnNotReady).checkScalarInputCount(ANY)
                .checkStructureInputSize(ANY).checkScalarOutputCount(ANY).checkStructureOutputSize(ANY).build(),
        IOUserClientMethodDispatch.builder(EchoUserClient::oversized).checkStructureOutputSize(ANY).build(),
        IOUserClientMethodDispatch.builder(EchoUserClient::register).checkCompletionExists(true)
                .checkScalarInputCount(ANY).build(),
        IOUserClientMethodDispatch.builder(EchoUserClient::fire).checkScalarInputCount(ANY).build(),
        IOUserClientMethodDispatch.builder(null).build(),
        IOUserClientMethodDispatch.builder(EchoUserClient::scalarCount).checkScalarInputCount(1)
                .checkScalarOutputCount(ANY).build(),
        IOUserClientMethodDispatch.builder(EchoUserClient::arguments).checkCompletionExists(ANY)
                .checkScalarInputCount(ANY).checkStructureInputSize(ANY).checkScalarOutputCount(ANY)
                .checkStructureOutputSize(ANY).build(),
        IOUserClientMethodDispatch.builder(EchoUserClient::where).build(),
        IOUserClientMethodDispatch.builder(EchoUserClient::bytes).checkScalarInputCount(1)
                .checkStructureOutputSize(ANY).build(),
        IOUserClientMethodDispatch.builder((t, r, a) -> IOReturn.kIOReturnSuccess).checkCompletionExists(true)
                .checkScalarInputCount(STRICT_SCALARS_IN).checkStructureInputSize(STRICT_STRUCT_IN)
                .checkScalarOutputCount(STRICT_SCALARS_OUT).checkStructureOutputSize(STRICT_STRUCT_OUT).build(),
        IOUserClientMethodDispatch.builder(EchoUserClient::serial).checkScalarInputCount(1)
                .checkScalarOutputCount(1).build(),
    };

    private volatile OSAction saved;
    private boolean inside;
    private long total;

    @Override
    public int ExternalMethod(long selector, IOUserClientMethodArguments arguments,
                              IOUserClientMethodDispatch dispatch, OSObject target, Object reference) {
        CALLS.incrementAndGet();
        if (selector < kNumberOfMethods) {
            dispatch = METHODS[(int) selector];
            if (target == null) {
                target = this;
            }
        }
        return super.ExternalMethod(selector, arguments, dispatch, target, reference);
    }

    @Override
    public int CopyClientMemoryForType(long type, long[] options, IOMemoryDescriptor[] memory) {
        MEMORY_REQUESTS.incrementAndGet();
        return super.CopyClientMemoryForType(type, options, memory);
    }

    @Override
    public int Stop(IOService provider) {
        STOPS.incrementAndGet();
        final OSAction action = saved;
        saved = null;
        if (action != null) {
            action.release();
        }
        return super.Stop(provider);
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

    private static int reverse(OSObject target, Object reference, IOUserClientMethodArguments a) {
        final byte[] in = a.structureInput.toByteArray();
        final byte[] out = new byte[in.length];
        for (int i = 0; i < in.length; i++) {
            out[i] = in[in.length - 1 - i];
        }
        a.structureOutput = OSData.withBytes(out);
        return IOReturn.kIOReturnSuccess;
    }

    private static int oversized(OSObject target, Object reference, IOUserClientMethodArguments a) {
        a.structureOutput = OSData.withBytes(new byte[32]);
        return IOReturn.kIOReturnSuccess;
    }

    private static int register(OSObject target, Object reference, IOUserClientMethodArguments a) {
        final EchoUserClient self = (EchoUserClient) target;
        final boolean keep = a.scalarInputCount == 0 || a.scalarInput[0] != 0;
        if (keep) {
            a.completion.retain();
            final OSAction previous = self.saved;
            self.saved = a.completion;
            if (previous != null) {
                previous.release();
            }
        } else {
            self.saved = a.completion; // the pitfall: kept without retain()
        }
        return IOReturn.kIOReturnSuccess;
    }

    private static int fire(OSObject target, Object reference, IOUserClientMethodArguments a) {
        final EchoUserClient self = (EchoUserClient) target;
        final long[] data = new long[16];
        System.arraycopy(a.scalarInput, 0, data, 0, a.scalarInputCount);
        self.AsyncCompletion(self.saved, IOReturn.kIOReturnSuccess, data, a.scalarInputCount);
        return IOReturn.kIOReturnSuccess;
    }

    private static int scalarCount(OSObject target, Object reference, IOUserClientMethodArguments a) {
        a.scalarOutputCount = (int) a.scalarInput[0];
        for (int i = 0; i < Math.min(16, a.scalarOutputCount); i++) {
            a.scalarOutput[i] = 100 + i;
        }
        return IOReturn.kIOReturnSuccess;
    }

    private static int arguments(OSObject target, Object reference, IOUserClientMethodArguments a) {
        lastArguments = "version=" + a.version + " selector=" + a.selector + " completion=" + (a.completion != null)
                + " scalarInputCount=" + a.scalarInputCount + " structureInput="
                + (a.structureInput == null ? "null" : a.structureInput.getLength())
                + " structureInputDescriptor=" + (a.structureInputDescriptor != null)
                + " scalarOutput.length=" + a.scalarOutput.length + " scalarOutputCount=" + a.scalarOutputCount
                + " structureOutputDescriptor=" + (a.structureOutputDescriptor != null)
                + " structureOutputMaximumSize=" + a.structureOutputMaximumSize;
        return IOReturn.kIOReturnSuccess;
    }

    private static int where(OSObject target, Object reference, IOUserClientMethodArguments a) {
        lastThread = Thread.currentThread();
        final org.iokit4j.dispatch.DispatchQueue queue = org.iokit4j.dispatch.DispatchQueue.current();
        lastQueue = queue == null ? null : queue.label();
        return IOReturn.kIOReturnSuccess;
    }

    /** Returns {@code scalarInput[0]} bytes, byte i = (byte) i: a size the caller chooses. */
    private static int bytes(OSObject target, Object reference, IOUserClientMethodArguments a) {
        final byte[] out = new byte[(int) a.scalarInput[0]];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) i;
        }
        a.structureOutput = OSData.withBytes(out);
        return IOReturn.kIOReturnSuccess;
    }

    /** Adds its input to a running total without any lock: correct only if calls never overlap. */
    private static int serial(OSObject target, Object reference, IOUserClientMethodArguments a) {
        final EchoUserClient self = (EchoUserClient) target;
        if (self.inside) {
            OVERLAPS.incrementAndGet();
        }
        self.inside = true;
        final long before = self.total;
        for (int i = 0; i < 200; i++) {
            Thread.onSpinWait(); // widen the window an overlapping call would fall into
        }
        self.total = before + a.scalarInput[0];
        a.scalarOutput[0] = self.total;
        self.inside = false;
        return IOReturn.kIOReturnSuccess;
    }
}
