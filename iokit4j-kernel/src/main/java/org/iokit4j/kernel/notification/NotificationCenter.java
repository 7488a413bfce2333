package org.iokit4j.kernel.notification;

import static org.iokit4j.IOReturn.kIOReturnBadArgument;
import static org.iokit4j.IOReturn.kIOReturnUnsupported;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * <p>What it promises (issue 8 races 4 and 5):
 * <ul>
 *   <li><b>Matching: never both, never neither.</b> A service is in the iterator an add returns exactly when its
 *       event (publish, or matched) fired before the add; otherwise the event, when it fires, queues it on the
 *       notification. Having registered is not enough: a service whose {@code RegisterService} marked it registered
 *       but has not fired its event yet is left to that event, as XNU's {@code getExistingServices} reads the
 *       service's registered or matched state bit, which the same thread sets with the notify lock held while it
 *       delivers the event ({@code IOService::doServiceMatch}, {@code LOCKWRITENOTIFY}).</li>
 *   <li><b>Interest: messaged or refused.</b> An interest notification added while its service terminates either
 *       gets {@code kIOMessageServiceIsTerminated} or is refused with {@code kIOReturnUnsupported}, never added
 *       silently. XNU's {@code IOService::registerInterestForNotifier} checks {@code kIOServiceInactiveState} under
 *       {@code lockForArbitration}, the lock {@code terminatePhase1} sets it under, and answers
 *       {@code kIOReturnNotReady} for an inactive service; {@code registerInterest} then returns no notifier and
 *       {@code is_io_service_add_interest_notification} answers {@code kIOReturnUnsupported} (IOService.cpp,
 *       IOUserClient.cpp).</li>
 * </ul>
 *
 * <p><b>Concurrency.</b> Thread-safe. Who runs what:
 * <ul>
 *   <li>{@link #addMatching} and {@link #addInterest} run on the client's thread (the trap of its IOKitLib
 *       call);</li>
 *   <li>{@link #published} and {@link #matched} run on the thread that runs the driver's {@code RegisterService}
 *       (its queue, or the thread booting the kernel or loading a bundle); {@link #terminating} and
 *       {@link #terminated} on the thread terminating the service ({@code Kernel.terminate}'s caller);</li>
 *   <li>pings and interest messages are sent by the thread that fired the event, after it released this object's
 *       monitor; they never wait (a kernel send ignores the port's queue limit). The client's callbacks run later,
 *       on its notification port's queue or run loop, never here.</li>
 * </ul>
 * What happens-before what: every add, every event and every interest snapshot runs under this object's monitor,
 * so they fall in one order (as XNU serialises them with its notify lock). A service is queued on a matching
 * notification under that notification's monitor before the ping is sent, and the send happens-before the
 * client's receive, so a client woken by a ping finds the service when it drains the iterator. The caller marks a
 * service terminated ({@code RegistryEntry#markTerminated}) before it calls {@link #terminating}, so an interest
 * add ordered after the snapshot sees the service terminated. Nothing here blocks on a client.
 */
public final class NotificationCenter {
    /** {@code kIOGeneralInterest}. */
    public static final String kIOGeneralInterest = "IOGeneralInterest";

    private final IORegistry registry;
    private final List<MatchingNotification> matching = new CopyOnWriteArrayList<>();
    private final List<InterestNotification> interest = new CopyOnWriteArrayList<>();
    /** Services whose publish event fired and that have not terminated since; guarded by this object. */
    private final Set<Long> published = new HashSet<>();
    /** Services whose matched event fired and that have not terminated since; guarded by this object. */
    private final Set<Long> matched = new HashSet<>();
    private final LongAdder sent = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder overflowed = new LongAdder();
    private final LongAdder servicesDropped = new LongAdder();

    /**
     * Creates a centre for {@code registry}'s services. Entries already registered (the registry's own nubs, such as
     * {@code IOResources}) count as published and matched: no event will announce them.
     *
     * @param registry the registry.
     */
    public NotificationCenter(IORegistry registry) {
        this.registry = registry;
        for (RegistryEntry entry : registry.all()) {
            if (entry.isRegistered()) {
                published.add(entry.registryEntryID());
                matched.add(entry.registryEntryID());
            }
        }
    }

    /**
     * {@code io_service_add_notification}: see {@link org.iokit4j.mig.IOKitServer#serviceAddNotification}.
     *
     * @param task         the calling task.
     * @param type         the notification type, e.g. {@code IOServiceFirstMatch}.
     * @param dictionary   the matching dictionary.
     * @param wakePort     the task's name for the port notifications are sent to.
     * @param reference    the async reference the messages carry back.
     * @param notification receives the notification's name in the task (an {@code int[1]}).
     * @return {@code null}, or why not (nothing was made then).
     */
    public Failure addMatching(MachTask task, String type, Map<String, Object> dictionary, int wakePort,
                               long[] reference, int[] notification) {
        final NotificationKind kind = NotificationKind.of(type);
        final Matching.Copy copy = dictionary == null ? null : Matching.copy(dictionary);
        Failure bad = kind == null ? Failure.of(kIOReturnUnsupported, "notificationType=\"%s\" is not a matching"
                + " notification type: use one of %s (IOKitKeys.h)", type, keys()) : checkMatching(copy);
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
            made = new MatchingNotification(kind, copy.dictionary(), wake, reference,
                    existing(kind, copy.dictionary()), this);
            matching.add(made);
        }
        notification[0] = task.space().insertSend(made.port());
        return null;
    }

    /**
     * {@code io_service_add_interest_notification}: see
     * {@link org.iokit4j.mig.IOKitServer#serviceAddInterestNotification}. A service that terminated (even one that is
     * terminating right now, if its {@link #terminating} snapshot came first) is refused with
     * {@code kIOReturnUnsupported}, as XNU refuses an inactive one; otherwise the notification will get
     * {@code kIOMessageServiceIsTerminated} when it terminates.
     *
     * @param task         the calling task.
     * @param service      the service the messages are about.
     * @param type         the interest type, e.g. {@code IOGeneralInterest}.
     * @param wakePort     the task's name for the port notifications are sent to.
     * @param reference    the async reference the messages carry back.
     * @param notification receives the notification's name in the task (an {@code int[1]}).
     * @return {@code null}, or why not (nothing was made then).
     */
    public Failure addInterest(MachTask task, RegistryEntry service, String type, int wakePort, long[] reference,
                               int[] notification) {
        Failure bad = kIOGeneralInterest.equals(type) ? checkReference(reference)
                : Failure.of(kIOReturnUnsupported, "interestType=\"%s\" is not supported: the kernel sends only"
                + " %s messages", type, kIOGeneralInterest);
        final SendRight wake = bad == null ? task.space().makeSend(wakePort) : null;
        if (bad == null && wake == null) {
            bad = AsyncRequestRules.explainInvalid(task.space(), wakePort);
        }
        if (bad != null) {
            return bad;
        }
        final InterestNotification made;
        synchronized (this) { // ordered against terminating(): messaged, or sees the service terminated
            if (service.state() == RegistryEntry.State.TERMINATED) {
                wake.release();
                return Failure.of(kIOReturnUnsupported, "%s has terminated: there is nothing left to watch (XNU's"
                        + " registerInterest makes no notifier for an inactive service)", service.name());
            }
            made = new InterestNotification(service, wake, reference, this);
            interest.add(made);
        }
        notification[0] = task.space().insertSend(made.port());
        return null;
    }

    /**
     * {@code entry} registered (call it after marking it registered): fires publish notifications (first-publish
     * only the first time); adds from now on find it in the registry.
     *
     * @param entry the registry entry.
     */
    public void published(RegistryEntry entry) {
        fire(entry, NotificationKind.Event.PUBLISHED);
    }

    /**
     * Matching ran for {@code entry}: fires matched notifications (first-match only the first time).
     *
     * @param entry the registry entry.
     */
    public void matched(RegistryEntry entry) {
        fire(entry, NotificationKind.Event.MATCHED);
    }

    /**
     * {@code entry} is terminating (call it after marking it terminated): sends
     * {@code kIOMessageServiceIsTerminated} to its interest notifications.
     *
     * @param entry the registry entry.
     */
    public void terminating(RegistryEntry entry) {
        final List<InterestNotification> watchers = new ArrayList<>();
        synchronized (this) {
            for (InterestNotification watcher : interest) {
                if (watcher.service() == entry) {
                    watchers.add(watcher);
                }
            }
        }
        for (InterestNotification watcher : watchers) {
            watcher.message(InterestNotificationLayout.kIOMessageServiceIsTerminated, 0);
        }
    }

    /**
     * {@code entry} terminated and left the registry: fires terminated notifications.
     *
     * @param entry the registry entry.
     */
    public void terminated(RegistryEntry entry) {
        fire(entry, NotificationKind.Event.TERMINATED);
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

    /**
     * Commits a {@link org.iokit4j.trace.NotificationEvent} for one send when a recording wants it.
     *
     * @param messageType an interest message's type, or 0 for a matching ping ({@code type} names it then).
     * @param subject     the service, or the matching dictionary; turned into text only when recorded.
     */
    static void trace(String kind, String type, int messageType, Object subject, int result) {
        if (org.iokit4j.trace.NotificationEvent.enabled()) {
            final org.iokit4j.trace.NotificationEvent event = new org.iokit4j.trace.NotificationEvent();
            event.kind = kind;
            event.type = type != null ? type : String.format("0x%08X", messageType);
            event.subject = String.valueOf(subject);
            event.delivered = result == IOReturn.kIOReturnSuccess;
            event.reason = event.delivered ? null : IOReturn.name(result);
            event.commit();
        }
    }

    void servicesDropped(int count) {
        servicesDropped.add(count);
    }

    private void fire(RegistryEntry entry, NotificationKind.Event event) {
        final List<MatchingNotification> wake = new ArrayList<>();
        synchronized (this) {
            final boolean firstTime = record(entry.registryEntryID(), event);
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

    /**
     * Records that {@code event} fired for service {@code id}. Runs under this object's monitor.
     *
     * @return whether it is the service's first such event (always {@code true} for termination, which forgets it).
     */
    private boolean record(Long id, NotificationKind.Event event) {
        return switch (event) {
            case PUBLISHED -> published.add(id);
            case MATCHED -> matched.add(id);
            case TERMINATED -> {
                published.remove(id);
                matched.remove(id);
                yield true;
            }
        };
    }

    /**
     * The services an add of {@code kind} starts with: registered ones matching {@code dictionary} whose event
     * already fired (none for terminated notifications). Runs under this object's monitor.
     */
    private List<RegistryEntry> existing(NotificationKind kind, Map<String, Object> dictionary) {
        final Set<Long> fired = switch (kind.event()) {
            case PUBLISHED -> published;
            case MATCHED -> matched;
            case TERMINATED -> Set.of();
        };
        final List<RegistryEntry> found = new ArrayList<>();
        for (RegistryEntry entry : registry.matching(dictionary)) {
            if (fired.contains(entry.registryEntryID())) {
                found.add(entry);
            }
        }
        return found;
    }

    private static Failure checkMatching(Matching.Copy copy) {
        if (copy == null) {
            return Failure.of(kIOReturnBadArgument, "matching is null: pass a dictionary such as"
                    + " IOServiceMatching(\"IOService\")");
        }
        return copy.failure() == null ? null : copy.failure().within("malformed matching dictionary");
    }

    private static Failure checkReference(long[] reference) {
        if (reference == null || reference.length < 1) {
            return Failure.of(kIOReturnBadArgument, "reference=%s: a notification needs 1..8 reference slots"
                    + " (kIOMatchingCalloutCount=3, kIOInterestCalloutCount=4)", Arrays.toString(reference));
        }
        return org.iokit4j.mig.CallRules.tooManySlots(reference.length);
    }

    private static List<String> keys() {
        return Arrays.stream(NotificationKind.values()).map(NotificationKind::key).toList();
    }
}
