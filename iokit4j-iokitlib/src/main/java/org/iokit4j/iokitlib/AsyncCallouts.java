package org.iokit4j.iokitlib;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The table behind {@link IOKitLib#asyncCallout}: reference values standing in for C function pointers.
 *
 * <p>A value is non-zero and carries the tag {@code 0x4143} ("AC") in its top 16 bits, so it stands out in a
 * reference dump and a stray refcon is unlikely to name a callout. Registering the same object again returns
 * the same value. Entries are held strongly, as a C function lives as long as the program: a callout registered
 * once per call (a fresh lambda each time) stays until {@link #unregister(long)}.
 *
 * <p><b>Concurrency.</b> Thread-safe. Look-ups (one per completion) are lock-free; registration takes a lock.
 */
final class AsyncCallouts {
    private static final long TAG = 0x4143_0000_0000_0000L;

    private static final AtomicLong NEXT = new AtomicLong();
    private static final ConcurrentHashMap<Long, IOAsyncCallout> BY_VALUE = new ConcurrentHashMap<>();
    private static final Map<IOAsyncCallout, Long> BY_CALLOUT = new IdentityHashMap<>();

    private AsyncCallouts() {
    }

    static long register(IOAsyncCallout callout) {
        Objects.requireNonNull(callout, "callout");
        synchronized (BY_CALLOUT) {
            final Long known = BY_CALLOUT.get(callout);
            if (known != null) {
                return known;
            }
            final long value = TAG | NEXT.incrementAndGet();
            BY_CALLOUT.put(callout, value);
            BY_VALUE.put(value, callout);
            return value;
        }
    }

    /** {@return the callout registered under {@code value}, or {@code null}} */
    static IOAsyncCallout lookup(long value) {
        return BY_VALUE.get(value);
    }

    static boolean unregister(long value) {
        synchronized (BY_CALLOUT) {
            final IOAsyncCallout callout = BY_VALUE.remove(value);
            if (callout == null) {
                return false;
            }
            BY_CALLOUT.remove(callout);
            return true;
        }
    }

    /** {@return a description for diagnostics: the value and the callout's class} */
    static String describe(long value, IOAsyncCallout callout) {
        return String.format("0x%016X (%s)", value, callout.getClass().getName());
    }
}
