package org.iokit4j.benchmarks.ipc;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.iokit4j.client.Connection;
import org.iokit4j.client.IOKit;
import org.iokit4j.client.SharedBuffer;
import org.iokit4j.ring.WaitStrategy;

/**
 * Legs {@code fill-64m} and {@code memset-64m} (issue 10 §6: "a 64 MiB descriptor filled by a driver in another
 * process ≥ 80 % of single-thread memset bandwidth measured in the same run"). Both report bytes per second.
 *
 * <ul>
 *   <li>{@code fill-64m}: the app allocates 64 MiB of memory it shares with the daemon ({@code IOKit.allocate}) and
 *       calls the fill dext's method 0 with it as the structure output: the driver, in a JVM of its own, maps the
 *       descriptor and fills it ({@code MemorySegment.fill}). Timed per call, from the app, each call next to a timed
 *       memset of 64 MiB of the app's own memory (the interleaved baseline: the leg's ratio is fill ÷ that).</li>
 *   <li>{@code memset-64m}: one thread filling 64 MiB of native memory it owns ({@code MemorySegment.fill}), in an
 *       app JVM started the same way, on its own (the baseline as issue 10 first measured it).</li>
 * </ul>
 * Each round times {@value #FILLS} fills after {@value #WARMUP} untimed ones (page faults and JIT out of the way).
 */
final class FillLeg implements DaemonLeg {
    static final long SIZE = 64L << 20;
    static final int WARMUP = 64;
    static final int FILLS = 64;
    private final boolean baseline;

    FillLeg(boolean baseline) {
        this.baseline = baseline;
    }

    @Override
    public String name() {
        return baseline ? "memset-64m" : "fill-64m";
    }

    @Override
    public boolean latency() {
        return false;
    }

    @Override
    public ChildJvms.Spec server(Path socket, Options o) {
        final List<String> options = new java.util.ArrayList<>(IokitLeg.processServers(WaitStrategy.BLOCK));
        options.addAll(List.of("--dext", fillDext(socket).toString(), "--server-class-path",
                IokitLeg.benchDext().toString()));
        return IokitLeg.daemon(socket, o, options);
    }

    @Override
    public ChildJvms.Spec client(Path socket, Options o) {
        return new ChildJvms.Spec(FillLeg.class.getName(), List.of("-Diokit4j.kernel=unix:" + socket,
                "-Diokit4j.wait=block"), List.of(baseline ? "memset" : "fill"));
    }

    /** A child's entry point: {@code fill} or {@code memset}. */
    public static void main(String[] args) {
        Leg.runChild("fill client", () -> System.out.println((args[0].equals("memset") ? memset() : fill()).line()));
    }

    private static Stats.Rate memset() {
        try (Arena arena = Arena.ofConfined()) {
            final MemorySegment memory = arena.allocate(SIZE, 4096);
            long nanos = 0;
            for (int i = -WARMUP; i < FILLS; i++) {
                final long took = memset(memory, i);
                nanos += i >= 0 ? took : 0;
            }
            return new Stats.Rate(SIZE * FILLS, nanos);
        }
    }

    /**
     * Fill calls, each next to a memset of as much memory of this process's own, alternately first and second: both
     * see the same machine at the same time (on these shared VMs the memory bandwidth one thread gets moves by 2-3×
     * between minutes), so their ratio is the figure; the {@code memset-64m} leg runs in another JVM at another time.
     */
    private static Stats.Rate fill() {
        final IOKit iokit = IOKit.system();
        try (SharedBuffer buffer = iokit.allocate(SIZE); Arena arena = Arena.ofConfined();
             Connection fill = iokit.open(IOKit.nameMatching("org.iokit4j.benchmarks.fill.FillDriver"))) {
            final MemorySegment own = arena.allocate(SIZE, 4096);
            long nanos = 0;
            long baselineNanos = 0;
            for (int i = -WARMUP; i < FILLS; i++) {
                final boolean memsetFirst = (i & 1) == 0;
                final long memsetBefore = memsetFirst ? memset(own, i) : 0;
                final long start = System.nanoTime();
                fill.call(0).scalars(i & 0x7F).structureOutput(buffer.segment()).invoke();
                final long took = System.nanoTime() - start;
                final long memset = memsetFirst ? memsetBefore : memset(own, i);
                if (buffer.segment().get(java.lang.foreign.ValueLayout.JAVA_BYTE, SIZE - 1) != (byte) (i & 0x7F)) {
                    throw new IllegalStateException("the driver's fill is not in the app's memory");
                }
                nanos += i >= 0 ? took : 0;
                baselineNanos += i >= 0 ? memset : 0;
            }
            return new Stats.Rate(SIZE * FILLS, nanos, baselineNanos);
        }
    }

    /** {@return how long one thread's memset of {@code memory} took} */
    private static long memset(MemorySegment memory, int value) {
        final long start = System.nanoTime();
        memory.fill((byte) value);
        return System.nanoTime() - start;
    }

    /**
     * {@return a dext directory holding the fill bench's Info.plist and Entitlements.plist (its classes come from the
     * benchmarks jar)}
     */
    private static Path fillDext(Path socket) {
        try {
            final Path dext = socket.resolveSibling(socket.getFileName() + ".filldext");
            final Path plist = dext.resolve("META-INF/driverkit/Info.plist");
            Files.createDirectories(plist.getParent());
            for (String file : List.of("Info.plist", "Entitlements.plist")) { // the dext's own entitlements beside
                try (var in = FillLeg.class.getClassLoader().getResourceAsStream("bundles/fillbench/" + file)) {
                    Files.write(plist.resolveSibling(file), in.readAllBytes());
                }
            }
            return dext;
        } catch (IOException | NullPointerException missing) {
            throw new IllegalStateException("cannot write the fill bench's dext: " + missing, missing);
        }
    }
}
