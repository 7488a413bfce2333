package org.iokit4j.kernel.notification;

import java.util.List;
import org.iokit4j.Diagnostics;
import org.iokit4j.IOReturn;
import org.iokit4j.kernel.registry.KernelIterator;
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
 * message the kernel sends today is {@code kIOMessageServiceIsTerminated}, once per service. Each is a kernel send
 * ({@code MACH_SEND_ALWAYS}), so it is refused only when the wake port already holds
 * {@link MachPort#QLIMIT_KERNEL} messages ({@code MACH_SEND_NO_BUFFER}; XNU's
 * {@code IOServiceMessageUserNotification::handler} then returns {@code kIOReturnNoMemory} to the sender). A refused
 * message is counted as dropped ({@link NotificationCenter#overflowed()}) and warned about once per notification,
 * as XNU logs its other send failures once ({@code ipcLogged}). Removed when the client releases its last right to
 * {@link #port()}.
 *
 * <p><b>Concurrency.</b> Thread-safe.
 */
public final class InterestNotification implements KernelIterator {
    private final RegistryEntry service;
    private final long[] reference;
    private final MachPort port;
    private final NotificationCenter center;
    private SendRight wake;
    private boolean failureLogged;

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
        NotificationCenter.trace("interest", null, messageType, service.name(), sent);
        if (!center.count(sent) || !firstFailure()) {
            return;
        }
        if (sent == IOReturn.MACH_SEND_NO_BUFFER) {
            Diagnostics.warn(String.format("interest message 0x%08X about %s was dropped: the client's notification"
                    + " port already holds %d messages (MACH_PORT_QLIMIT_KERNEL, %s), so it is not receiving. Drops"
                    + " are counted in NotificationCenter.overflowed(); this is logged once per notification",
                    messageType, service.name(), MachPort.QLIMIT_KERNEL, IOReturn.describe(sent)));
        } else {
            Diagnostics.debug(String.format("interest message 0x%08X about %s could not be queued (%s): the"
                    + " notification port was destroyed", messageType, service.name(), IOReturn.describe(sent)));
        }
    }

    private synchronized boolean firstFailure() {
        final boolean first = !failureLogged;
        failureLogged = true;
        return first;
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

    /**
     * {@inheritDoc} Always: XNU's {@code IOServiceMessageUserNotification} is an {@code IOUserNotification}, whose
     * {@code isValid} returns true.
     */
    @Override
    public boolean isValid() {
        return true;
    }

    /** {@inheritDoc} XNU's {@code IOServiceMessageUserNotification}. */
    @Override
    public List<String> classChain() {
        return List.of("IOServiceMessageUserNotification", "IOUserNotification", "IOUserIterator", "OSIterator",
                "OSObject");
    }
}
