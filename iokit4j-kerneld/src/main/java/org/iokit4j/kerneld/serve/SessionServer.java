package org.iokit4j.kerneld.serve;

import java.io.EOFException;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SocketChannel;
import java.security.SecureRandom;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.iokit4j.Failure;
import org.iokit4j.IOReturn;
import org.iokit4j.kernel.Kernel;
import org.iokit4j.kerneld.ConnectionHandler;
import org.iokit4j.kerneld.Peer;
import org.iokit4j.mach.MachTask;
import org.iokit4j.remote.FrameIn;
import org.iokit4j.remote.FrameOut;
import org.iokit4j.remote.Op;
import org.iokit4j.remote.Replies;

/**
 * The daemon's side of the protocol ({@code org.iokit4j.remote.Op}): serves each admitted connection as a session
 * connection (the app's task, for the connection's life) or a call connection (routines of a session, one at a
 * time).
 *
 * <p>A call connection names its session by the token the session connection was given: a random 64-bit value
 * that only the app's process has seen, and that only a peer of the same user may use.
 *
 * <p><b>Concurrency.</b> Thread-safe: each connection is served on its own thread.
 */
final class SessionServer implements ConnectionHandler {
    private static final System.Logger LOG = System.getLogger("org.iokit4j.kerneld");

    private final Kernel kernel;
    private final Map<Long, DaemonSession> sessions = new ConcurrentHashMap<>();
    private final SecureRandom tokens = new SecureRandom();

    SessionServer(Kernel kernel) {
        this.kernel = kernel;
    }

    /** {@return how many app tasks the daemon keeps now} */
    int sessions() {
        return sessions.size();
    }

    @Override
    public void serve(SocketChannel channel, Peer peer) throws IOException {
        final FrameIn in = new FrameIn();
        final FrameOut out = new FrameOut();
        final int hello;
        try {
            hello = in.next(channel);
        } catch (EOFException | ClosedChannelException gone) {
            return; // connected and went away: a probe, or a client that died at once
        }
        switch (hello) {
            case Op.HELLO_SESSION -> session(channel, peer, in, out);
            case Op.HELLO_CALLS -> calls(channel, peer, in, out);
            default -> Replies.put(out.begin(hello), Failure.of(IOReturn.kIOReturnBadArgument, "a connection starts"
                    + " with HELLO_SESSION or HELLO_CALLS, not op %d", hello)).send(channel);
        }
    }

    private void session(SocketChannel channel, Peer peer, FrameIn in, FrameOut out) throws IOException {
        final String name = in.getString();
        final long pid = in.getLong();
        final long token = newToken();
        final MachTask task = kernel.createTask((name == null ? "app" : name) + " [user " + peer.user() + ", pid "
                + pid + "]", peer.entitlements(), "the entitlements this daemon grants user " + peer.user() + ": its"
                + " --entitlements file, under the keys \"" + peer.user() + "\" and \"*\"");
        final DaemonSession session = new DaemonSession(token, task, peer, channel);
        sessions.put(token, session);
        try {
            Replies.put(out.begin(Op.HELLO_SESSION), null).putLong(token).putInt(task.selfName()).send(channel);
            session.pump.start();
            while (true) { // until the app goes: its acknowledgements, then end of stream
                final int op = in.next(channel);
                if (op != Op.MESSAGE_ACK) {
                    throw new FrameIn.ProtocolException("op " + op + " on a session connection");
                }
                session.pump.acknowledge(in.getInt(), in.getInt());
            }
        } catch (EOFException | ClosedChannelException gone) {
            LOG.log(System.Logger.Level.DEBUG, () -> task.name() + " ended: its session connection closed");
        } catch (IOException broken) {
            LOG.log(System.Logger.Level.INFO, () -> task.name() + " ended: " + broken.getMessage());
        } finally {
            sessions.remove(token, session);
            session.end();
        }
    }

    private void calls(SocketChannel channel, Peer peer, FrameIn in, FrameOut out) throws IOException {
        final long token = in.getLong();
        final DaemonSession session = sessions.get(token);
        if (session == null || !session.peer.user().equals(peer.user()) || !session.join(channel)) {
            Replies.put(out.begin(Op.HELLO_CALLS), Failure.of(IOReturn.kIOReturnNotPrivileged, "no live task of"
                    + " user %s has that session token: it ended (the app's session connection closed) or never"
                    + " existed", peer.user())).send(channel);
            return;
        }
        try {
            Replies.put(out.begin(Op.HELLO_CALLS), null).send(channel);
            final RoutineServer routines = new RoutineServer(kernel, session);
            while (true) {
                final int op = in.next(channel);
                out.begin(op);
                try {
                    routines.serve(op, in, out);
                } catch (IllegalArgumentException unsendable) { // a value with no wire form: the reply says so
                    Replies.put(out.begin(op), Failure.of(IOReturn.kIOReturnUnsupported, "the reply cannot travel"
                            + " to the app: %s", unsendable.getMessage()));
                }
                out.send(channel);
            }
        } catch (EOFException | ClosedChannelException gone) {
            // the app closed the connection, or its session ended
        } finally {
            session.leave(channel);
        }
    }

    private long newToken() {
        long token;
        do {
            token = tokens.nextLong();
        } while (token == 0 || sessions.containsKey(token));
        return token;
    }
}
