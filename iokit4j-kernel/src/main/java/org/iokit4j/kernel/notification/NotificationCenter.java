package org.iokit4j.kernel.notification;

import static org.iokit4j.IOReturn.kIOReturnBadArgument;
import static org.iokit4j.IOReturn.kIOReturnNoDevice;
import static org.iokit4j.IOReturn.kIOReturnUnsupported;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import org.iokit4j.Failure;
import org.iokit4j.IOReturn;
import org.iokit4j.kernel.matching.Matching;
import org.iokit4j.kernel.registry.IORegistry;
import org.iokit4j.kernel.registry.RegistryEntry;
import org.iokit4j.kernel.userclient.AsyncRequestRules;
import org.iokit4j.mach.MachTask;
import org.iokit4j.mach.SendRight;
import org.iokit4j.wire.InterestNotificationLayout;

/**
 * The kernel's notification centre: adds matching and interest notifications for client tasks, and fires them on
 * registry events (registration, matching, termination).
 *
 * <p>Adding a matching notification and firing an event are serialised by this object's monitor, so a service
 * that registers while a notification is being added is either in the new iterator's initial contents or queued
 * on it afterwards, never both and never neither. Pings are sent after the monitor is released.
 *
 * <p><b>Concurrency.</b> Thread-safe. Events fire on the thread that caused them (a driver's
 * {@code RegisterService}, a {@code Kernel.terminate} caller); nothing here blocks on a client.
 */
public final class NotificationCenter {
    /** {@code kIOGeneralInterest}. */
    public static final String kIOGeneralInterest = "IOGeneralInterest";

    private final IORegistry registry;
    private final List<MatchingNotification> matching = new CopyOnWriteArrayList<>();
    private final List<InterestNotification> interest = new CopyOnWriteArrayList<>();
    private final Set<Long> firstPublished = ConcurrentHashMap.newKeySet();
    private final Set<Long> firstMatched = ConcurrentHashMap.newKeySet();
    private final LongAdder sent = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder overflowed = new LongAdder();
    private final LongAdder servicesDropped = new LongAdder();

    /** Creates a centre for {@code registry}'s services. */
    public NotificationCenter(IORegistry registry) {
        this.registry = registry;
    }

    /**
     * {@code io_service_add_notification}: see {@link org.iokit4j.mig.IOKitServer#serviceAddNotification}.
     *
     * @return {@code null}, or why not (nothing was made then).
     */
    public Failure addMatching(MachTask task, String type, Map<String, Object> dictionary, int wakePort,
                               long[] reference, int[] notification) {
        final NotificationKind kind = NotificationKind.of(type);
        Failure bad = kind == null ? Failure.of(kIOReturnUnsupported, "notificationType=\"%s\" is not a matching"
                + " notification type: use one of %s (IOKitKeys.h)", type, keys()) : checkMatching(dictionary);
        if (bad == null) {
            bad = checkReference(reference);
        }
        final SendRight wake = bad == null ? task.space().makeSend(wakePort) : null;
        if (bad == null && wake == null) {
            bad = AsyncRequestRules.explainInvalid(task.space(), wakePort);
        }
        if (bad != null) {
            return bad;
        }
        final MatchingNotification made;
        synchronized (this) {
            final List<RegistryEntry> existing = kind.event() == NotificationKind.Event.TERMINATED
                    ? List.of() : registry.matching(Map.copyOf(dictionary));
            made = new MatchingNotification(kind, dictionary, wake, reference, existing, this);
            matching.add(made);
        }
        notification[0] = task.space().insertSend(made.port());
        return null;
    }

    /**
     * {@code io_service_add_interest_notification}: see
     * {@link org.iokit4j.mig.IOKitServer#serviceAddInterestNotification}.
     */
    public Failure addInterest(MachTask task, RegistryEntry service, String type, int wakePort, long[] reference,
                               int[] notification) {
        Failure bad = kIOGeneralInterest.equals(type) ? checkReference(reference)
                : Failure.of(kIOReturnUnsupported, "interestType=\"%s\" is not supported: the kernel sends only"
                + " %s messages", type, kIOGeneralInterest);
        if (bad == null && service.state() == RegistryEntry.State.TERMINATED) {
            bad = Failure.of(kIOReturnNoDevice, "%s has terminated: there is nothing left to watch", service.name());
        }
        final SendRight wake = bad == null ? task.space().makeSend(wakePort) : null;
        if (bad == null && wake == null) {
            bad = AsyncRequestRules.explainInvalid(task.space(), wakePort);
        }
        if (bad != null) {
            return bad;
        }
        final InterestNotification made = new InterestNotification(service, wake, reference, this);
        interest.add(made);
        notification[0] = task.space().insertSend(made.port());
        return null;
    }

    /** {@code entry} registered: fires publish notifications (first-publish only the first time). */
    public void published(RegistryEntry entry) {
        fire(entry, NotificationKind.Event.PUBLISHED, firstPublished.add(entry.registryEntryID()));
    }

    /** Matching ran for {@code entry}: fires matched notifications (first-match only the first time). */
    public void matched(RegistryEntry entry) {
        fire(entry, NotificationKind.Event.MATCHED, firstMatched.add(entry.registryEntryID()));
    }

    /** {@code entry} is terminating: sends {@code kIOMessageServiceIsTerminated} to its interest notifications. */
    public void terminating(RegistryEntry entry) {
        for (InterestNotification watcher : interest) {
            if (watcher.service() == entry) {
                watcher.message(InterestNotificationLayout.kIOMessageServiceIsTerminated, 0);
            }
        }
    }

    /** {@code entry} terminated and left the registry: fires terminated notifications. */
    public void terminated(RegistryEntry entry) {
        fire(entry, NotificationKind.Event.TERMINATED, true);
        firstPublished.remove(entry.registryEntryID());
        firstMatched.remove(entry.registryEntryID());
    }

    /** {@return pings and interest messages queued on wake ports} */
    public long sent() {
        return sent.sum();
    }

    /**
     * {@return pings and interest messages that could not be queued (destroyed notification port, or one holding
     * {@link org.iokit4j.mach.MachPort#QLIMIT_KERNEL} messages)} Every message the kernel tries to send adds one to
     * {@link #sent()} or one to this.
     */
    public long dropped() {
        return dropped.sum();
    }

    /**
     * {@return the part of {@link #dropped()} refused because the notification port already held
     * {@link org.iokit4j.mach.MachPort#QLIMIT_KERNEL} messages ({@code MACH_SEND_NO_BUFFER}): its client is not
     * receiving}
     */
    public long overflowed() {
        return overflowed.sum();
    }

    /**
     * {@return services a matching notification did not queue because {@link MatchingNotification#kMaxOutstanding}
     * services were already waiting on its iterator: never announced by that notification}
     */
    public long servicesDropped() {
        return servicesDropped.sum();
    }

    /** {@return how many notifications are installed (matching plus interest)} */
    public int size() {
        return matching.size() + interest.size();
    }

    /** Removes every notification (the kernel is closing). */
    public void close() {
        matching.forEach(MatchingNotification::remove);
        interest.forEach(InterestNotification::remove);
    }

    void removed(Object notification) {
        matching.remove(notification);
        interest.remove(notification);
    }

    /** Counts one send's {@code result}; {@return whether the message was dropped} (the sender explains it). */
    boolean count(int result) {
        if (result == IOReturn.kIOReturnSuccess) {
            sent.increment();
            return false;
        }
        dropped.increment();
        if (result == IOReturn.MACH_SEND_NO_BUFFER) {
            overflowed.increment();
        }
        return true;
    }

    void servicesDropped(int count) {
        servicesDropped.add(count);
    }

    private void fire(RegistryEntry entry, NotificationKind.Event event, boolean firstTime) {
        final List<MatchingNotification> wake = new ArrayList<>();
        synchronized (this) {
            for (MatchingNotification candidate : matching) {
                final NotificationKind kind = candidate.kind();
                if (kind.event() == event && (firstTime || !kind.first())
                        && Matching.matchesIgnoringRegistration(candidate.matching(), entry,
                                registry::isResourcePublished)
                        && candidate.offer(entry)) {
                    wake.add(candidate);
                }
            }
        }
        wake.forEach(MatchingNotification::ping);
    }

    private static Failure checkMatching(Map<String, Object> dictionary) {
        if (dictionary == null) {
            return Failure.of(kIOReturnBadArgument, "matching is null: pass a dictionary such as"
                    + " IOServiceMatching(\"IOService\")");
        }
        final String malformed = Matching.validate(dictionary);
        return malformed == null ? null
                : Failure.of(kIOReturnBadArgument, "malformed matching dictionary %s: %s", dictionary, malformed);
    }

    private static Failure checkReference(long[] reference) {
        if (reference == null || reference.length < 1) {
            return Failure.of(kIOReturnBadArgument, "reference=%s: a notification needs 1..8 reference slots"
                    + " (kIOMatchingCalloutCount=3, kIOInterestCalloutCount=4)", Arrays.toString(reference));
        }
        return AsyncRequestRules.tooManySlots(reference.length);
    }

    private static List<String> keys() {
        return Arrays.stream(NotificationKind.values()).map(NotificationKind::key).toList();
    }
}
