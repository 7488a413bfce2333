package org.iokit4j.junit.tick;

import static org.iokit4j.IOReturn.kIOReturnBusy;
import static org.iokit4j.IOReturn.kIOReturnSuccess;

import org.iokit4j.driverkit.IODispatchQueue;
import org.iokit4j.driverkit.IOService;
import org.iokit4j.driverkit.IOTimerDispatchSource;
import org.iokit4j.driverkit.IOUserClient;
import org.iokit4j.driverkit.IOUserClientMethodArguments;
import org.iokit4j.driverkit.IOUserClientMethodDispatch;
import org.iokit4j.driverkit.MachTime;
import org.iokit4j.driverkit.OSAction;
import org.iokit4j.driverkit.OSObject;

/**
 * The test dext's user client: a sum, the mach time, and an async call completed by a timer.
 * <ul>
 *   <li>{@value #kSum}: two scalars in, their sum out;</li>
 *   <li>{@value #kNow}: {@code mach_absolute_time()} out;</li>
 *   <li>{@value #kWakeAfter}: async; one scalar in, a delay in nanoseconds; arms a timer on a queue of its own
 *       (made in {@code Start}) for {@code mach_absolute_time() + delay}, whose handler completes the call with
 *       {@code {the time it fired, mach_absolute_time() in the handler}}.</li>
 * </ul>
 *
 * <p><b>Concurrency.</b> External methods run on the default queue, the timer's handler on the client's own queue;
 * the pending completion is handed between them under the object's lock.
 */
public class TickUserClient extends IOUserClient {
    /** Selector: two scalars in, their sum out. */
    public static final int kSum = 0;
    /** Selector: the driver's {@code mach_absolute_time()} out. */
    public static final int kNow = 1;
    /** Selector: async, completed by a timer {@code scalarInput[0]} nanoseconds later. */
    public static final int kWakeAfter = 2;

    private static final IOUserClientMethodDispatch[] METHODS = {
        IOUserClientMethodDispatch.builder(TickUserClient::sum).checkScalarInputCount(2).checkScalarOutputCount(1)
                .build(),
        IOUserClientMethodDispatch.builder(TickUserClient::now).checkScalarOutputCount(1).build(),
        IOUserClientMethodDispatch.builder(TickUserClient::wakeAfter).checkScalarInputCount(1)
                .checkCompletionExists(true).build(),
    };

    private IODispatchQueue queue;
    private IOTimerDispatchSource timer;
    private OSAction fired;
    private OSAction pending;

    /** Made by the kernel from {@code UserClientProperties}' {@code IOUserClass}. */
    public TickUserClient() {
    }

    @Override
    public int Start(IOService provider) {
        int ret = super.Start(provider);
        final IODispatchQueue[] madeQueue = new IODispatchQueue[1];
        ret = ret != kIOReturnSuccess ? ret : IODispatchQueue.Create("tick", 0, 0, madeQueue);
        queue = madeQueue[0];
        final IOTimerDispatchSource[] madeTimer = new IOTimerDispatchSource[1];
        ret = ret != kIOReturnSuccess ? ret : IOTimerDispatchSource.Create(queue, madeTimer);
        timer = madeTimer[0];
        final OSAction[] action = new OSAction[1];
        ret = ret != kIOReturnSuccess ? ret : OSAction.Create(this, this::timerFired, 0, action);
        fired = action[0];
        return ret != kIOReturnSuccess ? ret : timer.SetHandler(fired);
    }

    @Override
    public void free() {
        for (OSObject held : new OSObject[] {timer, fired, queue}) {
            if (held != null) {
                held.release();
            }
        }
        super.free();
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

    private static int now(OSObject target, Object reference, IOUserClientMethodArguments arguments) {
        arguments.scalarOutput[0] = MachTime.mach_absolute_time();
        return kIOReturnSuccess;
    }

    private static int wakeAfter(OSObject target, Object reference, IOUserClientMethodArguments arguments) {
        final TickUserClient self = (TickUserClient) target;
        synchronized (self) {
            if (self.pending != null) {
                return kIOReturnBusy;
            }
            arguments.completion.retain();
            self.pending = arguments.completion;
        }
        return self.timer.WakeAtTime(IOTimerDispatchSource.kIOTimerClockMachAbsoluteTime,
                MachTime.mach_absolute_time() + arguments.scalarInput[0], 0);
    }

    private void timerFired(OSAction action, long[] args) {
        final OSAction completion;
        synchronized (this) {
            completion = pending;
            pending = null;
        }
        if (completion != null) {
            AsyncCompletion(completion, kIOReturnSuccess, new long[] {args[0], MachTime.mach_absolute_time()}, 2);
            completion.release();
        }
    }
}
