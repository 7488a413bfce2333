package org.iokit4j.iokitlib;

import org.iokit4j.mach.MachMessage;
import org.iokit4j.mach.MachTask;
import org.iokit4j.mach.SendRight;
import org.iokit4j.wire.AsyncCompletionLayout;

/**
 * Plays the kernel's part of a completion: holds a send right made from a notification port's receive right and
 * sends encoded completions through it, unbounded, as {@code sendAsyncResult64} does.
 */
public final class CompletionSender implements AutoCloseable {
    private final SendRight right;

    private CompletionSender(SendRight right) {
        this.right = right;
    }

    /** {@return a sender to {@code wakePort}, a receive right of {@code task}} */
    public static CompletionSender to(MachTask task, int wakePort) {
        final SendRight right = task.space().makeSend(wakePort);
        if (right == null) {
            throw new IllegalArgumentException("wakePort=0x" + Integer.toHexString(wakePort)
                    + " is not a receive right of " + task);
        }
        return new CompletionSender(right);
    }

    /** {@return a sender to {@code notify}'s wake port} */
    public static CompletionSender to(IONotificationPortRef notify) {
        return to((org.iokit4j.mach.MachTask) notify.caller.task(), IOKitLib.IONotificationPortGetMachPort(notify));
    }

    /** Sends a completion; {@return the Mach result} */
    public int send(long[] reference, int result, long... args) {
        return right.send(MachMessage.of(AsyncCompletionLayout.encode(reference, result, args, args.length)), true);
    }

    /** Sends raw bytes; {@return the Mach result} */
    public int sendBytes(byte[] bytes) {
        return right.send(MachMessage.of(bytes), true);
    }

    @Override
    public void close() {
        right.release();
    }
}
