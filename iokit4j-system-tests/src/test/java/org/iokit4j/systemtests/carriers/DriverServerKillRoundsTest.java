package org.iokit4j.systemtests.carriers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iokit4j.systemtests.carriers.KillRounds.GUARD_SECONDS;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BiPredicate;
import org.iokit4j.testsupport.DaemonProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Kill-and-restart rounds (issue 10 §4: "after 100 kill-and-restart rounds the daemon has leaked no file descriptor,
 * thread, shared-memory file or child process; SIGTERM to the daemon stops every driver server and leaves no process
 * behind"; §5: the short form in CI, the long form's numbers in {@code docs/reliability.md}).
 *
 * <p>Each round ({@link KillRounds#round}) kills the crash dext's {@code CrashDriver} server with {@code kill -9} while
 * one call is blocked in it (its structure input a shared-memory region the server has mapped), one completion is
 * pending and the app maps memory the server made; and measures the <em>recovery</em>: from the kill until a
 * {@code kIOFirstMatchNotification} for the new instance has come and a call on a new connection has been answered by
 * a process with another pid.
 *
 * <p>The daemon's resources ({@link DaemonResources}: fds, threads, the shared-memory files of it and its servers, its
 * child processes) are compared twice, each time after a warm-up round (the pools the first death makes, such as the
 * restart timer's thread, exist from then on) and once they have settled (polled, with a guard):
 *
 * <ol>
 *   <li><b>while the app is attached</b>: before the rounds and after them, less the app's connections, one socket
 *       and one thread each in the daemon. Their number is the app's business: its pool of idle call connections grows
 *       to the most calls it ever had in flight at once (here the blocked call, the main thread's and the queue's
 *       callbacks overlap now and then), and it is checked by the next comparison;</li>
 *   <li><b>with no app attached</b>: after a first app did a warm-up round and ended its task, and after the app of
 *       the rounds ended its task: everything, connections included, exactly.</li>
 * </ol>
 *
 * <p>Rounds: system property {@code iokit4j.crash.rounds} (default {@value #DEFAULT_ROUNDS}, the CI short form; the
 * long form is 100, see {@code docs/reliability.md}).
 */
class DriverServerKillRoundsTest {
    static final int DEFAULT_ROUNDS = 5;
    /** The crash dext's driver servers: {@code CrashProvider}'s and {@code CrashDriver}'s. */
    static final int SERVERS = 2;

    @Test
    @Timeout(value = 60, unit = TimeUnit.MINUTES) // a guard for the long form; each step has its own 60 s guard
    void shouldLeakNothingAfterKillAndRestartRoundsAndLeaveNoProcessAfterSigterm() throws Exception {
        final int rounds = Integer.getInteger("iokit4j.crash.rounds", DEFAULT_ROUNDS);
        final List<Long> recoveries = new ArrayList<>();
        final List<Long> blockedEnds = new ArrayList<>();
        final Set<Long> serverPids = new HashSet<>();
        final List<String> waits = new ArrayList<>();
        final DaemonProcess daemon = DaemonProcess.startWith(List.of("--restart-throttle", "0ms", "--crash-limit",
                "1000/1d"), DriverServerCrashTest.ENTITLEMENTS, DriverServerCrashTest.BUNDLE);
        try {
            daemon.driverServers().forEach(server -> serverPids.add(server.pid()));
            try (KillRounds warmUp = new KillRounds(daemon, "kill-rounds-warm-up")) {
                warmUp.round(serverPids);
            }
            final DaemonResources idleBefore = settled(daemon, serverPids, waits, null, DaemonResources::sameCounts);
            final DaemonResources before;
            final DaemonResources after;
            final long roundsStarted;
            final long roundsEnded;
            try (KillRounds app = new KillRounds(daemon, "kill-rounds-app")) {
                app.round(serverPids); // this app's warm-up
                before = settled(daemon, serverPids, waits, null, DaemonResources::sameCounts);
                roundsStarted = System.nanoTime();
                for (int round = 0; round < rounds; round++) {
                    final long[] times = app.round(serverPids);
                    recoveries.add(times[0]);
                    blockedEnds.add(times[1]);
                }
                roundsEnded = System.nanoTime();
                after = settled(daemon, serverPids, waits, before, DaemonResources::sameBesidesConnections);
            }
            final DaemonResources idleAfter = settled(daemon, serverPids, waits, idleBefore,
                    DaemonResources::sameCounts);
            System.out.printf("issue 10 §4 kill rounds: %d rounds in %.1f s; recovery p50 %.1f ms, max %.1f ms;"
                    + " blocked call ended p50 %.1f ms, max %.1f ms; settling (no app before, app before, app after,"
                    + " no app after): %s%n  with the app: before %s%n                after  %s%n"
                    + "  no app:       before %s%n                after  %s%n", rounds,
                    (roundsEnded - roundsStarted) / 1e9, p50(recoveries),
                    max(recoveries), p50(blockedEnds), max(blockedEnds), waits, before.counts(), after.counts(),
                    idleBefore.counts(), idleAfter.counts());
            assertThat(after.sameBesidesConnections(before)).as("after %d kill-and-restart rounds the daemon holds"
                    + " what it held before, less the app's connections (issue 10 §4)%nbefore: %s%nafter:  %s%n%s",
                    rounds, before.counts(), after.counts(), after.differences(before)).isTrue();
            assertThat(idleAfter.sameCounts(idleBefore)).as("with no app attached, after the rounds the daemon holds"
                    + " exactly what it held before (issue 10 §4)%nbefore: %s%nafter:  %s%n%s", idleBefore.counts(),
                    idleAfter.counts(), idleAfter.differences(idleBefore)).isTrue();
            assertThat(idleAfter.children()).as("the daemon's children are its live driver servers")
                    .isEqualTo(SERVERS);
            assertThat(liveInstances(daemon.pid(), "org.iokit4j.kerneld.servers.ServerProcess"))
                    .as("the daemon's heap keeps no killed server (its entries, objects and process handle go with"
                    + " it): live ServerProcess instances after a full GC").isEqualTo(SERVERS);
            assertThat(List.of(idleBefore.deadFiles(), idleAfter.deadFiles())).as("no file of a killed server is"
                    + " left, before or after the rounds").containsOnly(0);
        } catch (Throwable failed) {
            try {
                sigterm(daemon, serverPids);
            } catch (Throwable also) {
                failed.addSuppressed(also);
            }
            throw failed;
        }
        sigterm(daemon, serverPids);
    }

    /**
     * {@return how many instances of {@code className} the heap of process {@code pid} holds after a full GC}
     * ({@code jcmd PID GC.class_histogram}, which collects first).
     */
    static long liveInstances(long pid, String className) throws Exception {
        final Process jcmd = new ProcessBuilder(java.nio.file.Path.of(System.getProperty("java.home"), "bin", "jcmd")
                .toString(), String.valueOf(pid), "GC.class_histogram").redirectErrorStream(true).start();
        try {
            final String histogram = new String(jcmd.getInputStream().readAllBytes(),
                    java.nio.charset.StandardCharsets.UTF_8);
            assertThat(jcmd.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            return histogram.lines().map(String::trim).filter(line -> line.endsWith(" " + className))
                    .mapToLong(line -> Long.parseLong(line.split("\\s+")[1])).sum();
        } finally {
            jcmd.destroyForcibly();
        }
    }

    /** SIGTERM: the daemon exits 0, and every driver server it ran is gone without leaving a file. */
    private static void sigterm(DaemonProcess daemon, Set<Long> serverPids) throws Exception {
        final List<ProcessHandle> servers = daemon.driverServers(); // handles: a reused pid is not alive in them
        servers.forEach(server -> serverPids.add(server.pid()));
        try {
            assertThat(daemon.terminate()).as("SIGTERM stops the daemon; errors: %s", daemon.errors()).isZero();
        } finally {
            daemon.close();
        }
        final List<ProcessHandle> alive = servers.stream().filter(ProcessHandle::isAlive).toList();
        alive.forEach(ProcessHandle::destroyForcibly); // nothing may be left, even when the assertion fails
        assertThat(servers).as("the driver servers at SIGTERM").hasSize(SERVERS);
        assertThat(alive).as("every driver server ends with the daemon (issue 10 §4)").isEmpty();
        assertThat(DaemonResources.of(daemon.pid(), serverPids).files()).as("no shared-memory file of the daemon or"
                + " any of its servers is left").isZero();
    }

    /**
     * {@return the daemon's resources once {@code same} holds between them and {@code target}} or, with no target, once
     * they have stayed the same for a second with every server up; polled every 50 ms. After the guard, the last
     * snapshot, for the assertion to show. How long it waited goes to {@code waits}.
     */
    private static DaemonResources settled(DaemonProcess daemon, Set<Long> serverPids, List<String> waits,
                                           DaemonResources target, BiPredicate<DaemonResources, DaemonResources> same)
            throws Exception {
        final long started = System.nanoTime();
        try {
            return poll(daemon, serverPids, target, same, started + TimeUnit.SECONDS.toNanos(GUARD_SECONDS));
        } finally {
            waits.add(String.format("%.1f s", (System.nanoTime() - started) / 1e9));
        }
    }

    private static DaemonResources poll(DaemonProcess daemon, Set<Long> serverPids, DaemonResources target,
                                        BiPredicate<DaemonResources, DaemonResources> same, long deadline)
            throws Exception {
        DaemonResources last = DaemonResources.of(daemon.pid(), serverPids);
        int steady = 0;
        while (System.nanoTime() < deadline) {
            Thread.sleep(50);
            final DaemonResources now = DaemonResources.of(daemon.pid(), serverPids);
            if (target != null && same.test(now, target)) {
                return now;
            }
            steady = same.test(now, last) && now.children() == SERVERS ? steady + 1 : 0;
            if (target == null && steady >= 20) {
                return now;
            }
            last = now;
        }
        return last;
    }

    private static double p50(List<Long> nanos) {
        final List<Long> sorted = nanos.stream().sorted().toList();
        return sorted.isEmpty() ? 0 : sorted.get((sorted.size() - 1) / 2) / 1e6;
    }

    private static double max(List<Long> nanos) {
        return nanos.stream().mapToLong(Long::longValue).max().orElse(0) / 1e6;
    }
}
