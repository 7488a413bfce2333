package org.iokit4j.systemtests.hostile;

import java.util.concurrent.atomic.AtomicInteger;
import org.iokit4j.IOReturn;
import org.iokit4j.driverkit.IOMemoryDescriptor;
import org.iokit4j.driverkit.IOService;
import org.iokit4j.driverkit.IOUserClient;
import org.iokit4j.driverkit.IOUserClientMethodArguments;
import org.iokit4j.driverkit.IOUserClientMethodDispatch;
import org.iokit4j.driverkit.OSObject;

/**
 * The hostile dext's user client. Selectors: {@link #kThrow} throws {@link Hostility} {@code scalarInput[0]};
 * {@link #kSum} answers a + b; {@link #kThrowOnQueue} queues a block throwing that kind with {@code DispatchAsync},
 * then a block that counts {@link #BLOCKS_AFTER}; {@link #kComplete} completes the call's action with
 * {@code scalarInput[0]} as its one argument. {@code CopyClientMemoryForType(k)} throws kind k. {@code Stop} throws
 * {@link #stopThrows} if set.
 */
public class HostileUserClient extends IOUserClient {
    public static final int kThrow = 0;
    public static final int kSum = 1;
    public static final int kThrowOnQueue = 2;
    public static final int kComplete = 3;

    /** Blocks that ran after a throwing block on the same queue. */
    public static final AtomicInteger BLOCKS_AFTER = new AtomicInteger();
    /** What the next {@code Stop} throws, or {@code null}. */
    public static volatile Hostility stopThrows;

    private static final IOUserClientMethodDispatch[] METHODS = {
        IOUserClientMethodDispatch.builder((t, r, a) -> {
            Hostility.raise(a.scalarInput[0]);
            return IOReturn.kIOReturnInternalError;
        }).checkScalarInputCount(1).build(),
        IOUserClientMethodDispatch.builder((t, r, a) -> {
            a.scalarOutput[0] = a.scalarInput[0] + a.scalarInput[1];
            return IOReturn.kIOReturnSuccess;
        }).checkScalarInputCount(2).checkScalarOutputCount(1).build(),
        IOUserClientMethodDispatch.builder(HostileUserClient::throwOnQueue).checkScalarInputCount(1).build(),
        IOUserClientMethodDispatch.builder(HostileUserClient::complete).checkScalarInputCount(1)
                .checkCompletionExists(true).build(),
    };

    @Override
    public int ExternalMethod(long selector, IOUserClientMethodArguments args, IOUserClientMethodDispatch dispatch,
                              OSObject target, Object reference) {
        if (selector < METHODS.length) {
            dispatch = METHODS[(int) selector];
            target = target == null ? this : target;
        }
        return super.ExternalMethod(selector, args, dispatch, target, reference);
    }

    @Override
    public int CopyClientMemoryForType(long type, long[] options, IOMemoryDescriptor[] memory) {
        Hostility.raise(type);
        return IOReturn.kIOReturnInternalError;
    }

    @Override
    public int Stop(IOService provider) {
        final Hostility kind = stopThrows;
        if (kind != null) {
            stopThrows = null;
            kind.raise();
        }
        return super.Stop(provider);
    }

    private static int throwOnQueue(OSObject target, Object reference, IOUserClientMethodArguments a) {
        final HostileUserClient self = (HostileUserClient) target;
        final long kind = a.scalarInput[0];
        final org.iokit4j.driverkit.IODispatchQueue[] queue = new org.iokit4j.driverkit.IODispatchQueue[1];
        self.CopyDispatchQueue(kIOServiceDefaultQueueName, queue);
        queue[0].DispatchAsync(() -> Hostility.raise(kind));
        queue[0].DispatchAsync(BLOCKS_AFTER::incrementAndGet);
        queue[0].release();
        return IOReturn.kIOReturnSuccess;
    }

    private static int complete(OSObject target, Object reference, IOUserClientMethodArguments a) {
        ((IOUserClient) target).AsyncCompletion(a.completion, IOReturn.kIOReturnSuccess,
                new long[] {a.scalarInput[0]}, 1);
        return IOReturn.kIOReturnSuccess;
    }
}
