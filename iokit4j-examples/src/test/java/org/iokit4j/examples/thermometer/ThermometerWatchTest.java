package org.iokit4j.examples.thermometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iokit4j.examples.thermometer.ThermometerShared.kFalling;
import static org.iokit4j.examples.thermometer.ThermometerShared.kRising;
import static org.iokit4j.examples.thermometer.ThermometerShared.kSetThreshold;
import static org.iokit4j.examples.thermometer.ThermometerShared.kThermometerServiceName;
import static org.iokit4j.examples.thermometer.ThermometerShared.kWatchThreshold;
import static org.iokit4j.examples.thermometer.ThermometerUserClientTest.withConnection;
import static org.iokit4j.iokitlib.IOKitLib.*;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.iokit4j.client.Completion;
import org.iokit4j.client.Connection;
import org.iokit4j.client.IOKit;
import org.iokit4j.client.NotificationPort;
import org.iokit4j.dispatch.DispatchQueue;
import org.iokit4j.iokitlib.IOAsyncCallback2;
import org.iokit4j.iokitlib.IONotificationPortRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The threshold completion, sent by the driver from its timer at each crossing through the {@code OSAction} it kept
 * from {@code kWatchThreshold} (apple-behaviour.md §6.3: one retained action completes many times; §4.3 and §10.2:
 * two arguments call an {@code IOAsyncCallback2}). The timer runs in real time: the waits are generous guards, never
 * measured. The threshold {@value #THRESHOLD} lies between two readings, so a rising crossing reports 25250 and a
 * falling one 25000.
 */
class ThermometerWatchTest {
    private static final long THRESHOLD = 25_125;
    private static final long GUARD_SECONDS = 60;
    private static ThermometerKernel fixture;

    @BeforeAll
    static void boot() {
        fixture = new ThermometerKernel("thermometer-watch-test");
    }

    @AfterAll
    static void shutDown() {
        fixture.close();
    }

    @Test
    void shouldCallTheTwoArgumentCallbackAtEachCrossing() throws Exception {
        // faithful layer: IONotificationPort on a dispatch queue, asyncCallout(IOAsyncCallback2) in the reference
        final List<long[]> crossings = new CopyOnWriteArrayList<>();
        final CountDownLatch two = new CountDownLatch(2);
        final IOAsyncCallback2 callback = (refcon, result, milliDegrees, direction) -> {
            crossings.add(new long[] {refcon, result, milliDegrees, direction});
            two.countDown();
        };
        try (DispatchQueue queue = DispatchQueue.create("thermometer-watch-test")) {
            final boolean completed = fixture.asApp(() -> withConnection(connection -> {
                final IONotificationPortRef port = IONotificationPortCreate(kIOMainPortDefault);
                IONotificationPortSetDispatchQueue(port, queue);
                try {
                    assertThat(IOConnectCallScalarMethod(connection, kSetThreshold, new long[] {THRESHOLD}, 1, null,
                            null)).isEqualTo(kIOReturnSuccess);
                    final long[] reference = new long[kOSAsyncRef64Count];
                    reference[kIOAsyncCalloutFuncIndex] = asyncCallout(callback);
                    reference[kIOAsyncCalloutRefconIndex] = 42;
                    assertThat(IOConnectCallAsyncScalarMethod(connection, kWatchThreshold,
                            IONotificationPortGetMachPort(port), reference, kIOAsyncCalloutCount, null, 0, null, null))
                            .isEqualTo(kIOReturnSuccess);
                    return two.await(GUARD_SECONDS, TimeUnit.SECONDS);
                } finally {
                    IONotificationPortDestroy(port);
                }
            }));
            assertThat(completed).as("two crossings: %s", crossings).isTrue();
        }
        for (long[] crossing : crossings.subList(0, 2)) {
            assertThat(crossing[0]).as("refcon echoed").isEqualTo(42);
            assertThat((int) crossing[1]).isEqualTo(kIOReturnSuccess);
            assertThat(crossing[2]).isEqualTo(crossing[3] == kRising ? 25_250 : 25_000);
        }
        assertThat(crossings.get(0)[3]).as("directions alternate").isNotEqualTo(crossings.get(1)[3]);
    }

    @Test
    void shouldCompleteTheJavaLayersFutureWithTheFirstCrossing() throws Exception {
        // Java layer: invokeAsync(port) completes with the first AsyncCompletion (docs/async-completions.md)
        final Completion crossed = fixture.asApp(() -> {
            try (DispatchQueue queue = DispatchQueue.create("thermometer-future-test");
                 NotificationPort port = NotificationPort.create().dispatchOn(queue);
                 Connection thermometer = IOKit.system().open(IOKit.nameMatching(kThermometerServiceName))) {
                thermometer.call(kSetThreshold).scalars(THRESHOLD).invoke();
                return thermometer.call(kWatchThreshold).invokeAsync(port).get(GUARD_SECONDS, TimeUnit.SECONDS);
            }
        });
        assertThat(crossed.succeeded()).isTrue();
        assertThat(crossed.argCount()).isEqualTo(2);
        assertThat(crossed.arg(1)).isIn(kRising, kFalling);
        assertThat(crossed.arg(0)).isEqualTo(crossed.arg(1) == kRising ? 25_250 : 25_000);
    }

    @Test
    void shouldStreamEveryCrossingThroughOneKeptAction() throws Exception {
        // invokeAsync(port, onEach): the driver completes the same retained OSAction at every crossing (§6.3)
        final List<Completion> stream = new CopyOnWriteArrayList<>();
        final CountDownLatch three = new CountDownLatch(3);
        final boolean completed = fixture.asApp(() -> {
            try (DispatchQueue queue = DispatchQueue.create("thermometer-stream-test");
                 NotificationPort port = NotificationPort.create().dispatchOn(queue);
                 Connection thermometer = IOKit.system().open(IOKit.nameMatching(kThermometerServiceName))) {
                thermometer.call(kSetThreshold).scalars(THRESHOLD).invoke();
                thermometer.call(kWatchThreshold).invokeAsync(port, completion -> {
                    stream.add(completion);
                    three.countDown();
                });
                return three.await(GUARD_SECONDS, TimeUnit.SECONDS);
            }
        });
        assertThat(completed).as("three crossings: %s", stream).isTrue();
        assertThat(stream.get(0).arg(1)).isNotEqualTo(stream.get(1).arg(1));
        assertThat(stream.get(1).arg(1)).isNotEqualTo(stream.get(2).arg(1));
    }
}
