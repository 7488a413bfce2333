package org.iokit4j.ring;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How a thread of this process waits for a {@link RingFile}: for a message to arrive, for a reply's condition to
 * hold, or for room in a full ring. Chosen per process ({@link #configured()}), or per ring with
 * {@link RingOptions#withStrategy}; the two ends of one ring may wait differently. The package comment says how to
 * choose.
 */
public enum WaitStrategy {
    /**
     * Busy-polls with {@link Thread#onSpinWait()}: the lowest latency, and one core fully used by every waiting
     * thread for as long as it waits, idle or not.
     */
    SPIN,
    /**
     * The default: spins a little, then {@link Thread#yield() yields}, then parks with
     * {@link java.util.concurrent.locks.LockSupport#parkNanos growing sleeps} up to {@link #MAX_PARK_NANOS}. An idle
     * waiter costs near zero CPU; a message that arrives while it sleeps waits for the end of that sleep (at most
     * about a millisecond) unless a thread of this process read it and woke the waiter.
     */
    BACKOFF,
    /**
     * After a short spin (a few microseconds, so back-to-back traffic never leaves user space), the waiting thread
     * blocks in the kernel on the ring's Unix-domain socket after announcing so in the ring file;
     * a sender writes one wake-up byte to that socket only when the peer has announced it, so busy traffic costs no
     * system call and an idle waiter costs no CPU. Each wake-up costs a context switch, as a socket read does.
     */
    BLOCK;

    /** The system property that chooses the strategy of this process: {@code spin}, {@code backoff} or {@code block}. */
    public static final String PROPERTY = "iokit4j.wait";
    /** The environment variable read when {@link #PROPERTY} is not set. */
    public static final String ENVIRONMENT = "IOKIT4J_WAIT";
    /** The longest sleep of {@link #BACKOFF}: one millisecond. */
    public static final long MAX_PARK_NANOS = 1_000_000L;

    /** {@return the strategy's name as {@link #PROPERTY} spells it: {@code spin}, {@code backoff} or {@code block}} */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * {@return the strategy this process chose}: system property {@value #PROPERTY}, else environment variable
     * {@value #ENVIRONMENT}, else {@link #BACKOFF}.
     *
     * @throws IllegalArgumentException naming the setting, its value and the allowed values when the value is not one
     *                                  of {@code spin}, {@code backoff}, {@code block}.
     */
    public static WaitStrategy configured() {
        final String property = System.getProperty(PROPERTY);
        if (property != null) {
            return parse(PROPERTY, property);
        }
        final String environment = System.getenv(ENVIRONMENT);
        return environment == null ? BACKOFF : parse(ENVIRONMENT, environment);
    }

    /**
     * {@return the strategy {@code value} names} ({@code spin}, {@code backoff} or {@code block}, any case, blanks
     * around it ignored).
     *
     * @param setting where the value came from, for the explanation.
     * @throws IllegalArgumentException naming {@code setting}, {@code value} and the allowed values otherwise.
     */
    public static WaitStrategy parse(String setting, String value) {
        for (WaitStrategy strategy : values()) {
            if (strategy.label().equalsIgnoreCase(value.strip())) {
                return strategy;
            }
        }
        throw new IllegalArgumentException(setting + "=" + value + " is not a waiting strategy; allowed: "
                + Arrays.stream(values()).map(WaitStrategy::label).collect(Collectors.joining(", ")));
    }
}
