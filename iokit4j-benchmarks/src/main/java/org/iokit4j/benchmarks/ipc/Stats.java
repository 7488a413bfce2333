package org.iokit4j.benchmarks.ipc;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * The statistics of the harness: what one round of a leg measured ({@link Latency} of round trips, or the
 * {@link Rate} of a stream), the one-line form a client JVM reports it in, and the median over rounds.
 *
 * <p>Percentiles are exact, by the nearest-rank method over every sample kept in a sorted {@code long[]} (200,000
 * samples are 1.6 MB): the p-th percentile is the smallest sample with at least p % of the samples at or below it.
 */
final class Stats {
    /** The prefix of the one line a client JVM prints its round's result on. */
    static final String RESULT = "RESULT ";

    private Stats() {
    }

    /** What a round (or the median over rounds) measured. */
    sealed interface Result permits Latency, Rate {
        /** {@return the line a client prints for this result, starting with {@link #RESULT}} */
        String line();
    }

    /**
     * Round-trip latencies, in nanoseconds.
     *
     * @param count  timed round trips
     * @param median the 50th percentile
     * @param p90    the 90th percentile
     * @param p99    the 99th percentile
     * @param p999   the 99.9th percentile
     * @param max    the slowest round trip
     * @param mean   the arithmetic mean
     */
    record Latency(long count, long median, long p90, long p99, long p999, long max, double mean)
            implements Result {
        @Override
        public String line() {
            return RESULT + "latency count=" + count + " median=" + median + " p90=" + p90 + " p99=" + p99
                    + " p999=" + p999 + " max=" + max + " mean=" + mean;
        }
    }

    /**
     * A stream's rate, and optionally the rate of a baseline the same client measured interleaved with it.
     *
     * @param count         messages, completions or bytes timed
     * @param nanos         the time they took
     * @param baselineNanos the time the client's baseline took for as many (0: none): the {@code fill-64m} client
     *                      times a memset of its own memory between its fill calls, so both see the same machine
     */
    record Rate(long count, long nanos, long baselineNanos) implements Result {
        /** A rate with no baseline. */
        Rate(long count, long nanos) {
            this(count, nanos, 0);
        }

        /** {@return messages or completions per second} */
        double perSecond() {
            return count * 1e9 / nanos;
        }

        /** {@return whether the client measured a baseline with it} */
        boolean hasBaseline() {
            return baselineNanos > 0;
        }

        /** {@return the baseline's count per second} (only if {@link #hasBaseline()}) */
        double baselinePerSecond() {
            return count * 1e9 / baselineNanos;
        }

        /** {@return this rate over its baseline's} (only if {@link #hasBaseline()}) */
        double ofBaseline() {
            return (double) baselineNanos / nanos;
        }

        @Override
        public String line() {
            return RESULT + "rate count=" + count + " nanos=" + nanos + (hasBaseline() ? " baselineNanos="
                    + baselineNanos : "");
        }
    }

    /** {@return the latency statistics of {@code samples}} (nanoseconds; sorted in place; at least one). */
    static Latency latency(long[] samples) {
        if (samples.length == 0) {
            throw new IllegalArgumentException("no samples: samples.length=0");
        }
        Arrays.sort(samples);
        double sum = 0;
        for (long sample : samples) {
            sum += sample;
        }
        return new Latency(samples.length, percentile(samples, 50), percentile(samples, 90),
                percentile(samples, 99), percentile(samples, 99.9), samples[samples.length - 1],
                sum / samples.length);
    }

    /** {@return the nearest-rank {@code p}-th percentile of {@code sorted}} */
    static long percentile(long[] sorted, double p) {
        // the epsilon keeps binary rounding from lifting an exact rank (99.9 % of 1,000 is 999, not 1,000)
        final int rank = (int) Math.ceil(p / 100 * sorted.length - 1e-9);
        return sorted[Math.max(rank, 1) - 1];
    }

    /**
     * {@return each statistic's median over the rounds} (the middle round's value, or the mean of the two middle
     * values for an even number of rounds); {@code count} is the rounds' total.
     */
    static Latency medianOfRounds(List<Latency> rounds) {
        return new Latency(rounds.stream().mapToLong(Latency::count).sum(), median(rounds, Latency::median),
                median(rounds, Latency::p90), median(rounds, Latency::p99), median(rounds, Latency::p999),
                median(rounds, Latency::max), meanMedian(rounds));
    }

    /**
     * {@return the round whose rate is the median}: the lower middle one for an even number of rounds. Rounds with a
     * baseline are ranked by their ratio to it, the figure such a leg is for.
     */
    static Rate medianRate(List<Rate> rounds) {
        final Rate[] sorted = rounds.toArray(Rate[]::new);
        Arrays.sort(sorted, java.util.Comparator.comparingDouble(r -> r.hasBaseline() ? r.ofBaseline()
                : r.perSecond()));
        return sorted[(sorted.length - 1) / 2];
    }

    /**
     * Parses a client's result line.
     *
     * @throws IllegalArgumentException naming the line when it is not one {@link Result#line()} prints
     */
    static Result parse(String line) {
        final String[] words = line.substring(line.startsWith(RESULT) ? RESULT.length() : 0).split(" ");
        final Map<String, String> values = new HashMap<>();
        for (int i = 1; i < words.length; i++) {
            final int equals = words[i].indexOf('=');
            if (equals > 0) {
                values.put(words[i].substring(0, equals), words[i].substring(equals + 1));
            }
        }
        try {
            return switch (words[0]) {
                case "latency" -> new Latency(Long.parseLong(values.get("count")),
                        Long.parseLong(values.get("median")), Long.parseLong(values.get("p90")),
                        Long.parseLong(values.get("p99")), Long.parseLong(values.get("p999")),
                        Long.parseLong(values.get("max")), Double.parseDouble(values.get("mean")));
                case "rate" -> new Rate(Long.parseLong(values.get("count")), Long.parseLong(values.get("nanos")),
                        Long.parseLong(values.getOrDefault("baselineNanos", "0")));
                default -> throw new IllegalArgumentException("not a result line: line=" + line);
            };
        } catch (NullPointerException | NumberFormatException e) {
            throw new IllegalArgumentException("malformed result line: line=" + line, e);
        }
    }

    private static long median(List<Latency> rounds, ToLongFunction<Latency> statistic) {
        final long[] values = rounds.stream().mapToLong(statistic).sorted().toArray();
        final int middle = values.length / 2;
        return values.length % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }

    private static double meanMedian(List<Latency> rounds) {
        final double[] values = rounds.stream().mapToDouble(Latency::mean).sorted().toArray();
        final int middle = values.length / 2;
        return values.length % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }
}
