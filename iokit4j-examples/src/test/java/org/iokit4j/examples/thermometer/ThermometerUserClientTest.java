package org.iokit4j.examples.thermometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iokit4j.examples.thermometer.ThermometerShared.kCopyHistory;
import static org.iokit4j.examples.thermometer.ThermometerShared.kHistoryBytes;
import static org.iokit4j.examples.thermometer.ThermometerShared.kHistorySamples;
import static org.iokit4j.examples.thermometer.ThermometerShared.kNumberOfMethods;
import static org.iokit4j.examples.thermometer.ThermometerShared.kReadTemperature;
import static org.iokit4j.examples.thermometer.ThermometerShared.kSetThreshold;
import static org.iokit4j.examples.thermometer.ThermometerShared.kTemperatureProperty;
import static org.iokit4j.examples.thermometer.ThermometerShared.kThermometerServiceName;
import static org.iokit4j.examples.thermometer.ThermometerShared.kThresholdMax;
import static org.iokit4j.examples.thermometer.ThermometerShared.kThresholdMin;
import static org.iokit4j.examples.thermometer.ThermometerShared.kWatchThreshold;
import static org.iokit4j.iokitlib.IOKitLib.*;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.iokit4j.Diagnostics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Each of the thermometer's synchronous selectors through the faithful layer, as its C app calls them, and what its
 * dispatch table refuses (docs/guide-first-dext.md; docs/calls.md; docs/apple-behaviour.md §6.2, §6.4, §10.4, §10.5,
 * §10.9).
 */
class ThermometerUserClientTest {
    private static ThermometerKernel fixture;

    @BeforeAll
    static void boot() {
        fixture = new ThermometerKernel("thermometer-user-client-test");
    }

    @AfterAll
    static void shutDown() {
        fixture.close();
    }

    @Test
    void shouldReadTheTemperatureAsOneScalarInMilliDegrees() {
        // kReadTemperature: checkScalarOutputCount(1); the simulated sensor's readings (SimulatedSensor)
        final long[] temperature = fixture.asApp(() -> withConnection(connection -> {
            final long[] output = new long[1];
            final int[] outputCount = {1};
            assertThat(IOConnectCallScalarMethod(connection, kReadTemperature, null, 0, output, outputCount))
                    .isEqualTo(kIOReturnSuccess);
            assertThat(outputCount[0]).as("the count the driver left (apple-behaviour.md §2.4)").isEqualTo(1);
            return output;
        }));
        assertThat(temperature[0]).isBetween(SimulatedSensor.LOW, SimulatedSensor.HIGH);
        assertThat((temperature[0] - SimulatedSensor.LOW) % SimulatedSensor.STEP).isZero();
    }

    @Test
    void shouldPublishTheTemperatureAsAProperty() {
        // SetProperties: apps read the driver's properties with IORegistryEntryCreateCFProperty
        // (docs/properties-and-registry.md "Publishing (driver)")
        final Object published = fixture.asApp(() -> {
            final int service = IOServiceGetMatchingService(kIOMainPortDefault,
                    IOServiceNameMatching(kThermometerServiceName));
            assertThat(service).as("registered at boot (RegisterService in Start)").isNotZero();
            try {
                return IORegistryEntryCreateCFProperty(service, kTemperatureProperty);
            } finally {
                IOObjectRelease(service);
            }
        });
        assertThat(published).isInstanceOf(Number.class);
        assertThat(((Number) published).longValue()).isBetween(SimulatedSensor.LOW, SimulatedSensor.HIGH);
    }

    @Test
    void shouldAcceptAThresholdInRangeAndRefuseOneOutside() {
        // kSetThreshold: checkScalarInputCount(1); the value is the method's own to check
        final int[] results = fixture.asApp(() -> withConnection(connection -> new int[] {
            IOConnectCallScalarMethod(connection, kSetThreshold, new long[] {25_000}, 1, null, null),
            IOConnectCallScalarMethod(connection, kSetThreshold, new long[] {kThresholdMin}, 1, null, null),
            IOConnectCallScalarMethod(connection, kSetThreshold, new long[] {kThresholdMax + 1}, 1, null, null),
            IOConnectCallScalarMethod(connection, kSetThreshold, new long[] {kThresholdMin - 1}, 1, null, null)}));
        assertThat(results).containsExactly(kIOReturnSuccess, kIOReturnSuccess, kIOReturnBadArgument,
                kIOReturnBadArgument);
    }

    @Test
    void shouldRefuseWrongCountsWithAnExplanation() {
        // the dispatch table's exact-match checks: a count that differs fails with kIOReturnBadArgument before the
        // method runs, and the caller is told which check (apple-behaviour.md §6.2, §10.5; docs/calls.md)
        final String[] explanations = fixture.asApp(() -> withConnection(connection -> {
            final long[] output = new long[2];
            assertThat(IOConnectCallScalarMethod(connection, kReadTemperature, null, 0, output, new int[] {2}))
                    .as("two scalar outputs asked for, the table says one").isEqualTo(kIOReturnBadArgument);
            final String tooMuchRoom = Diagnostics.lastFailure().explanation();
            assertThat(IOConnectCallScalarMethod(connection, kSetThreshold, new long[] {1, 2}, 2, null, null))
                    .as("two scalar inputs, the table says one").isEqualTo(kIOReturnBadArgument);
            final String twoInputs = Diagnostics.lastFailure().explanation();
            assertThat(output).as("nothing reaches the caller on failure (§2.3)").containsOnly(0L);
            return new String[] {tooMuchRoom, twoInputs};
        }));
        assertThat(explanations[0]).contains("checkScalarOutputCount");
        assertThat(explanations[1]).contains("checkScalarInputCount");
    }

    @Test
    void shouldRefuseASynchronousCallToTheWatchMethod() {
        // kWatchThreshold: checkCompletionExists(true); a synchronous call carries no completion
        // (apple-behaviour.md §6.2, §10.9)
        final int result = fixture.asApp(() -> withConnection(connection ->
                IOConnectCallScalarMethod(connection, kWatchThreshold, null, 0, null, null)));
        assertThat(result).isEqualTo(kIOReturnBadArgument);
    }

    @Test
    void shouldAnswerSelectorsPastTheTableWithUnsupported() {
        // selector >= kNumberOfMethods (unsigned) keeps dispatch == null: the base ExternalMethod answers
        // kIOReturnUnsupported (apple-behaviour.md §6.2)
        final int[] results = fixture.asApp(() -> withConnection(connection -> new int[] {
            IOConnectCallScalarMethod(connection, kNumberOfMethods, null, 0, null, null),
            IOConnectCallScalarMethod(connection, -1, null, 0, null, null)}));
        assertThat(results).containsExactly(kIOReturnUnsupported, kIOReturnUnsupported);
    }

    @Test
    void shouldWriteTheWholeHistoryThroughTheOutputDescriptor() {
        // kCopyHistory: 65536 bytes > 4096, so the caller's own buffer reaches the driver as
        // structureOutputDescriptor and the driver writes through a mapping (docs/large-buffers.md "The 4096-byte
        // rule"; apple-behaviour.md §6.4, §10.4); the reported size stays the capacity
        try (Arena arena = Arena.ofShared()) {
            final MemorySegment history = arena.allocate(kHistoryBytes, 8);
            history.fill((byte) 0x5A);
            final long[] valid = fixture.asApp(() -> withConnection(connection -> {
                final long[] count = new long[1];
                final long[] size = {kHistoryBytes};
                assertThat(IOConnectCallMethod(connection, kCopyHistory, null, 0, null, 0, count, new int[] {1},
                        history, size)).isEqualTo(kIOReturnSuccess);
                assertThat(size[0]).isEqualTo(kHistoryBytes);
                return count;
            }));
            assertThat(valid[0]).isBetween(1L, (long) kHistorySamples);
            // the samples, oldest first: the simulated wave from its start, one step apart
            if (valid[0] < kHistorySamples) {
                assertThat(history.getAtIndex(ValueLayout.JAVA_LONG, 0)).isEqualTo(SimulatedSensor.read(0));
            }
            for (int i = 1; i < valid[0]; i++) {
                assertThat(Math.abs(history.getAtIndex(ValueLayout.JAVA_LONG, i)
                        - history.getAtIndex(ValueLayout.JAVA_LONG, i - 1))).as("sample %d", i)
                        .isEqualTo(SimulatedSensor.STEP);
            }
            for (long i = valid[0]; i < kHistorySamples; i++) {
                assertThat(history.getAtIndex(ValueLayout.JAVA_LONG, i)).as("zero after the valid samples").isZero();
            }
        }
    }

    @Test
    void shouldRefuseAHistoryBufferOfAnyOtherSize() {
        // checkStructureOutputSize(65536) compares with the caller's capacity: 4096 bytes (inline) and 65537 bytes
        // (a descriptor) are both refused (apple-behaviour.md §10.5)
        try (Arena arena = Arena.ofShared()) {
            final int[] results = fixture.asApp(() -> withConnection(connection -> new int[] {
                IOConnectCallMethod(connection, kCopyHistory, null, 0, null, 0, new long[1], new int[] {1},
                        arena.allocate(4096, 8), new long[] {4096}),
                IOConnectCallMethod(connection, kCopyHistory, null, 0, null, 0, new long[1], new int[] {1},
                        arena.allocate(kHistoryBytes + 1, 8), new long[] {kHistoryBytes + 1})}));
            assertThat(results).containsExactly(kIOReturnBadArgument, kIOReturnBadArgument);
        }
    }

    /** A body that uses an open connection. */
    interface WithConnection<T> {
        T run(int connection) throws Exception;
    }

    /** Opens a connection to the thermometer as the current task, runs {@code body}, closes it. */
    static <T> T withConnection(WithConnection<T> body) throws Exception {
        final int service = IOServiceGetMatchingService(kIOMainPortDefault,
                IOServiceNameMatching(kThermometerServiceName));
        assertThat(service).as("the thermometer is registered: %s", Diagnostics.lastFailure()).isNotZero();
        final int[] connection = new int[1];
        try {
            assertThat(IOServiceOpen(service, mach_task_self(), 0, connection)).as("%s", Diagnostics.lastFailure())
                    .isEqualTo(kIOReturnSuccess);
        } finally {
            IOObjectRelease(service);
        }
        try {
            return body.run(connection[0]);
        } finally {
            IOServiceClose(connection[0]);
        }
    }
}
