package org.iokit4j.kerneld;

import java.io.IOException;
import java.nio.channels.SocketChannel;

/**
 * What the daemon does with a connection it admitted: the protocol server (another module) implements it.
 *
 * <p>The daemon calls {@link #serve} once per admitted connection, on a thread of that connection's own, after it
 * has written the status-0 {@link org.iokit4j.remote.Greeting}; it closes the channel when {@code serve} returns or
 * throws, and closes it under a running {@code serve} when the daemon stops (a blocked read then ends with
 * {@link java.nio.channels.AsynchronousCloseException}: that is the handler's signal to return).
 *
 * <p><b>Concurrency.</b> One instance serves every connection of one daemon, each on its own thread, at once: an
 * implementation must be thread-safe.
 */
public interface ConnectionHandler {
    /**
     * Serves one admitted connection on the calling thread until it closes; never throws for the peer's faults.
     *
     * @param channel the connection, in blocking mode, the greeting already written.
     * @param peer    who is on the other end, with the entitlements the daemon grants them.
     * @throws IOException only for a failure of the daemon's own side; the daemon logs it and closes the channel.
     */
    void serve(SocketChannel channel, Peer peer) throws IOException;
}
