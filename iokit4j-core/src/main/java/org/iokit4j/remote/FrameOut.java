package org.iokit4j.remote;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * One frame being written on a daemon connection: a 4-byte length, then the payload built with the {@code put…}
 * methods. The buffer is reused frame after frame and grows when a frame needs more room.
 *
 * <p>Encodings (big-endian): a string is an {@code int} UTF-8 length ({@code -1} for {@code null}) and the bytes; a
 * byte, long or int array is an {@code int} count ({@code -1} for {@code null}) and the elements; a value (a plist
 * value: what matching dictionaries, properties and entitlements hold) is a tag byte and its encoding, maps keeping
 * their order.
 *
 * <p><b>Concurrency.</b> Not thread-safe: one frame per connection at a time, written by the thread that owns it.
 */
public final class FrameOut {
    /** Value tags, shared with {@link FrameIn}. */
    static final byte NULL = 0, FALSE = 1, TRUE = 2, INT = 3, LONG = 4, DOUBLE = 5, STRING = 6, BYTES = 7, LIST = 8,
            MAP = 9, SHORT = 10, BYTE = 11, FLOAT = 12;

    /** Where a frame's fields begin: after its 4-byte length and its op byte. */
    private static final int BODY_OFFSET = 5;

    private ByteBuffer buffer;

    /** A writer with a direct buffer of 8 KiB, for a connection's frames (written to a socket without a copy). */
    public FrameOut() {
        this.buffer = ByteBuffer.allocateDirect(8192);
    }

    private FrameOut(ByteBuffer buffer) {
        this.buffer = buffer;
    }

    /**
     * {@return a writer with a heap buffer of {@code capacity} bytes to start with (it grows)}: cheap to make for one
     * frame, e.g. a message on a stream that copies into its own buffer anyway.
     */
    public static FrameOut small(int capacity) {
        return new FrameOut(ByteBuffer.allocate(capacity));
    }
    private int frames;

    /** Starts a frame whose payload begins with {@code op}; the frame before must have been sent or queued. */
    public FrameOut begin(int op) {
        buffer.clear();
        buffer.putInt(0);
        buffer.put((byte) op);
        frames = 0;
        return this;
    }

    /** Starts another frame after the ones already in the buffer (a batch written with one {@link #send}). */
    public FrameOut append(int op) {
        close();
        ensure(5);
        frames = buffer.position();
        buffer.putInt(0);
        buffer.put((byte) op);
        return this;
    }

    /**
     * {@return {@code view}, wrapped over the current (single) frame's fields, after its length and op} For frames
     * sent by other means than a stream (a shared-memory ring, whose message type carries the op): the view's index 0
     * is the first field, its capacity the fields' length; no copy is made. Valid until the next {@code begin} or
     * {@code put}.
     */
    public org.agrona.concurrent.UnsafeBuffer wrapBody(org.agrona.concurrent.UnsafeBuffer view) {
        view.wrap(buffer, BODY_OFFSET, buffer.position() - BODY_OFFSET);
        return view;
    }

    /**
     * Appends every frame {@code other} holds (each complete), after this writer's frames: a batch written later with
     * one {@link #send}. {@code other} is left as it was.
     */
    public FrameOut appendAll(FrameOut other) {
        if (buffer.position() > 0) {
            close();
        }
        other.close();
        final int offset = buffer.position();
        ensure(other.buffer.position()).put(other.buffer.duplicate().flip());
        frames = offset + other.frames;
        return this;
    }

    /** Empties the writer (a batch was sent). */
    public FrameOut clear() {
        buffer.clear();
        frames = 0;
        return this;
    }

    /** {@return the bytes written so far, all frames included} */
    public int size() {
        return buffer.position();
    }

    public FrameOut putByte(int value) {
        ensure(1).put((byte) value);
        return this;
    }

    public FrameOut putBoolean(boolean value) {
        return putByte(value ? 1 : 0);
    }

    public FrameOut putInt(int value) {
        ensure(4).putInt(value);
        return this;
    }

    public FrameOut putLong(long value) {
        ensure(8).putLong(value);
        return this;
    }

    public FrameOut putString(String value) {
        if (value == null) {
            return putInt(-1);
        }
        return putBytes(value.getBytes(StandardCharsets.UTF_8));
    }

    public FrameOut putBytes(byte[] value) {
        if (value == null) {
            return putInt(-1);
        }
        ensure(4 + value.length).putInt(value.length).put(value);
        return this;
    }

    /** Puts {@code length} bytes of {@code value} from {@code offset}. */
    public FrameOut putBytes(byte[] value, int offset, int length) {
        ensure(4 + length).putInt(length).put(value, offset, length);
        return this;
    }

    public FrameOut putLongs(long[] value) {
        return value == null ? putInt(-1) : putLongs(value, value.length);
    }

    /** Puts the first {@code count} of {@code value}. */
    public FrameOut putLongs(long[] value, int count) {
        final ByteBuffer out = ensure(4 + 8 * count).putInt(count);
        for (int i = 0; i < count; i++) {
            out.putLong(value[i]);
        }
        return this;
    }

    public FrameOut putInts(int[] value) {
        if (value == null) {
            return putInt(-1);
        }
        final ByteBuffer out = ensure(4 + 4 * value.length).putInt(value.length);
        for (int element : value) {
            out.putInt(element);
        }
        return this;
    }

    /**
     * Puts a plist value: {@code null}, {@link Boolean}, {@link Byte}, {@link Short}, {@link Integer}, {@link Long},
     * {@link Float}, {@link Double}, {@link String}, {@code byte[]}, {@link List} or {@link Map} with string keys,
     * nested to any depth.
     *
     * @throws IllegalArgumentException for any other type (named), or a map key that is not a string.
     */
    public FrameOut putValue(Object value) {
        switch (value) {
            case null -> putByte(NULL);
            case Boolean b -> putByte(b ? TRUE : FALSE);
            case Integer i -> putByte(INT).putInt(i);
            case Long l -> putByte(LONG).putLong(l);
            case Short s -> putByte(SHORT).putInt(s);
            case Byte b -> putByte(BYTE).putInt(b);
            case Double d -> putByte(DOUBLE).putLong(Double.doubleToRawLongBits(d));
            case Float f -> putByte(FLOAT).putInt(Float.floatToRawIntBits(f));
            case String s -> putByte(STRING).putString(s);
            case byte[] bytes -> putByte(BYTES).putBytes(bytes);
            case List<?> list -> {
                putByte(LIST).putInt(list.size());
                list.forEach(this::putValue);
            }
            case Map<?, ?> map -> {
                putByte(MAP).putInt(map.size());
                for (Map.Entry<?, ?> entry : map.entrySet()) {
                    if (!(entry.getKey() instanceof String key)) {
                        throw new IllegalArgumentException("a dictionary key of type "
                                + (entry.getKey() == null ? "null" : entry.getKey().getClass().getName())
                                + " cannot travel to the kernel daemon: keys are strings");
                    }
                    putString(key).putValue(entry.getValue());
                }
            }
            default -> throw new IllegalArgumentException("a value of type " + value.getClass().getName()
                    + " cannot travel to the kernel daemon: use plist types (String, Number, Boolean, byte[], List,"
                    + " Map)");
        }
        return this;
    }

    /** Writes every frame in the buffer to {@code channel}, blocking until all is written. */
    public void send(WritableByteChannel channel) throws IOException {
        close();
        buffer.flip();
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
        buffer.clear();
    }

    private void close() {
        buffer.putInt(frames, buffer.position() - frames - 4);
    }

    private ByteBuffer ensure(int more) {
        if (buffer.remaining() < more) {
            final int wanted = Math.max(buffer.capacity() * 2,
                    buffer.position() + more + 1024);
            final ByteBuffer bigger = buffer.isDirect() ? ByteBuffer.allocateDirect(wanted) : ByteBuffer.allocate(wanted);
            buffer.flip();
            bigger.put(buffer);
            buffer = bigger;
        }
        return buffer;
    }
}
