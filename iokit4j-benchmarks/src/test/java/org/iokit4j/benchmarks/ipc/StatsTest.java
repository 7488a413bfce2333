package org.iokit4j.benchmarks.ipc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** The harness's statistics (issue 9, deliverable 8): exact nearest-rank percentiles and medians over rounds. */
class StatsTest {

    @Test
    void shouldTakeNearestRankPercentilesOfShuffledSamples() {
        final long[] samples = LongStream.rangeClosed(1, 1000).toArray();
        final Random random = new Random(9);
        for (int i = samples.length - 1; i > 0; i--) { // a seeded shuffle: the samples arrive unsorted
            final int j = random.nextInt(i + 1);
            final long t = samples[i];
            samples[i] = samples[j];
            samples[j] = t;
        }

        final Stats.Latency latency = Stats.latency(samples);

        assertThat(latency).isEqualTo(new Stats.Latency(1000, 500, 900, 990, 999, 1000, 500.5));
        assertThat(Stats.percentile(new long[] {7}, 99.9)).isEqualTo(7);
        assertThatThrownBy(() -> Stats.latency(new long[0])).hasMessage("no samples: samples.length=0");
    }

    @Test
    void shouldTakeEachStatisticsMedianOverRounds() {
        final List<Stats.Latency> rounds = List.of(new Stats.Latency(10, 5, 9, 30, 40, 90, 6.0),
                new Stats.Latency(10, 7, 8, 10, 50, 70, 8.0), new Stats.Latency(10, 6, 10, 20, 60, 80, 7.0));

        assertThat(Stats.medianOfRounds(rounds)).isEqualTo(new Stats.Latency(30, 6, 9, 20, 50, 80, 7.0));
        assertThat(Stats.medianRate(List.of(new Stats.Rate(100, 2), new Stats.Rate(100, 1), new Stats.Rate(100, 3))))
                .isEqualTo(new Stats.Rate(100, 2));
        assertThat(Stats.medianRate(List.of(new Stats.Rate(100, 1), new Stats.Rate(100, 2))))
                .as("an even number of rounds: the lower middle rate").isEqualTo(new Stats.Rate(100, 2));
        // issue 10 §6 (fill ≥ 80 % of memset in the same run): rounds with an interleaved baseline rank by the ratio
        final Stats.Rate fastButLow = new Stats.Rate(100, 1, 1);   // 100 % of a fast baseline
        final Stats.Rate slowButHigh = new Stats.Rate(100, 4, 8);  // 200 %
        final Stats.Rate middle = new Stats.Rate(100, 2, 3);       // 150 %
        assertThat(Stats.medianRate(List.of(fastButLow, slowButHigh, middle))).isEqualTo(middle);
    }

    @Test
    void shouldReadBackTheLineAClientPrints() {
        final Stats.Latency latency = new Stats.Latency(200_000, 7_000, 8_000, 20_000, 60_000, 900_000, 7512.25);
        final Stats.Rate rate = new Stats.Rate(1_000_000, 2_500_000_000L);

        assertThat(Stats.parse(latency.line())).isEqualTo(latency);
        assertThat(Stats.parse(rate.line())).isEqualTo(rate);
        assertThat(rate.perSecond()).isEqualTo(400_000.0);
        final Stats.Rate fill = new Stats.Rate(1 << 20, 2_000, 1_600);
        assertThat(Stats.parse(fill.line())).isEqualTo(fill);
        assertThat(fill.ofBaseline()).isEqualTo(0.8);
        assertThat(fill.baselinePerSecond()).isEqualTo((1 << 20) * 1e9 / 1_600);
        assertThatThrownBy(() -> Stats.parse("RESULT latency count=1")).hasMessageStartingWith(
                "malformed result line: line=RESULT latency count=1");
    }
}
