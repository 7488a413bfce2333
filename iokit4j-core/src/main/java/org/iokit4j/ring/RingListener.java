package org.iokit4j.ring;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.agrona.concurrent.UnsafeBuffer;
import org.iokit4j.memory.SharedMapping;
import org.iokit4j.memory.SharedMemory;

/**
 * The owner's end of a {@link RingFile} before its peer came: a ring file made and mapped, and a listening socket
 * beside it. Hand {@link #path()} to the peer process ({@link RingFile#connect}), then {@link #accept}.
 *
 * <p>Until {@link #accept} succeeds the file and the socket have names in the per-user directory; {@link #accept}
 * removes both, {@link #close()} too. An owner killed before either leaves them; the next process that makes
 * shared memory or listens there removes them (its PID no longer runs).
 *
 * <p><b>Concurrency.</b> Thread-safe: {@link #accept} and {@link #close()} are synchronized; a {@link #close()}
 * during an {@link #accept} waits for it. Once accepted, closing the listener does nothing (the ring is the
 * {@link RingFile}'s).
 */
public final class RingListener implements AutoCloseable {
    private final SharedMemory memory;
    private final SharedMapping mapping;
    private final ServerSocketChannel server;
    private final Path path;
    private final Path socketPath;
    private final RingOptions options;
    private boolean done;

    private RingListener(SharedMemory memory, SharedMapping mapping, ServerSocketChannel server, Path path,
                         RingOptions options) {
        this.memory = memory;
        this.mapping = mapping;
        this.server = server;
        this.path = path;
        this.socketPath = Rendezvous.socketPath(path);
        this.options = options;
    }

    /** The work of {@link RingFile#listen}. */
    static RingListener listen(RingOptions options) {
        final SharedMemory memory = SharedMemory.createShareable(RingFileLayout.fileLength(options.capacity()));
        SharedMapping mapping = null;
        ServerSocketChannel server = null;
        final Path path = memory.link().orElseThrow();
        try {
            mapping = memory.map(false);
            final UnsafeBuffer header = new UnsafeBuffer(mapping.address(), RingFileLayout.HEADER_LENGTH);
            header.putInt(RingFileLayout.VERSION_OFFSET, RingFileLayout.VERSION);
            header.putInt(RingFileLayout.CAPACITY_OFFSET, options.capacity());
            header.putLong(RingFileLayout.pidOffset(true), ProcessHandle.current().pid());
            header.putInt(RingFileLayout.strategyOffset(true), options.strategy().ordinal());
            header.putIntVolatile(RingFileLayout.MAGIC_OFFSET, RingFileLayout.MAGIC);
            Rendezvous.sweepOnce(path.getParent());
            server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(Rendezvous.socketPath(path)));
            return new RingListener(memory, mapping, server, path, options);
        } catch (IOException | RuntimeException failed) {
            WakeSocket.closeQuietly(server);
            deleteQuietly(Rendezvous.socketPath(path));
            if (mapping != null) {
                mapping.close();
            }
            memory.release(); // the owner's last release deletes the file
            throw new RingException(RingException.Reason.SETUP, "cannot listen beside ring file=" + path + ": "
                    + failed, failed);
        }
    }

    /** {@return the ring file the peer passes to {@link RingFile#connect}} */
    public Path path() {
        return path;
    }

    /**
     * Waits up to {@code timeout} for the peer to {@linkplain RingFile#connect connect}, removes the file's and the
     * socket's names, and returns the owner's end of the ring.
     *
     * @param handler what receives the messages the peer sends.
     * @return the owner's end of the ring.
     * @throws RingException {@code TIMEOUT} if no peer came (the listener stays open: accept again or close it);
     *                       {@code CLOSED} if the listener was closed or already accepted; {@code SETUP} if the
     *                       socket failed or a process connected without claiming the file (the listener is then
     *                       closed).
     * @throws NullPointerException if {@code handler} is {@code null} (nothing changes).
     */
    public synchronized RingFile accept(MessageHandler handler, Duration timeout) {
        java.util.Objects.requireNonNull(handler, "handler");
        if (done) {
            throw new RingException(RingException.Reason.CLOSED, "the listener of ring file=" + path
                    + " is closed or has accepted its peer");
        }
        SocketChannel channel = null;
        try (Selector selector = Selector.open()) {
            server.configureBlocking(false);
            server.register(selector, SelectionKey.OP_ACCEPT);
            final long deadline = System.nanoTime() + timeout.toNanos();
            while ((channel = server.accept()) == null) {
                final long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new RingException(RingException.Reason.TIMEOUT, "no peer connected to ring file=" + path
                            + " within timeout=" + timeout);
                }
                selector.select(Math.max(1, left / 1_000_000));
                selector.selectedKeys().clear();
            }
            final UnsafeBuffer header = new UnsafeBuffer(mapping.address(), RingFileLayout.HEADER_LENGTH);
            if (header.getIntVolatile(RingFileLayout.STATE_OFFSET) != RingFileLayout.STATE_CLAIMED) {
                throw new RingException(RingException.Reason.SETUP, "a process connected to the socket of ring file="
                        + path + " without claiming the file");
            }
            final WakeSocket socket = WakeSocket.of(channel);
            channel = null;
            done = true;
            unname();
            return new RingFile(memory, mapping, true, socket, options, handler);
        } catch (IOException | RuntimeException failed) {
            WakeSocket.closeQuietly(channel);
            if (failed instanceof RingException ring && ring.reason() == RingException.Reason.TIMEOUT) {
                throw ring;
            }
            close();
            throw failed instanceof RingException ring ? ring : new RingException(RingException.Reason.SETUP,
                    "accepting the peer of ring file=" + path + " failed: " + failed, failed);
        }
    }

    /**
     * Gives up waiting: removes the socket and the file and unmaps it. Idempotent; does nothing once
     * {@link #accept} succeeded.
     */
    @Override
    public synchronized void close() {
        if (done) {
            return;
        }
        done = true;
        unname();
        mapping.close();
        memory.release();
    }

    /** Closes the listening socket and removes both names; the mapping stays. */
    private void unname() {
        WakeSocket.closeQuietly(server);
        deleteQuietly(socketPath);
        memory.unlink();
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // left for the sweep of a later process
        }
    }

    @Override
    public String toString() {
        return "RingListener[" + path + (done ? ", done]" : "]");
    }
}
