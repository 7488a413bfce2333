package org.iokit4j.iokitlib;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reference values standing in for C function pointers of one callback type: what slot 1 of a notification's
 * reference holds (as {@link AsyncCallouts} does for completions).
 *
 * <p>Values are non-zero and carry a 16-bit tag in their top bits. Registering the same object again returns the
 * same value; entries are held strongly, as a C function lives as long as the program (the Java layer registers
 * one callback per kind and routes through the refcon, so it adds nothing per subscription).
 *
 * <p><b>Concurrency.</b> Thread-safe; look-ups are lock-free.
 */
final class CalloutTable<T> {
    private final long tag;
    private final AtomicLong next = new AtomicLong();
    private final ConcurrentHashMap<Long, T> byValue = new ConcurrentHashMap<>();
    private final Map<T, Long> byCallout = new IdentityHashMap<>();

    CalloutTable(int tag16) {
        this.tag = (long) tag16 << 48;
    }

    long register(T callout) {
        Objects.requireNonNull(callout, "callback");
        synchronized (byCallout) {
            return byCallout.computeIfAbsent(callout, c -> {
                final long value = tag | next.incrementAndGet();
                byValue.put(value, c);
                return value;
            });
        }
    }

    /** {@return the callout registered under {@code value}, or {@code null}} */
    T lookup(long value) {
        return byValue.get(value);
    }
}
