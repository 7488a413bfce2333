package org.iokit4j.kernel.notification;

import java.util.List;
import org.iokit4j.IOReturn;
import org.iokit4j.kernel.registry.RegistryEntry;
import org.iokit4j.mach.MachMessage;
import org.iokit4j.mach.MachPort;
import org.iokit4j.mach.SendRight;
import org.iokit4j.wire.InterestNotificationLayout;

/**
 * One interest notification ({@code IOServiceMessageUserNotification}): messages about one service, each sent as
 * a complex message carrying the service (apple-semantics.md §4.3 step 2).
 *
 * <p>Unlike matching pings, every message is sent: they carry values, not "look at the iterator". The only
 * message the kernel sends today is {@code kIOMessageServiceIsTerminated}, once per service, so the port's queue
 * stays bounded. Removed when the client releases its last right to {@link #port()}.
 *
 * <p><b>Concurrency.</b> Thread-safe.
 */
public final class InterestNotification {
    private final RegistryEntry service;
    private final long[] reference;
    private final MachPort port;
    private final NotificationCenter center;
    private SendRight wake;

    InterestNotification(RegistryEntry service, SendRight wake, long[] reference, NotificationCenter center) {
        this.service = service;
        this.wake = wake;
        this.reference = reference.clone();
        this.center = center;
        this.port = MachPort.forKernelObject(this);
        this.port.requestNoSenders(this::remove);
    }

    /** {@return the port the client's notification name sends to} */
    public MachPort port() {
        return port;
    }

    /** {@return the service it watches} */
    public RegistryEntry service() {
        return service;
    }

    /** Sends one message ({@code messageClients}); never throws. */
    void message(int messageType, long argument) {
        final SendRight right;
        synchronized (this) {
            right = wake;
        }
        if (right == null) {
            return;
        }
        final byte[] bytes = InterestNotificationLayout.encode(reference, messageType, argument);
        final int sent = right.send(new MachMessage(bytes, List.of(port.makeSend(), service.port().makeSend())), true);
        center.count(sent, () -> String.format("interest message 0x%08X about %s could not be queued (%s): the"
                + " notification port was destroyed", messageType, service.name(), IOReturn.describe(sent)));
    }

    /** Removes the notification and releases the wake port's right. Idempotent. */
    void remove() {
        final SendRight right;
        synchronized (this) {
            right = wake;
            wake = null;
        }
        if (right != null) {
            center.removed(this);
            right.release();
            port.invalidate();
        }
    }
}
