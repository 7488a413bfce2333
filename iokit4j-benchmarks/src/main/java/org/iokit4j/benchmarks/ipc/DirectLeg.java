package org.iokit4j.benchmarks.ipc;

import java.nio.file.Path;
import java.util.List;
import org.iokit4j.ring.WaitStrategy;

/**
 * Legs {@code direct-spin}, {@code direct-backoff}, {@code direct-block} (issue 10 §6): the {@code iokit4j} leg's call
 * ({@code IOConnectCallScalarMethod}, 2 scalars in, 1 out, to the bench dext's {@code kSum}) over the direct path: the
 * daemon runs the bench dext's driver server in a JVM of its own, and after {@code IOServiceOpen} the app's calls go
 * to it over a shared-memory ring, both processes waiting by {@code strategy} ({@code -Diokit4j.wait}).
 */
final class DirectLeg implements DaemonLeg {
    private final WaitStrategy strategy;

    DirectLeg(WaitStrategy strategy) {
        this.strategy = strategy;
    }

    @Override
    public String name() {
        return "direct-" + strategy.label();
    }

    @Override
    public boolean latency() {
        return true;
    }

    @Override
    public ChildJvms.Spec server(Path socket, Options o) {
        return IokitLeg.daemon(socket, o, IokitLeg.processServers(strategy));
    }

    @Override
    public ChildJvms.Spec client(Path socket, Options o) {
        return new ChildJvms.Spec(IokitLeg.class.getName(), List.of("-Diokit4j.kernel=unix:" + socket,
                "-Diokit4j.wait=" + strategy.label()), Leg.args("client", o.warmup(), o.count()));
    }

    /** {@return a client that opens the bench dext, calls it, prints {@code idle connected} and idles (IdleProbe)} */
    ChildJvms.Spec idleClient(Path socket) {
        return new ChildJvms.Spec(DirectLeg.class.getName(), List.of("-Diokit4j.kernel=unix:" + socket,
                "-Diokit4j.wait=" + strategy.label()), List.of("idle"));
    }

    /** An idle client's entry point: {@code idle}. */
    public static void main(String[] args) {
        Leg.runChild("direct idle client", () -> {
            final org.iokit4j.benchmarks.CallBenchmark bench = new org.iokit4j.benchmarks.CallBenchmark();
            bench.open();
            for (int i = 0; i < 1000; i++) {
                bench.scalarCall();
            }
            System.out.println("idle connected");
            System.out.flush();
            new java.util.concurrent.CountDownLatch(1).await(); // idle until the harness ends it (runChild's watcher)
        });
    }
}
