package org.iokit4j.kernel.notification;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.iokit4j.Diagnostics;
import org.iokit4j.IOReturn;
import org.iokit4j.kernel.registry.KernelIterator;
import org.iokit4j.kernel.registry.RegistryEntry;
import org.iokit4j.mach.MachMessage;
import org.iokit4j.mach.MachPort;
import org.iokit4j.mach.SendRight;
import org.iokit4j.wire.MatchingNotificationLayout;

/**
 * One matching notification ({@code IOServiceUserNotification}): the kernel object a client's
 * {@code io_iterator_t} names, the services queued on it, and the wake port its pings go to.
 *
 * <p>The arming rule (IOKitLib.h): the notification is <em>armed</em> when {@link #next()} finds the queue empty.
 * A service queued while armed sends one ping and disarms; services queued while disarmed only queue, since the
 * client will find them when it drains. So at most one ping is pending per notification, however many services
 * arrive: the iterator holds them, not the port. A ping carries a send right to {@link #port()}, so the client's
 * dispatcher can tell whether the client still holds the notification (apple-semantics.md §4.3 step 4).
 *
 * <p>It starts with the matching services whose event fired before it was added; a service whose event fires
 * afterwards is queued by that event. So a service that registers while the notification is being added is on the
 * iterator exactly once: in its initial contents or queued later, never both and never neither
 * ({@link NotificationCenter} puts adds and events in one order; issue 8 race 4).
 *
 * <p><b>Bounded.</b> At most {@link #kMaxOutstanding} (1024) services wait on the iterator, as in XNU's
 * {@code IOServiceUserNotification::handler} (iokit/Kernel/IOUserClient.cpp), which does not queue a service
 * beyond that (the initial contents count too: XNU feeds them through the same handler). A service that does not
 * fit is never announced by this notification; XNU drops it silently, here it is counted
 * ({@link NotificationCenter#servicesDropped()}) and a warning is logged once per notification. A ping the wake
 * port refuses (it holds {@link MachPort#QLIMIT_KERNEL} messages: {@code MACH_SEND_NO_BUFFER}) is counted as
 * dropped and warned about once per notification, as XNU logs it once ({@code ipcLogged}); the services stay on the
 * iterator, so the client finds them when it next drains.
 *
 * <p>The notification is removed when the last send right to its port goes (the client's
 * {@code IOObjectRelease}, after any ping in flight was dispatched): the wake port's right is released.
 *
 * <p><b>Concurrency.</b> Thread-safe: the queue and the armed flag are guarded by this object; pings are sent
 * outside the lock.
 */
public final class MatchingNotification implements KernelIterator {
    /** The most services that wait on one notification's iterator ({@code kMaxOutstanding}, IOUserClient.cpp). */
    public static final int kMaxOutstanding = 1024;

    private final NotificationKind kind;
    private final Map<String, Object> matching;
    private final long[] reference;
    private final MachPort port;
    private final ArrayDeque<RegistryEntry> queue;
    private final NotificationCenter center;
    private SendRight wake;
    private boolean armed;
    private boolean removed;
    /** Whether a failed ping, and a service that did not fit, were logged (once each per notification). */
    private boolean pingFailureLogged;
    private boolean servicesDroppedLogged;

    MatchingNotification(NotificationKind kind, Map<String, Object> matching, SendRight wake, long[] reference,
                         Collection<RegistryEntry> existing, NotificationCenter center) {
        this.kind = kind;
        this.matching = Map.copyOf(matching);
        this.wake = wake;
        this.reference = reference.clone();
        this.queue = new ArrayDeque<>(Math.min(existing.size(), kMaxOutstanding));
        this.center = center;
        int dropped = 0;
        for (RegistryEntry entry : existing) {
            if (queue.size() < kMaxOutstanding) {
                queue.addLast(entry);
            } else {
                dropped++;
            }
        }
        droppedServices(dropped);
        this.port = MachPort.forKernelObject(this);
        this.port.requestNoSenders(this::remove);
    }

    /** {@return the port the client's iterator name sends to} */
    public MachPort port() {
        return port;
    }

    /** {@return the notification's kind} */
    public NotificationKind kind() {
        return kind;
    }

    /** {@return the matching dictionary (an immutable copy)} */
    public Map<String, Object> matching() {
        return matching;
    }

    /**
     * {@code IOIteratorNext}: the next queued service, or {@code null}, which arms the notification. Services of
     * publish and matched kinds that terminated meanwhile are skipped.
     *
     * @return the next entry to hand out, or {@code null} when there is none.
     */
    public synchronized RegistryEntry next() {
        RegistryEntry entry;
        while ((entry = queue.pollFirst()) != null) {
            if (kind == NotificationKind.TERMINATED || entry.state() != RegistryEntry.State.TERMINATED) {
                return entry;
            }
        }
        armed = true;
        return null;
    }

    /** {@return whether it is armed (drained since the last ping)} */
    public synchronized boolean isArmed() {
        return armed;
    }

    /** {@return a snapshot of the queued services} */
    public synchronized List<RegistryEntry> queued() {
        return List.copyOf(queue);
    }

    /**
     * Queues {@code entry}, unless {@link #kMaxOutstanding} services wait already (then it is counted as dropped).
     * {@return whether a ping must be sent (it was armed)}
     */
    boolean offer(RegistryEntry entry) {
        synchronized (this) {
            if (removed) {
                return false;
            }
            if (queue.size() < kMaxOutstanding) {
                queue.addLast(entry);
                if (!armed) {
                    return false;
                }
                armed = false;
                return true;
            }
        }
        droppedServices(1);
        return false;
    }

    /** Sends one ping to the wake port; never throws. */
    void ping() {
        final SendRight right;
        synchronized (this) {
            right = wake;
        }
        final byte[] bytes = MatchingNotificationLayout.encode(kind.messageType(), reference);
        final int sent = right == null ? IOReturn.MACH_SEND_INVALID_DEST
                : right.send(new MachMessage(bytes, List.of(port.makeSend())), true);
        NotificationCenter.trace("matching", kind.key(), 0, matching, sent);
        if (!center.count(sent) || !firstPingFailure()) {
            return;
        }
        if (sent == IOReturn.MACH_SEND_NO_BUFFER) {
            Diagnostics.warn("the " + kind.key() + " notification for " + matching + " could not wake its port: it"
                    + " already holds " + MachPort.QLIMIT_KERNEL + " messages (MACH_PORT_QLIMIT_KERNEL, "
                    + IOReturn.describe(sent) + "), so the client is not receiving. The services stay queued on the"
                    + " iterator; drops are counted in NotificationCenter.overflowed(), and this is logged once per"
                    + " notification");
        } else {
            Diagnostics.debug("the " + kind.key() + " notification for " + matching + " could not wake its port ("
                    + IOReturn.describe(sent) + "): the notification port was destroyed; services stay queued on the"
                    + " iterator until the client releases it");
        }
    }

    /** Removes the notification: nothing more queues, the wake port's right is released. Idempotent. */
    void remove() {
        final SendRight right;
        synchronized (this) {
            if (removed) {
                return;
            }
            removed = true;
            queue.clear();
            right = wake;
            wake = null;
        }
        center.removed(this);
        if (right != null) {
            right.release();
        }
        port.invalidate();
        Diagnostics.debug("removed the " + kind.key() + " notification for " + matching);
    }

    private synchronized boolean firstPingFailure() {
        final boolean first = !pingFailureLogged;
        pingFailureLogged = true;
        return first;
    }

    /** Counts {@code count} services that did not fit; warns the first time for this notification. */
    private void droppedServices(int count) {
        if (count == 0) {
            return;
        }
        center.servicesDropped(count);
        final boolean first;
        synchronized (this) {
            first = !servicesDroppedLogged;
            servicesDroppedLogged = true;
        }
        if (first) {
            Diagnostics.warn("the " + kind.key() + " notification for " + matching + " already holds "
                    + kMaxOutstanding + " services its client has not taken (kMaxOutstanding): further services are"
                    + " not queued on it and never announced by it, as in XNU. Drain the iterator with IOIteratorNext"
                    + " in the callback; drops are counted in NotificationCenter.servicesDropped(), and this is"
                    + " logged once per notification");
        }
    }

    /** {@inheritDoc} Always: a notification's iterator holds what is new ({@code IOUserNotification::isValid}). */
    @Override
    public boolean isValid() {
        return true;
    }

    /** {@inheritDoc} XNU's {@code IOServiceUserNotification}. */
    @Override
    public List<String> classChain() {
        return List.of("IOServiceUserNotification", "IOUserNotification", "IOUserIterator", "OSIterator", "OSObject");
    }
}
