package org.iokit4j.benchmarks.ipc;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The settings of one {@link IpcBench} run, parsed from its command line; the wire sizes every leg shares are
 * defined here and nowhere else.
 *
 * <pre>
 *   --legs raw,grpc,iokit4j,raw-oneway,iokit4j-async,iokit4j-stream,raw-shm,ring-spin,ring-backoff,ring-block
 *                          legs to run (default: all, in this order)
 *   --rounds N             rounds, legs alternating within each (default 3)
 *   --warmup N             round trips before timing, per leg and round (default 20,000)
 *   --count N              timed round trips, per leg and round (default 200,000)
 *   --stream-warmup N      messages or completions before timing, stream legs (default 100,000)
 *   --stream-count N       timed messages or completions, stream legs (default 1,000,000)
 *   --request-bytes N      round-trip request size (default {@value #SCALAR_CALL_REQUEST_BYTES})
 *   --reply-bytes N        round-trip reply size (default {@value #SCALAR_CALL_REPLY_BYTES})
 *   --message-bytes N      one-way message size (default {@value #ASYNC_COMPLETION_BYTES})
 *   --grpc-executor E     where the gRPC server runs its handler: direct (default) or default (gRPC's pool)
 *   --dext PATH            the bench dext handed to the daemon (default: where BenchDriver was loaded from)
 *   --jvm-arg ARG          an extra option for every child JVM, the driver servers a daemon starts included
 *                          (repeatable)
 *   --timeout SECONDS      limit for one leg's round, children started to result (default 600)
 *   --json FILE            also write the results as JSON
 * </pre>
 *
 * @param legs          the legs to run, by {@link Leg#name()}
 * @param rounds        how many times each leg runs
 * @param warmup        untimed round trips before the timed ones
 * @param count         timed round trips
 * @param streamWarmup  untimed messages or completions before the timed ones
 * @param streamCount   timed messages or completions
 * @param requestBytes  bytes a round trip sends
 * @param replyBytes    bytes a round trip receives
 * @param messageBytes  bytes of one one-way message
 * @param grpcExecutor  {@code direct}: the gRPC server answers on its event loop ({@code directExecutor()}, gRPC's
 *                      fastest setting for a handler that never blocks); {@code default}: on gRPC's default
 *                      executor, a cached thread pool (what a server gets unless told otherwise)
 * @param dext          the bench dext for the daemon, or {@code null} for the default
 * @param jvmArgs       extra options for every child JVM
 * @param timeout       limit for one leg's round
 * @param json          where to write the JSON results, or {@code null}
 */
record Options(List<String> legs, int rounds, int warmup, int count, int streamWarmup, int streamCount,
               int requestBytes, int replyBytes, int messageBytes, String grpcExecutor, Path dext, List<String> jvmArgs,
               Duration timeout, Path json) {

    /**
     * Bytes of an {@code IOConnectCallScalarMethod} request (2 scalar inputs, 1 output) on iokit4j's wire: the
     * raw and gRPC legs send exactly this much, so they move the same bytes as the call they are compared with.
     */
    static final int SCALAR_CALL_REQUEST_BYTES = 96;
    /** Bytes of the reply to that call on iokit4j's wire. */
    static final int SCALAR_CALL_REPLY_BYTES = 64;
    /** Bytes of one async completion message (one completion argument) on iokit4j's wire. */
    static final int ASYNC_COMPLETION_BYTES = 88;
    /** The smallest message: every leg's messages carry an 8-byte sequence number the other side checks. */
    static final int MIN_BYTES = Long.BYTES;
    /** The values of {@code --grpc-executor}. */
    static final List<String> GRPC_EXECUTORS = List.of("direct", "default");
    /** Every leg, in the order a round runs them by default. */
    static final List<String> ALL_LEGS = List.of("raw", "grpc", "iokit4j", "raw-oneway", "iokit4j-async",
            "iokit4j-stream", "raw-shm", "ring-spin", "ring-backoff", "ring-block", "direct-spin", "direct-backoff",
            "direct-block", "process-stream", "memset-64m", "fill-64m");

    Options {
        legs = List.copyOf(legs);
        jvmArgs = List.copyOf(jvmArgs);
        for (String leg : legs) {
            if (!ALL_LEGS.contains(leg)) {
                throw new IllegalArgumentException("unknown leg: leg=" + leg + ", known=" + ALL_LEGS);
            }
        }
        if (!GRPC_EXECUTORS.contains(grpcExecutor)) {
            throw new IllegalArgumentException("unknown gRPC executor: option=grpc-executor, value=" + grpcExecutor
                    + ", known=" + GRPC_EXECUTORS);
        }
        positive("rounds", rounds);
        positive("count", count);
        positive("stream-count", streamCount);
        notNegative("warmup", warmup);
        notNegative("stream-warmup", streamWarmup);
        atLeast("request-bytes", requestBytes, MIN_BYTES);
        atLeast("reply-bytes", replyBytes, MIN_BYTES);
        atLeast("message-bytes", messageBytes, MIN_BYTES);
    }

    /** {@return the defaults: every leg, 3 rounds, 20,000 + 200,000 round trips, 100,000 + 1,000,000 messages} */
    static Options defaults() {
        return new Options(ALL_LEGS, 3, 20_000, 200_000, 100_000, 1_000_000, SCALAR_CALL_REQUEST_BYTES,
                SCALAR_CALL_REPLY_BYTES, ASYNC_COMPLETION_BYTES, "direct", null, List.of(), Duration.ofSeconds(600),
                null);
    }

    /**
     * Parses a command line over {@link #defaults()}.
     *
     * @throws IllegalArgumentException naming the option and value when an option is unknown, lacks its value,
     *                                  or its value is not allowed
     */
    static Options parse(String... args) {
        Options o = defaults();
        final List<String> jvmArgs = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            final String name = args[i];
            if (i + 1 == args.length) {
                throw new IllegalArgumentException("option without a value: option=" + name);
            }
            final String value = args[++i];
            o = switch (name) {
                case "--legs" -> o.withLegs(Arrays.asList(value.split(",")));
                case "--rounds" -> o.withRounds(number(name, value));
                case "--warmup" -> o.withCounts(number(name, value), o.count, o.streamWarmup, o.streamCount);
                case "--count" -> o.withCounts(o.warmup, number(name, value), o.streamWarmup, o.streamCount);
                case "--stream-warmup" -> o.withCounts(o.warmup, o.count, number(name, value), o.streamCount);
                case "--stream-count" -> o.withCounts(o.warmup, o.count, o.streamWarmup, number(name, value));
                case "--request-bytes" -> o.withSizes(number(name, value), o.replyBytes, o.messageBytes);
                case "--reply-bytes" -> o.withSizes(o.requestBytes, number(name, value), o.messageBytes);
                case "--message-bytes" -> o.withSizes(o.requestBytes, o.replyBytes, number(name, value));
                case "--grpc-executor" -> o.withGrpcExecutor(value);
                case "--dext" -> o.withDext(Path.of(value));
                case "--jvm-arg" -> {
                    jvmArgs.add(value);
                    yield o;
                }
                case "--timeout" -> o.withTimeout(Duration.ofSeconds(number(name, value)));
                case "--json" -> o.withJson(Path.of(value));
                default -> throw new IllegalArgumentException("unknown option: option=" + name
                        + " (see the Javadoc of org.iokit4j.benchmarks.ipc.Options)");
            };
        }
        return o.withJvmArgs(jvmArgs);
    }

    /** {@return these options running {@code rounds} rounds} */
    Options withRounds(int rounds) {
        return new Options(legs, rounds, warmup, count, streamWarmup, streamCount, requestBytes, replyBytes,
                messageBytes, grpcExecutor, dext, jvmArgs, timeout, json);
    }

    /** {@return these options running the gRPC server's handler on {@code grpcExecutor}} */
    Options withGrpcExecutor(String grpcExecutor) {
        return new Options(legs, rounds, warmup, count, streamWarmup, streamCount, requestBytes, replyBytes,
                messageBytes, grpcExecutor, dext, jvmArgs, timeout, json);
    }

    /** {@return these options handing {@code dext} to the daemon} */
    Options withDext(Path dext) {
        return new Options(legs, rounds, warmup, count, streamWarmup, streamCount, requestBytes, replyBytes,
                messageBytes, grpcExecutor, dext, jvmArgs, timeout, json);
    }

    /** {@return these options giving every child JVM {@code jvmArgs}} */
    Options withJvmArgs(List<String> jvmArgs) {
        return new Options(legs, rounds, warmup, count, streamWarmup, streamCount, requestBytes, replyBytes,
                messageBytes, grpcExecutor, dext, jvmArgs, timeout, json);
    }

    /** {@return these options allowing {@code timeout} per leg and round} */
    Options withTimeout(Duration timeout) {
        return new Options(legs, rounds, warmup, count, streamWarmup, streamCount, requestBytes, replyBytes,
                messageBytes, grpcExecutor, dext, jvmArgs, timeout, json);
    }

    /** {@return these options running only {@code legs}} */
    Options withLegs(List<String> legs) {
        return new Options(legs, rounds, warmup, count, streamWarmup, streamCount, requestBytes, replyBytes,
                messageBytes, grpcExecutor, dext, jvmArgs, timeout, json);
    }

    /** {@return these options with other warm-up and timed counts} */
    Options withCounts(int warmup, int count, int streamWarmup, int streamCount) {
        return new Options(legs, rounds, warmup, count, streamWarmup, streamCount, requestBytes, replyBytes,
                messageBytes, grpcExecutor, dext, jvmArgs, timeout, json);
    }

    /** {@return these options with other message sizes} */
    Options withSizes(int requestBytes, int replyBytes, int messageBytes) {
        return new Options(legs, rounds, warmup, count, streamWarmup, streamCount, requestBytes, replyBytes,
                messageBytes, grpcExecutor, dext, jvmArgs, timeout, json);
    }

    /** {@return these options writing JSON to {@code json}} */
    Options withJson(Path json) {
        return new Options(legs, rounds, warmup, count, streamWarmup, streamCount, requestBytes, replyBytes,
                messageBytes, grpcExecutor, dext, jvmArgs, timeout, json);
    }

    private static int number(String option, String value) {
        try {
            return Integer.parseInt(value.replace("_", "").replace(",", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a whole number: option=" + option + ", value=" + value, e);
        }
    }

    private static void positive(String option, int value) {
        atLeast(option, value, 1);
    }

    private static void notNegative(String option, int value) {
        atLeast(option, value, 0);
    }

    private static void atLeast(String option, int value, int least) {
        if (value < least) {
            throw new IllegalArgumentException("too small: option=" + option + ", value=" + value
                    + ", least=" + least);
        }
    }
}
