package org.iokit4j.benchmarks.ipc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The harness's command line (issue 9, deliverable 8): its defaults, every option, and explained mistakes. */
class OptionsTest {

    @Test
    void shouldDefaultToEveryLegAndTheScalarCallsWireSizes() {
        final Options o = Options.parse();

        assertThat(o.legs()).containsExactly("raw", "grpc", "iokit4j", "raw-oneway", "iokit4j-async",
                "iokit4j-stream", "raw-shm", "ring-spin", "ring-backoff", "ring-block", "direct-spin",
                "direct-backoff", "direct-block", "process-stream", "memset-64m", "fill-64m");
        assertThat(List.of(o.rounds(), o.warmup(), o.count(), o.streamWarmup(), o.streamCount()))
                .containsExactly(3, 20_000, 200_000, 100_000, 1_000_000);
        assertThat(List.of(o.requestBytes(), o.replyBytes(), o.messageBytes())).containsExactly(96, 64, 88);
        assertThat(o.grpcExecutor()).isEqualTo("direct");
        assertThat(o.json()).isNull();
        assertThat(o.dext()).isNull();
    }

    @Test
    void shouldReadEveryOption() {
        final Options o = Options.parse("--legs", "grpc,raw", "--rounds", "5", "--warmup", "1", "--count", "2_000",
                "--stream-warmup", "3", "--stream-count", "4,000", "--request-bytes", "100", "--reply-bytes", "70",
                "--message-bytes", "90", "--grpc-executor", "default", "--dext", "d.jar", "--jvm-arg", "-Xmx1g",
                "--jvm-arg", "-XX:+UseSerialGC", "--timeout", "60", "--json", "out.json");

        assertThat(o).isEqualTo(new Options(List.of("grpc", "raw"), 5, 1, 2_000, 3, 4_000, 100, 70, 90, "default",
                Path.of("d.jar"), List.of("-Xmx1g", "-XX:+UseSerialGC"), Duration.ofSeconds(60), Path.of("out.json")));
    }

    @Test
    void shouldExplainAWrongCommandLine() {
        assertThatThrownBy(() -> Options.parse("--legs", "raw,ftp"))
                .hasMessage("unknown leg: leg=ftp, known=" + Options.ALL_LEGS);
        assertThatThrownBy(() -> Options.parse("--count")).hasMessage("option without a value: option=--count");
        assertThatThrownBy(() -> Options.parse("--count", "lots"))
                .hasMessage("not a whole number: option=--count, value=lots");
        assertThatThrownBy(() -> Options.parse("--reply-bytes", "4"))
                .hasMessage("too small: option=reply-bytes, value=4, least=8");
        assertThatThrownBy(() -> Options.parse("--grpc-executor", "forkjoin")).hasMessage(
                "unknown gRPC executor: option=grpc-executor, value=forkjoin, known=[direct, default]");
        assertThatThrownBy(() -> Options.parse("--verbose", "yes")).hasMessageStartingWith(
                "unknown option: option=--verbose");
    }
}
