package org.iokit4j.client;

import static org.iokit4j.iokitlib.IOKitLib.IOIteratorNext;
import static org.iokit4j.iokitlib.IOKitLib.IOServiceAddInterestNotification;
import static org.iokit4j.iokitlib.IOKitLib.IOServiceAddMatchingNotification;
import static org.iokit4j.iokitlib.IOKitLib.kIOGeneralInterest;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.iokit4j.Diagnostics;
import org.iokit4j.Failure;
import org.iokit4j.IOReturn;
import org.iokit4j.IOReturnException;
import org.iokit4j.iokitlib.IOServiceInterestCallback;
import org.iokit4j.iokitlib.IOServiceMatchingCallback;
import org.iokit4j.mig.Caller;

/**
 * The Java layer's notifications over the faithful functions: one registered callback per kind, and the refcon a
 * token naming the subscription's handler, so subscribing adds nothing that outlives {@link Subscription#close()}.
 *
 * <p>A matching subscription drains its iterator once on the subscribing thread (handing the services already
 * there to the handler, which arms it), then on the port's queue or run loop whenever it wakes. A handler that
 * throws does not stop the drain: the rest are still handed over (so the notification re-arms) and the first
 * exception is rethrown for the dispatcher to count.
 *
 * <p><b>Concurrency.</b> Thread-safe.
 */
final class ServiceWatchers {
    private static final AtomicLong TOKENS = new AtomicLong();
    private static final Map<Long, Consumer<Service>> MATCHING = new ConcurrentHashMap<>();
    private static final Map<Long, InterestHandler> INTEREST = new ConcurrentHashMap<>();
    private static final IOServiceMatchingCallback MATCHING_ROUTE = (token, iterator) -> {
        final Consumer<Service> handler = MATCHING.get(token);
        if (handler != null) {
            drain(Caller.current(), iterator, handler);
        }
    };
    private static final IOServiceInterestCallback INTEREST_ROUTE = (token, service, type, argument) -> {
        final InterestHandler handler = INTEREST.get(token);
        if (handler != null) {
            handler.message(type, argument);
        }
    };

    private ServiceWatchers() {
    }

    static Subscription matching(Caller caller, NotificationPort port, String type, Map<String, Object> matching,
                                 Consumer<Service> handler) {
        final long token = TOKENS.incrementAndGet();
        MATCHING.put(token, java.util.Objects.requireNonNull(handler, "handler"));
        final int[] out = new int[1];
        final int result = Caller.callAs(caller, () -> IOServiceAddMatchingNotification(port.ref(), type, matching,
                MATCHING_ROUTE, token, out));
        check(result, token);
        final Subscription subscription = new Subscription(caller, out[0], token);
        Caller.runAs(caller, () -> drain(caller, out[0], handler));
        return subscription;
    }

    static Subscription interest(Caller caller, NotificationPort port, int service, InterestHandler handler) {
        final long token = TOKENS.incrementAndGet();
        INTEREST.put(token, java.util.Objects.requireNonNull(handler, "handler"));
        final int[] out = new int[1];
        final int result = Caller.callAs(caller, () -> IOServiceAddInterestNotification(port.ref(), service,
                kIOGeneralInterest, INTEREST_ROUTE, token, out));
        check(result, token);
        return new Subscription(caller, out[0], token);
    }

    static void forget(long token) {
        MATCHING.remove(token);
        INTEREST.remove(token);
    }

    private static void check(int result, long token) {
        if (result != IOReturn.kIOReturnSuccess) {
            forget(token);
            final Failure why = Diagnostics.lastFailure();
            throw new IOReturnException(why != null && why.code() == result ? why
                    : Failure.of(result, "adding the notification failed"));
        }
    }

    private static void drain(Caller caller, int iterator, Consumer<Service> handler) {
        Throwable first = null;
        int name;
        while ((name = IOIteratorNext(iterator)) != 0) { // drain it all, whatever the handler throws: that re-arms it
            try {
                handler.accept(new Service(caller, name));
            } catch (Throwable thrown) {
                if (first == null) {
                    first = thrown;
                } else {
                    first.addSuppressed(thrown);
                }
            }
        }
        switch (first) {
            case null -> { }
            case RuntimeException e -> throw e;
            case Error e -> throw e;
            default -> throw new IllegalStateException("a service handler threw " + first, first);
        }
    }
}
