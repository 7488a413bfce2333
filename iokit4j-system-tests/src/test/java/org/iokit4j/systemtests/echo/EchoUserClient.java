package org.iokit4j.systemtests.echo;

import static org.iokit4j.driverkit.IOUserClient.kIOUserClientVariableStructureSize;

import java.util.concurrent.atomic.AtomicInteger;
import org.iokit4j.IOReturn;
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
    public static final int kNumberOfMethods = 11;

    /** Stops seen (tests read it). */
    public static final AtomicInteger STOPS = new AtomicInteger();
    /** The last arguments {@link #kArguments} saw, as text (tests read it). */
    public static volatile String lastArguments;

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
        IOUserClientMethodDispatch.builder((t, r, a) -> IOReturn.kIOReturnNotReady).build(),
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
    };

    private volatile OSAction saved;

    @Override
    public int ExternalMethod(long selector, IOUserClientMethodArguments arguments,
                              IOUserClientMethodDispatch dispatch, OSObject target, Object reference) {
        if (selector < kNumberOfMethods) {
            dispatch = METHODS[(int) selector];
            if (target == null) {
                target = this;
            }
        }
        return super.ExternalMethod(selector, arguments, dispatch, target, reference);
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
}
