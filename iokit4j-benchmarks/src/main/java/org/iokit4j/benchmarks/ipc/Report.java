package org.iokit4j.benchmarks.ipc;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What one {@link IpcBench} run measured, and its two renderings: a Markdown summary (latency legs in µs, stream
 * legs in messages per second, each value the median over rounds, with the ratio to the leg's raw baseline) and
 * JSON (the same plus every round).
 *
 * @param options   the run's settings
 * @param legs      each leg's rounds, or why it was skipped or failed, in {@code --legs} order
 * @param directory the private directory the run used (deleted by the time the report exists)
 * @param loadBefore the 1-, 5- and 15-minute load averages before the first round
 * @param loadAfter  the same after the last round
 * @param idle       what the idle-CPU probe measured ({@link IdleProbe}), empty if it did not run
 * @param directIdle what the idle-CPU probe measured of the direct path (driver server, app), empty if not run
 * @param idleWindow the probe's window
 */
record Report(Options options, List<LegResult> legs, Path directory, String loadBefore, String loadAfter,
              List<IdleProbe.Result> idle, List<IdleProbe.Result> directIdle, java.time.Duration idleWindow) {

    /**
     * One leg's results, filled in as the rounds run.
     *
     * <p><b>Concurrency.</b> Filled by the harness's one thread.
     */
    static final class LegResult {
        final Leg leg;
        final List<Stats.Result> rounds = new ArrayList<>();
        String skipped;
        String failed;

        LegResult(Leg leg) {
            this.leg = leg;
        }

        /** {@return the median over the rounds, or {@code null} if no round produced a result} */
        Stats.Result summary() {
            if (rounds.isEmpty()) {
                return null;
            }
            return leg.latency() ? Stats.medianOfRounds(rounds.stream().map(Stats.Latency.class::cast).toList())
                    : Stats.medianRate(rounds.stream().map(Stats.Rate.class::cast).toList());
        }

        /** {@return the leg's name} */
        String name() {
            return leg.name();
        }
    }

    /** {@return the Markdown summary: tables of the legs run, then a line per skipped or failed leg} */
    String markdown() {
        final StringBuilder md = new StringBuilder();
        if (legs.stream().anyMatch(r -> r.leg.latency())) {
            md.append(String.format(Locale.ROOT, "Round trips: %,d timed after %,d warm-up per leg and round;"
                    + " request %d B, reply %d B; gRPC server executor: %s; %d round(s), legs alternating; each value"
                    + " the median over rounds.\n\n", options.count(), options.warmup(), options.requestBytes(),
                    options.replyBytes(), options.grpcExecutor(), options.rounds()));
            md.append("| leg | median µs | p90 µs | p99 µs | p99.9 µs | max µs | mean µs | median ÷ raw |"
                    + " median ÷ raw-shm |\n");
            md.append("|---|--:|--:|--:|--:|--:|--:|--:|--:|\n");
            final Stats.Latency raw = (Stats.Latency) summaryOf("raw");
            for (LegResult r : legs) {
                if (r.leg.latency()) {
                    md.append(latencyRow(r, raw, (Stats.Latency) summaryOf("raw-shm")));
                }
            }
            md.append('\n');
        }
        if (legs.stream().anyMatch(r -> !r.leg.latency())) {
            md.append(String.format(Locale.ROOT, "Streams: %,d messages or completions timed after %,d warm-up per"
                    + " leg and round; message %d B; each value the median over rounds.\n\n",
                    options.streamCount(), options.streamWarmup(), options.messageBytes()));
            md.append("| leg | per second | ÷ raw-oneway | interleaved baseline per second (this ÷ it) |\n"
                    + "|---|--:|--:|--:|\n");
            final Stats.Rate raw = (Stats.Rate) summaryOf("raw-oneway");
            for (LegResult r : legs) {
                if (!r.leg.latency()) {
                    md.append(rateRow(r, raw));
                }
            }
            md.append('\n');
        }
        if (!idle.isEmpty()) {
            md.append(IdleProbe.markdown(idle, idleWindow));
        }
        if (!directIdle.isEmpty()) {
            md.append(IdleProbe.markdown(directIdle, idleWindow, true));
        }
        md.append("Load average (1, 5, 15 min): ").append(loadBefore).append(" before, ").append(loadAfter)
                .append(" after; ").append(Runtime.getRuntime().availableProcessors()).append(" CPUs; Java ")
                .append(Runtime.version()).append(".\n");
        for (LegResult r : legs) {
            if (r.skipped != null) {
                md.append('\n').append(r.name()).append(": skipped (").append(r.skipped).append(")\n");
            }
            if (r.failed != null) {
                md.append('\n').append(r.name()).append(": FAILED\n```\n").append(r.failed).append("\n```\n");
            }
        }
        return md.toString();
    }

    /** {@return the results as JSON: settings, load, and per leg its summary, rounds, or why it did not run} */
    String json() {
        final StringBuilder json = new StringBuilder("{\n");
        json.append(String.format(Locale.ROOT, "  \"settings\": {\"rounds\": %d, \"warmup\": %d, \"count\": %d,"
                + " \"streamWarmup\": %d, \"streamCount\": %d, \"requestBytes\": %d, \"replyBytes\": %d,"
                + " \"messageBytes\": %d, \"grpcExecutor\": %s, \"jvmArgs\": %s},\n", options.rounds(),
                options.warmup(), options.count(), options.streamWarmup(), options.streamCount(),
                options.requestBytes(), options.replyBytes(), options.messageBytes(), string(options.grpcExecutor()),
                strings(options.jvmArgs())));
        json.append("  \"environment\": {\"java\": ").append(string(Runtime.version().toString()))
                .append(", \"cpus\": ").append(Runtime.getRuntime().availableProcessors())
                .append(", \"loadBefore\": ").append(string(loadBefore))
                .append(", \"loadAfter\": ").append(string(loadAfter)).append("},\n");
        json.append("  \"legs\": [");
        for (int i = 0; i < legs.size(); i++) {
            json.append(i == 0 ? "\n" : ",\n").append("    ").append(legJson(legs.get(i)));
        }
        return json.append("\n  ]\n}\n").toString();
    }

    private Stats.Result summaryOf(String name) {
        return legs.stream().filter(r -> r.name().equals(name)).findFirst().map(LegResult::summary).orElse(null);
    }

    private static String latencyRow(LegResult r, Stats.Latency raw, Stats.Latency rawShm) {
        final Stats.Latency s = (Stats.Latency) r.summary();
        if (s == null) {
            return "| " + r.name() + " | " + (r.skipped != null ? "skipped" : "failed") + " | | | | | | | |\n";
        }
        return String.format(Locale.ROOT, "| %s | %.2f | %.2f | %.2f | %.2f | %.1f | %.2f | %s | %s |\n", r.name(),
                micros(s.median()), micros(s.p90()), micros(s.p99()), micros(s.p999()), micros(s.max()),
                s.mean() / 1e3, ratio(s, raw), ratio(s, rawShm));
    }

    private static String ratio(Stats.Latency s, Stats.Latency base) {
        return base == null ? "–" : String.format(Locale.ROOT, "%.2f", (double) s.median() / base.median());
    }

    private static String rateRow(LegResult r, Stats.Rate raw) {
        final Stats.Rate s = (Stats.Rate) r.summary();
        if (s == null) {
            return "| " + r.name() + " | " + (r.skipped != null ? "skipped" : "failed") + " | | |\n";
        }
        return String.format(Locale.ROOT, "| %s | %,.0f | %s | %s |\n", r.name(), s.perSecond(),
                raw == null ? "–" : String.format(Locale.ROOT, "%.2f", s.perSecond() / raw.perSecond()),
                s.hasBaseline() ? String.format(Locale.ROOT, "%,.0f (%.0f %%)", s.baselinePerSecond(),
                        100 * s.ofBaseline()) : "–");
    }

    private static String legJson(LegResult r) {
        final StringBuilder json = new StringBuilder("{\"leg\": ").append(string(r.name()));
        if (r.skipped != null) {
            json.append(", \"skipped\": ").append(string(r.skipped));
        }
        if (r.failed != null) {
            json.append(", \"failed\": ").append(string(r.failed));
        }
        if (r.summary() != null) {
            json.append(", \"median\": ").append(resultJson(r.summary())).append(", \"rounds\": [");
            for (int i = 0; i < r.rounds.size(); i++) {
                json.append(i == 0 ? "" : ", ").append(resultJson(r.rounds.get(i)));
            }
            json.append(']');
        }
        return json.append('}').toString();
    }

    private static String resultJson(Stats.Result result) {
        return switch (result) {
            case Stats.Latency s -> String.format(Locale.ROOT, "{\"count\": %d, \"medianUs\": %.3f, \"p90Us\": %.3f,"
                    + " \"p99Us\": %.3f, \"p999Us\": %.3f, \"maxUs\": %.3f, \"meanUs\": %.3f}", s.count(),
                    micros(s.median()), micros(s.p90()), micros(s.p99()), micros(s.p999()), micros(s.max()),
                    s.mean() / 1e3);
            case Stats.Rate s -> String.format(Locale.ROOT, "{\"count\": %d, \"nanos\": %d, \"perSecond\": %.1f%s}",
                    s.count(), s.nanos(), s.perSecond(), s.hasBaseline() ? String.format(Locale.ROOT,
                            ", \"baselineNanos\": %d, \"baselinePerSecond\": %.1f, \"ofBaseline\": %.4f",
                            s.baselineNanos(), s.baselinePerSecond(), s.ofBaseline()) : "");
        };
    }

    private static double micros(long nanos) {
        return nanos / 1e3;
    }

    private static String strings(List<String> values) {
        return values.stream().map(Report::string).reduce((a, b) -> a + ", " + b).map(s -> "[" + s + "]")
                .orElse("[]");
    }

    /** {@return {@code value} as a JSON string} */
    static String string(String value) {
        final StringBuilder json = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                default -> {
                    if (c < 0x20) {
                        json.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        return json.append('"').toString();
    }
}
