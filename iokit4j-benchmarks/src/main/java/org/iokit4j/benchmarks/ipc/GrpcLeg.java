package org.iokit4j.benchmarks.ipc;

import io.grpc.CallOptions;
import io.grpc.KnownLength;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Leg {@code grpc}: the same round trip as {@link RawLeg} (the same request and reply sizes, the sequence number
 * echoed and checked) as a unary gRPC-java call between two JVMs over a Unix-domain socket with Netty's epoll
 * transport: the RPC library a Java team would pick instead of iokit4j's own wire.
 *
 * <p>The method carries {@code byte[]} with a {@link MethodDescriptor.Marshaller} of its own (no protobuf code
 * generation; its stream reports its length, as protobuf's does, so gRPC frames it without a copy). The server
 * has one boss and one worker thread and, by default, answers on its event loop ({@code directExecutor()}: the
 * handler never blocks, the case gRPC documents it for; gRPC at its fastest, so the comparison is not with a straw
 * man); {@code --grpc-executor default} runs the handler on gRPC's default executor instead, as a server gets
 * unless told otherwise. The client makes blocking calls ({@link ClientCalls#blockingUnaryCall}) on
 * one channel with one event-loop thread. Each call is timed with {@link System#nanoTime()}.
 *
 * <p>Epoll is required: where Netty's native epoll transport cannot load, the leg fails and says why; it never
 * falls back to NIO, which would measure something else.
 */
final class GrpcLeg implements Leg {
    private static final String SERVICE = "iokit4j.bench.Ipc";
    private static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
            return new KnownLengthBytes(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    };
    /** The one method: a unary call, request and reply as bytes. */
    private static final MethodDescriptor<byte[], byte[]> CALL = MethodDescriptor.<byte[], byte[]>newBuilder()
            .setType(MethodDescriptor.MethodType.UNARY)
            .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, "Call"))
            .setRequestMarshaller(BYTES).setResponseMarshaller(BYTES).build();

    @Override
    public String name() {
        return "grpc";
    }

    @Override
    public boolean latency() {
        return true;
    }

    @Override
    public ChildJvms.Spec server(Path socket, Options o) {
        return new ChildJvms.Spec(GrpcLeg.class.getName(), List.of(),
                Leg.args("server", socket, o.requestBytes(), o.replyBytes(), o.grpcExecutor()));
    }

    @Override
    public ChildJvms.Spec client(Path socket, Options o) {
        return new ChildJvms.Spec(GrpcLeg.class.getName(), List.of(),
                Leg.args("client", socket, o.requestBytes(), o.replyBytes(), o.warmup(), o.count()));
    }

    /**
     * A child's entry point: {@code server SOCKET REQUEST_BYTES REPLY_BYTES EXECUTOR} or
     * {@code client SOCKET REQUEST_BYTES REPLY_BYTES WARMUP COUNT}.
     */
    public static void main(String[] args) {
        final Path socket = Path.of(args[1]);
        final int requestBytes = Integer.parseInt(args[2]);
        final int replyBytes = Integer.parseInt(args[3]);
        if (args[0].equals("server")) {
            Leg.runChild("grpc server", () -> serve(socket, replyBytes, args[4].equals("direct")));
        } else {
            Leg.runChild("grpc client", () -> System.out.println(Stats.latency(
                    call(socket, requestBytes, Integer.parseInt(args[4]), Integer.parseInt(args[5]))).line()));
        }
    }

    private static void serve(Path socket, int replyBytes, boolean direct) throws IOException, InterruptedException {
        requireEpoll();
        final ServerServiceDefinition service = ServerServiceDefinition.builder(SERVICE)
                .addMethod(CALL, ServerCalls.asyncUnaryCall((request, observer) -> {
                    final byte[] reply = new byte[replyBytes];
                    System.arraycopy(request, 0, reply, 0, Long.BYTES); // echo the sequence number
                    observer.onNext(reply);
                    observer.onCompleted();
                }))
                .build();
        final NettyServerBuilder builder = NettyServerBuilder.forAddress(new DomainSocketAddress(socket.toString()))
                .channelType(EpollServerDomainSocketChannel.class)
                .bossEventLoopGroup(epollGroup()).workerEventLoopGroup(epollGroup()).addService(service);
        final Server server = (direct ? builder.directExecutor() : builder).build().start();
        System.out.println(READY + socket);
        server.awaitTermination(); // until the harness ends this JVM
    }

    /** {@return the call times in nanoseconds} of {@code count} calls after {@code warmup} untimed ones. */
    private static long[] call(Path socket, int requestBytes, int warmup, int count) {
        requireEpoll();
        final EventLoopGroup group = epollGroup();
        final ManagedChannel channel = NettyChannelBuilder.forAddress(new DomainSocketAddress(socket.toString()))
                .channelType(EpollDomainSocketChannel.class).eventLoopGroup(group).usePlaintext().build();
        try {
            final long[] samples = new long[count];
            final byte[] request = new byte[requestBytes];
            final ByteBuffer sequence = ByteBuffer.wrap(request);
            for (int i = -warmup; i < count; i++) {
                sequence.putLong(0, i);
                final long start = System.nanoTime();
                final byte[] reply = ClientCalls.blockingUnaryCall(channel, CALL, CallOptions.DEFAULT, request);
                final long end = System.nanoTime();
                if (ByteBuffer.wrap(reply).getLong(0) != i) {
                    throw new IllegalStateException("wrong reply: sent=" + i + ", echoed="
                            + ByteBuffer.wrap(reply).getLong(0));
                }
                if (i >= 0) {
                    samples[i] = end - start;
                }
            }
            return samples;
        } finally {
            channel.shutdownNow();
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }

    /** {@return a one-thread event-loop group on Netty's native epoll transport} */
    private static EventLoopGroup epollGroup() {
        return new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
    }

    private static void requireEpoll() {
        if (!Epoll.isAvailable()) {
            throw new IllegalStateException("Netty's native epoll transport is unavailable here (cause: "
                    + Epoll.unavailabilityCause() + "); the grpc leg measures gRPC over epoll and does not fall"
                    + " back to NIO", Epoll.unavailabilityCause());
        }
    }

    /** The bytes of a message, with their length known to gRPC up front (as protobuf's streams have). */
    private static final class KnownLengthBytes extends ByteArrayInputStream implements KnownLength {
        KnownLengthBytes(byte[] bytes) {
            super(bytes);
        }
    }
}
