package org.iokit4j.benchmarks.ipc;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;

/**
 * One leg of the benchmark: a server JVM and a client JVM, the server announcing on standard output that it
 * serves, the client timing its side and printing one {@link Stats#RESULT} line before it exits with status 0.
 *
 * <p>The static methods are the plumbing each leg's own {@code main} (the children's entry point) shares.
 */
interface Leg {
    /** The start of the ready line the harness's own servers print; the socket's path follows. */
    String READY = "ipc-bench server ready on ";

    /** {@return the leg's name, as in {@code --legs}} */
    String name();

    /** {@return whether the leg measures round-trip latency; otherwise it measures a stream's rate} */
    boolean latency();

    /** {@return why the leg cannot run with this class path, or {@code null} if it can} */
    default String skipReason() {
        return null;
    }

    /** {@return the server child, serving on {@code socket}} */
    ChildJvms.Spec server(Path socket, Options options);

    /** {@return whether {@code line} is the one the server prints once it serves on {@code socket}} */
    default boolean isReady(String line, Path socket) {
        return line.equals(READY + socket);
    }

    /** {@return the client child, connecting to {@code socket}} */
    ChildJvms.Spec client(Path socket, Options options);

    /**
     * {@return the leg called {@code name}}
     *
     * @throws IllegalArgumentException naming it if there is no such leg
     */
    static Leg named(String name) {
        return switch (name) {
            case "raw" -> new RawLeg();
            case "grpc" -> new GrpcLeg();
            case "iokit4j" -> new IokitLeg();
            case "raw-oneway" -> new RawOnewayLeg();
            case "iokit4j-async" -> new IokitAsyncLeg();
            case "iokit4j-stream" -> new IokitStreamLeg();
            case "raw-shm" -> new RawShmLeg();
            case "ring-spin" -> new RingLeg(org.iokit4j.ring.WaitStrategy.SPIN);
            case "ring-backoff" -> new RingLeg(org.iokit4j.ring.WaitStrategy.BACKOFF);
            case "ring-block" -> new RingLeg(org.iokit4j.ring.WaitStrategy.BLOCK);
            case "direct-spin" -> new DirectLeg(org.iokit4j.ring.WaitStrategy.SPIN);
            case "direct-backoff" -> new DirectLeg(org.iokit4j.ring.WaitStrategy.BACKOFF);
            case "direct-block" -> new DirectLeg(org.iokit4j.ring.WaitStrategy.BLOCK);
            case "process-stream" -> new ProcessStreamLeg();
            case "fill-64m" -> new FillLeg(false);
            case "memset-64m" -> new FillLeg(true);
            default -> throw new IllegalArgumentException("unknown leg: leg=" + name + ", known="
                    + Options.ALL_LEGS);
        };
    }

    /** {@return the arguments for a child's {@code main}}: the role, then each value as text. */
    static List<String> args(String role, Object... values) {
        final String[] args = new String[values.length + 1];
        args[0] = role;
        for (int i = 0; i < values.length; i++) {
            args[i + 1] = String.valueOf(values[i]);
        }
        return List.of(args);
    }

    /** Work a child does, which may fail with any exception. */
    @FunctionalInterface
    interface ChildWork {
        /** Does it. */
        void run() throws Exception;
    }

    /**
     * Runs a child's work: exits with status 0 when it returns, with status 1 (and the failure on standard error)
     * when it throws, and at once with status 2 when the harness closes the child's standard input (the harness
     * ended, maybe killed), so no child outlives it.
     */
    static void runChild(String what, ChildWork work) {
        final Thread watcher = new Thread(() -> {
            try (InputStream harness = System.in) {
                while (harness.read() >= 0) {
                    // nothing is sent: only the end matters
                }
            } catch (IOException e) {
                // the pipe broke: the harness is gone all the same
            }
            Runtime.getRuntime().halt(2);
        }, "ipc-bench-harness-watcher");
        watcher.setDaemon(true);
        watcher.start();
        try {
            work.run();
            System.out.flush();
            System.exit(0);
        } catch (Throwable failure) {
            System.err.println(what + " failed: " + failure);
            failure.printStackTrace();
            System.exit(1);
        }
    }
}
