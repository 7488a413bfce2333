package org.iokit4j.benchmarks.ipc;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.iokit4j.ring.WaitStrategy;

/**
 * The idle-CPU probe (issue 10 §6: "report the idle CPU ... in each waiting mode"): for each {@link WaitStrategy},
 * a ring server and a client JVM connected by a {@link RingLeg} ring, each with one thread waiting in
 * {@link org.iokit4j.ring.RingFile#receive()} and no traffic at all. After a {@link #SETTLE} for start-up work to
 * finish, it reads each process's total CPU time ({@link ProcessHandle.Info#totalCpuDuration()}), waits the idle
 * window, reads it again, and reports the difference per second of the window: milliseconds of CPU per second, so
 * 1000 is one core kept fully busy. The JVMs' own background threads (JIT, GC, the harness watcher) count too,
 * which is why the floor is not exactly 0.
 *
 * <p>{@link IpcBench} runs it after the legs whenever a {@code ring-*} leg is among them, for
 * {@value #IDLE_SECONDS_PROPERTY} seconds (default {@value #DEFAULT_IDLE_SECONDS}; 0 skips it).
 */
final class IdleProbe {
    /** The system property of the harness that sets the idle window in seconds. */
    static final String IDLE_SECONDS_PROPERTY = "ipcbench.idleSeconds";
    static final int DEFAULT_IDLE_SECONDS = 3;
    /** How long both sides wait, connected, before the window opens. */
    static final Duration SETTLE = Duration.ofSeconds(1);

    private IdleProbe() {
    }

    /**
     * One mode's result.
     *
     * @param strategy    the waiting mode of both sides
     * @param windowNanos how long the window was
     * @param serverNanos CPU time the server process used in it, or -1 if unknown
     * @param clientNanos CPU time the client process used in it, or -1 if unknown
     * @param failed      why it could not be measured, or {@code null}
     */
    record Result(WaitStrategy strategy, long windowNanos, long serverNanos, long clientNanos, String failed) {
        /** {@return {@code cpuNanos} as CPU milliseconds per second of the window} */
        double perSecond(long cpuNanos) {
            return cpuNanos / 1e6 / (windowNanos / 1e9);
        }
    }

    /** {@return the idle window in seconds, from {@value #IDLE_SECONDS_PROPERTY}} */
    static int idleSeconds() {
        return Integer.getInteger(IDLE_SECONDS_PROPERTY, DEFAULT_IDLE_SECONDS);
    }

    /** Measures every mode, each in fresh children that are stopped by pid before the next. */
    static List<Result> run(ChildJvms jvms, Duration window, PrintStream progress) throws InterruptedException {
        return run(jvms, window, progress, false);
    }

    /**
     * Measures every mode as {@link #run(ChildJvms, Duration, PrintStream)} does; with {@code stack}, the whole direct
     * path instead of a bare ring: the daemon with the bench dext's driver server in a JVM of its own, and an app that
     * opened it and made 1000 calls. Then "server" is the driver server (the daemon's children), "client" the app.
     */
    static List<Result> run(ChildJvms jvms, Duration window, PrintStream progress, boolean stack)
            throws InterruptedException {
        final List<Result> results = new ArrayList<>();
        for (WaitStrategy strategy : WaitStrategy.values()) {
            progress.printf("idle CPU: %s-%s, %d s ... ", stack ? "direct" : "ring", strategy.label(),
                    window.toSeconds());
            progress.flush();
            final Result result = stack ? measureStack(jvms, strategy, window) : measure(jvms, strategy, window);
            progress.println(result.failed() != null ? "FAILED: " + result.failed() : String.format(Locale.ROOT,
                    "server %.1f ms/s, client %.1f ms/s", result.perSecond(result.serverNanos()),
                    result.perSecond(result.clientNanos())));
            results.add(result);
        }
        return results;
    }

    private static Result measure(ChildJvms jvms, WaitStrategy strategy, Duration window)
            throws InterruptedException {
        final RingLeg leg = new RingLeg(strategy);
        final Path path = jvms.directory().resolve("idle-" + strategy.label() + ".path");
        final Options options = Options.defaults();
        ChildJvms.Child server = null;
        ChildJvms.Child client = null;
        try {
            server = jvms.start(leg.name() + "-idle-server", leg.server(path, options));
            final Path ready = path;
            server.awaitLine(line -> leg.isReady(line, ready), "ready line", IpcBench.READY_TIMEOUT);
            client = jvms.start(leg.name() + "-idle-client", leg.idleClient(path));
            client.awaitLine(line -> line.equals("idle connected"), "connected line", IpcBench.READY_TIMEOUT);
            Thread.sleep(SETTLE.toMillis());
            final long serverBefore = cpuNanos(server.pid());
            final long clientBefore = cpuNanos(client.pid());
            final long start = System.nanoTime();
            Thread.sleep(window.toMillis());
            final long serverAfter = cpuNanos(server.pid());
            final long clientAfter = cpuNanos(client.pid());
            final long elapsed = System.nanoTime() - start;
            return new Result(strategy, elapsed, serverAfter - serverBefore, clientAfter - clientBefore, null);
        } catch (ChildJvms.ChildFailure | IOException e) {
            return new Result(strategy, 0, -1, -1, e.getMessage());
        } finally {
            if (client != null) {
                jvms.stop(client);
            }
            if (server != null) {
                jvms.stop(server);
            }
            try {
                Files.deleteIfExists(path);
            } catch (IOException ignored) {
                // the harness deletes its directory at the end
            }
        }
    }

    private static Result measureStack(ChildJvms jvms, WaitStrategy strategy, Duration window)
            throws InterruptedException {
        final DirectLeg leg = new DirectLeg(strategy);
        final Path socket = jvms.directory().resolve("idle-direct-" + strategy.label() + ".sock");
        ChildJvms.Child daemon = null;
        ChildJvms.Child app = null;
        try {
            daemon = jvms.start(leg.name() + "-idle-daemon", leg.server(socket, Options.defaults()));
            daemon.awaitLine(line -> leg.isReady(line, socket), "ready line", IpcBench.READY_TIMEOUT);
            app = jvms.start(leg.name() + "-idle-app", leg.idleClient(socket));
            app.awaitLine(line -> line.equals("idle connected"), "connected line", IpcBench.READY_TIMEOUT);
            Thread.sleep(SETTLE.toMillis());
            final List<Long> servers = ProcessHandle.of(daemon.pid()).map(handle -> handle.children()
                    .map(ProcessHandle::pid).toList()).orElse(List.of());
            final long serverBefore = cpuNanos(servers);
            final long appBefore = cpuNanos(app.pid());
            final long start = System.nanoTime();
            Thread.sleep(window.toMillis());
            final long serverAfter = cpuNanos(servers);
            final long appAfter = cpuNanos(app.pid());
            return new Result(strategy, System.nanoTime() - start, serverAfter - serverBefore, appAfter - appBefore,
                    servers.isEmpty() ? "no driver-server process under the daemon" : null);
        } catch (ChildJvms.ChildFailure | IOException e) {
            return new Result(strategy, 0, -1, -1, e.getMessage());
        } finally {
            if (app != null) {
                jvms.stop(app);
            }
            if (daemon != null) {
                jvms.stop(daemon);
            }
        }
    }

    private static long cpuNanos(List<Long> pids) throws IOException {
        long sum = 0;
        for (long pid : pids) {
            sum += cpuNanos(pid);
        }
        return sum;
    }

    /** {@return the total CPU time of process {@code pid} so far} */
    private static long cpuNanos(long pid) throws IOException {
        return ProcessHandle.of(pid).flatMap(handle -> handle.info().totalCpuDuration()).map(Duration::toNanos)
                .orElseThrow(() -> new IOException("no CPU time for pid=" + pid));
    }

    /** {@return the results as a Markdown table, with the window's length} */
    static String markdown(List<Result> results, Duration window) {
        return markdown(results, window, false);
    }

    /** {@return the results as a Markdown table}: with {@code stack}, the direct path's (driver server, app) */
    static String markdown(List<Result> results, Duration window, boolean stack) {
        final StringBuilder md = new StringBuilder(String.format(Locale.ROOT, stack
                ? "Idle CPU of the direct path: a driver server (its JVM) and an app that opened it and made 1000"
                + " calls, then no traffic; CPU ms per second over %d s (1000 = one core).%n%n| mode | driver server"
                + " ms/s | app ms/s |%n|---|--:|--:|%n"
                : "Idle CPU: two JVMs connected by a ring, each with one thread waiting to receive, no traffic; CPU ms"
                + " per second over %d s (1000 = one core).%n%n| mode | server ms/s | client ms/s |%n|---|--:|--:|%n",
                window.toSeconds()));
        final String prefix = stack ? "direct-" : "ring-";
        for (Result r : results) {
            md.append(r.failed() != null ? "| " + prefix + r.strategy().label() + " | failed | |\n"
                    : String.format(Locale.ROOT, "| %s%s | %.1f | %.1f |%n", prefix, r.strategy().label(),
                    r.perSecond(r.serverNanos()), r.perSecond(r.clientNanos())));
        }
        return md.append('\n').toString();
    }
}
