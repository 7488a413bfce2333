package org.iokit4j.examples.thermometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.iokit4j.examples.thermometer.ThermometerShared.kReadTemperature;
import static org.iokit4j.examples.thermometer.ThermometerShared.kSetThreshold;
import static org.iokit4j.examples.thermometer.ThermometerShared.kThermometerServiceName;
import static org.iokit4j.examples.thermometer.ThermometerShared.kThresholdMax;
import static org.iokit4j.examples.thermometer.ThermometerShared.kWatchThreshold;
import static org.iokit4j.iokitlib.IOKitLib.IOServiceGetMatchingService;
import static org.iokit4j.iokitlib.IOKitLib.IOServiceNameMatching;
import static org.iokit4j.iokitlib.IOKitLib.kIOMainPortDefault;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.iokit4j.IOReturn;
import org.iokit4j.IOReturnException;
import org.iokit4j.client.Completion;
import org.iokit4j.client.Connection;
import org.iokit4j.client.IOKit;
import org.iokit4j.client.NotificationPort;
import org.iokit4j.dispatch.DispatchQueue;
import org.junit.jupiter.api.Test;

/**
 * How the thermometer's pending watch ends: when the app closes its connection (the user client's {@code Stop}
 * releases the kept action) and when the service terminates (its {@code Stop} cancels the timer). Each test has a
 * kernel of its own, since terminating the service would disturb others (apple-behaviour.md §6.3 "Abort", §6.6;
 * docs/async-completions.md "When a call can no longer complete").
 */
class ThermometerTerminationTest {
    private static final long GUARD_SECONDS = 60;

    @Test
    void shouldAbortThePendingWatchWhenTheConnectionCloses() throws Exception {
        try (ThermometerKernel fixture = new ThermometerKernel("thermometer-close-test")) {
            final CompletableFuture<Completion> watch = fixture.asApp(() -> {
                try (DispatchQueue queue = DispatchQueue.create("thermometer-close-test");
                     NotificationPort port = NotificationPort.create().dispatchOn(queue)) {
                    final CompletableFuture<Completion> pending;
                    try (Connection thermometer = IOKit.system().open(IOKit.nameMatching(kThermometerServiceName))) {
                        thermometer.call(kSetThreshold).scalars(kThresholdMax).invoke(); // never reached
                        pending = thermometer.call(kWatchThreshold).invokeAsync(port);
                    }
                    waitForEnd(pending);
                    return pending;
                }
            });
            assertAborted(watch);
        }
    }

    @Test
    void shouldEndTheWatchAndUnregisterWhenTheServiceTerminates() throws Exception {
        try (ThermometerKernel fixture = new ThermometerKernel("thermometer-terminate-test")) {
            final Object[] seen = fixture.asApp(() -> {
                try (DispatchQueue queue = DispatchQueue.create("thermometer-terminate-test");
                     NotificationPort port = NotificationPort.create().dispatchOn(queue);
                     Connection thermometer = IOKit.system().open(IOKit.nameMatching(kThermometerServiceName))) {
                    thermometer.call(kSetThreshold).scalars(kThresholdMax).invoke();
                    final CompletableFuture<Completion> pending = thermometer.call(kWatchThreshold).invokeAsync(port);

                    assertThat(fixture.kernel.terminate(IOServiceNameMatching(kThermometerServiceName))).isEqualTo(1);
                    waitForEnd(pending);
                    final int found = IOServiceGetMatchingService(kIOMainPortDefault,
                            IOServiceNameMatching(kThermometerServiceName));
                    Integer later;
                    try {
                        thermometer.call(kReadTemperature).scalarOutputs(1).invoke();
                        later = IOReturn.kIOReturnSuccess;
                    } catch (IOReturnException refused) {
                        later = refused.code();
                    }
                    return new Object[] {pending, found, later};
                }
            });
            @SuppressWarnings("unchecked")
            final CompletableFuture<Completion> watch = (CompletableFuture<Completion>) seen[0];
            assertAborted(watch);
            assertThat(seen[1]).as("a terminated service is no longer matched").isEqualTo(0);
            assertThat(seen[2]).as("a call on the terminated service's connection fails")
                    .isNotEqualTo(IOReturn.kIOReturnSuccess);
        }
    }

    private static void waitForEnd(CompletableFuture<Completion> pending) throws InterruptedException {
        try {
            pending.get(GUARD_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | java.util.concurrent.TimeoutException ended) {
            // checked by assertAborted
        }
    }

    private static void assertAborted(CompletableFuture<Completion> watch) {
        assertThat(watch).as("the pending watch ended").isDone();
        assertThatThrownBy(watch::join).hasCauseInstanceOf(IOReturnException.class)
                .cause().satisfies(cause -> assertThat(((IOReturnException) cause).code())
                        .isEqualTo(IOReturn.kIOReturnAborted));
    }
}
