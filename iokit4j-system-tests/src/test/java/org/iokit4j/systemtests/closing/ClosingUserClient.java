package org.iokit4j.systemtests.closing;

import static org.iokit4j.IOReturn.kIOReturnSuccess;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.iokit4j.IOReturn;
import org.iokit4j.driverkit.IODispatchQueue;
import org.iokit4j.driverkit.IOService;
import org.iokit4j.driverkit.IOUserClient;
import org.iokit4j.driverkit.IOUserClientMethodArguments;
import org.iokit4j.driverkit.IOUserClientMethodDispatch;
import org.iokit4j.driverkit.OSObject;

/**
 * A user client whose {@code ExternalMethod} runs on its own queue (not the default queue {@code Stop} runs on),
 * with a method that holds that queue until the test lets it go, so a test can line calls up behind it and close
 * the connection meanwhile. It records every {@code ExternalMethod} that starts after its {@code Stop} began.
 */
public class ClosingUserClient extends IOUserClient {
    /** Holds the ExternalMethod queue until {@link #release} opens (at most 30 s, a guard). */
    public static final int kHold = 0;
    /** Returns at once. */
    public static final int kPing = 1;

    /** Counted down when {@link #kHold} runs (tests wait on it). */
    public static volatile CountDownLatch holding = new CountDownLatch(1);
    /** Opened by the test to let {@link #kHold} return. */
    public static volatile CountDownLatch release = new CountDownLatch(1);
    /**
     * The current user client's ExternalMethod queue, retained for the test (which watches what waits on it), so
     * the queue outlives the user client; {@link #reset} gives the reference back.
     */
    public static volatile IODispatchQueue methodQueue;
    /** What happened, in order (tests read it). */
    public static final List<String> EVENTS = new CopyOnWriteArrayList<>();

    private static final IOUserClientMethodDispatch[] METHODS = {
        IOUserClientMethodDispatch.builder(ClosingUserClient::hold).build(),
        IOUserClientMethodDispatch.builder((target, reference, a) -> kIOReturnSuccess).build(),
    };

    private volatile boolean stopped;
    private IODispatchQueue queue;

    /** Resets the shared state (before and after a test). */
    public static void reset() {
        holding = new CountDownLatch(1);
        release = new CountDownLatch(1);
        final IODispatchQueue held = methodQueue;
        methodQueue = null;
        if (held != null) {
            held.release();
        }
        EVENTS.clear();
    }

    @Override
    public int Start(IOService provider) {
        final int ret = super.Start(provider);
        if (ret != kIOReturnSuccess) {
            return ret;
        }
        final IODispatchQueue[] made = new IODispatchQueue[1];
        final int created = IODispatchQueue.Create("ClosingMethods", 0, 0, made);
        if (created != kIOReturnSuccess) {
            return created;
        }
        queue = made[0];
        queue.retain();
        methodQueue = queue;
        return SetDispatchQueue(kIOUserClientQueueNameExternalMethod, queue);
    }

    @Override
    public int Stop(IOService provider) {
        stopped = true;
        EVENTS.add("Stop");
        return super.Stop(provider);
    }

    @Override
    public void free() {
        EVENTS.add("free");
        if (queue != null) {
            queue.release();
        }
        super.free();
    }

    @Override
    public int ExternalMethod(long selector, IOUserClientMethodArguments arguments,
                              IOUserClientMethodDispatch dispatch, OSObject target, Object reference) {
        EVENTS.add((stopped ? "ExternalMethod after Stop" : "ExternalMethod") + " selector=" + selector);
        if (selector < METHODS.length) {
            dispatch = METHODS[(int) selector];
            if (target == null) {
                target = this;
            }
        }
        return super.ExternalMethod(selector, arguments, dispatch, target, reference);
    }

    private static int hold(OSObject target, Object reference, IOUserClientMethodArguments a) {
        holding.countDown();
        try {
            return release.await(30, TimeUnit.SECONDS) ? kIOReturnSuccess : IOReturn.kIOReturnTimeout;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return IOReturn.kIOReturnAborted;
        }
    }
}
