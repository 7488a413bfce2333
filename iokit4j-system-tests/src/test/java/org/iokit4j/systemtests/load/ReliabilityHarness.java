package org.iokit4j.systemtests.load;

import java.lang.management.ManagementFactory;
import java.util.Map;
import org.iokit4j.systemtests.hostile.HostileDriver;
import org.iokit4j.systemtests.support.TestKernel;

/**
 * The long forms of issue 8 item 7 (a main class, not a test: it prints figures for docs/reliability.md; the
 * assertions live in {@link LoadTest}, which runs the same scenarios small). Run by {@code scripts/reliability.sh}.
 *
 * <p>Arguments: {@code THREADS CALLS_PER_THREAD OPENS RACE_ROUNDS} (default 64 100000 100000 2000).
 */
public final class ReliabilityHarness {
    private ReliabilityHarness() {
    }

    public static void main(String[] args) throws Exception {
        final int threads = args.length > 0 ? Integer.parseInt(args[0]) : 64;
        final int calls = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        final int opens = args.length > 2 ? Integer.parseInt(args[2]) : 100_000;
        final int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 2_000;
        System.out.printf("java %s, %d CPUs, max heap %d MiB%n", Runtime.version(),
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
        try (TestKernel kernel = new TestKernel("reliability", "bundles/hostile/Info.plist", HostileDriver.NAME,
                Map.of())) {
            final LoadScenarios.AsyncFlood flood = LoadScenarios.asyncFlood(kernel, threads, calls, 0);
            System.out.printf("async flood: %d threads x %d calls = %d; accepted %d, refused %d, delivered %d,"
                            + " dropped %d, duplicates %d, strays %d, balanced %s, %.1f s (%.0f calls/s)%n", threads,
                    calls, flood.calls(), flood.accepted(), flood.refused(), flood.delivered(), flood.dropped(),
                    flood.duplicates(), flood.strays(), flood.balanced(), flood.nanos() / 1e9,
                    flood.calls() / (flood.nanos() / 1e9));
            final LoadScenarios.AsyncFlood throwing = LoadScenarios.asyncFlood(kernel, threads, calls / 10, 7);
            System.out.printf("async flood, every 7th callback throws: %d calls; delivered %d, dropped %d,"
                            + " duplicates %d, callback throws %d, balanced %s%n", throwing.calls(),
                    throwing.delivered(), throwing.dropped(), throwing.duplicates(), throwing.callbackThrows(),
                    throwing.balanced());
            heap("after the floods");
            final LoadScenarios.Churn churn = LoadScenarios.openCloseChurn(kernel, opens);
            System.out.printf("open/close: %d; failures %d, names %d -> %d, user clients left %d, threads %d -> %d,"
                            + " %.1f s (%.0f opens/s)%n", churn.opens(), churn.failures(), churn.namesBefore(),
                    churn.namesAfter(), churn.userClientsAfter(), churn.threadsBefore(), churn.threadsAfter(),
                    churn.nanos() / 1e9, churn.opens() / (churn.nanos() / 1e9));
            heap("after open/close");
            final LoadScenarios.CloseRace race = LoadScenarios.closesRacingCalls(kernel, rounds, 8, 8_9);
            System.out.printf("closes racing calls: %d rounds x 8 threads; outcomes %s; thrown %d; names %d -> %d;"
                            + " user clients left %d%n", race.rounds(), race.outcomes(), race.thrown(),
                    race.namesBefore(), race.namesAfter(), race.userClientsAfter());
            heap("at the end");
        }
    }

    private static void heap(String when) {
        System.gc();
        final long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        System.out.printf("heap used %s (after GC): %.1f MiB%n", when, used / 1048576.0);
    }
}
