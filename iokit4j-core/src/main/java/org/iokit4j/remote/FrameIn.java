package org.iokit4j.remote;

import static org.iokit4j.remote.FrameOut.BYTE;
import static org.iokit4j.remote.FrameOut.BYTES;
import static org.iokit4j.remote.FrameOut.DOUBLE;
import static org.iokit4j.remote.FrameOut.FALSE;
import static org.iokit4j.remote.FrameOut.FLOAT;
import static org.iokit4j.remote.FrameOut.INT;
import static org.iokit4j.remote.FrameOut.LIST;
import static org.iokit4j.remote.FrameOut.LONG;
import static org.iokit4j.remote.FrameOut.MAP;
import static org.iokit4j.remote.FrameOut.NULL;
import static org.iokit4j.remote.FrameOut.SHORT;
import static org.iokit4j.remote.FrameOut.STRING;
import static org.iokit4j.remote.FrameOut.TRUE;

import java.io.EOFException;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Frames read from a daemon connection ({@link FrameOut}'s encodings): {@link #next} reads one frame's payload, the
 * {@code get…} methods take it apart.
 *
 * <p>The peer is not trusted: a frame longer than {@link #MAX_FRAME}, a count that does not fit the frame, or an
 * unknown value tag is a {@link ProtocolException}, and the connection that carried it is closed by its owner.
 *
 * <p><b>Concurrency.</b> Not thread-safe: one reader per connection.
 */
public final class FrameIn {
    /** The largest frame either side accepts: 64 MiB (inline data is at most 4096 bytes a call; values are small). */
    public static final int MAX_FRAME = 64 << 20;
    private static final int MAX_DEPTH = 64;

    private ByteBuffer buffer;
    private int frameEnd;

    /** Creates a reader with nothing buffered yet. */
    public FrameIn() {
        this.buffer = ByteBuffer.allocateDirect(16384).flip();
    }

    private FrameIn(ByteBuffer frame) {
        this.buffer = frame;
        this.frameEnd = frame.limit();
    }

    /**
     * {@return a reader of one frame's fields held in {@code frame} (from its position to its limit, after the op)}
     * For frames that arrive by other means than a stream (a shared-memory ring); {@code next} reads nothing more.
     */
    public static FrameIn wrap(ByteBuffer frame) {
        return new FrameIn(frame);
    }

    /**
     * {@return this reader, now reading the fields of {@code frame}} As {@link #wrap}, reusing this reader: for a
     * reader that decodes one ring message after another on one thread.
     */
    public FrameIn rewrap(ByteBuffer frame) {
        this.buffer = frame;
        this.frameEnd = frame.limit();
        return this;
    }

    /**
     * {@return the rest of the current frame, copied into a reader of its own} What a connection's reader hands to
     * another thread, so it can read the next frame meanwhile. The copy's {@code next} reads nothing more.
     */
    public FrameIn detach() {
        final ByteBuffer copy = ByteBuffer.allocate(frameEnd - buffer.position());
        copy.put(buffer.duplicate().limit(frameEnd)).flip();
        buffer.position(frameEnd);
        return new FrameIn(copy);
    }

    /** A malformed frame from the peer. */
    public static final class ProtocolException extends IOException {
        public ProtocolException(String message) {
            super(message);
        }
    }

    /**
     * Reads the next frame, blocking, and returns its op byte. Bytes already buffered are used first, so frames the
     * peer wrote in one batch cost one read.
     *
     * @return the frame's op byte.
     * @throws EOFException when the peer closed the connection between frames.
     */
    public int next(ReadableByteChannel channel) throws IOException {
        buffer.position(Math.max(buffer.position(), frameEnd));
        fill(channel, 4);
        final int length = buffer.getInt();
        if (length < 1 || length > MAX_FRAME) {
            throw new ProtocolException("a frame of " + length + " bytes (1.." + MAX_FRAME + " allowed)");
        }
        fill(channel, length);
        frameEnd = buffer.position() + length;
        return buffer.get() & 0xFF;
    }

    /** {@return whether a whole frame is buffered already (the next {@link #next} will not block)} */
    public boolean hasBufferedFrame() {
        final int from = Math.max(buffer.position(), frameEnd);
        if (buffer.limit() - from < 4) {
            return false;
        }
        return buffer.limit() - from - 4 >= buffer.getInt(from);
    }

    public int getByte() throws ProtocolException {
        check(1);
        return buffer.get();
    }

    public boolean getBoolean() throws ProtocolException {
        return getByte() != 0;
    }

    public int getInt() throws ProtocolException {
        check(4);
        return buffer.getInt();
    }

    public long getLong() throws ProtocolException {
        check(8);
        return buffer.getLong();
    }

    public String getString() throws ProtocolException {
        final byte[] bytes = getBytes();
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    public byte[] getBytes() throws ProtocolException {
        final int count = count(1);
        if (count < 0) {
            return null;
        }
        final byte[] bytes = new byte[count];
        buffer.get(bytes);
        return bytes;
    }

    public long[] getLongs() throws ProtocolException {
        final int count = count(8);
        if (count < 0) {
            return null;
        }
        final long[] values = new long[count];
        for (int i = 0; i < count; i++) {
            values[i] = buffer.getLong();
        }
        return values;
    }

    /**
     * Reads a long array into {@code into} (which must be long enough: at most 16 scalars).
     *
     * @param into where the values go.
     * @return how many values were read.
     * @throws ProtocolException if more values came than {@code into} holds.
     */
    public int getLongsInto(long[] into) throws ProtocolException {
        final int count = count(8);
        if (count > into.length) {
            throw new ProtocolException(count + " values where at most " + into.length + " fit");
        }
        for (int i = 0; i < count; i++) {
            into[i] = buffer.getLong();
        }
        return Math.max(count, 0);
    }

    public int[] getInts() throws ProtocolException {
        final int count = count(4);
        if (count < 0) {
            return null;
        }
        final int[] values = new int[count];
        for (int i = 0; i < count; i++) {
            values[i] = buffer.getInt();
        }
        return values;
    }

    /** {@return a plist value ({@link FrameOut#putValue}); maps keep their order} */
    public Object getValue() throws ProtocolException {
        return value(0);
    }

    /** {@return a map value, or {@code null}} */
    @SuppressWarnings("unchecked")
    public Map<String, Object> getMap() throws ProtocolException {
        final Object value = getValue();
        if (value != null && !(value instanceof Map)) {
            throw new ProtocolException("a " + value.getClass().getSimpleName() + " where a dictionary belongs");
        }
        return (Map<String, Object>) value;
    }

    private Object value(int depth) throws ProtocolException {
        if (depth > MAX_DEPTH) {
            throw new ProtocolException("values nested deeper than " + MAX_DEPTH);
        }
        final int tag = getByte();
        return switch (tag) {
            case NULL -> null;
            case FALSE -> Boolean.FALSE;
            case TRUE -> Boolean.TRUE;
            case INT -> getInt();
            case LONG -> getLong();
            case SHORT -> (short) getInt();
            case BYTE -> (byte) getInt();
            case DOUBLE -> Double.longBitsToDouble(getLong());
            case FLOAT -> Float.intBitsToFloat(getInt());
            case STRING -> getString();
            case BYTES -> getBytes();
            case LIST -> {
                final int count = count(1);
                final List<Object> list = new ArrayList<>(Math.max(count, 0));
                for (int i = 0; i < count; i++) {
                    list.add(value(depth + 1));
                }
                yield list;
            }
            case MAP -> {
                final int count = count(5);
                final Map<String, Object> map = new LinkedHashMap<>();
                for (int i = 0; i < count; i++) {
                    map.put(getString(), value(depth + 1));
                }
                yield map;
            }
            default -> throw new ProtocolException("unknown value tag " + tag);
        };
    }

    private int count(int elementSize) throws ProtocolException {
        final int count = getInt();
        if (count < -1 || (count > 0 && (long) count * elementSize > frameEnd - buffer.position())) {
            throw new ProtocolException("a count of " + count + " does not fit the frame");
        }
        return count;
    }

    private void check(int bytes) throws ProtocolException {
        if (frameEnd - buffer.position() < bytes) {
            throw new ProtocolException("the frame ends early");
        }
    }

    private void fill(ReadableByteChannel channel, int needed) throws IOException {
        if (buffer.remaining() >= needed) {
            return;
        }
        if (buffer.capacity() < needed) {
            final ByteBuffer bigger = ByteBuffer.allocateDirect(Math.max(needed, buffer.capacity() * 2));
            bigger.put(buffer);
            buffer = bigger.flip();
        } else {
            buffer.compact().flip();
        }
        frameEnd = 0;
        final int start = buffer.position();
        buffer.position(buffer.limit()).limit(buffer.capacity());
        while (buffer.position() - start < needed) {
            if (channel.read(buffer) < 0) {
                throw new EOFException("the peer closed the connection");
            }
        }
        buffer.flip().position(start);
    }
}
