package org.iokit4j.kerneld.testecho;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.TreeMap;
import org.iokit4j.kerneld.ConnectionHandler;
import org.iokit4j.kerneld.ConnectionHandlerFactory;
import org.iokit4j.kernel.Kernel;

/**
 * The daemon tests' protocol: tells the client who the daemon thinks it is, then echoes every byte until the
 * client closes. Registered in {@code META-INF/services} for the daemons the tests start in child JVMs.
 */
public final class EchoHandlerFactory implements ConnectionHandlerFactory {

    /** Made by the service loader. */
    public EchoHandlerFactory() {
    }

    @Override
    public ConnectionHandler apply(Kernel kernel) {
        return new Echo();
    }

    /** Writes {@code peer user=U entitlements={…}\n}, then echoes. */
    public static final class Echo implements ConnectionHandler {
        @Override
        public void serve(SocketChannel channel, org.iokit4j.kerneld.Peer peer) {
            try {
                echo(channel, peer);
            } catch (IOException peerGoneOrDaemonStopping) {
                // the contract: never throw for the peer's faults
            }
        }

        private static void echo(SocketChannel channel, org.iokit4j.kerneld.Peer peer) throws IOException {
            final String who = "peer user=" + peer.user() + " entitlements=" + new TreeMap<>(peer.entitlements())
                    + "\n";
            write(channel, ByteBuffer.wrap(who.getBytes(StandardCharsets.UTF_8)));
            final ByteBuffer buffer = ByteBuffer.allocate(4096);
            while (channel.read(buffer) >= 0) {
                write(channel, buffer.flip());
                buffer.clear();
            }
        }

        private static void write(SocketChannel channel, ByteBuffer bytes) throws IOException {
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
        }
    }
}
