package org.iokit4j.benchmarks.ipc;

import java.io.EOFException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.List;

/**
 * Leg {@code raw}: a ping-pong of fixed-size messages over a Unix-domain socket between two JVMs, with nothing
 * but {@code java.nio}: blocking {@link SocketChannel}s, one direct {@link ByteBuffer} per direction reused for
 * every message, one thread per side.
 *
 * <p>The client writes a request ({@link Options#requestBytes()}, its first 8 bytes a sequence number), the
 * server reads it whole and writes a reply ({@link Options#replyBytes()}, echoing the sequence number), the client
 * reads the reply whole and checks the number. Each round trip is timed with {@link System#nanoTime()}. The server
 * serves one connection and exits when the client closes it.
 */
final class RawLeg implements Leg {

    @Override
    public String name() {
        return "raw";
    }

    @Override
    public boolean latency() {
        return true;
    }

    @Override
    public ChildJvms.Spec server(Path socket, Options o) {
        return new ChildJvms.Spec(RawLeg.class.getName(), List.of(),
                Leg.args("server", socket, o.requestBytes(), o.replyBytes()));
    }

    @Override
    public ChildJvms.Spec client(Path socket, Options o) {
        return new ChildJvms.Spec(RawLeg.class.getName(), List.of(),
                Leg.args("client", socket, o.requestBytes(), o.replyBytes(), o.warmup(), o.count()));
    }

    /**
     * A child's entry point: {@code server SOCKET REQUEST_BYTES REPLY_BYTES} or
     * {@code client SOCKET REQUEST_BYTES REPLY_BYTES WARMUP COUNT}.
     */
    public static void main(String[] args) {
        final Path socket = Path.of(args[1]);
        final int requestBytes = Integer.parseInt(args[2]);
        final int replyBytes = Integer.parseInt(args[3]);
        if (args[0].equals("server")) {
            Leg.runChild("raw server", () -> serve(socket, requestBytes, replyBytes));
        } else {
            Leg.runChild("raw client", () -> System.out.println(Stats.latency(
                    pingPong(socket, requestBytes, replyBytes, Integer.parseInt(args[4]), Integer.parseInt(args[5])))
                    .line()));
        }
    }

    private static void serve(Path socket, int requestBytes, int replyBytes) throws IOException {
        try (ServerSocketChannel server = listen(socket); SocketChannel channel = server.accept()) {
            final ByteBuffer request = ByteBuffer.allocateDirect(requestBytes);
            final ByteBuffer reply = ByteBuffer.allocateDirect(replyBytes);
            while (readFully(channel, request.clear())) {
                reply.clear().putLong(0, request.getLong(0));
                writeFully(channel, reply);
            }
        }
    }

    /** {@return the round-trip times in nanoseconds} of {@code count} round trips after {@code warmup} untimed ones. */
    private static long[] pingPong(Path socket, int requestBytes, int replyBytes, int warmup, int count)
            throws IOException {
        final long[] samples = new long[count];
        try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            final ByteBuffer request = ByteBuffer.allocateDirect(requestBytes);
            final ByteBuffer reply = ByteBuffer.allocateDirect(replyBytes);
            for (int i = -warmup; i < count; i++) {
                request.clear().putLong(0, i);
                final long start = System.nanoTime();
                writeFully(channel, request);
                if (!readFully(channel, reply.clear())) {
                    throw new EOFException("the raw server closed the connection: roundTrip=" + i);
                }
                final long end = System.nanoTime();
                if (reply.getLong(0) != i) {
                    throw new IOException("wrong reply: sent=" + i + ", echoed=" + reply.getLong(0));
                }
                if (i >= 0) {
                    samples[i] = end - start;
                }
            }
        }
        return samples;
    }

    /** {@return a blocking server socket bound to {@code socket}}, after printing the ready line. */
    static ServerSocketChannel listen(Path socket) throws IOException {
        final ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        System.out.println(READY + socket);
        return server;
    }

    /** Reads until {@code buffer} is full; {@return false} if the peer closed before the first byte. */
    static boolean readFully(SocketChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            if (channel.read(buffer) < 0) {
                if (buffer.position() == 0) {
                    return false;
                }
                throw new EOFException("the peer closed mid-message: read=" + buffer.position()
                        + ", size=" + buffer.limit());
            }
        }
        return true;
    }

    /** Writes all of {@code buffer} (from its position to its limit). */
    static void writeFully(SocketChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }
}
