package org.iokit4j;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keeps a storm of the same warning from becoming a fault of its own: a callback that throws on every completion
 * would otherwise log one WARNING per completion, and the logging itself would slow the queue until completions
 * are dropped. Each kind of warning (a key such as the throwable's class and the frame that threw) is logged the
 * first {@value #FIRST} times, then once every {@value #EVERY} times with the count so far. Nothing is lost from the
 * accounting: every occurrence is still counted by its caller, and every failure still carries its full explanation.
 *
 * <p>At most {@value #MAX_KINDS} kinds are tracked; beyond that, new kinds share one counter (so a flood of
 * distinct warnings is limited too, and memory stays bounded).
 *
 * <p><b>Concurrency.</b> Thread-safe and lock-free on the counting path.
 */
final class RepeatedWarnings {
    static final int FIRST = 10;
    static final int EVERY = 1_000;
    static final int MAX_KINDS = 1_024;
    private static final String OTHER = "(other kinds, past the " + MAX_KINDS + " tracked)";

    private final ConcurrentHashMap<String, AtomicLong> seen = new ConcurrentHashMap<>();

    /**
     * Counts one occurrence of {@code kind}.
     *
     * @return {@code null} if this occurrence is not to be logged; else the text to append to the warning (empty for
     *         the first {@value #FIRST}).
     */
    String occurrence(String kind) {
        AtomicLong count = seen.get(kind);
        if (count == null) {
            count = seen.size() < MAX_KINDS ? seen.computeIfAbsent(kind, k -> new AtomicLong())
                    : seen.computeIfAbsent(OTHER, k -> new AtomicLong());
        }
        final long n = count.incrementAndGet();
        if (n <= FIRST) {
            return n == FIRST ? " (seen " + FIRST + " times: from now on logged once every " + EVERY
                    + " times, and always counted)" : "";
        }
        return n % EVERY == 0 ? " (seen " + n + " times; logged once every " + EVERY + ")" : null;
    }
}
