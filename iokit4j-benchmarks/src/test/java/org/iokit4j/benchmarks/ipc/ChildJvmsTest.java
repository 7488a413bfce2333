package org.iokit4j.benchmarks.ipc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The harness's children end by pid in every path, and their directory goes with them (issue 9, deliverable 8):
 * a child that fails early, one that never answers, one that will not stop on {@code SIGTERM}.
 */
class ChildJvmsTest {

    @AfterEach
    void shouldLeaveNoChildAlive() {
        assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).toList())
                .as("child processes still alive").isEmpty();
    }

    @Test
    void shouldExplainAChildThatExitsBeforeItsReadyLine() throws Exception {
        final Path directory;
        try (ChildJvms jvms = ChildJvms.open(List.of())) {
            directory = jvms.directory();
            final Path unbindable = directory.resolve("missing").resolve("raw.sock"); // its directory does not exist
            final ChildJvms.Child server = jvms.start("raw-server", new RawLeg().server(unbindable,
                    Options.defaults()));

            assertThatThrownBy(() -> server.awaitLine(line -> line.startsWith(Leg.READY), "ready line",
                    Duration.ofSeconds(60)))
                    .isInstanceOf(ChildJvms.ChildFailure.class)
                    .hasMessageContaining("raw-server (pid " + server.pid() + ") exited before printing its ready"
                            + " line (exit status 1)")
                    .hasMessageContaining("err: raw server failed:");
        }
        assertThat(directory).doesNotExist();
    }

    @Test
    void shouldEndAChildThatNeverAnswersAndDeleteItsSocketAndDirectory() throws Exception {
        final Path directory;
        final Path socket;
        try (ChildJvms jvms = ChildJvms.open(List.of())) {
            directory = jvms.directory();
            socket = directory.resolve("raw.sock");
            final ChildJvms.Child server = jvms.start("raw-server", new RawLeg().server(socket, Options.defaults()));
            server.awaitLine(line -> new RawLeg().isReady(line, socket), "ready line", Duration.ofSeconds(60));
            assertThat(socket).exists();

            assertThatThrownBy(() -> server.awaitLine(line -> line.startsWith(Stats.RESULT), "result line",
                    Duration.ofMillis(200)))
                    .isInstanceOf(ChildJvms.ChildFailure.class)
                    .hasMessageContaining("printed no result line within 0.2 s");
            assertThat(ProcessHandle.of(server.pid())).isPresent(); // still serving: close() must end it
        }
        assertThat(socket).doesNotExist();
        assertThat(directory).doesNotExist();
    }

    @Test
    @Timeout(120)
    void shouldKillAChildThatDoesNotStopOnSigterm() throws Exception {
        try (ChildJvms jvms = ChildJvms.open(List.of())) {
            final ChildJvms.Child stubborn = jvms.start("stubborn", new ChildJvms.Spec(
                    StubbornChild.class.getName(), List.of(), List.of()));
            stubborn.awaitLine("ready"::equals, "ready line", Duration.ofSeconds(60));
            final long start = System.nanoTime();

            jvms.stop(stubborn);

            assertThat(ProcessHandle.of(stubborn.pid()).filter(ProcessHandle::isAlive)).isEmpty();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(ChildJvms.GRACE);
        }
    }

    /** A child whose shutdown never finishes, as a daemon stuck stopping its drivers would be. */
    public static final class StubbornChild {
        private StubbornChild() {
        }

        /** Prints {@code ready}, then waits forever; {@code SIGTERM} runs a hook that waits forever too. */
        public static void main(String[] args) throws InterruptedException {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    Thread.sleep(Long.MAX_VALUE);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
            System.out.println("ready");
            Thread.sleep(Long.MAX_VALUE);
        }
    }
}
