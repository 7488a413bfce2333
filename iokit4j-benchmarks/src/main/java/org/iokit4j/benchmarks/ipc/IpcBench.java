package org.iokit4j.benchmarks.ipc;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The cross-process benchmark (issue 9, deliverable 8): a synchronous scalar call and async completions between
 * an app JVM and the kernel daemon, against baselines measured in the same run. Run it with
 * {@code bash scripts/bench-ipc.sh [OPTIONS]}, or {@code java -cp benchmarks.jar
 * org.iokit4j.benchmarks.ipc.IpcBench [OPTIONS]} (options: {@link Options}).
 *
 * <p>Every leg is a server JVM and a client JVM, started fresh for each round as children of the harness (the
 * same {@code java}, the same class path; {@link ChildJvms}); the harness itself only waits. Legs that time round
 * trips run {@link Options#warmup()} untimed ones, then {@link Options#count()} each timed with
 * {@link System#nanoTime()}, and report the median, p90, p99, p99.9, maximum and mean; stream legs count messages
 * or completions per second. Each leg runs {@link Options#rounds()} times, the legs taking turns within a round
 * (and the order rotating from round to round) so the machine's noise falls on all of them alike; the report
 * gives each statistic's median over the rounds.
 *
 * <ul>
 *   <li>{@code iokit4j} ({@link IokitLeg}): {@code IOConnectCallScalarMethod}, 2 scalars in and 1 out, from an app
 *       JVM through the daemon ({@code -Diokit4j.kernel=unix:PATH}) to the bench dext. What the issue targets.
 *   <li>{@code raw} ({@link RawLeg}): the physical floor. A request and a reply of the sizes that call puts on
 *       iokit4j's wire ({@value Options#SCALAR_CALL_REQUEST_BYTES} and {@value Options#SCALAR_CALL_REPLY_BYTES}
 *       bytes), ping-ponged over the same kind of socket between two JVMs with plain blocking {@code java.nio}:
 *       the two context switches and four system calls any cross-process call pays, with no protocol, no
 *       dispatch and no driver. iokit4j's call can approach it but not beat it; the ratio to it is the
 *       protocol's cost.
 *   <li>{@code grpc} ({@link GrpcLeg}): the alternative. The same bytes as a unary gRPC-java call over the same
 *       kind of socket (Netty epoll): what a Java team would use instead of writing a protocol, so the ratio to
 *       it is what iokit4j's own wire buys. By default gRPC runs at its fastest (the handler on the event loop);
 *       {@code --grpc-executor default} measures it as a server comes out of the box.
 *   <li>{@code iokit4j-async} ({@link IokitAsyncLeg}): async completions per second, daemon → app, pipelined as
 *       {@code AsyncBenchmark} does.
 *   <li>{@code iokit4j-stream} ({@link IokitStreamLeg}): async completions per second, daemon → app, when the
 *       driver streams them from one call's {@code OSAction}: the completion path without a call round trip per
 *       completion.
 *   <li>{@code raw-shm} ({@link RawShmLeg}): the floor of shared memory (issue 10 §6): two JVMs spinning on two
 *       sequence words in one mapped file, no ring and no payload.
 *   <li>{@code ring-spin}, {@code ring-backoff}, {@code ring-block} ({@link RingLeg}): the {@code raw} leg's
 *       ping-pong through an {@link org.iokit4j.ring.RingFile} in each waiting mode, so the library's cost over
 *       {@code raw-shm} (spin) and {@code raw} (block) shows. When one of them runs, the idle-CPU probe
 *       ({@link IdleProbe}) follows the legs and its table joins the report.
 *   <li>{@code raw-oneway} ({@link RawOnewayLeg}): its floor. Completion-sized messages
 *       ({@value Options#ASYNC_COMPLETION_BYTES} bytes) streamed one way between two JVMs as fast as blocking
 *       {@code java.nio} can, one write per message, as a daemon sending each completion when it happens would.
 * </ul>
 *
 * <p>The {@code iokit4j} legs need the daemon's class, {@value IokitLeg#DAEMON}, on the class path; without it
 * they print that they are skipped and the others run. A leg that fails (a child that exits early, prints no
 * result within {@link Options#timeout()}, or fails its own checks) is reported with the child's last output and
 * not run again; the exit status is then 1.
 *
 * <p>Output: the Markdown summary ({@link Report#markdown()}) on standard output, progress on standard error,
 * and with {@code --json FILE} the JSON form ({@link Report#json()}).
 */
public final class IpcBench {
    /** How long a server may take to print its ready line. */
    static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

    private IpcBench() {
    }

    /**
     * Runs the benchmark with the options {@code args} give ({@link Options}); exits with status 0 if no leg
     * failed, 1 if one did, 2 if the options are wrong.
     */
    public static void main(String[] args) throws IOException, InterruptedException {
        final Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("ipc-bench: " + e.getMessage());
            System.exit(2);
            return;
        }
        final Report report = run(options, System.err);
        System.out.print(report.markdown());
        if (options.json() != null) {
            Files.writeString(options.json(), report.json());
            System.err.println("ipc-bench: JSON written to " + options.json());
        }
        System.exit(report.legs().stream().anyMatch(r -> r.failed != null) ? 1 : 0);
    }

    /**
     * Runs every round of every leg and returns what they measured; every child has ended and the private
     * directory is deleted when this returns or throws.
     *
     * @param progress where to say what runs and how it went
     * @throws IOException          if the private directory cannot be made or deleted
     * @throws InterruptedException if interrupted; the children are ended first
     */
    static Report run(Options options, PrintStream progress) throws IOException, InterruptedException {
        final List<Report.LegResult> legs = options.legs().stream().map(Leg::named).map(Report.LegResult::new)
                .toList();
        for (Report.LegResult r : legs) {
            r.skipped = r.leg.skipReason();
            if (r.skipped != null) {
                progress.println(r.name() + ": skipped (" + r.skipped + ")");
            }
        }
        final String loadBefore = load();
        final Path directory;
        final Duration idleWindow = Duration.ofSeconds(IdleProbe.idleSeconds());
        List<IdleProbe.Result> idle = List.of();
        List<IdleProbe.Result> directIdle = List.of();
        try (ChildJvms jvms = ChildJvms.open(options.jvmArgs())) {
            directory = jvms.directory();
            for (int round = 0; round < options.rounds(); round++) {
                for (int i = 0; i < legs.size(); i++) {
                    final Report.LegResult r = legs.get((i + round) % legs.size());
                    if (r.skipped == null && r.failed == null) {
                        runRound(jvms, r, options, round, progress);
                    }
                }
            }
            if (!idleWindow.isZero() && options.legs().stream().anyMatch(leg -> leg.startsWith("ring-"))) {
                idle = IdleProbe.run(jvms, idleWindow, progress);
            }
            if (!idleWindow.isZero() && options.legs().stream().anyMatch(leg -> leg.startsWith("direct-"))
                    && IokitLeg.daemonAbsent() == null) {
                directIdle = IdleProbe.run(jvms, idleWindow, progress, true);
            }
        }
        return new Report(options, legs, directory, loadBefore, load(), idle, directIdle, idleWindow);
    }

    private static void runRound(ChildJvms jvms, Report.LegResult r, Options options, int round,
                                 PrintStream progress) throws InterruptedException {
        progress.printf("round %d/%d: %s ... ", round + 1, options.rounds(), r.name());
        progress.flush();
        try {
            final Stats.Result result = runOnce(jvms, r.leg, options, round);
            r.rounds.add(result);
            progress.println(switch (result) {
                case Stats.Latency s -> String.format(Locale.ROOT, "median %.2f µs, p99 %.2f µs", s.median() / 1e3,
                        s.p99() / 1e3);
                case Stats.Rate s -> String.format(Locale.ROOT, "%,.0f per second", s.perSecond());
            });
        } catch (ChildJvms.ChildFailure | IOException | IllegalArgumentException e) {
            r.failed = e.getMessage();
            progress.println("FAILED: " + e.getMessage());
        }
    }

    /** Starts the leg's server, waits until it serves, runs its client to its result, and ends both. */
    private static Stats.Result runOnce(ChildJvms jvms, Leg leg, Options options, int round)
            throws IOException, InterruptedException, ChildJvms.ChildFailure {
        final Path socket = jvms.directory().resolve(leg.name() + "-" + (round + 1) + ".sock");
        final ChildJvms.Child server = jvms.start(leg.name() + "-server", leg.server(socket, options));
        try {
            server.awaitLine(line -> leg.isReady(line, socket), "ready line", READY_TIMEOUT);
            final ChildJvms.Child client = jvms.start(leg.name() + "-client", leg.client(socket, options));
            try {
                final String line = client.awaitLine(l -> l.startsWith(Stats.RESULT), "result line",
                        options.timeout());
                client.awaitSuccess(ChildJvms.GRACE);
                return Stats.parse(line);
            } finally {
                jvms.stop(client);
            }
        } finally {
            jvms.stop(server);
            Files.deleteIfExists(socket);
        }
    }

    /** {@return the 1-, 5- and 15-minute load averages, or why they are unknown} */
    private static String load() {
        try {
            final String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException | ArrayIndexOutOfBoundsException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }
}
