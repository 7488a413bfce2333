package org.iokit4j.mach;

import java.util.List;

/**
 * A receive right of an {@link IpcSpace}, read in the same JVM: the embedded kernel's {@link ReceiveRight}.
 *
 * <p>{@link #receive()} copies the carried send rights out into the space, as {@code mach_msg} does on receive: a
 * right that cannot be copied out (the task terminated meanwhile) is released and named 0.
 *
 * <p><b>Concurrency.</b> Thread-safe: the port and the space are.
 */
final class SpaceReceiveRight implements ReceiveRight {
    private final IpcSpace space;
    private final int name;
    private final MachPort port;

    SpaceReceiveRight(IpcSpace space, int name, MachPort port) {
        this.space = space;
        this.name = name;
        this.port = port;
    }

    @Override
    public int name() {
        return name;
    }

    @Override
    public MachMessage receive() {
        final MachMessage message;
        try {
            message = port.poll(0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // a zero-timeout poll never waits; keep the status anyway
            return null;
        }
        return message == null ? null : copyout(space, message);
    }

    @Override
    public void setMessageListener(Runnable listener) {
        port.setMessageListener(listener);
    }

    @Override
    public boolean isDead() {
        return port.isDead();
    }

    @Override
    public void requestDeadName(Runnable handler) {
        port.requestDeadName(handler);
    }

    /** {@return {@code message} as {@code space} receives it: each carried right copied out, in order} */
    static MachMessage copyout(IpcSpace space, MachMessage message) {
        final List<SendRight> rights = message.rights();
        if (rights.isEmpty()) {
            return message;
        }
        final int[] names = new int[rights.size()];
        for (int i = 0; i < names.length; i++) {
            try {
                names[i] = space.copyoutSend(rights.get(i));
            } catch (IllegalStateException terminated) {
                rights.get(i).release(); // the task is gone: nothing can hold it
            }
        }
        return MachMessage.received(message.bytes(), names);
    }

    @Override
    public String toString() {
        return "ReceiveRight[" + space.owner() + ", 0x" + Integer.toHexString(name) + "]";
    }
}
