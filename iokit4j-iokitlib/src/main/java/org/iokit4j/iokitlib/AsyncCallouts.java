package org.iokit4j.iokitlib;

import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.iokit4j.mach.ReceiveRight;
import org.iokit4j.mach.TaskHandle;
import org.iokit4j.mig.Caller;

/**
 * The registrations behind {@link IOKitLib#asyncCallout}: reference values standing in for C function pointers, and
 * the rules that free them (Java only: neither Apple's API nor part of contract.md).
 *
 * <p>A value is non-zero and carries the tag {@code 0x4143} ("AC") in its top 16 bits, so it stands out in a
 * reference dump and a stray refcon is unlikely to name a callout. A C function lives as long as its code is
 * loaded; a Java callback object is state, which iokit4j must not keep alive forever. So:
 * <ul>
 *   <li><b>While its ports live, it is held.</b> An async call made through IOKitLib's {@code IOConnectCallAsync*}
 *       <em>ties</em> the value in {@code reference[kIOAsyncCalloutFuncIndex]} to the notification port whose Mach
 *       port is the call's wake port (the first time that value meets that port; a value may be tied to several).
 *       A value not tied to any port yet is held too.</li>
 *   <li><b>When its ports go, it is let go.</b> Once every port it is tied to is gone
 *       ({@code IONotificationPortDestroy}, or the end of the port's task), iokit4j holds the callback only
 *       weakly: the value keeps working (a later call ties it again) for as long as the program still references
 *       the callback object, which a method reference or a non-capturing lambda always is; a callback nothing else
 *       references, such as a fresh lambda registered per call, is then freed by the garbage collector, and its
 *       value names nothing.</li>
 *   <li><b>{@link #release(long)}</b> frees it at once.</li>
 *   <li><b>A one-shot value</b> from {@link #registerOnce} is freed once its first completion is delivered, or
 *       when the kernel reports its call's action aborted without a completion (the private notice of
 *       {@code org.iokit4j.wire.ActionAbortedLayout}), or when its ports go. Use it for one call.</li>
 *   <li><b>A port's value</b> from {@link #register(IONotificationPortRef, IOAsyncCallout, AbortHandler)} is tied to
 *       that port at once, freed with it, and adds an {@link AbortHandler}: the Java layer registers one such
 *       router per port, never one per call.</li>
 * </ul>
 * A value used after it was freed names no callback: its completions are dropped and explained
 * ({@code counters().unknownCallouts()}), as a call through a stale function pointer would crash in C.
 *
 * <p><b>Concurrency.</b> Thread-safe. Look-ups (one per completion) and the tie check on a value's usual port are
 * lock-free; registering, tying a value to a new port, and freeing take one lock. A port's death runs its frees
 * on the thread that destroyed it.
 */
public final class AsyncCallouts {
    private static final long TAG = 0x4143_0000_0000_0000L;
    private static final long TAG_MASK = 0xFFFF_0000_0000_0000L;

    private static final AtomicLong NEXT = new AtomicLong();
    private static final ConcurrentHashMap<Long, Registration> BY_VALUE = new ConcurrentHashMap<>();
    private static final Object LOCK = new Object();
    /** The plain registrations, so the same object gets the same value. Guarded by {@link #LOCK}. */
    private static final Map<IOAsyncCallout, Long> BY_CALLOUT = new IdentityHashMap<>();
    /**
     * The values tied to each port not yet dead; an entry stays (perhaps empty) until the port dies, so each port
     * gets one dead-name handler. Guarded by {@link #LOCK}.
     */
    private static final Map<ReceiveRight, Set<Long>> BY_PORT = new IdentityHashMap<>();

    private AsyncCallouts() {
    }

    /**
     * What runs when the kernel reports that a call's completion action was aborted (Java only): Apple's dispatcher
     * ignores the report, so a C callback never learns it.
     */
    @FunctionalInterface
    public interface AbortHandler {
        /**
         * Called on the thread delivering the port's messages, as the port's task.
         *
         * @param refcon      {@code reference[kIOAsyncCalloutRefconIndex]} of the call.
         * @param reason      an {@code ActionAbortedLayout} {@code kAbortReason*} value.
         * @param completions how many completions of that call were queued before the abort.
         */
        void aborted(long refcon, int reason, long completions);
    }

    /** {@link IOKitLib#asyncCallout}: the same object gets the same value while it is held. */
    static long register(IOAsyncCallout callout) {
        Objects.requireNonNull(callout, "callout");
        synchronized (LOCK) {
            final Long known = BY_CALLOUT.get(callout);
            if (known != null) {
                return known;
            }
            final long value = add(new Registration(callout, null, false));
            BY_CALLOUT.put(callout, value);
            return value;
        }
    }

    /**
     * Registers {@code callout} for one call: the value is freed once a completion carrying it has been delivered
     * (after the callback ran), when the kernel reports that call's action aborted before any completion, when
     * every port it was used with is gone, or by {@link #release(long)}; a second completion of the same call is
     * dropped as one for an unknown callout.
     *
     * @param callout the callback.
     * @return a new non-zero value, even for an object registered before.
     * @throws NullPointerException if {@code callout} is null.
     */
    public static long registerOnce(IOAsyncCallout callout) {
        Objects.requireNonNull(callout, "callout");
        synchronized (LOCK) {
            return add(new Registration(callout, null, true));
        }
    }

    /**
     * Registers {@code callout} for calls whose wake port is {@code port}'s: the value is freed when the port is
     * destroyed (or its task ends), or by {@link #release(long)}. {@code onAbort} runs for each action-aborted
     * notice that names the value.
     *
     * @param port    the notification port whose destruction aborts the call.
     * @param callout the callback.
     * @param onAbort runs if the call is aborted instead of completed.
     * @return a new non-zero value.
     * @throws NullPointerException     if {@code port} or {@code callout} is null.
     * @throws IllegalArgumentException if {@code port} was destroyed.
     */
    public static long register(IONotificationPortRef port, IOAsyncCallout callout, AbortHandler onAbort) {
        Objects.requireNonNull(port, "port");
        Objects.requireNonNull(callout, "callout");
        final ReceiveRight wake = port.isDestroyed() || port.right.isDead() ? null : port.right;
        if (wake == null) {
            throw new IllegalArgumentException("port=" + port + " was destroyed: a registration for it would be"
                    + " freed at once");
        }
        final Registration registration = new Registration(callout, onAbort, false, true);
        final long value;
        synchronized (LOCK) {
            value = add(registration);
        }
        tie(value, registration, new Tie(port.caller.task(), port.wakePort, wake));
        return value;
    }

    /**
     * Frees the registration of {@code value} now, whether it is held or let go. Completions that still carry it are
     * dropped with an explanation, as a call through a stale function pointer would be.
     *
     * @param value the value {@code register} or {@code registerOnce} returned.
     * @return whether {@code value} named a callback (false: unknown, freed already, or its callback collected).
     */
    public static boolean release(long value) {
        synchronized (LOCK) {
            final Registration registration = BY_VALUE.get(value);
            return registration != null ? free(value, registration) : RetiredCallouts.forget(value);
        }
    }

    /** {@return how many registrations iokit4j holds: not counting values let go with their ports} */
    public static int size() {
        return BY_VALUE.size();
    }

    /** {@return the registration iokit4j holds for {@code value}, or {@code null}; never holds one again} */
    static Registration held(long value) {
        return BY_VALUE.get(value);
    }

    /**
     * {@return the registration of {@code value}, or {@code null}}; a value let go with its ports whose callback is
     * still alive is held again, tied to {@code port} when that is known.
     *
     * @param port the notification port a message carrying the value arrived on, or {@code null}.
     */
    static Registration lookup(long value, IONotificationPortRef port) {
        final Registration registration = BY_VALUE.get(value);
        if (registration != null || (value & TAG_MASK) != TAG) {
            return registration;
        }
        final Registration revived = revive(value);
        if (revived != null && port != null) {
            final ReceiveRight wake = port.right.isDead() ? null : port.right;
            if (wake != null) {
                tie(value, revived, new Tie(port.caller.task(), port.wakePort, wake));
            }
        }
        return revived;
    }

    /**
     * A one-shot registration is being used: frees it, and {@return whether this caller freed it} (so only one
     * delivery calls its callback). Any other registration stays, and the answer is true.
     */
    static boolean claim(long value, Registration registration) {
        if (!registration.once) {
            return true;
        }
        synchronized (LOCK) {
            return free(value, registration);
        }
    }

    /** Ties the callout in an async call's {@code reference} to the port {@code wakePort} names for the caller. */
    static void tie(Caller caller, int wakePort, long[] reference) {
        if (wakePort == 0 || reference.length <= IOKitLib.kIOAsyncCalloutFuncIndex) {
            return;
        }
        final long value = reference[IOKitLib.kIOAsyncCalloutFuncIndex];
        if ((value & TAG_MASK) != TAG) {
            return;
        }
        Registration registration = BY_VALUE.get(value);
        if (registration == null && (registration = revive(value)) == null) {
            return;
        }
        final TaskHandle task = caller.task();
        final Tie last = registration.lastTie;
        if (last != null && last.task() == task && last.name() == wakePort && !last.port().isDead()) {
            return; // the usual case, without a look-up: a live receive right keeps its name until the port dies
        }
        final ReceiveRight wake = caller.kernel().portReceiveRight(task, wakePort);
        if (wake != null) {
            tie(value, registration, new Tie(task, wakePort, wake));
        }
    }

    /** {@return a description for diagnostics: the value and the callout's class} */
    static String describe(long value, IOAsyncCallout callout) {
        return String.format("0x%016X (%s)", value, callout.getClass().getName());
    }

    private static long add(Registration registration) {
        RetiredCallouts.expunge();
        final long value = TAG | NEXT.incrementAndGet();
        BY_VALUE.put(value, registration);
        return value;
    }

    /** Holds again a value let go with its ports, if its callback is alive. */
    private static Registration revive(long value) {
        synchronized (LOCK) {
            final Registration raced = BY_VALUE.get(value);
            if (raced != null) {
                return raced;
            }
            final IOAsyncCallout callout = RetiredCallouts.revive(value);
            if (callout == null) {
                return null;
            }
            final Registration registration = new Registration(callout, null, false);
            BY_VALUE.put(value, registration);
            BY_CALLOUT.putIfAbsent(callout, value);
            return registration;
        }
    }

    private static void tie(long value, Registration registration, Tie tie) {
        final ReceiveRight port = tie.port();
        boolean firstForPort = false;
        synchronized (LOCK) {
            if (BY_VALUE.get(value) != registration) {
                return; // freed meanwhile
            }
            if (!registration.ports.contains(port)) {
                Set<Long> values = BY_PORT.get(port);
                if (values == null) {
                    values = new HashSet<>();
                    BY_PORT.put(port, values);
                    firstForPort = true;
                }
                values.add(value);
                registration.ports.add(port);
            }
            registration.lastTie = tie;
        }
        if (firstForPort) {
            port.requestDeadName(() -> portDied(port)); // at once if it died since the look-up
        }
    }

    private static void portDied(ReceiveRight port) {
        synchronized (LOCK) {
            final Set<Long> values = BY_PORT.remove(port);
            if (values == null) {
                return;
            }
            for (Long value : values) {
                final Registration registration = BY_VALUE.get(value);
                if (registration == null || !registration.ports.remove(port)) {
                    continue;
                }
                final Tie last = registration.lastTie;
                if (last != null && last.port() == port) {
                    registration.lastTie = null;
                }
                if (registration.ports.isEmpty() && free(value, registration) && registration.plain()) {
                    RetiredCallouts.retire(value, registration.callout);
                }
            }
        }
    }

    /** Frees {@code value}; {@return whether it was still registered}. Holds {@link #LOCK}. */
    private static boolean free(long value, Registration registration) {
        if (!BY_VALUE.remove(value, registration)) {
            return false;
        }
        final Long plain = BY_CALLOUT.get(registration.callout);
        if (plain != null && plain == value) { // IdentityHashMap.remove(key, value) compares boxes by identity
            BY_CALLOUT.remove(registration.callout);
        }
        for (ReceiveRight port : registration.ports) {
            final Set<Long> values = BY_PORT.get(port);
            if (values != null) {
                values.remove(value);
            }
        }
        registration.ports.clear();
        registration.lastTie = null;
        return true;
    }

    /**
     * One registration: the callout, what runs on an abort notice, whether it is one-shot or a port's own, and the
     * ports it is tied to.
     */
    /** A value's latest tie: the port that {@code name} names as a receive right of {@code task}. */
    record Tie(TaskHandle task, int name, ReceiveRight port) {
    }

    static final class Registration {
        final IOAsyncCallout callout;
        final AbortHandler onAbort;
        final boolean once;
        /** Registered for one port: freed with it, never let go weakly. */
        final boolean portBound;
        /** Guarded by {@link #LOCK}. */
        final java.util.List<ReceiveRight> ports = new java.util.ArrayList<>(1);
        /** The last tie: a call through the same name of the same space needs no look-up and no lock. */
        volatile Tie lastTie;

        Registration(IOAsyncCallout callout, AbortHandler onAbort, boolean once) {
            this(callout, onAbort, once, false);
        }

        Registration(IOAsyncCallout callout, AbortHandler onAbort, boolean once, boolean portBound) {
            this.callout = callout;
            this.onAbort = onAbort;
            this.once = once;
            this.portBound = portBound;
        }

        /** {@return whether it came from {@code asyncCallout}: let go weakly with its ports, not freed} */
        boolean plain() {
            return !once && !portBound;
        }
    }
}
