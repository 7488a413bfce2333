package org.iokit4j.examples.thermometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.iokit4j.examples.thermometer.ThermometerShared.kCopyHistory;
import static org.iokit4j.examples.thermometer.ThermometerShared.kHistoryBytes;
import static org.iokit4j.examples.thermometer.ThermometerShared.kHistorySamples;
import static org.iokit4j.examples.thermometer.ThermometerShared.kReadTemperature;
import static org.iokit4j.examples.thermometer.ThermometerShared.kSetThreshold;
import static org.iokit4j.examples.thermometer.ThermometerShared.kTemperatureProperty;
import static org.iokit4j.examples.thermometer.ThermometerShared.kThermometerServiceName;

import java.lang.foreign.ValueLayout;
import org.iokit4j.IOReturn;
import org.iokit4j.IOReturnException;
import org.iokit4j.client.Connection;
import org.iokit4j.client.IOKit;
import org.iokit4j.client.MethodResult;
import org.iokit4j.client.Service;
import org.iokit4j.client.SharedBuffer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The thermometer through the Java layer ({@code org.iokit4j.client}), as {@link ThermometerJavaApp} uses it: typed
 * calls, the property, the 64 KiB history into a {@link SharedBuffer}, and refusals as {@link IOReturnException}s that
 * explain (docs/guide-first-dext.md; docs/large-buffers.md "Three kinds of memory"; apple-behaviour.md §6.4, §10.5).
 */
class ThermometerJavaLayerTest {
    private static ThermometerKernel fixture;

    @BeforeAll
    static void boot() {
        fixture = new ThermometerKernel("thermometer-java-layer-test");
    }

    @AfterAll
    static void shutDown() {
        fixture.close();
    }

    @Test
    void shouldReadTheTemperatureAndTheProperty() {
        final long[] read = fixture.asApp(() -> {
            final IOKit iokit = IOKit.system();
            try (Service service = iokit.service(IOKit.nameMatching(kThermometerServiceName)).orElseThrow();
                 Connection thermometer = service.open(0)) {
                return new long[] {thermometer.call(kReadTemperature).scalarOutputs(1).invoke().scalar(0),
                    ((Number) service.property(kTemperatureProperty)).longValue()};
            }
        });
        assertThat(read[0]).as("kReadTemperature").isBetween(SimulatedSensor.LOW, SimulatedSensor.HIGH);
        assertThat(read[1]).as("the published property").isBetween(SimulatedSensor.LOW, SimulatedSensor.HIGH);
    }

    @Test
    void shouldRoundTripTheHistoryThroughSharedMemory() {
        // 65536 bytes of SharedBuffer: the driver writes into the app's memory through structureOutputDescriptor
        final long[] checked = fixture.asApp(() -> {
            try (Connection thermometer = IOKit.connect(kThermometerServiceName);
                 SharedBuffer history = IOKit.system().allocate(kHistoryBytes)) {
                history.segment().fill((byte) 0x5A);
                final MethodResult result = thermometer.call(kCopyHistory).scalarOutputs(1)
                        .structureOutput(history.segment()).invoke();
                final long valid = result.scalar(0);
                long zerosAfter = 0;
                for (long i = valid; i < kHistorySamples; i++) {
                    zerosAfter += history.segment().getAtIndex(ValueLayout.JAVA_LONG, i) == 0 ? 1 : 0;
                }
                return new long[] {valid, result.structureSize(), zerosAfter,
                    history.segment().getAtIndex(ValueLayout.JAVA_LONG, valid - 1)};
            }
        });
        assertThat(checked[0]).isBetween(1L, (long) kHistorySamples);
        assertThat(checked[1]).as("the reported size stays the capacity (§6.4)").isEqualTo(kHistoryBytes);
        assertThat(checked[2]).as("zeros after the valid samples").isEqualTo(kHistorySamples - checked[0]);
        assertThat(checked[3]).as("the newest sample").isBetween(SimulatedSensor.LOW, SimulatedSensor.HIGH);
    }

    @Test
    void shouldExplainAWrongScalarCount() {
        // checkScalarInputCount(1): the exception carries the code and which check refused (§6.2)
        assertThatThrownBy(() -> fixture.asApp(() -> {
            try (Connection thermometer = IOKit.connect(kThermometerServiceName)) {
                return thermometer.call(kSetThreshold).scalars(1, 2).invoke();
            }
        })).rootCause().isInstanceOf(IOReturnException.class)
                .hasMessageContaining("checkScalarInputCount")
                .satisfies(e -> assertThat(((IOReturnException) e).code()).isEqualTo(IOReturn.kIOReturnBadArgument));
    }
}
