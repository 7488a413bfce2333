package org.iokit4j.iokitlib;

import static org.iokit4j.IOReturn.kIOReturnBadArgument;
import static org.iokit4j.IOReturn.kIOReturnNoResources;

import org.iokit4j.Diagnostics;
import org.iokit4j.Failure;
import org.iokit4j.dispatch.DispatchQueue;
import org.iokit4j.mach.MachMessage;
import org.iokit4j.IOReturn;
import org.iokit4j.mach.ReceiveRight;
import org.iokit4j.mig.Caller;

/**
 * The {@code IONotificationPort*} functions behind IOKitLib's thin entry points (apple-semantics.md §4.1).
 *
 * <p>Misuse that C would turn into a crash (a null or destroyed port) returns the neutral value and records why
 * as the thread's {@linkplain Diagnostics#lastFailure() last failure}, with {@code kIOReturnBadArgument}.
 *
 * <p>Differences from Apple, all invisible to a correct client: the main port given to create is only kept
 * (no main-port right is taken yet: nothing here talks to the kernel), and destroy frees the receive right at
 * once instead of after the last dispatch source's cancel handler.
 *
 * <p><b>Concurrency.</b> Stateless; every function may be called from any thread.
 */
final class NotificationPorts {

    private NotificationPorts() {
    }

    static IONotificationPortRef create(Caller caller, int mainPort) {
        final ReceiveRight[] right = new ReceiveRight[1];
        final int allocated = caller.kernel().portAllocateReceive(caller.task(), right);
        if (allocated != IOReturn.kIOReturnSuccess) {
            Diagnostics.fail("IONotificationPortCreate", Failure.of(kIOReturnNoResources, "mach_port_allocate"
                    + " failed with %s: task '%s' has terminated, or its kernel is unreachable",
                    IOReturn.name(allocated), caller.task().name()));
            return null;
        }
        final IONotificationPortRef notify = new IONotificationPortRef(caller, mainPort, right[0]);
        right[0].setMessageListener(notify::messageArrived);
        return notify;
    }

    static int machPort(IONotificationPortRef notify) {
        if (notify == null) {
            Diagnostics.fail("IONotificationPortGetMachPort", Failure.of(kIOReturnBadArgument, "notify is null"));
            return 0;
        }
        return notify.wakePort; // after destroy a stale name: an async call with it fails MACH_SEND_INVALID_RIGHT
    }

    static void setDispatchQueue(IONotificationPortRef notify, DispatchQueue queue) {
        if (queue != null && queue.isClosed()) {
            Diagnostics.fail("IONotificationPortSetDispatchQueue", Failure.of(kIOReturnBadArgument, "queue=%s is"
                    + " closed (in C, a released queue): nothing changed; attach an open queue", queue));
            return;
        }
        if (usable("IONotificationPortSetDispatchQueue", notify)) {
            final QueueAttachment next = queue == null ? null : new QueueAttachment(notify, queue);
            final QueueAttachment previous = notify.swapAttachment(next);
            if (previous != null) {
                previous.cancel();
            }
            if (next != null) {
                next.schedule(); // delivers whatever queued up while the port was detached
            }
        }
    }

    static CFRunLoopSource runLoopSource(IONotificationPortRef notify) {
        return usable("IONotificationPortGetRunLoopSource", notify) ? notify.runLoopSource() : null;
    }

    /**
     * Detaches the port from its queue and run loops, drops (and counts) the completions still queued, and
     * destroys the receive right, so later sends fail with {@code MACH_SEND_INVALID_DEST}. A callback already
     * running on another thread is not waited for. A completion that lands between the last count and the
     * right's destruction is dropped by Mach uncounted.
     */
    static void destroy(IONotificationPortRef notify) {
        if (notify == null) {
            Diagnostics.fail("IONotificationPortDestroy", Failure.of(kIOReturnBadArgument, "notify is null"));
            return;
        }
        if (!notify.markDestroyed()) {
            Diagnostics.debug("IONotificationPortDestroy: " + notify + " was already destroyed; nothing to do");
            return;
        }
        final QueueAttachment attachment = notify.swapAttachment(null);
        if (attachment != null) {
            attachment.cancel();
        }
        final CFRunLoopSource source = notify.existingSource();
        if (source != null) {
            source.invalidate();
        }
        int dropped = 0;
        MachMessage message;
        while ((message = notify.receive()) != null) {
            dropped++;
            message.destroy();
        }
        notify.counters.dropped.add(dropped);
        notify.caller.kernel().portDestroyReceive(notify.caller.task(), notify.wakePort);
        if (dropped > 0) {
            Diagnostics.warn(dropped + " message(s) were still queued on " + notify + " when IONotificationPortDestroy"
                    + " ran: they are dropped, never delivered. Completions sent from now on fail at the sender with"
                    + " MACH_SEND_INVALID_DEST (docs/async-completions.md, \"Pitfalls and their fixes\")");
        }
    }

    /**
     * Receives one message and hands it to the dispatcher.
     *
     * @return whether a message was taken off the port (delivered, ignored or dropped).
     */
    static boolean deliverOne(IONotificationPortRef notify) {
        final MachMessage message = notify.receive();
        if (message == null) {
            return false;
        }
        if (notify.isDestroyed()) { // raced with IONotificationPortDestroy: counts as dropped there
            notify.counters.dropped.increment();
            message.destroy();
            return true;
        }
        CompletionDispatcher.dispatch(notify, message);
        return true;
    }

    private static boolean usable(String function, IONotificationPortRef notify) {
        if (notify == null) {
            Diagnostics.fail(function, Failure.of(kIOReturnBadArgument, "notify is null"));
            return false;
        }
        if (notify.isDestroyed()) {
            Diagnostics.fail(function, Failure.of(kIOReturnBadArgument, "%s was destroyed: create a new port"
                    + " (in C this would use freed memory)", notify));
            return false;
        }
        return true;
    }
}
