package org.iokit4j.benchmarks.ipc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The harness end to end with tiny counts, through the same code as its {@code main} (issue 9, deliverable 8):
 * the baselines produce numbers, and nothing the harness started or made is left behind. Never about speed.
 */
class IpcBenchTest {

    @Test
    @Timeout(300) // a guard only: six child JVMs start on a loaded 2-core machine
    void shouldMeasureEveryBaselineLegAndLeaveNoChildNorDirectoryBehind() throws Exception {
        final Options options = Options.defaults().withLegs(List.of("raw", "grpc", "raw-oneway"))
                .withCounts(2_000, 5_000, 2_000, 20_000).withRounds(1);

        final Report report = IpcBench.run(options, System.err);

        assertThat(report.legs()).extracting(Report.LegResult::name).containsExactly("raw", "grpc", "raw-oneway");
        for (Report.LegResult leg : report.legs()) {
            assertThat(leg.failed).as("leg %s failed", leg.name()).isNull();
            assertThat(leg.rounds).as("rounds of %s", leg.name()).hasSize(1);
            switch (leg.summary()) {
                case Stats.Latency latency -> {
                    assertThat(latency.count()).isEqualTo(5_000);
                    assertThat(latency.median()).as("median of %s", leg.name()).isPositive();
                    assertThat(latency.p99()).as("p99 of %s", leg.name()).isGreaterThanOrEqualTo(latency.median());
                    assertThat(latency.max()).isGreaterThanOrEqualTo(latency.p999());
                }
                case Stats.Rate rate -> {
                    assertThat(rate.count()).isEqualTo(20_000);
                    assertThat(rate.perSecond()).as("rate of %s", leg.name()).isPositive();
                }
            }
        }
        assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).toList())
                .as("child processes still alive").isEmpty();
        assertThat(report.directory()).doesNotExist();
        assertThat(report.markdown()).contains("| raw | ", "| grpc | ", "| raw-oneway | ");
        assertThat(report.json()).contains("\"leg\": \"grpc\", \"median\": {\"count\": 5000");
    }

    @Test
    @Timeout(300) // a guard only: ten child JVMs start on a loaded 2-core machine
    void shouldMeasureTheRingLegsAndTheirIdleCpuAndLeaveNothingBehind() throws Exception {
        // issue 10 §6: the raw shared-memory floor, the ring in each waiting mode, and the idle CPU of each mode
        final Options options = Options.defaults().withLegs(List.of("raw-shm", "ring-spin", "ring-backoff",
                "ring-block")).withCounts(1_000, 2_000, 1_000, 1_000).withRounds(1);
        System.setProperty(IdleProbe.IDLE_SECONDS_PROPERTY, "1");
        final Report report;
        try {
            report = IpcBench.run(options, System.err);
        } finally {
            System.clearProperty(IdleProbe.IDLE_SECONDS_PROPERTY);
        }
        for (Report.LegResult leg : report.legs()) {
            assertThat(leg.failed).as("leg %s failed", leg.name()).isNull();
            assertThat(((Stats.Latency) leg.summary()).count()).isEqualTo(2_000);
        }
        assertThat(report.idle()).extracting(IdleProbe.Result::failed).containsOnlyNulls();
        assertThat(report.idle()).extracting(IdleProbe.Result::strategy).hasSize(3);
        assertThat(report.idle()).allSatisfy(r -> assertThat(r.serverNanos()).isNotNegative());
        assertThat(report.markdown()).contains("| ring-block | ", "| raw-shm | ", "Idle CPU: ", "| ring-spin | ");
        assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).toList())
                .as("child processes still alive").isEmpty();
        assertThat(report.directory()).doesNotExist();
    }

    @Test
    @Timeout(600) // a guard only: daemons, driver servers and apps start on a loaded 2-core machine
    void shouldMeasureTheDirectPathItsCompletionsAndFillAndLeaveNothingBehind() throws Exception {
        // issue 10 §6: a call over the direct path, completions from a driver server JVM, the 64 MiB fill and its
        // memset baseline, and the idle CPU of the direct path in each mode
        final Options options = Options.defaults().withLegs(List.of("direct-spin", "direct-backoff", "process-stream",
                "memset-64m", "fill-64m")).withCounts(1_000, 2_000, 1_000, 8_192).withRounds(1);
        System.setProperty(IdleProbe.IDLE_SECONDS_PROPERTY, "1");
        final Report report;
        try {
            report = IpcBench.run(options, System.err);
        } finally {
            System.clearProperty(IdleProbe.IDLE_SECONDS_PROPERTY);
        }
        for (Report.LegResult leg : report.legs()) {
            if (IokitLeg.daemonAbsent() != null) {
                assertThat(leg.skipped).as("leg %s", leg.name()).isNotNull();
                continue;
            }
            assertThat(leg.failed).as("leg %s failed", leg.name()).isNull();
            assertThat(leg.summary()).isNotNull();
        }
        if (IokitLeg.daemonAbsent() == null) {
            assertThat(report.directIdle()).hasSize(3).extracting(IdleProbe.Result::failed).containsOnlyNulls();
            assertThat(report.markdown()).contains("| direct-backoff | ", "| fill-64m | ", "Idle CPU of the direct");
            final Stats.Rate fill = (Stats.Rate) report.legs().stream().filter(l -> l.name().equals("fill-64m"))
                    .findFirst().orElseThrow().summary();
            assertThat(fill.hasBaseline()).as("fill-64m times a memset of its own next to each fill").isTrue();
            assertThat(fill.ofBaseline()).isPositive();
            assertThat(report.json()).contains("\"ofBaseline\": ");
        }
        assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).toList())
                .as("child processes still alive").isEmpty();
        assertThat(report.directory()).doesNotExist();
    }

    @Test
    void shouldSkipTheDaemonLegsWithTheirReasonWhenTheDaemonIsAbsentOrRunThem() {
        // issue 9, deliverable 8: without org.iokit4j.kerneld.KernelDaemon on the class path the iokit4j legs say
        // they are skipped instead of failing; with it, they are not skipped
        final boolean present = IokitLeg.daemonAbsent() == null;
        for (String name : List.of("iokit4j", "iokit4j-async")) {
            final String reason = Leg.named(name).skipReason();
            if (present) {
                assertThat(reason).isNull();
            } else {
                assertThat(name + ": skipped (" + reason + ")").isEqualTo(name
                        + ": skipped (no org.iokit4j.kerneld.KernelDaemon on the class path)");
            }
        }
    }
}
