package org.iokit4j.remote;

import java.io.IOException;
import java.nio.channels.SocketChannel;

/**
 * One call connection to the daemon: a request written, its reply read, by one thread at a time. A thread takes an
 * idle channel from its {@link Session} for one routine and gives it back; concurrent callers use several.
 *
 * <p><b>Concurrency.</b> Confined to the thread that took it.
 */
final class CallChannel implements AutoCloseable {
    final SocketChannel socket;
    final FrameOut out = new FrameOut();
    final FrameIn in = new FrameIn();

    CallChannel(SocketChannel socket) {
        this.socket = socket;
    }

    /** Sends the frame built in {@link #out} and waits for the reply; {@return its op} */
    int call() throws IOException {
        out.send(socket);
        return in.next(socket);
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing a socket that is already broken: nothing more to free
        }
    }
}
