package org.iokit4j.ring;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;

/**
 * The Unix-domain socket between the two ends of a {@link RingFile}: wake-up bytes for a peer blocked in
 * {@link WaitStrategy#BLOCK}, and the end of stream that tells such a peer at once that this process closed or died.
 * No message ever travels through it.
 *
 * <p>The channel is non-blocking and a blocked waiter sits in {@link Selector#select(long)}, not in a read: an
 * interrupt then wakes the waiter without closing the socket (a read would close an interruptible channel).
 *
 * <p><b>Concurrency.</b> {@link #await} is for one thread at a time (the ring's socket reader); {@link #wake()} may
 * be called by any thread, also during an {@link #await}; {@link #close()} by any thread, once, and it wakes an
 * {@link #await} in progress.
 */
final class WakeSocket {
    private static final byte[] ONE = {1};

    private final SocketChannel channel;
    private final Selector selector;
    /** Invariant: used only by the thread in {@link #await}. */
    private final ByteBuffer drain = ByteBuffer.allocateDirect(64);

    private WakeSocket(SocketChannel channel, Selector selector) {
        this.channel = channel;
        this.selector = selector;
    }

    /** {@return a wake socket over {@code connected}}, which it then owns (closed if this fails). */
    static WakeSocket of(SocketChannel connected) throws IOException {
        Selector selector = null;
        try {
            connected.configureBlocking(false);
            selector = Selector.open();
            connected.register(selector, SelectionKey.OP_READ);
            return new WakeSocket(connected, selector);
        } catch (IOException | RuntimeException failed) {
            closeQuietly(connected);
            closeQuietly(selector);
            throw failed;
        }
    }

    /**
     * Blocks until a wake-up byte or the end of stream arrives, the socket is closed, the thread is interrupted, or
     * {@code timeoutNanos} passes; then reads every byte waiting.
     *
     * @return {@code false} if the peer's end is closed (end of stream, or the socket broke) or this socket was
     *         closed; {@code true} otherwise.
     */
    boolean await(long timeoutNanos) {
        try {
            selector.select(Math.max(1, timeoutNanos / 1_000_000));
            selector.selectedKeys().clear();
            while (true) {
                final int read = channel.read(drain.clear());
                if (read < 0) {
                    return false;
                }
                if (read == 0) {
                    return true;
                }
            }
        } catch (IOException | ClosedSelectorException closed) {
            return false;
        }
    }

    /** Writes one wake-up byte; {@return false} if the peer's end is gone (the socket broke or is closed)} */
    boolean wake() {
        try {
            channel.write(ByteBuffer.wrap(ONE)); // 0 written: the buffer is full of wake-ups the peer will see
            return true;
        } catch (IOException closed) {
            return false;
        }
    }

    /** Closes the socket, so the peer reads its end at once, and wakes an {@link #await} in progress. */
    void close() {
        closeQuietly(channel);
        closeQuietly(selector); // deregisters the channel: only now is its descriptor really closed
    }

    static void closeQuietly(AutoCloseable closeable) {
        if (closeable != null) {
            try {
                closeable.close();
            } catch (Exception ignored) {
                // closing: nothing to do about it
            }
        }
    }
}
