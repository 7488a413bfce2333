package org.iokit4j.benchmarks.ipc;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Leg {@code raw-shm}: the physical floor of a shared-memory round trip between two JVMs (issue 10 §6). Two
 * sequence words in one mapped file, each on its own 128-byte block: the client stores the round trip's number in
 * the request word, the server spins ({@link Thread#onSpinWait()}) until it changes and stores it in the reply word,
 * the client spins until it sees it. No ring, no payload, no library: what any shared-memory call, spinning, can
 * approach but not beat.
 *
 * <p>The file is the harness's per-round path (the {@code socket} argument, in its private directory), made by the
 * server before it prints its ready line. The client ends the server by storing {@link #STOP}. Both sides spin for
 * the whole leg, so it needs two free cores to mean anything.
 */
final class RawShmLeg implements Leg {
    /** The request number that tells the server to exit. */
    static final long STOP = Long.MIN_VALUE;
    private static final long REQUEST = 0;
    private static final long REPLY = 128;
    private static final long SIZE = 4096;
    private static final VarHandle WORD = ValueLayout.JAVA_LONG.varHandle();

    @Override
    public String name() {
        return "raw-shm";
    }

    @Override
    public boolean latency() {
        return true;
    }

    @Override
    public ChildJvms.Spec server(Path socket, Options o) {
        return new ChildJvms.Spec(RawShmLeg.class.getName(), List.of(), Leg.args("server", socket));
    }

    @Override
    public ChildJvms.Spec client(Path socket, Options o) {
        return new ChildJvms.Spec(RawShmLeg.class.getName(), List.of(), Leg.args("client", socket, o.warmup(),
                o.count()));
    }

    /** A child's entry point: {@code server FILE} or {@code client FILE WARMUP COUNT}. */
    public static void main(String[] args) {
        final Path file = Path.of(args[1]);
        if (args[0].equals("server")) {
            Leg.runChild("raw-shm server", () -> serve(file));
        } else {
            Leg.runChild("raw-shm client", () -> System.out.println(Stats.latency(pingPong(file,
                    Integer.parseInt(args[2]), Integer.parseInt(args[3]))).line()));
        }
    }

    private static void serve(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE); Arena arena = Arena.ofShared()) {
            final MemorySegment words = channel.map(FileChannel.MapMode.READ_WRITE, 0, SIZE, arena);
            WORD.setRelease(words, REQUEST, -1L);
            WORD.setRelease(words, REPLY, -1L);
            System.out.println(READY + file);
            long seen = -1;
            while (true) {
                final long request = (long) WORD.getAcquire(words, REQUEST);
                if (request == seen) {
                    Thread.onSpinWait();
                } else if (request == STOP) {
                    return;
                } else {
                    seen = request;
                    WORD.setRelease(words, REPLY, request);
                }
            }
        }
    }

    private static long[] pingPong(Path file, int warmup, int count) throws IOException {
        final long[] samples = new long[count];
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
             Arena arena = Arena.ofShared()) {
            final MemorySegment words = channel.map(FileChannel.MapMode.READ_WRITE, 0, SIZE, arena);
            for (long i = -warmup; i < count; i++) {
                final long number = i + warmup; // never -1, the initial value
                final long start = System.nanoTime();
                WORD.setRelease(words, REQUEST, number);
                while ((long) WORD.getAcquire(words, REPLY) != number) {
                    Thread.onSpinWait();
                }
                final long end = System.nanoTime();
                if (i >= 0) {
                    samples[(int) i] = end - start;
                }
            }
            WORD.setRelease(words, REQUEST, STOP);
        } finally {
            Files.deleteIfExists(file);
        }
        return samples;
    }
}
