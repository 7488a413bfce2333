package org.iokit4j.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.iokit4j.Failure;
import org.iokit4j.IOReturn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Restarting driver servers that died (issue 10 §4: "a back-off and a crash limit like launchd's"). */
class ServerRestartsTest {

    @Test
    void shouldRestartUntilTheCrashLimitThenRefuseWithWhy() throws Exception {
        try (ServerRestarts restarts = new ServerRestarts(new RestartPolicy(Duration.ZERO, 2, Duration.ofDays(1)))) {
            for (int death = 1; death <= 2; death++) {
                final CountDownLatch restarted = new CountDownLatch(1);
                restarts.launched("s");
                assertThat(restarts.died("s", restarted::countDown)).isNull();
                assertThat(restarted.await(30, TimeUnit.SECONDS)).as("death %d is restarted", death).isTrue();
            }
            final Failure refused = restarts.died("s", () -> {
                throw new AssertionError("restarted past the crash limit");
            });
            assertThat(refused.code()).isEqualTo(IOReturn.kIOReturnOffline);
            assertThat(refused.explanation()).contains("driver server 's' died 3 times").contains("crash limit of 2")
                    .contains("kMaxDextCrashesInOneDay");
            assertThat(restarts.recentDeaths("s")).isEqualTo(3);
            assertThat(restarts.recentDeaths("other")).as("counted per server").isZero();
        }
    }

    @Test
    void shouldForgetDeathsOlderThanTheWindow() throws Exception {
        try (ServerRestarts restarts = new ServerRestarts(new RestartPolicy(Duration.ZERO, 0, Duration.ZERO))) {
            assertThat(restarts.died("s", () -> { })).as("a crash limit of 0 restarts nothing").isNotNull();
        }
        try (ServerRestarts restarts = new ServerRestarts(new RestartPolicy(Duration.ZERO, 1, Duration.ofNanos(1)))) {
            final CountDownLatch restarted = new CountDownLatch(2);
            assertThat(restarts.died("s", restarted::countDown)).isNull();
            Thread.sleep(2); // the first death leaves the 1 ns window
            assertThat(restarts.died("s", restarted::countDown)).as("the old death no longer counts").isNull();
            assertThat(restarted.await(30, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void shouldRefuseToRestartOnceClosed() {
        final ServerRestarts restarts = new ServerRestarts(RestartPolicy.DEFAULT);
        restarts.close();
        assertThat(restarts.died("s", () -> { }).explanation()).contains("the kernel is closing");
    }

    @ParameterizedTest
    @CsvSource({"250ms, 250", "10s, 10000", "5m, 300000", "2h, 7200000", "1d, 86400000"})
    void shouldParseDurations(String text, long millis) {
        assertThat(RestartPolicy.duration(text)).isEqualTo(Duration.ofMillis(millis));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "10", "s", "10y", "ten s", "-"})
    void shouldRefuseABadDurationNamingIt(String text) {
        assertThatThrownBy(() -> RestartPolicy.duration(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("duration '" + text + "'");
    }

    @Test
    void shouldParseACrashLimitAndRefuseABadOne() {
        assertThat(RestartPolicy.DEFAULT.withCrashLimit("100/60s")).isEqualTo(new RestartPolicy(Duration.ofSeconds(10),
                100, Duration.ofSeconds(60)));
        assertThat(RestartPolicy.DEFAULT).as("launchd's 10 s throttle, XNU's 3 crashes a day")
                .isEqualTo(new RestartPolicy(Duration.ofSeconds(10), 3, Duration.ofDays(1)));
        assertThatThrownBy(() -> RestartPolicy.DEFAULT.withCrashLimit("3")).hasMessageContaining("COUNT/DURATION");
        assertThatThrownBy(() -> new RestartPolicy(Duration.ofSeconds(-1), 3, Duration.ZERO))
                .hasMessageContaining("none may be negative");
    }
}
