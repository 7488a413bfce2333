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
 *       descriptor and fills it ({@code MemorySegment.fill}). Timed per call, from the app.</li>
 *   <li>{@code memset-64m}: the baseline: one thread filling 64 MiB of native memory it owns
 *       ({@code MemorySegment.fill}), in an app JVM started the same way.</li>
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
                final long start = System.nanoTime();
                memory.fill((byte) i);
                final long took = System.nanoTime() - start;
                nanos += i >= 0 ? took : 0;
            }
            return new Stats.Rate(SIZE * FILLS, nanos);
        }
    }

    private static Stats.Rate fill() {
        final IOKit iokit = IOKit.system();
        try (SharedBuffer buffer = iokit.allocate(SIZE);
             Connection fill = iokit.open(IOKit.nameMatching("org.iokit4j.benchmarks.fill.FillDriver"))) {
            long nanos = 0;
            for (int i = -WARMUP; i < FILLS; i++) {
                final long start = System.nanoTime();
                fill.call(0).scalars(i & 0x7F).structureOutput(buffer.segment()).invoke();
                final long took = System.nanoTime() - start;
                if (buffer.segment().get(java.lang.foreign.ValueLayout.JAVA_BYTE, SIZE - 1) != (byte) (i & 0x7F)) {
                    throw new IllegalStateException("the driver's fill is not in the app's memory");
                }
                nanos += i >= 0 ? took : 0;
            }
            return new Stats.Rate(SIZE * FILLS, nanos);
        }
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
