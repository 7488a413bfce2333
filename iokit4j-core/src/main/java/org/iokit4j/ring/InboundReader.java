package org.iokit4j.ring;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.RecordDescriptor;
import org.agrona.concurrent.ringbuffer.RingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;
import org.iokit4j.IOReturn;
import org.iokit4j.Untrusted;

/**
 * The reading side of a {@link RingFile}: one thread of this process at a time takes messages from the inbound ring
 * and hands them to the {@link MessageHandler}, in order.
 *
 * <p>Each message is copied out and consumed before its handler runs (Agrona advances the ring's head only when its
 * {@code read} returns), so a handler that waits on the ring can read the next messages itself: the reading thread
 * may re-enter {@link #drain}, each nesting level with its own copy buffer. Messages are small RPC frames, so the
 * copy costs little next to the cross-core transfer that brought them. A handler that runs
 * {@linkplain MessageHandler#inPlace() in place} gets the message where it lies, consumed after it returns; a nested
 * {@link #drain} of its thread reads nothing.
 *
 * <p><b>Concurrency.</b> {@link #drain} is called by any thread; it reads only while it holds {@code reader} (taken
 * with a compare-and-set, released after its batch; re-entered by the holder), so Agrona's single-consumer rule
 * holds. The copy buffers and {@code depth} are touched only by the holder; taking and releasing {@code reader}
 * orders them between holders.
 */
final class InboundReader {
    private final RingBuffer inbound;
    /** The ring's memory, its capacity less one, and where its consumer (head) position lies. */
    private final AtomicBuffer ringBuffer;
    private final int mask;
    private final int headPositionIndex;
    private final MessageHandler handler;
    private final Runnable afterMessage;
    /** Whether the handler runs on the message in the ring ({@link MessageHandler#inPlace()}). */
    private final boolean inPlace;
    private final org.agrona.concurrent.MessageHandler inPlaceDispatch = this::dispatchInPlace;
    private final LongAdder failures = new LongAdder();
    /** The thread reading, or {@code null}. */
    private final AtomicReference<Thread> reader = new AtomicReference<>();
    /** Invariant: touched only by the {@link #reader}; one per nesting depth. */
    private final List<Copy> copies = new ArrayList<>();
    private int depth;

    /**
     * @param inbound      the ring the peer writes.
     * @param handler      what gets each message.
     * @param afterMessage run after each handled message (wakes this process's sleeping waiters).
     */
    InboundReader(RingBuffer inbound, MessageHandler handler, Runnable afterMessage) {
        this.inbound = inbound;
        this.ringBuffer = inbound.buffer();
        this.mask = inbound.capacity() - 1;
        this.headPositionIndex = inbound.capacity() + RingBufferDescriptor.HEAD_POSITION_OFFSET;
        this.handler = handler;
        this.afterMessage = afterMessage;
        this.inPlace = handler.inPlace();
    }

    /**
     * {@return whether the ring has a message claimed or committed}: whether the length word of the record at the
     * head is non-zero (negative while claimed, positive once committed; Agrona zeroes a record once read). It reads
     * the cache line the next message arrives in, which a reader needs next anyway, and not the producers' tail
     * counter, which every send writes: a waiting reader that watched the tail would take one more cross-core
     * transfer per message (the tail's line, then the record's).
     */
    boolean hasMessages() {
        final long head = ringBuffer.getLongVolatile(headPositionIndex);
        return ringBuffer.getIntVolatile(RecordDescriptor.lengthOffset((int) head & mask)) != 0;
    }

    /** {@return how many times the handler threw} */
    long failures() {
        return failures.sum();
    }

    /**
     * Reads up to {@code limit} messages and handles them on the calling thread, unless another thread reads;
     * {@return how many it handled}
     */
    int drain(int limit) {
        final Thread me = Thread.currentThread();
        final boolean nested = reader.get() == me;
        if (nested ? inPlace : !hasMessages() || !reader.compareAndSet(null, me)) {
            return 0; // in place, the message being handled is still the ring's next: no nested read
        }
        if (inPlace) {
            try {
                return inbound.read(inPlaceDispatch, limit);
            } finally {
                reader.setRelease(null);
            }
        }
        int handled = 0;
        final Copy message = copy(depth++);
        try {
            while (handled < limit && inbound.read(message, 1) > 0) {
                handled++;
                dispatch(message);
                afterMessage.run();
            }
        } finally {
            depth--;
            if (!nested) {
                reader.setRelease(null);
            }
        }
        return handled;
    }

    private Copy copy(int level) {
        if (level == copies.size()) {
            copies.add(new Copy());
        }
        return copies.get(level);
    }

    private void dispatchInPlace(int recordType, MutableDirectBuffer buffer, int index, int length) {
        final int msgTypeId = RingFileLayout.msgTypeId(recordType);
        final int bytes = length - RingFileLayout.padding(recordType);
        try {
            handler.onMessage(msgTypeId, buffer, index, bytes);
        } catch (Throwable thrown) {
            failures.increment();
            Untrusted.caught("ring message handler (msgTypeId=" + msgTypeId + ", length=" + bytes + ")",
                    IOReturn.kIOReturnError, thrown);
        }
        afterMessage.run();
    }

    private void dispatch(Copy message) {
        try {
            handler.onMessage(message.msgTypeId, message.buffer, 0, message.length);
        } catch (Throwable thrown) {
            failures.increment();
            Untrusted.caught("ring message handler (msgTypeId=" + message.msgTypeId + ", length=" + message.length
                    + ")", IOReturn.kIOReturnError, thrown);
        }
    }

    /** A copy of one message, taken from the ring before its handler runs. Confined to the reading thread. */
    private static final class Copy implements org.agrona.concurrent.MessageHandler {
        private UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
        private int msgTypeId;
        private int length;

        @Override
        public void onMessage(int msgTypeId, MutableDirectBuffer source, int index, int length) {
            if (buffer.capacity() < length) {
                buffer = new UnsafeBuffer(new byte[Integer.highestOneBit(length - 1) << 1]);
            }
            final int bytes = length - RingFileLayout.padding(msgTypeId);
            source.getBytes(index, buffer, 0, bytes);
            this.msgTypeId = RingFileLayout.msgTypeId(msgTypeId);
            this.length = bytes;
        }
    }
}
