package org.iokit4j.systemtests.async;

import static org.iokit4j.driverkit.IOUserClient.kIOUserClientVariableStructureSize;

import org.iokit4j.IOReturn;
import org.iokit4j.driverkit.IODispatchQueue;
import org.iokit4j.driverkit.IOService;
import org.iokit4j.driverkit.IOUserClient;
import org.iokit4j.driverkit.IOUserClientMethodArguments;
import org.iokit4j.driverkit.IOUserClientMethodDispatch;
import org.iokit4j.driverkit.OSAction;
import org.iokit4j.driverkit.OSObject;

/** The async test dext's user client: keep, fire, echo, repeat, drop, and the mistakes drivers make. */
public class AsyncUserClient extends IOUserClient {
    /** scalars: [retain?]; keeps the completion (retained when scalar 0 is non-zero). */
    public static final int kKeep = 0;
    /** scalars: the completion's args (any count, even > 16); completes the kept action from the caller. */
    public static final int kFire = 1;
    /** Completes at once, inside ExternalMethod, with the scalar inputs as args. */
    public static final int kEchoNow = 2;
    /** A synchronous method: checkCompletionExists = 0. */
    public static final int kSyncOnly = 3;
    /** scalars: [n]; completes n times from the dext's queue, args = {i}. */
    public static final int kRepeat = 4;
    /** Releases the kept action without completing it: the driver drops the call (issue 8 deliverable 5). */
    public static final int kDrop = 5;
    public static final int kNumberOfMethods = 6;

    /** How many kept actions' aborted handlers ran (OSAction::SetAbortedHandler). */
    public static final java.util.concurrent.atomic.AtomicInteger ABORTED = new java.util.concurrent.atomic.AtomicInteger();

    /** Set by Stop for tests that complete after the client closed: the client and its kept action. */
    public static volatile AsyncUserClient stoppedClient;
    public static volatile OSAction stoppedAction;

    private static final int ANY = kIOUserClientVariableStructureSize;
    private static final IOUserClientMethodDispatch[] METHODS = {
        IOUserClientMethodDispatch.builder(AsyncUserClient::keep).checkCompletionExists(true)
                .checkScalarInputCount(1).build(),
        IOUserClientMethodDispatch.builder(AsyncUserClient::fire).checkScalarInputCount(ANY).build(),
        IOUserClientMethodDispatch.builder(AsyncUserClient::echoNow).checkCompletionExists(true)
                .checkScalarInputCount(ANY).build(),
        IOUserClientMethodDispatch.builder((t, r, a) -> IOReturn.kIOReturnSuccess).checkCompletionExists(false)
                .build(),
        IOUserClientMethodDispatch.builder(AsyncUserClient::repeat).checkCompletionExists(true)
                .checkScalarInputCount(1).build(),
        IOUserClientMethodDispatch.builder(AsyncUserClient::drop).checkCompletionExists(false).build(),
    };

    private volatile OSAction kept;

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
    public int Stop(IOService provider) {
        stoppedClient = this;
        stoppedAction = kept; // kept (still retained) for tests that complete after close
        kept = null;
        return super.Stop(provider);
    }

    private static int keep(OSObject target, Object reference, IOUserClientMethodArguments a) {
        final AsyncUserClient self = (AsyncUserClient) target;
        if (a.scalarInput[0] != 0) {
            a.completion.retain();
            a.completion.SetAbortedHandler(ABORTED::incrementAndGet);
        }
        self.kept = a.completion; // without retain() this is apple-semantics.md §10.6's mistake
        return IOReturn.kIOReturnSuccess;
    }

    private static int fire(OSObject target, Object reference, IOUserClientMethodArguments a) {
        final AsyncUserClient self = (AsyncUserClient) target;
        final long[] data = a.scalarInputCount == 0 ? new long[0] : a.scalarInput.clone();
        final int count = a.scalarInputCount == 1 && a.scalarInput[0] < 0 ? 17 : a.scalarInputCount;
        self.AsyncCompletion(self.kept, IOReturn.kIOReturnSuccess, count > data.length ? new long[count] : data,
                count);
        return IOReturn.kIOReturnSuccess;
    }

    private static int echoNow(OSObject target, Object reference, IOUserClientMethodArguments a) {
        final AsyncUserClient self = (AsyncUserClient) target;
        self.AsyncCompletion(a.completion, IOReturn.kIOReturnSuccess, a.scalarInput, a.scalarInputCount);
        return IOReturn.kIOReturnSuccess;
    }

    private static int drop(OSObject target, Object reference, IOUserClientMethodArguments a) {
        final AsyncUserClient self = (AsyncUserClient) target;
        final OSAction action = self.kept;
        self.kept = null;
        if (action != null) {
            action.release(); // its last reference: the kernel aborts the action, and no completion ever comes
        }
        return IOReturn.kIOReturnSuccess;
    }

    private static int repeat(OSObject target, Object reference, IOUserClientMethodArguments a) {
        final AsyncUserClient self = (AsyncUserClient) target;
        final OSAction action = a.completion;
        final long times = a.scalarInput[0];
        action.retain();
        final IODispatchQueue[] queue = new IODispatchQueue[1];
        self.CopyDispatchQueue(kIOServiceDefaultQueueName, queue);
        queue[0].DispatchAsync(() -> {
            for (long i = 0; i < times; i++) {
                self.AsyncCompletion(action, IOReturn.kIOReturnSuccess, new long[] {i}, 1);
            }
            action.release();
        });
        queue[0].release();
        return IOReturn.kIOReturnSuccess;
    }
}
