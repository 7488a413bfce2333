package org.iokit4j.examples.thermometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iokit4j.examples.thermometer.ThermometerShared.kFalling;
import static org.iokit4j.examples.thermometer.ThermometerShared.kReadTemperature;
import static org.iokit4j.examples.thermometer.ThermometerShared.kRising;
import static org.iokit4j.examples.thermometer.ThermometerShared.kSetThreshold;
import static org.iokit4j.examples.thermometer.ThermometerShared.kThermometerServiceName;
import static org.iokit4j.examples.thermometer.ThermometerShared.kWatchThreshold;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.iokit4j.client.Completion;
import org.iokit4j.client.Connection;
import org.iokit4j.client.NotificationPort;
import org.iokit4j.dispatch.DispatchQueue;
import org.iokit4j.junit.Entitlement;
import org.iokit4j.junit.IOKitTest;
import org.iokit4j.junit.ManualClock;
import org.iokit4j.junit.Service;
import org.junit.jupiter.api.Test;

/**
 * The thermometer tested with the JUnit extension and its manual clock (docs/guide-first-dext.md §9, docs/testing.md):
 * the driver's sampling timer fires only when the test advances the clock, so each crossing of the threshold arrives
 * at a known sample, with no waiting. One sample every 25 ms (the driver's period): sample {@code n} reads
 * {@code 20000 + 250 n} milli-degrees on the way up (docs/apple-behaviour.md §6.3: one kept action completes many
 * times).
 */
@IOKitTest(bundles = ThermometerKernel.BUNDLE, manualClock = true,
        entitlement = @Entitlement(key = "com.apple.developer.driverkit.userclient-access",
                values = ThermometerShared.kThermometerBundleIdentifier))
class ThermometerExtensionTest {
    private static final Duration ONE_SAMPLE = Duration.ofMillis(25);

    @Test
    void shouldReadTheSampleTheTimerTookLast(@Service(kThermometerServiceName) Connection thermometer,
                                             ManualClock clock) {
        assertThat(read(thermometer)).as("sample 0, taken in Start").isEqualTo(20_000);
        assertThat(clock.advance(ONE_SAMPLE)).as("the sampling timer fired once").isEqualTo(1);
        assertThat(read(thermometer)).isEqualTo(20_250);
        clock.advance(ONE_SAMPLE.multipliedBy(3));
        assertThat(read(thermometer)).isEqualTo(21_000);
    }

    @Test
    void shouldCompleteTheWatchAtTheSampleThatCrossesTheThreshold(
            @Service(kThermometerServiceName) Connection thermometer, ManualClock clock, NotificationPort port,
            DispatchQueue callbacks) {
        thermometer.call(kSetThreshold).scalars(20_600).invoke();
        final List<Completion> crossings = new CopyOnWriteArrayList<>();
        thermometer.call(kWatchThreshold).invokeAsync(port, crossings::add);

        clock.advance(ONE_SAMPLE.multipliedBy(2));                   // samples 1 and 2: 20250, 20500
        callbacks.drain();
        assertThat(crossings).as("below the threshold: nothing yet").isEmpty();

        clock.advance(ONE_SAMPLE);                                   // sample 3: 20750
        assertThat(callbacks.drain()).isEqualTo(1);
        assertThat(crossings).singleElement().satisfies(crossing -> {
            assertThat(crossing.succeeded()).isTrue();
            assertThat(crossing.args()).containsExactly(20_750, kRising);
        });

        clock.advance(ONE_SAMPLE.multipliedBy(SimulatedSensor.PERIOD - 5)); // up and down, to sample PERIOD - 2
        callbacks.drain();
        assertThat(crossings).hasSize(2);
        assertThat(crossings.get(1).args()).as("falling back below it").containsExactly(20_500, kFalling);
    }

    private static long read(Connection thermometer) {
        return thermometer.call(kReadTemperature).scalarOutputs(1).invoke().scalar(0);
    }
}
