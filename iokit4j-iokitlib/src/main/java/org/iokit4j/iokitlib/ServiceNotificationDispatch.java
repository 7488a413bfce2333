package org.iokit4j.iokitlib;

import org.iokit4j.Diagnostics;
import org.iokit4j.Untrusted;
import org.iokit4j.IOReturn;
import org.iokit4j.mach.MachMessage;
import org.iokit4j.mig.Caller;
import org.iokit4j.wire.InterestNotificationLayout;
import org.iokit4j.wire.MachMsgHeaderLayout;
import org.iokit4j.wire.MatchingNotificationLayout;

/**
 * The dispatcher's matching and interest branch (apple-semantics.md §4.3 steps 2, 4, 5, 6): takes the names the
 * carried rights became in the port's task (copied out on receive), delivers only if the task still holds the
 * notification (two user references: its own plus the message's), calls the callback as that task, then releases
 * what the message brought.
 *
 * <p>Whatever the message holds, nothing is thrown and nothing stays behind: a malformed message (a layout's
 * {@code check} refuses it, or it carries the wrong number of rights) or one whose rights cannot be copied out
 * returns {@code false}, and every name a right became is given back before this returns (fuzzed by
 * {@code NotificationDispatchFuzzTest}).
 *
 * <p>A callback that throws is counted and logged; delivery goes on with the next message.
 *
 * <p><b>Concurrency.</b> Stateless; runs on the thread delivering the port's messages.
 */
final class ServiceNotificationDispatch {
    private ServiceNotificationDispatch() {
    }

    /**
     * {@return whether the message was a well-formed matching or interest notification whose rights reached the
     * task} ({@code false}: the caller counts it as ignored). Never throws: a callback's throw is caught by the
     * {@link Untrusted} policy.
     */
    static boolean handle(IONotificationPortRef notify, MachMessage message) {
        final Caller caller = notify == null ? Caller.current() : notify.caller;
        final int[] names = received(caller, message);
        if (names == null) { // a message received by hand in a task of another carrier: the dispatcher releases it
            return false;
        }
        try {
            final byte[] bytes = message.bytes();
            final boolean interest = MachMsgHeaderLayout.isComplex(bytes);
            try {
                if (interest) {
                    InterestNotificationLayout.check(bytes);
                } else {
                    MatchingNotificationLayout.check(bytes);
                }
                if (names.length != (interest ? 2 : 1)) {
                    throw new IllegalArgumentException("it carries " + names.length + " port right(s), expected "
                            + (interest ? "2 (notification object, service)" : "1 (notification object)"));
                }
            } catch (IllegalArgumentException malformed) {
                Diagnostics.warn("ignored a malformed service notification on " + where(notify) + ": "
                        + malformed.getMessage());
                return false;
            }
            for (int name : names) {
                if (name == 0) { // a right that could not be copied out: the task is terminating
                    Diagnostics.debug("dropped a notification on " + where(notify) + ": task '"
                            + caller.task().name() + "' has terminated");
                    return false;
                }
            }
            final int object = names[0];
            final int service = interest ? names[1] : 0;
            if (caller.kernel().portSendRefs(caller.task(), object) < 2) { // step 4: released meanwhile
                Diagnostics.debug("dropped a notification on " + where(notify) + ": its notification object was"
                        + " released (IOObjectRelease) before the message was delivered");
                return false;
            }
            MachMsgHeaderLayout.setRemotePort(bytes, object);
            Caller.runAs(caller, () -> {
                if (interest) {
                    InterestNotificationLayout.setService(bytes, service);
                    interest(notify, bytes);
                } else {
                    matching(notify, bytes, object);
                }
            });
            return true;
        } finally {
            for (int name : names) { // step 6, and whatever a refused message brought
                if (name != 0) {
                    caller.deallocate(name);
                }
            }
        }
    }

    /**
     * {@return the names the message's rights became in the caller's task} A message from a {@link
     * org.iokit4j.mach.ReceiveRight} has them already; one received by hand from an embedded space
     * ({@code IpcSpace.receive}) still carries rights, copied out here. {@code null}: the rights cannot reach the
     * task (a hand-received message in a task this JVM does not hold).
     */
    private static int[] received(Caller caller, MachMessage message) {
        if (message.rights().isEmpty()) {
            return message.names();
        }
        if (!(caller.task() instanceof org.iokit4j.mach.MachTask task)) {
            return null;
        }
        return task.space().copyout(message).names();
    }

    private static void matching(IONotificationPortRef notify, byte[] bytes, int iterator) {
        final long value = MatchingNotificationLayout.reference(bytes, IOKitLib.kIOMatchingCalloutFuncIndex);
        final long refcon = MatchingNotificationLayout.reference(bytes, IOKitLib.kIOMatchingCalloutRefconIndex);
        final IOServiceMatchingCallback callback = ServiceNotifications.MATCHING.lookup(value);
        invoke(notify, value, callback == null ? null : () -> callback.call(refcon, iterator));
    }

    private static void interest(IONotificationPortRef notify, byte[] bytes) {
        final long value = InterestNotificationLayout.reference(bytes, IOKitLib.kIOInterestCalloutFuncIndex);
        final long refcon = InterestNotificationLayout.reference(bytes, IOKitLib.kIOInterestCalloutRefconIndex);
        final IOServiceInterestCallback callback = ServiceNotifications.INTEREST.lookup(value);
        final int service = InterestNotificationLayout.service(bytes);
        final int type = InterestNotificationLayout.messageType(bytes);
        final long argument = InterestNotificationLayout.messageArgument(bytes);
        invoke(notify, value, callback == null ? null : () -> callback.call(refcon, service, type, argument));
    }

    private static void invoke(IONotificationPortRef notify, long value, Runnable call) {
        final PortCounters counters = notify == null ? new PortCounters() : notify.counters;
        if (call == null) {
            counters.unknownCallouts.increment();
            Diagnostics.warn(String.format("dropped a service notification on %s: reference[1]=0x%016X names no"
                    + " callback IOKitLib registered (in C, a call through a wild pointer)", where(notify), value));
            return;
        }
        counters.delivered.increment();
        try {
            call.run();
        } catch (Throwable thrown) {
            counters.callbackFailures.increment();
            Untrusted.caught("a notification callback on " + where(notify) + " (a matching callback that did not"
                    + " drain its iterator leaves its notification disarmed)", IOReturn.kIOReturnError, thrown);
        }
    }

    private static String where(IONotificationPortRef notify) {
        return notify == null ? "a port received by hand" : notify.toString();
    }
}
