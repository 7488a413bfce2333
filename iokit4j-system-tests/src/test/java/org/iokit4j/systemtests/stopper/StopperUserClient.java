package org.iokit4j.systemtests.stopper;

import static org.iokit4j.IOReturn.kIOReturnSuccess;

import java.lang.foreign.ValueLayout;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.iokit4j.driverkit.IODispatchQueue;
import org.iokit4j.driverkit.IOService;
import org.iokit4j.driverkit.IOTimerDispatchSource;
import org.iokit4j.driverkit.IOUserClient;
import org.iokit4j.driverkit.IOUserClientMethodArguments;
import org.iokit4j.driverkit.IOUserClientMethodDispatch;
import org.iokit4j.driverkit.OSAction;
import org.iokit4j.driverkit.OSObject;

/**
 * A user client that does what Apple's NullDriver sample does with its runtime objects: a queue, a timer on it
 * whose handler is an {@code OSAction} with reference storage, a retained completion, and a {@code Stop} that
 * cancels each of them and calls {@code super.Stop} when the last cancel handler runs. Every step is logged to
 * {@link #EVENTS} so tests can check the order.
 */
public class StopperUserClient extends IOUserClient {
    /** Retains the call's completion, stores {@code scalarInput[0..1]} in the action and arms the timer {@code scalarInput[2]} ns ahead. */
    public static final int kRegisterAsyncCallback = 0;
    /** Returns 1 in {@code scalarOutput[0]} if {@code ExternalMethod} ran on the ExternalMethod queue. */
    public static final int kWhichQueue = 1;
    public static final int kNumberOfMethods = 2;

    /** What happened, in order (tests read it). */
    public static final List<String> EVENTS = new CopyOnWriteArrayList<>();
    /** Counted down by {@code free()} (tests wait on it). */
    public static volatile CountDownLatch freed = new CountDownLatch(1);

    private static final IOUserClientMethodDispatch[] METHODS = {
        IOUserClientMethodDispatch.builder(StopperUserClient::registerAsyncCallback).checkCompletionExists(true)
                .checkScalarInputCount(3).build(),
        IOUserClientMethodDispatch.builder(StopperUserClient::whichQueue).checkScalarOutputCount(1).build(),
    };

    private OSAction callbackAction;
    private IODispatchQueue dispatchQueue;
    private IODispatchQueue methodQueue;
    private IOTimerDispatchSource dispatchSource;
    private OSAction simulatedAsyncDeviceResponseAction;

    @Override
    public int Start(IOService provider) {
        int ret = super.Start(provider);
        if (ret != kIOReturnSuccess) {
            return ret;
        }
        final IODispatchQueue[] queue = new IODispatchQueue[1];
        ret = IODispatchQueue.Create("StopperDispatchQueue", 0, 0, queue);
        dispatchQueue = queue[0];
        if (ret != kIOReturnSuccess) {
            return ret;
        }
        final IOTimerDispatchSource[] source = new IOTimerDispatchSource[1];
        ret = IOTimerDispatchSource.Create(dispatchQueue, source);
        dispatchSource = source[0];
        if (ret != kIOReturnSuccess) {
            return ret;
        }
        final OSAction[] action = new OSAction[1];
        ret = OSAction.Create(this, this::SimulatedAsyncEvent, 16, action);
        simulatedAsyncDeviceResponseAction = action[0];
        if (ret != kIOReturnSuccess) {
            return ret;
        }
        ret = dispatchSource.SetHandler(simulatedAsyncDeviceResponseAction);
        if (ret != kIOReturnSuccess) {
            return ret;
        }
        ret = IODispatchQueue.Create("StopperMethods", 0, 0, queue);
        methodQueue = queue[0];
        return ret != kIOReturnSuccess ? ret : SetDispatchQueue(kIOUserClientQueueNameExternalMethod, methodQueue);
    }

    @Override
    public int Stop(IOService provider) {
        EVENTS.add("Stop");
        final AtomicInteger cancelCount = new AtomicInteger(4);
        retain();
        final Runnable finalize = () -> {
            if (cancelCount.decrementAndGet() == 0) {
                EVENTS.add("super.Stop");
                super.Stop(provider);
                release();
            }
        };
        simulatedAsyncDeviceResponseAction.Cancel(logged("action", finalize));
        dispatchSource.Cancel(logged("source", finalize));
        dispatchQueue.Cancel(logged("queue", finalize));
        if (callbackAction != null) {
            callbackAction.Cancel(logged("callback", finalize));
        } else {
            logged("callback", finalize).run();
        }
        EVENTS.add("Stop returns");
        return kIOReturnSuccess;
    }

    @Override
    public void free() {
        EVENTS.add("free");
        for (OSObject held : new OSObject[] {simulatedAsyncDeviceResponseAction, dispatchSource, dispatchQueue,
            methodQueue, callbackAction}) {
            if (held != null) {
                held.release();
            }
        }
        freed.countDown();
        super.free();
    }

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

    private void SimulatedAsyncEvent(OSAction action, long[] args) {
        final long foo = action.GetReference().get(ValueLayout.JAVA_LONG, 0);
        final long bar = action.GetReference().get(ValueLayout.JAVA_LONG, 8);
        EVENTS.add("timer foo=" + foo + " bar=" + bar);
        if (callbackAction != null) {
            AsyncCompletion(callbackAction, kIOReturnSuccess, new long[] {2, foo + 1, bar + 10}, 3);
        }
    }

    private static int registerAsyncCallback(OSObject target, Object reference, IOUserClientMethodArguments a) {
        final StopperUserClient self = (StopperUserClient) target;
        self.callbackAction = a.completion;
        self.callbackAction.retain();
        self.simulatedAsyncDeviceResponseAction.GetReference().set(ValueLayout.JAVA_LONG, 0, a.scalarInput[0]);
        self.simulatedAsyncDeviceResponseAction.GetReference().set(ValueLayout.JAVA_LONG, 8, a.scalarInput[1]);
        return self.dispatchSource.WakeAtTime(IOTimerDispatchSource.kIOTimerClockMonotonicRaw,
                System.nanoTime() + a.scalarInput[2], 0);
    }

    private static int whichQueue(OSObject target, Object reference, IOUserClientMethodArguments a) {
        a.scalarOutput[0] = ((StopperUserClient) target).methodQueue.dispatchQueue().isCurrent() ? 1 : 0;
        return kIOReturnSuccess;
    }

    private static Runnable logged(String what, Runnable then) {
        return () -> {
            EVENTS.add("cancelled " + what);
            then.run();
        };
    }
}
