package org.iokit4j.examples.thermometer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The two apps {@code scripts/thermometer.sh} runs, run here as a task of an isolated kernel: each reads, sets a
 * threshold, waits for the crossing's completion and copies the history (docs/guide-first-dext.md "Run it").
 */
class ThermometerAppsTest {
    private static ThermometerKernel fixture;

    @BeforeAll
    static void boot() {
        fixture = new ThermometerKernel("thermometer-apps-test");
    }

    @AfterAll
    static void shutDown() {
        fixture.close();
    }

    @Test
    void shouldRunTheFaithfulApp() {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final int status = fixture.asApp(() -> ThermometerApp.run(new PrintStream(bytes, true, StandardCharsets.UTF_8)));
        assertOutput(status, bytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void shouldRunTheJavaLayerApp() {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final int status = fixture.asApp(() ->
                ThermometerJavaApp.run(new PrintStream(bytes, true, StandardCharsets.UTF_8)));
        assertOutput(status, bytes.toString(StandardCharsets.UTF_8));
    }

    private static void assertOutput(int status, String out) {
        assertThat(status).as(out).isZero();
        assertThat(out.lines().toList()).as(out).hasSize(5)
                .satisfiesExactly(
                        line -> assertThat(line).matches("Published Temperature: \\d+ m°C"),
                        line -> assertThat(line).matches("Temperature: \\d+ m°C"),
                        line -> assertThat(line).matches("Threshold: \\d+ m°C"),
                        line -> assertThat(line).matches("Crossed (upwards|downwards): \\d+ m°C"),
                        line -> assertThat(line).matches("History: \\d+ samples \\(65536 bytes\\), from \\d+ to \\d+ m°C"));
    }
}
