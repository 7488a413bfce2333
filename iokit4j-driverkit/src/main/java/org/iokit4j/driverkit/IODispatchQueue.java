package org.iokit4j.driverkit;

import org.iokit4j.IOReturn;
import org.iokit4j.dispatch.DispatchQueue;

/**
 * A serial queue that driver code runs on, DriverKit's {@code IODispatchQueue}.
 *
 * <p>Each driver server has a default queue (named {@code "Default"}); a driver may create more and give them to
 * its objects with {@link IOService#SetDispatchQueue}. {@link #DispatchSync} runs the block on the caller's
 * thread when the queue is idle, as libdispatch does.
 *
 * <p><b>Concurrency.</b> Thread-safe.
 */
public class IODispatchQueue extends OSObject {
    private final String name;
    private final DispatchQueue queue;

    IODispatchQueue(String name, DispatchQueue queue) {
        this.name = name;
        this.queue = queue;
    }

    /**
     * Creates a queue.
     *
     * @param options  reserved, 0.
     * @param priority reserved, 0.
     * @param queue    receives the new queue, an {@code IODispatchQueue[1]}.
     * @return {@code kIOReturnSuccess}, or {@code kIOReturnBadArgument} for a null name or out-array.
     */
    public static int Create(String name, long options, long priority, IODispatchQueue[] queue) {
        if (name == null || queue == null || queue.length < 1) {
            return org.iokit4j.Diagnostics.fail("IODispatchQueue::Create", org.iokit4j.Failure.of(
                    IOReturn.kIOReturnBadArgument, "name=%s and queue (an IODispatchQueue[1]) must not be null",
                    name));
        }
        queue[0] = new IODispatchQueue(name, DispatchQueue.create(name));
        return IOReturn.kIOReturnSuccess;
    }

    /** {@return the queue's name} */
    public String GetName() {
        return name;
    }

    /** Runs {@code block} on the queue later, in order. */
    public void DispatchAsync(Runnable block) {
        queue.async(block);
    }

    /**
     * Runs {@code block} on the queue and waits (on the caller's thread when the queue is idle).
     *
     * @throws IllegalStateException if called from a block already running on this queue (it would deadlock).
     */
    public void DispatchSync(Runnable block) {
        queue.sync(block);
    }

    /** {@return the underlying serial queue} */
    public DispatchQueue dispatchQueue() {
        return queue;
    }

    @Override
    public void free() {
        queue.close();
        super.free();
    }

    @Override
    public String toString() {
        return "IODispatchQueue[" + name + "]";
    }
}
