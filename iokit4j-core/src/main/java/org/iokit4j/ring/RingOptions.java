package org.iokit4j.ring;

import java.time.Duration;
import java.util.Objects;
import org.agrona.BitUtil;

/**
 * The settings of one {@link RingFile}: the capacity of each of its two rings, how this process waits, and how long
 * a sender waits for room in a full ring.
 *
 * @param capacity    the bytes of message data each direction holds: a power of two from {@link #MIN_CAPACITY} to
 *                    {@link #MAX_CAPACITY} (Agrona's rule; its control trailer comes on top). The largest message is
 *                    an eighth of it ({@link RingFile#maxMessageLength()}). Only the creator's counts: the peer reads
 *                    it from the file.
 * @param strategy    how this process's threads wait on this ring.
 * @param sendTimeout how long {@link RingFile#send} waits for room in a full ring before it fails with
 *                    {@link RingException.Reason#TIMEOUT}; positive.
 */
public record RingOptions(int capacity, WaitStrategy strategy, Duration sendTimeout) {
    /** The smallest capacity: 1 KiB. */
    public static final int MIN_CAPACITY = 1 << 10;
    /** The largest capacity: 256 MiB. */
    public static final int MAX_CAPACITY = 1 << 28;
    /** The default capacity: 1 MiB per direction (largest message 128 KiB). */
    public static final int DEFAULT_CAPACITY = 1 << 20;
    /** The default {@link #sendTimeout}: 10 seconds. */
    public static final Duration DEFAULT_SEND_TIMEOUT = Duration.ofSeconds(10);

    /**
     * Checks the settings.
     *
     * @throws IllegalArgumentException naming the value when {@code capacity} is not a power of two in range or
     *                                  {@code sendTimeout} is not positive.
     * @throws NullPointerException     if {@code strategy} or {@code sendTimeout} is {@code null}.
     */
    public RingOptions {
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(sendTimeout, "sendTimeout");
        if (capacity < MIN_CAPACITY || capacity > MAX_CAPACITY || !BitUtil.isPowerOfTwo(capacity)) {
            throw new IllegalArgumentException("capacity=" + capacity + " must be a power of two in "
                    + MIN_CAPACITY + ".." + MAX_CAPACITY);
        }
        if (sendTimeout.isNegative() || sendTimeout.isZero()) {
            throw new IllegalArgumentException("sendTimeout=" + sendTimeout + " must be positive");
        }
    }

    /**
     * {@return the defaults: {@value #DEFAULT_CAPACITY} bytes per direction, the process's
     * {@link WaitStrategy#configured() configured} strategy, a send timeout of 10 seconds}
     *
     * @throws IllegalArgumentException if the configured strategy is not a known one.
     */
    public static RingOptions defaults() {
        return new RingOptions(DEFAULT_CAPACITY, WaitStrategy.configured(), DEFAULT_SEND_TIMEOUT);
    }

    /** {@return these options with {@code capacity} bytes per direction} */
    public RingOptions withCapacity(int capacity) {
        return new RingOptions(capacity, strategy, sendTimeout);
    }

    /** {@return these options waiting by {@code strategy}} */
    public RingOptions withStrategy(WaitStrategy strategy) {
        return new RingOptions(capacity, strategy, sendTimeout);
    }

    /** {@return these options waiting at most {@code sendTimeout} for room in a full ring} */
    public RingOptions withSendTimeout(Duration sendTimeout) {
        return new RingOptions(capacity, strategy, sendTimeout);
    }
}
