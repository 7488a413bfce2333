package org.iokit4j.benchmarks.ipc;

import java.io.EOFException;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.List;

/**
 * Leg {@code raw-oneway}: one JVM streams fixed-size messages ({@link Options#messageBytes()}, the size of an async
 * completion) to another over a Unix-domain socket as fast as it can, with nothing but blocking {@code java.nio};
 * the receiver's messages per second.
 *
 * <p>The client (the receiver, as the app is for completions) connects and sends how many messages it wants; the
 * server (the sender, as the daemon is) writes them one {@code write} per message, each starting with its sequence
 * number. The client reads into a 64 KiB direct buffer and checks every message's number; it times from the end
 * of the warm-up messages to the last message.
 */
final class RawOnewayLeg implements Leg {
    private static final int RECEIVE_BUFFER = 64 * 1024;

    @Override
    public String name() {
        return "raw-oneway";
    }

    @Override
    public boolean latency() {
        return false;
    }

    @Override
    public ChildJvms.Spec server(Path socket, Options o) {
        return new ChildJvms.Spec(RawOnewayLeg.class.getName(), List.of(),
                Leg.args("server", socket, o.messageBytes()));
    }

    @Override
    public ChildJvms.Spec client(Path socket, Options o) {
        return new ChildJvms.Spec(RawOnewayLeg.class.getName(), List.of(),
                Leg.args("client", socket, o.messageBytes(), o.streamWarmup(), o.streamCount()));
    }

    /**
     * A child's entry point: {@code server SOCKET MESSAGE_BYTES} or
     * {@code client SOCKET MESSAGE_BYTES WARMUP COUNT}.
     */
    public static void main(String[] args) {
        final Path socket = Path.of(args[1]);
        final int messageBytes = Integer.parseInt(args[2]);
        if (args[0].equals("server")) {
            Leg.runChild("raw-oneway server", () -> send(socket, messageBytes));
        } else {
            Leg.runChild("raw-oneway client", () -> System.out.println(receive(socket, messageBytes,
                    Integer.parseInt(args[3]), Integer.parseInt(args[4])).line()));
        }
    }

    private static void send(Path socket, int messageBytes) throws IOException {
        try (ServerSocketChannel server = RawLeg.listen(socket); SocketChannel channel = server.accept()) {
            final ByteBuffer wanted = ByteBuffer.allocateDirect(Long.BYTES);
            if (!RawLeg.readFully(channel, wanted)) {
                return;
            }
            final long total = wanted.getLong(0);
            final ByteBuffer message = ByteBuffer.allocateDirect(messageBytes);
            for (long i = 0; i < total; i++) {
                message.clear().putLong(0, i);
                RawLeg.writeFully(channel, message);
            }
        }
    }

    private static Stats.Rate receive(Path socket, int messageBytes, int warmup, int count) throws IOException {
        try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            final long total = (long) warmup + count;
            RawLeg.writeFully(channel, ByteBuffer.allocateDirect(Long.BYTES).putLong(0, total));
            final ByteBuffer buffer = ByteBuffer.allocateDirect(Math.max(RECEIVE_BUFFER, messageBytes));
            long received = 0;
            long start = System.nanoTime();
            while (received < total) {
                if (channel.read(buffer) < 0) {
                    throw new EOFException("the raw-oneway server closed early: received=" + received
                            + ", wanted=" + total);
                }
                buffer.flip();
                while (buffer.remaining() >= messageBytes) {
                    final long sequence = buffer.getLong(buffer.position());
                    if (sequence != received) {
                        throw new IOException("out of sequence: expected=" + received + ", got=" + sequence);
                    }
                    buffer.position(buffer.position() + messageBytes);
                    if (++received == warmup) {
                        start = System.nanoTime();
                    }
                }
                buffer.compact();
            }
            return new Stats.Rate(count, System.nanoTime() - start);
        }
    }
}
