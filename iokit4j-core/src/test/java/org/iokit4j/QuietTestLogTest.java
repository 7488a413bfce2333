package org.iokit4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.logging.ConsoleHandler;
import java.util.logging.FileHandler;
import java.util.logging.Handler;
import java.util.logging.Logger;
import org.iokit4j.testsupport.LogCapture;
import org.junit.jupiter.api.Test;

/**
 * Tests that fail on purpose do not print warnings into the build log, and tests that assert on warnings still see
 * them (issue 12 §6): the test JVMs' JUL configuration ({@code .mvn/test-logging.properties}) sends records to
 * {@code target/test-warnings.N.log}, not the console.
 */
class QuietTestLogTest {

    @Test
    void shouldLogWarningsToAFileUnderTargetAndNotToTheConsole() throws Exception {
        final Handler[] handlers = Logger.getLogger("").getHandlers();
        assertThat(handlers).noneMatch(h -> h instanceof ConsoleHandler);
        assertThat(handlers).anyMatch(h -> h instanceof FileHandler);
        Diagnostics.warn("QuietTestLogTest: a warning on purpose");
        Arrays.stream(handlers).forEach(Handler::flush);
        try (var logs = Files.list(Path.of("target"))) {
            assertThat(logs.filter(p -> p.getFileName().toString().matches("test-warnings\\.\\d+\\.log"))
                    .anyMatch(p -> read(p).contains("QuietTestLogTest: a warning on purpose"))).isTrue();
        }
    }

    @Test
    void shouldStillLetATestSeeTheWarnings() {
        try (LogCapture capture = new LogCapture()) {
            Diagnostics.warn("QuietTestLogTest: seen by LogCapture");
            assertThat(capture.warningsContaining("seen by LogCapture")).hasSize(1);
        }
    }

    private static String read(Path path) {
        try {
            return Files.readString(path);
        } catch (java.io.IOException unreadable) {
            return "";
        }
    }
}
