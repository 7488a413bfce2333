package org.iokit4j.benchmarks.ipc;

import org.iokit4j.benchmarks.AsyncBenchmark;

/**
 * Leg {@code iokit4j-async}: async completions per second from the kernel daemon to an app JVM, pipelined: the
 * client runs {@link AsyncBenchmark#asyncPipelined()} ({@value AsyncBenchmark#BATCH}
 * {@code IOConnectCallAsyncScalarMethod} calls back to back to the bench dext's {@code kAsyncSum}, which completes
 * each at once, then a wait until the last callback ran on the notification port's dispatch queue) until
 * {@link Options#streamCount()} completions (rounded up to whole batches) have run after
 * {@link Options#streamWarmup()} untimed ones.
 *
 * <p>The daemon and the app are started as for {@link IokitLeg}; the leg is skipped where the daemon's class is
 * not on the class path. Its baseline is {@link RawOnewayLeg}: the same number of completion-sized messages in the
 * same direction, with nothing in between.
 */
final class IokitAsyncLeg extends DaemonStreamLeg {

    @Override
    public String name() {
        return "iokit4j-async";
    }

    /** A child's entry point: {@code client WARMUP COUNT}, in an app JVM pointed at the daemon. */
    public static void main(String[] args) {
        Leg.runChild("iokit4j-async client", () -> System.out.println(
                complete(Integer.parseInt(args[1]), Integer.parseInt(args[2])).line()));
    }

    private static Stats.Rate complete(int warmup, int count) {
        final AsyncBenchmark bench = new AsyncBenchmark();
        bench.open(); // a connection and a notification port on a dispatch queue; checks one call completes with 42
        try {
            pipeline(bench, batches(warmup));
            final int batches = batches(count);
            final long start = System.nanoTime();
            pipeline(bench, batches);
            return new Stats.Rate((long) batches * AsyncBenchmark.BATCH, System.nanoTime() - start);
        } finally {
            bench.close();
        }
    }

    private static void pipeline(AsyncBenchmark bench, int batches) {
        for (int i = 0; i < batches; i++) {
            final long sum = bench.asyncPipelined();
            if (sum != 42) {
                throw new IllegalStateException("an async completion summed wrong: sum=" + sum);
            }
        }
    }

    private static int batches(int completions) {
        return (completions + AsyncBenchmark.BATCH - 1) / AsyncBenchmark.BATCH;
    }
}
