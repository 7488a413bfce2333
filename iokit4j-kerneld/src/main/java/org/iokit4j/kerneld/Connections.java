package org.iokit4j.kerneld;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;
import org.iokit4j.Diagnostics;
import org.iokit4j.IOReturn;
import org.iokit4j.Untrusted;
import org.iokit4j.remote.Greeting;

/**
 * The daemon's live connections: each accepted one is greeted and served on a thread of its own, and all of them
 * are closed when the daemon stops.
 *
 * <p>Per connection, on its own thread: read the peer's {@code SO_PEERCRED}; {@link PeerAdmission} decides; a
 * refused peer gets a {@link Greeting#refused refusal} with the explanation, the refusal is logged at WARNING and
 * the connection closed; an admitted peer gets the status-0 greeting, then {@link ConnectionHandler#serve}. A
 * {@link ClosedChannelException} out of the handler (its channel closed by {@link #closeAll}) is logged at DEBUG,
 * another {@link IOException} at WARNING; anything else it throws is a bug, caught with {@link Untrusted}'s policy
 * (counted and logged, never the daemon's end). The channel is closed afterwards, always.
 *
 * <p>The threads are platform threads, one per connection (a daemon serves a few long-lived app sessions, not
 * thousands): a handler blocked in a socket read is woken by the OS directly, with no hop through the virtual-thread
 * poller and scheduler, which keeps a call's round trip close to the raw socket's (issue 9, deliverable 8). They are
 * daemon threads, so a handler that ignores its closed channel cannot keep the JVM alive.
 *
 * <p><b>Concurrency.</b> Thread-safe: {@link #accepted} runs on the accepting thread, each connection on its own,
 * {@link #closeAll} on the stopping one; a lock orders {@code accepted} against {@code closeAll}, so a connection
 * accepted while the daemon stops is closed, never left running.
 */
final class Connections {
    private final ConnectionHandler handler;
    private final PeerAdmission admission;
    private final AtomicLong serial = new AtomicLong();
    private final Object lock = new Object();
    /** Live connections and their threads; guarded by {@link #lock}. */
    private final Map<SocketChannel, Thread> live = new HashMap<>();
    /** Set once by {@link #closeAll}; guarded by {@link #lock}. */
    private boolean closed;

    Connections(ConnectionHandler handler, PeerAdmission admission) {
        this.handler = handler;
        this.admission = admission;
    }

    /** Starts serving {@code channel} on a new thread, or closes it at once if the daemon is stopping. */
    void accepted(SocketChannel channel) {
        final Thread thread = Thread.ofPlatform().daemon().name("kerneld-connection-" + serial.incrementAndGet())
                .unstarted(() -> run(channel));
        synchronized (lock) {
            if (!closed) {
                live.put(channel, thread);
                thread.start();
                return;
            }
        }
        close(channel);
    }

    /** {@return how many connections are open} */
    int count() {
        synchronized (lock) {
            return live.size();
        }
    }

    /**
     * Closes every connection (a handler blocked on its channel then fails with
     * {@link java.nio.channels.AsynchronousCloseException}, its signal to return), refuses later ones, and waits up
     * to {@code patience} in all for their threads to end.
     *
     * @return how many connection threads were still running after {@code patience} (left to end on their own; they
     *         are daemon threads).
     */
    int closeAll(Duration patience) {
        final List<Thread> threads;
        synchronized (lock) {
            closed = true;
            live.keySet().forEach(Connections::close);
            threads = new ArrayList<>(live.values());
        }
        final long deadline = System.nanoTime() + patience.toNanos();
        int running = 0;
        for (Thread thread : threads) {
            try {
                if (!thread.join(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))) {
                    running++;
                }
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                return (int) threads.stream().filter(Thread::isAlive).count();
            }
        }
        return running;
    }

    private void run(SocketChannel channel) {
        try {
            final PeerAdmission.Admission admission = this.admission.decide(credentials(channel));
            if (!admission.isAdmitted()) {
                Diagnostics.warn("kerneld refused a connection: " + admission.refusal());
                write(channel, Greeting.refused(admission.refusal()));
                return;
            }
            write(channel, Greeting.admitted());
            serve(channel, admission.peer());
        } catch (IOException peerGone) {
            Diagnostics.debug("kerneld: a connection ended before it was served: " + peerGone);
        } finally {
            close(channel);
            synchronized (lock) {
                live.remove(channel);
            }
        }
    }

    private void serve(SocketChannel channel, Peer peer) {
        try {
            handler.serve(channel, peer);
        } catch (ClosedChannelException closed) { // AsynchronousCloseException included: closeAll, as documented
            Diagnostics.debug("kerneld: the connection of user " + peer.user() + " was closed under its handler: "
                    + closed);
        } catch (IOException failed) {
            Diagnostics.warn("kerneld: the connection of user " + peer.user() + " failed: " + failed);
        } catch (Throwable thrown) { // the handler's bug, never the daemon's end (Untrusted's policy)
            Untrusted.caught("the connection handler serving user " + peer.user(), IOReturn.kIOReturnError, thrown);
        }
    }

    private static UnixDomainPrincipal credentials(SocketChannel channel) {
        try {
            return channel.getOption(ExtendedSocketOptions.SO_PEERCRED);
        } catch (IOException | UnsupportedOperationException unreadable) {
            Diagnostics.warn("kerneld: SO_PEERCRED cannot be read on this connection: " + unreadable);
            return null;
        }
    }

    private static void write(SocketChannel channel, Greeting greeting) throws IOException {
        final ByteBuffer bytes = greeting.encode();
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
    }

    private static void close(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing a socket channel fails only for a file descriptor already gone
        }
    }
}
