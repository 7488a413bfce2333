package org.iokit4j.benchmarks.ipc;

import java.util.List;
import org.iokit4j.ring.WaitStrategy;

/**
 * Leg {@code process-stream} (issue 10 §6, "async completions app ← driver server"): {@link IokitStreamLeg}'s
 * pipelined completions ({@code kAsyncStream}: one async call, 8192 completions from the driver's queue, chunk after
 * chunk), with the bench dext's driver server in a JVM of its own: the call and each completion travel over the
 * direct path's ring (driver server → app), and the app queues each on its wake port; both wait by backoff.
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
