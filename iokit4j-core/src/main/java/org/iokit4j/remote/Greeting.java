package org.iokit4j.remote;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.channels.IllegalBlockingModeException;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SelectableChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.iokit4j.IOReturn;

/**
 * The first message on every connection to a kernel daemon ({@code iokit4j-kerneld}, contract.md §6): the
 * daemon's answer to who the peer is, sent before the peer may say anything. Status 0 admits the peer, and the
 * session's protocol follows on the same connection; any other status refuses it, the explanation says why, and
 * the daemon closes the connection.
 *
 * <pre>
 * offset  size  field        value (big-endian)
 * ------  ----  -----------  ------------------------------------------------------------------------------
 *      0     4  magic        0x494F4B34, "IOK4" ({@link #MAGIC})
 *      4     2  version      1 ({@link #VERSION})
 *      6     4  status       0 = admitted; kIOReturnNotPrivileged (0xE00002C1) = a refused peer
 *     10     2  length       unsigned: the explanation's size in bytes, 0 ..= 4096 ({@link #MAX_EXPLANATION})
 *     12     n  explanation  UTF-8; empty when admitted
 * </pre>
 *
 * <p>{@link #read} is the one decoder: it throws {@link IOException} naming what was wrong (the connection ended
 * early, a bad magic, version, length or UTF-8), whatever bytes arrive, and never reads past the greeting, so the
 * protocol's first byte is still in the channel when it returns.
 *
 * <p><b>Concurrency.</b> An immutable value; {@link #encode()} returns a new buffer each time.
 *
 * @param status      {@code 0} ({@code kIOReturnSuccess}) if the peer is admitted, else the {@code IOReturn} code
 *                    of the refusal ({@code kIOReturnNotPrivileged} for a peer the daemon does not serve).
 * @param explanation why the peer was refused (who it is, who is admitted, where entitlements come from); empty
 *                    when admitted. At most {@value #MAX_EXPLANATION} bytes in UTF-8.
 */
public record Greeting(int status, String explanation) {
    /** The greeting's first four bytes, "IOK4": {@value}. */
    public static final int MAGIC = 0x494F_4B34;
    /** The greeting's (and the protocol's) version: {@value}. */
    public static final short VERSION = 1;
    /** The most bytes an explanation takes in UTF-8: {@value}. */
    public static final int MAX_EXPLANATION = 4096;
    /** The size of the fixed part, before the explanation: {@value} bytes. */
    public static final int HEADER_SIZE = 12;

    private static final int MAGIC_OFFSET = 0;
    private static final int VERSION_OFFSET = 4;
    private static final int STATUS_OFFSET = 6;
    private static final int LENGTH_OFFSET = 10;

    /**
     * Checks the explanation.
     *
     * @throws NullPointerException     if {@code explanation} is null.
     * @throws IllegalArgumentException if it is longer than {@value #MAX_EXPLANATION} bytes in UTF-8
     *                                  ({@code explanationBytes=n}).
     */
    public Greeting {
        Objects.requireNonNull(explanation, "explanation");
        final int bytes = explanation.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_EXPLANATION) {
            throw new IllegalArgumentException("explanationBytes=" + bytes + " is more than a greeting carries,"
                    + " MAX_EXPLANATION=" + MAX_EXPLANATION);
        }
    }

    /** {@return the greeting that admits a peer: status 0, no explanation} */
    public static Greeting admitted() {
        return new Greeting(IOReturn.kIOReturnSuccess, "");
    }

    /**
     * {@return the greeting that refuses a peer with {@code kIOReturnNotPrivileged}} An explanation longer than
     * {@value #MAX_EXPLANATION} bytes is cut at a character boundary and ends with "…".
     */
    public static Greeting refused(String explanation) {
        return new Greeting(IOReturn.kIOReturnNotPrivileged, fit(Objects.requireNonNull(explanation, "explanation")));
    }

    /** {@return whether the peer was admitted (status 0)} */
    public boolean isAdmitted() {
        return status == IOReturn.kIOReturnSuccess;
    }

    /** {@return the greeting's bytes, from position 0 to the limit, ready to write} */
    public ByteBuffer encode() {
        final byte[] text = explanation.getBytes(StandardCharsets.UTF_8);
        final ByteBuffer buffer = ByteBuffer.allocate(HEADER_SIZE + text.length).order(ByteOrder.BIG_ENDIAN);
        buffer.putInt(MAGIC_OFFSET, MAGIC).putShort(VERSION_OFFSET, VERSION).putInt(STATUS_OFFSET, status)
                .putShort(LENGTH_OFFSET, (short) text.length).put(HEADER_SIZE, text);
        return buffer;
    }

    /**
     * Reads one greeting from {@code channel}, blocking until all of it has arrived; reads nothing after it.
     *
     * @param channel a blocking channel (a {@link SelectableChannel} must be in blocking mode).
     * @return the greeting.
     * @throws IOException                   if the channel ends before the whole greeting
     *                                       ({@code received=n of expected=m bytes}), the magic is not
     *                                       {@code 0x494F4B34} (the other end is not a kernel daemon), the version
     *                                       is not {@value #VERSION}, the length is over {@value #MAX_EXPLANATION},
     *                                       the explanation is not UTF-8, or reading fails.
     * @throws IllegalBlockingModeException  if {@code channel} is selectable and non-blocking.
     */
    public static Greeting read(ReadableByteChannel channel) throws IOException {
        if (channel instanceof SelectableChannel selectable && !selectable.isBlocking()) {
            throw new IllegalBlockingModeException();
        }
        final ByteBuffer header = readFully(channel, HEADER_SIZE, "header");
        final int magic = header.getInt(MAGIC_OFFSET);
        if (magic != MAGIC) {
            throw new IOException(String.format("greeting magic=0x%08X, expected 0x%08X (\"IOK4\"): the other end"
                    + " is not an iokit4j kernel daemon", magic, MAGIC));
        }
        final short version = header.getShort(VERSION_OFFSET);
        if (version != VERSION) {
            throw new IOException("greeting version=" + version + ", expected " + VERSION + ": the daemon speaks"
                    + " another version of the protocol than this client");
        }
        final int length = Short.toUnsignedInt(header.getShort(LENGTH_OFFSET));
        if (length > MAX_EXPLANATION) {
            throw new IOException("greeting explanation length=" + length + " is more than MAX_EXPLANATION="
                    + MAX_EXPLANATION);
        }
        final ByteBuffer text = readFully(channel, length, "explanation");
        return new Greeting(header.getInt(STATUS_OFFSET), decode(text));
    }

    private static ByteBuffer readFully(ReadableByteChannel channel, int size, String part) throws IOException {
        final ByteBuffer buffer = ByteBuffer.allocate(size).order(ByteOrder.BIG_ENDIAN);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer) < 0) {
                throw new IOException("the connection ended inside the greeting's " + part + ": received="
                        + buffer.position() + " of expected=" + size + " bytes");
            }
        }
        return buffer.flip();
    }

    private static String decode(ByteBuffer text) throws IOException {
        final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            return decoder.decode(text).toString();
        } catch (CharacterCodingException notUtf8) {
            throw new IOException("the greeting's explanation is not UTF-8: " + notUtf8, notUtf8);
        }
    }

    /** {@return {@code text}, cut at a character boundary to fit {@value #MAX_EXPLANATION} bytes with "…"} */
    private static String fit(String text) {
        if (text.getBytes(StandardCharsets.UTF_8).length <= MAX_EXPLANATION) {
            return text;
        }
        final String ellipsis = "…";
        final ByteBuffer out = ByteBuffer.allocate(MAX_EXPLANATION - ellipsis.getBytes(StandardCharsets.UTF_8).length);
        StandardCharsets.UTF_8.newEncoder().encode(CharBuffer.wrap(text), out, true); // stops at a whole character
        return new String(out.array(), 0, out.position(), StandardCharsets.UTF_8) + ellipsis;
    }
}
