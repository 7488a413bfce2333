package org.iokit4j.benchmarks.ipc;

import java.util.List;
import org.iokit4j.ring.WaitStrategy;

/**
 * Leg {@code process-stream} (issue 10 §6, "async completions app ← driver server"): {@link IokitStreamLeg}'s
 * pipelined completions ({@code kAsyncStream}: one async call, 8192 completions from the driver's queue, chunk after
 * chunk), with the bench dext's driver server in a JVM of its own: each completion goes driver server → daemon (a
 * one-way message on the server's link) → the app's wake port (the daemon's message push).
 */
final class ProcessStreamLeg extends DaemonStreamLeg {
    @Override
    public String name() {
        return "process-stream";
    }

    @Override
    List<String> daemonOptions() {
        return IokitLeg.processServers(WaitStrategy.BACKOFF);
    }

    /** A child's entry point: {@code client WARMUP COUNT}, as {@link IokitStreamLeg}'s. */
    public static void main(String[] args) {
        Leg.runChild("process-stream client", () -> System.out.println(
                IokitStreamLeg.stream(Integer.parseInt(args[1]), Integer.parseInt(args[2])).line()));
    }
}
