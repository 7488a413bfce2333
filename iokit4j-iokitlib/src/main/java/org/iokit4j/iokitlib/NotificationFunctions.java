package org.iokit4j.iokitlib;

import static org.iokit4j.iokitlib.IOKitLib.*;

import java.util.Map;
import org.iokit4j.Diagnostics;
import org.iokit4j.Failure;
import org.iokit4j.dispatch.DispatchQueue;
import org.iokit4j.mach.MachMessage;
import org.iokit4j.mig.Caller;

/**
 * IOKitLib's notification ports and notifications: {@code IONotificationPort*}, the async callout registry
 * ({@code asyncCallout}), {@code IODispatchCalloutFromMessage}, and matching and interest notifications. Call them as
 * {@code IOKitLib.X} (or through {@code import static org.iokit4j.iokitlib.IOKitLib.*}): {@link IOKitLib} inherits
 * them, and they follow the rules of its class comment.
 *
 * <p><b>Concurrency.</b> Every function is thread-safe; callbacks run on the port's dispatch queue or run loop.
 */
public abstract class NotificationFunctions extends ObjectFunctions {
    NotificationFunctions() {
    }

    // ---------------------------------------------------------------- Notification ports

    /**
     * Registers an async completion callback and returns the value to store at
     * {@code reference[kIOAsyncCalloutFuncIndex]}, where a C client stores its function pointer (Java only).
     *
     * <p>The value is never 0; registering the same object again returns the same value while it is held. It is
     * held while a notification port it was used with as a wake port lives; once they are all destroyed it stays
     * valid only as long as the program references {@code callback} (a method reference always is), and
     * {@link AsyncCallouts#release(long)} frees it at once. {@link AsyncCallouts} gives the rules and a one-shot
     * form. Which of the
     * four shapes is called depends on the completion's argument count (apple-semantics.md §4.3); see
     * {@link IOAsyncCallout}.
     *
     * @param callback the callback.
     * @return the value; 0 for a null {@code callback} (what a C cast of a NULL function pointer gives: a
     *         completion carrying it is dropped with an explanation), with the last failure saying so.
     */
    public static long asyncCallout(IOAsyncCallout callback) {
        if (callback == null) {
            Diagnostics.fail("asyncCallout", Failure.of(kIOReturnBadArgument, "callback is null: the value is 0, a"
                    + " NULL function pointer, and a completion carrying it would call nothing"));
            return 0;
        }
        return AsyncCallouts.register(callback);
    }

    /**
     * {@code IONotificationPortCreate}: a new notification port, a receive right in the calling task. Pass its
     * {@linkplain #IONotificationPortGetMachPort Mach port} as {@code wake_port} and attach it to a dispatch queue
     * or run loop, or its completions queue up unseen.
     *
     * @param mainPort {@code kIOMainPortDefault} (0) or a main port name; kept for the notifications that need it.
     * @return the port, or {@code null} if no receive right could be allocated (the last failure says why).
     */
    public static IONotificationPortRef IONotificationPortCreate(int mainPort) {
        return NotificationPorts.create(Caller.current(), mainPort);
    }

    /**
     * {@code IONotificationPortGetMachPort}: the port's receive-right name, the value to pass as {@code wake_port}
     * (apple-semantics.md §7: not {@code kIOMainPortDefault}). The caller must not deallocate it.
     *
     * @param notify the notification port, from {@code IONotificationPortCreate}.
     * @return the name, or 0 for a null {@code notify}.
     */
    public static int IONotificationPortGetMachPort(IONotificationPortRef notify) {
        return NotificationPorts.machPort(notify);
    }

    /**
     * {@code IONotificationPortSetDispatchQueue}: delivers the port's messages as work on {@code queue}, in
     * arrival order; {@code null} detaches (messages then stay queued on the port). Replacing a queue cancels the
     * old attachment first; messages queued meanwhile go to the new queue. A null or destroyed {@code notify}, or
     * a closed {@code queue} (in C, a released one), changes nothing and is recorded as the last failure with
     * {@code kIOReturnBadArgument}.
     *
     * @param notify the notification port, from {@code IONotificationPortCreate}.
     * @param queue  the dispatch queue.
     */
    public static void IONotificationPortSetDispatchQueue(IONotificationPortRef notify, DispatchQueue queue) {
        NotificationPorts.setDispatchQueue(notify, queue);
    }

    /**
     * {@code IONotificationPortGetRunLoopSource}: the port's run loop source, created on the first call and the
     * same object afterwards. The caller must not release it.
     *
     * @param notify the notification port, from {@code IONotificationPortCreate}.
     * @return the source, or {@code null} for a null or destroyed port (the last failure says which).
     */
    public static CFRunLoopSource IONotificationPortGetRunLoopSource(IONotificationPortRef notify) {
        return NotificationPorts.runLoopSource(notify);
    }

    /**
     * {@code IONotificationPortDestroy}: detaches the port from its queue and run loops and destroys its receive
     * right. Completions still queued are dropped (and counted in {@link IONotificationPortRef#counters()});
     * completions sent afterwards fail at the sender with {@code MACH_SEND_INVALID_DEST}. A second call does
     * nothing.
     *
     * @param notify the notification port, from {@code IONotificationPortCreate}.
     */
    public static void IONotificationPortDestroy(IONotificationPortRef notify) {
        NotificationPorts.destroy(notify);
    }

    /**
     * {@code IODispatchCalloutFromMessage}: the port's dispatcher, for a client that receives messages itself
     * (e.g. with {@code IpcSpace.receive}). Consumes {@code msg}. Messages other than IOKit notifications are
     * ignored silently, as IOKitLib does.
     *
     * @param unused ignored, as in C.
     * @param notify the port the message came from, for its counters; may be {@code null}.
     * @param msg    the message received on the port.
     */
    public static void IODispatchCalloutFromMessage(Object unused, MachMessage msg, IONotificationPortRef notify) {
        if (msg == null) {
            Diagnostics.fail("IODispatchCalloutFromMessage", Failure.of(kIOReturnBadArgument, "msg is null"));
            return;
        }
        CompletionDispatcher.dispatch(notify, msg);
    }

    // ---------------------------------------------------------------- Matching and interest notifications

    /**
     * {@code IOServiceAddMatchingNotification}: looks up the services matching {@code matching} and installs a
     * notification of {@code notificationType} ({@link IOKitLib#kIOPublishNotification}, {@link IOKitLib#kIOFirstPublishNotification},
     * {@link IOKitLib#kIOMatchedNotification}, {@link IOKitLib#kIOFirstMatchNotification}, {@link IOKitLib#kIOTerminatedNotification}).
     *
     * <p>{@code notification[0]} receives an iterator holding the services already matching (none for
     * terminated). <b>Drain it once</b> with {@link IOKitLib#IOIteratorNext} (releasing each service): that arms the
     * notification. Later services queue on the iterator and one message wakes the port; {@code callback} then runs
     * on the port's queue or run loop and must drain again. {@link IOKitLib#IOObjectRelease} on the iterator removes the
     * notification. {@code matching} is read during the call; the caller may reuse it.
     *
     * @param notifyPort       the notification port, from {@code IONotificationPortCreate}.
     * @param notificationType which: {@code kIOFirstMatchNotification}, {@code kIOMatchedNotification}, {@code
     *                         kIOPublishNotification} or {@code kIOTerminatedNotification}.
     * @param matching         the matching dictionary ({@code IOServiceMatching}, {@code IOServiceNameMatching}, …).
     * @param callback         the callback.
     * @param refcon           a value passed back to the callback.
     * @param notification     receives the notification's iterator or object (an {@code int[1]}), released by the
     *                     caller.
     * @return {@code kIOReturnSuccess}; {@code kIOReturnUnsupported} for an unknown type; {@code kIOReturnBadArgument}
     *         for a null or malformed dictionary, a null callback, a null or destroyed port, or a missing out-array.
     */
    public static int IOServiceAddMatchingNotification(IONotificationPortRef notifyPort, String notificationType,
                                                       Map<String, Object> matching, IOServiceMatchingCallback callback,
                                                       long refcon, int[] notification) {
        return ServiceNotifications.addMatching(notifyPort, notificationType, matching, callback, refcon,
                notification);
    }

    /**
     * {@code IOServiceAddInterestNotification}: installs a notification of messages about {@code service}
     * ({@link IOKitLib#kIOGeneralInterest}), e.g. {@link IOKitLib#kIOMessageServiceIsTerminated}. {@code callback} runs on the port's
     * queue or run loop with a name for the service that is released after it returns. {@link IOKitLib#IOObjectRelease} on
     * {@code notification[0]} removes the notification.
     *
     * @param notifyPort   the notification port, from {@code IONotificationPortCreate}.
     * @param service      the service's name (an {@code io_service_t}).
     * @param interestType {@code kIOGeneralInterest}, or another interest type.
     * @param callback     the callback.
     * @param refcon       a value passed back to the callback.
     * @param notification receives the notification's iterator or object (an {@code int[1]}), released by the caller.
     * @return {@code kIOReturnSuccess}; {@code kIOReturnUnsupported} for another interest type;
     *         {@code kIOReturnNoDevice} for a terminated service; {@code MACH_SEND_INVALID_DEST} for a service name
     *         that is not live; {@code kIOReturnBadArgument} as for matching notifications.
     */
    public static int IOServiceAddInterestNotification(IONotificationPortRef notifyPort, int service,
                                                       String interestType, IOServiceInterestCallback callback,
                                                       long refcon, int[] notification) {
        return ServiceNotifications.addInterest(notifyPort, service, interestType, callback, refcon, notification);
    }
}
