package org.iokit4j.iokitlib;

import static org.iokit4j.IOReturn.kIOReturnBadArgument;

import java.util.Map;
import org.iokit4j.Diagnostics;
import org.iokit4j.Failure;
import org.iokit4j.mig.Caller;

/**
 * {@code IOServiceAddMatchingNotification} and {@code IOServiceAddInterestNotification} behind IOKitLib's entry
 * points: the client half that builds the reference (callout in slot 1, refcon in slot 2, for interest the
 * service in slot 3) and asks the kernel, as IOKitLib.c does.
 *
 * <p>What C would crash on (a null or destroyed port, a null type, callback or out-array) returns
 * {@code kIOReturnBadArgument} with an explanation; a port created with a main port that is not this task's answers
 * as {@code IOServiceGetMatchingServices} does for it; everything else is the kernel's answer.
 *
 * <p><b>Concurrency.</b> Stateless apart from the callout tables, which are thread-safe.
 */
final class ServiceNotifications {
    /** Values for matching callbacks, tagged "MC". */
    static final CalloutTable<IOServiceMatchingCallback> MATCHING = new CalloutTable<>(0x4D43);
    /** Values for interest callbacks, tagged "IC". */
    static final CalloutTable<IOServiceInterestCallback> INTEREST = new CalloutTable<>(0x4943);

    private ServiceNotifications() {
    }

    static int addMatching(IONotificationPortRef notify, String type, Map<String, Object> matching,
                           IOServiceMatchingCallback callback, long refcon, int[] notification) {
        final String function = "IOServiceAddMatchingNotification";
        Failure bad = checkCommon(notify, "notificationType", type, callback, notification);
        if (bad == null) { // the port's main port is where IOKitLib sends the request
            bad = ServiceCalls.checkMainPort(notify.caller, notify.mainPort);
        }
        if (bad != null) {
            return Diagnostics.fail(function, bad);
        }
        final long[] reference = new long[IOKitLib.kIOMatchingCalloutCount];
        reference[IOKitLib.kIOMatchingCalloutFuncIndex] = MATCHING.register(callback);
        reference[IOKitLib.kIOMatchingCalloutRefconIndex] = refcon;
        final Caller caller = notify.caller;
        return ServiceCalls.checkedKernelCall(function, caller.kernel().serviceAddNotification(caller.task(), type,
                matching, notify.wakePort, reference, notification));
    }

    static int addInterest(IONotificationPortRef notify, int service, String type, IOServiceInterestCallback callback,
                           long refcon, int[] notification) {
        final String function = "IOServiceAddInterestNotification";
        final Failure bad = checkCommon(notify, "interestType", type, callback, notification);
        if (bad != null) {
            return Diagnostics.fail(function, bad);
        }
        final long[] reference = new long[IOKitLib.kIOInterestCalloutCount];
        reference[IOKitLib.kIOInterestCalloutFuncIndex] = INTEREST.register(callback);
        reference[IOKitLib.kIOInterestCalloutRefconIndex] = refcon;
        reference[IOKitLib.kIOInterestCalloutServiceIndex] = Integer.toUnsignedLong(service);
        final Caller caller = notify.caller;
        return ServiceCalls.checkedKernelCall(function, caller.kernel().serviceAddInterestNotification(caller.task(),
                service, type, notify.wakePort, reference, notification));
    }

    private static Failure checkCommon(IONotificationPortRef notify, String typeName, String type, Object callback,
                                       int[] notification) {
        if (notify == null) {
            return Failure.of(kIOReturnBadArgument, "notifyPort is null: create one with IONotificationPortCreate");
        }
        if (type == null) {
            return Failure.of(kIOReturnBadArgument, "%s is null: in C the client stub would copy the io_name_t from"
                    + " NULL and crash", typeName);
        }
        if (notify.isDestroyed()) {
            return Failure.of(kIOReturnBadArgument, "%s was destroyed: notifications need a live port (in C this"
                    + " would use freed memory)", notify);
        }
        if (callback == null) {
            return Failure.of(kIOReturnBadArgument, "callback is null: in C the dispatcher would call NULL");
        }
        return OutParameter.check(notification, "notification", "int[1]", "the notification object");
    }
}
