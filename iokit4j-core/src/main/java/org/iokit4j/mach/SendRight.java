package org.iokit4j.mach;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A send right held by the kernel (not named in any task's space): a reply port, a wake port kept for
 * completions, a right in flight inside a message.
 *
 * <p>Release it exactly once; the port's no-senders handler runs when its last right is released.
 *
 * <p><b>Concurrency.</b> Thread-safe; {@link #release()} is idempotent.
 */
public final class SendRight {
    private final MachPort port;
    private static final VarHandle RELEASED;

    static {
        try {
            RELEASED = MethodHandles.lookup().findVarHandle(SendRight.class, "released", boolean.class);
        } catch (ReflectiveOperationException impossible) {
            throw new ExceptionInInitializerError(impossible);
        }
    }

    /** Set once, when the right is released or moved into a space (no AtomicBoolean: one right per message). */
    private volatile boolean released;

    SendRight(MachPort port) {
        this.port = port;
    }

    /** {@return the port this right sends to} */
    public MachPort port() {
        return port;
    }

    /** {@return whether this right was released} */
    public boolean isReleased() {
        return released;
    }

    /** {@return a second, independent send right to the same port ({@code MACH_MSG_TYPE_COPY_SEND})} */
    public SendRight copy() {
        if (released) {
            throw new IllegalStateException("copy of a released send right to " + port);
        }
        return port.makeSend();
    }

    /**
     * Queues {@code message} on the port; a message that is not queued is destroyed (its rights released).
     *
     * @param always  send as the kernel does ({@code MACH_SEND_ALWAYS}, what {@code mach_msg_send_from_kernel}
     *                uses): past the port's queue limit, up to {@link MachPort#QLIMIT_KERNEL} messages. {@code false}
     *                sends as a task with a zero timeout: refused once the queue limit is reached.
     * @param message the message.
     * @return {@code KERN_SUCCESS}; {@code MACH_SEND_INVALID_DEST} (dead port or released right);
     *         {@code MACH_SEND_TIMED_OUT} (queue at its limit, {@code always} false); {@code MACH_SEND_NO_BUFFER}
     *         (queue at {@link MachPort#QLIMIT_KERNEL}, {@code always} true).
     */
    public int send(MachMessage message, boolean always) {
        if (released) {
            message.destroy();
            return org.iokit4j.IOReturn.MACH_SEND_INVALID_DEST;
        }
        final int result = port.enqueue(message, always);
        if (result != 0) {
            message.destroy();
        }
        return result;
    }

    /** Gives the right back; the last one for a port triggers its no-senders handler. Idempotent. */
    public void release() {
        if (RELEASED.compareAndSet(this, false, true)) {
            port.releaseSendRight();
        }
    }

    /** The right's count moved into a space entry: mark it used up without releasing the port's count. */
    void transferred() {
        if (!RELEASED.compareAndSet(this, false, true)) {
            throw new IllegalStateException("a released send right cannot be moved into a space: " + port);
        }
    }

    @Override
    public String toString() {
        return "SendRight[" + port + (released ? ", released]" : "]");
    }
}
