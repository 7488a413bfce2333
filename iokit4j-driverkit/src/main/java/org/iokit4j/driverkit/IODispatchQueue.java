package org.iokit4j.driverkit;

import static org.iokit4j.IOReturn.kIOReturnAborted;
import static org.iokit4j.IOReturn.kIOReturnBadArgument;
import static org.iokit4j.IOReturn.kIOReturnCannotLock;
import static org.iokit4j.IOReturn.kIOReturnSuccess;

import java.util.Objects;
import org.iokit4j.Diagnostics;
import org.iokit4j.Failure;
import org.iokit4j.dispatch.DispatchQueue;

/**
 * A serial queue that driver code runs on, DriverKit's {@code IODispatchQueue}.
 *
 * <p>Each driver server has a default queue (named {@code "Default"}); a driver may create more and give them to
 * its objects with {@link IOService#SetDispatchQueue}, or to timers with {@link IOTimerDispatchSource#Create}.
 * {@link #DispatchSync} runs the block on the caller's thread when the queue is idle, as libdispatch does.
 *
 * <p><b>Cancellation.</b> {@link #Cancel} refuses new work at once, lets what was queued before it run, and then
 * runs its handler on the queue, never inside the {@code Cancel} call (contract.md "More of the DriverKit
 * runtime"). Work submitted after that is dropped: {@code DispatchAsync} and {@code DispatchSync} return without
 * running it, record {@code kIOReturnAborted} as the thread's {@linkplain Diagnostics#lastFailure() last failure}
 * and log why. The queue's thread stops when the queue is freed (its last {@link #release()}).
 *
 * <p><b>Concurrency.</b> Thread-safe. Blocks never run concurrently with each other. {@code Cancel} is a fence
 * ({@link CancelGate}, lock-free on the submit path): every block let in before a {@code Cancel}, by
 * {@code DispatchAsync} or {@code DispatchSync}, runs before its handler, and every block after it is refused.
 * Nothing waits for the fence and nothing spins.
 */
public class IODispatchQueue extends OSObject {
    private final String name;
    private final DispatchQueue queue;
    private final TimerScheduler timers;
    private final CancelGate gate = new CancelGate(this::handOnCancelHandler);

    IODispatchQueue(String name, DispatchQueue queue) {
        this(name, queue, TimerScheduler.shared());
    }

    IODispatchQueue(String name, DispatchQueue queue, TimerScheduler timers) {
        this.name = Objects.requireNonNull(name, "name");
        this.queue = Objects.requireNonNull(queue, "queue");
        this.timers = Objects.requireNonNull(timers, "timers");
        timers.bind(queue); // code on this queue reads the same clock its timers run on (MachTime)
    }

    /**
     * Creates a queue with its own thread (started on first use, parked while idle).
     *
     * @param options  reserved, 0.
     * @param priority reserved, 0.
     * @param queue    receives the new queue, an {@code IODispatchQueue[1]}; the caller owns its reference.
     * @param name     the queue's name, in thread names and explanations.
     * @return {@code kIOReturnSuccess}, or {@code kIOReturnBadArgument} for a null name or out-array.
     */
    public static int Create(String name, long options, long priority, IODispatchQueue[] queue) {
        if (name == null || queue == null || queue.length < 1) {
            return Diagnostics.fail("IODispatchQueue::Create", Failure.of(kIOReturnBadArgument,
                    "name=%s and queue (an IODispatchQueue[1]) must not be null", name));
        }
        // the clock of the queue the caller runs on: a driver server's queues all read its clock (DriverClock)
        queue[0] = new IODispatchQueue(name, DispatchQueue.create(name), TimerScheduler.current());
        return kIOReturnSuccess;
    }

    /** {@return the queue's name} */
    public String GetName() {
        return name;
    }

    /**
     * Runs {@code block} on the queue later, after everything submitted before it; returns at once.
     * On a cancelled queue the block is dropped and explained ({@code kIOReturnAborted}).
     *
     * @param block the work to run on the queue.
     */
    public void DispatchAsync(Runnable block) {
        Objects.requireNonNull(block, "block");
        if (!gate.enter()) {
            refuse("DispatchAsync");
            return;
        }
        boolean queued = false;
        try {
            queue.async(block);
            queued = true;
        } catch (IllegalStateException freed) {
            // the queue was freed: refused below
        } finally {
            gate.leave();
        }
        if (!queued) {
            refuse("DispatchAsync");
        }
    }

    /**
     * Runs {@code block} on the queue and waits for it: on the caller's thread when the queue is idle, else after
     * the work ahead of it. An exception the block throws reaches the caller; the queue goes on.
     *
     * <p>A block already running on this queue that calls {@code DispatchSync} onto it would wait for itself
     * forever (libdispatch crashes the process there). This method does not run the block and does not throw:
     * it records {@code kIOReturnCannotLock} as the thread's last failure, logs the explanation at WARNING and
     * returns, so the driver keeps running and the mistake is visible. A cancelled queue drops the block the same
     * way, with {@code kIOReturnAborted}.
     *
     * @param block the work to run on the queue.
     */
    public void DispatchSync(Runnable block) {
        Objects.requireNonNull(block, "block");
        if (queue.isCurrent()) {
            final Failure deadlock = Failure.of(kIOReturnCannotLock, "DispatchSync onto '%s' from a block already"
                    + " running on '%s' would wait for itself forever (libdispatch crashes here): the block was not"
                    + " run. Call the code directly, or use DispatchAsync", name, name);
            Diagnostics.warn(deadlock.toString());
            Diagnostics.fail("IODispatchQueue::DispatchSync", deadlock);
            return;
        }
        if (queue.isClosed() || !gate.enter()) {
            refuse("DispatchSync");
            return;
        }
        final boolean[] left = {false};
        try {
            queue.sync(block, () -> { // the block has its place: a Cancel from now on is queued behind it
                left[0] = true;
                gate.leave();
            });
        } finally {
            if (!left[0]) {
                gate.leave();
            }
        }
    }

    /**
     * Cancels the queue: no new work is accepted from now on; {@code handler} runs on the queue once the work
     * queued before this call has run. Never runs {@code handler} inside this call. A second {@code Cancel}
     * returns {@code kIOReturnSuccess} and its handler runs too, after the first.
     *
     * @param handler what to run once the queue has drained, or {@code null}.
     * @return {@code kIOReturnSuccess}.
     */
    public int Cancel(Runnable handler) {
        gate.cancel(handler == null ? () -> { } : handler);
        return kIOReturnSuccess;
    }

    /** {@return whether {@link #Cancel} was called} */
    public boolean isCancelled() {
        return gate.isCancelled();
    }

    /** {@return the underlying serial queue} */
    public DispatchQueue dispatchQueue() {
        return queue;
    }

    /** The timer scheduler of sources made on this queue. */
    TimerScheduler timers() {
        return timers;
    }

    /** Queues a cancel handler on this queue, or on the runtime's callout queue once this one is freed. */
    private void handOnCancelHandler(Runnable handler) {
        if (!runtimeAsync(handler)) {
            Callouts.run(null, handler);
        }
    }

    /** Enqueues runtime work (a cancel handler, a timer expiry) even on a cancelled queue; false once freed. */
    boolean runtimeAsync(Runnable work) {
        try {
            queue.async(work);
            return true;
        } catch (IllegalStateException closed) {
            return false;
        }
    }

    /** Stops the queue's thread once what is queued has run. */
    @Override
    public void free() {
        TimerScheduler.unbind(queue);
        queue.close();
        super.free();
    }

    @Override
    public String toString() {
        return "IODispatchQueue[" + name + "]";
    }

    private void refuse(String function) {
        final Failure dropped = Failure.of(kIOReturnAborted, "'%s' was cancelled: the block was dropped, not run"
                + " (a cancelled queue takes no new work)", name);
        Diagnostics.debug(function + " dropped: " + dropped);
        Diagnostics.fail("IODispatchQueue::" + function, dropped);
    }
}
