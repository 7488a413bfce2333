package org.iokit4j.ring;

import org.agrona.DirectBuffer;

/**
 * Receives the messages of a {@link RingFile}, one call per message, in the order the peer's sends committed them.
 *
 * <p>The bytes are valid only during the call (copy what must outlive it). A handler may send on the same ring,
 * and, unless it runs {@linkplain #inPlace() in place}, may wait on it ({@link RingFile#awaitUntil}: a nested call), in
 * which case later messages are delivered to that same thread while it waits. It should not otherwise block: while it
 * runs, no other thread of this process reads the ring. What it throws is caught, counted ({@link
 * RingFile#handlerFailures()}) and logged; the ring goes on.
 */
@FunctionalInterface
public interface MessageHandler {
    /**
     * Handles one message.
     *
     * @param msgTypeId the type the sender gave it (positive).
     * @param buffer    the buffer holding it.
     * @param index     at which its bytes begin in {@code buffer}.
     * @param length    how many bytes it has (0 allowed).
     */
    void onMessage(int msgTypeId, DirectBuffer buffer, int index, int length);

    /**
     * {@return whether this handler runs on the message where it lies in the ring} (default {@code false}: on a copy
     * taken, and the message consumed, before it runs). In place there is no copy, and the message is consumed (its
     * record zeroed, room made) only after the handler returns, so what the handler sends (a reply) reaches the peer
     * first: the zeroing takes the record's cache line back from the peer, and a store made after it would wait for
     * that. Such a handler must not wait on this ring ({@link RingFile#awaitUntil}, {@link RingFile#poll}): while it
     * runs, this process reads no further message of the ring, a nested wait included (it would wait in vain). It may
     * send, and close the ring.
     */
    default boolean inPlace() {
        return false;
    }
}
