package org.iokit4j.benchmarks.ipc;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.agrona.concurrent.UnsafeBuffer;
import org.iokit4j.ring.RingException;
import org.iokit4j.ring.RingFile;
import org.iokit4j.ring.RingListener;
import org.iokit4j.ring.RingOptions;
import org.iokit4j.ring.WaitStrategy;

/**
 * Legs {@code ring-spin}, {@code ring-backoff}, {@code ring-block}: the {@code raw} leg's ping-pong (a request and a
 * reply of the scalar call's sizes, the first 8 bytes a sequence number) through an {@link RingFile} in one waiting
 * mode on both sides (issue 10 §6), so its cost over the {@code raw-shm} floor and the {@code raw} socket shows.
 *
 * <p>The server listens ({@link RingFile#listen}), writes the ring file's path into the harness's per-round path
 * (the {@code socket} argument), prints its ready line, accepts, and answers on its main thread
 * ({@link RingFile#receive()}) until the client closes. The client sends each request and waits for its reply with
 * {@link RingFile#awaitUntil}, reading the ring itself: one thread per side. Role {@code idle} connects and then
 * only receives, for {@link IdleProbe}.
 */
final class RingLeg implements Leg {
    private static final Duration SETUP = Duration.ofSeconds(120);
    private static final int REQUEST = 1;
    private static final int REPLY = 2;

    private final WaitStrategy strategy;

    RingLeg(WaitStrategy strategy) {
        this.strategy = strategy;
    }

    @Override
    public String name() {
        return "ring-" + strategy.label();
    }

    @Override
    public boolean latency() {
        return true;
    }

    @Override
    public ChildJvms.Spec server(Path socket, Options o) {
        return new ChildJvms.Spec(RingLeg.class.getName(), List.of(), Leg.args("server", socket, strategy.label(),
                o.replyBytes()));
    }

    @Override
    public ChildJvms.Spec client(Path socket, Options o) {
        return new ChildJvms.Spec(RingLeg.class.getName(), List.of(), Leg.args("client", socket, strategy.label(),
                o.requestBytes(), o.warmup(), o.count()));
    }

    /** {@return the child that connects to the server at {@code socket} and then only receives} */
    ChildJvms.Spec idleClient(Path socket) {
        return new ChildJvms.Spec(RingLeg.class.getName(), List.of(), Leg.args("idle", socket, strategy.label()));
    }

    /**
     * A child's entry point: {@code server PATH STRATEGY REPLY_BYTES},
     * {@code client PATH STRATEGY REQUEST_BYTES WARMUP COUNT} or {@code idle PATH STRATEGY}.
     */
    public static void main(String[] args) {
        final Path path = Path.of(args[1]);
        final RingOptions options = RingOptions.defaults().withStrategy(WaitStrategy.parse("strategy", args[2]));
        switch (args[0]) {
            case "server" -> Leg.runChild("ring server", () -> serve(path, options, Integer.parseInt(args[3])));
            case "client" -> Leg.runChild("ring client", () -> System.out.println(Stats.latency(pingPong(path,
                    options, Integer.parseInt(args[3]), Integer.parseInt(args[4]), Integer.parseInt(args[5])))
                    .line()));
            default -> Leg.runChild("ring idle client", () -> idle(path, options));
        }
    }

    private static void serve(Path path, RingOptions options, int replyBytes) throws Exception {
        final RingFile[] self = new RingFile[1];
        final UnsafeBuffer reply = new UnsafeBuffer(new byte[replyBytes]);
        try (RingListener listener = RingFile.listen(options)) {
            Files.writeString(path, listener.path().toString());
            System.out.println(READY + path);
            try (RingFile ring = listener.accept((type, buffer, index, length) -> {
                reply.putLong(0, buffer.getLong(index));
                self[0].send(REPLY, reply, 0, replyBytes);
            }, SETUP)) {
                self[0] = ring;
                ring.receive();
            } catch (RingException ended) {
                if (ended.reason() != RingException.Reason.PEER_CLOSED) {
                    throw ended;
                }
            }
        }
    }

    private static long[] pingPong(Path path, RingOptions options, int requestBytes, int warmup, int count)
            throws Exception {
        final long[] samples = new long[count];
        final AtomicLong lastReply = new AtomicLong(Long.MIN_VALUE);
        try (RingFile ring = RingFile.connect(Path.of(Files.readString(path)), options,
                (type, buffer, index, length) -> lastReply.lazySet(buffer.getLong(index)))) {
            final UnsafeBuffer request = new UnsafeBuffer(new byte[requestBytes]);
            for (long i = -warmup; i < count; i++) {
                final long sent = i;
                request.putLong(0, i);
                final long start = System.nanoTime();
                ring.send(REQUEST, request, 0, requestBytes);
                ring.awaitUntil(() -> lastReply.get() == sent, SETUP);
                final long end = System.nanoTime();
                if (i >= 0) {
                    samples[(int) i] = end - start;
                }
            }
        }
        return samples;
    }

    private static void idle(Path path, RingOptions options) {
        try (RingFile ring = RingFile.connect(Path.of(Files.readString(path)), options,
                (type, buffer, index, length) -> { })) {
            System.out.println("idle connected");
            ring.receive();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
