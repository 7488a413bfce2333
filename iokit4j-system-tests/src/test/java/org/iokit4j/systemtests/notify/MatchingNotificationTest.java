package org.iokit4j.systemtests.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iokit4j.iokitlib.IOKitLib.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.iokit4j.dispatch.DispatchQueue;
import org.iokit4j.iokitlib.IONotificationPortRef;
import org.iokit4j.systemtests.EchoKernel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Matching notifications through the faithful layer on a hand-driven dispatch queue (contract.md §2
 * "Notifications"; apple-semantics.md §4.3; docs/notifications.md).
 */
class MatchingNotificationTest {
    static final String LATE = "bundles/late/Info.plist";
    static final String LATE_DRIVER = "org.iokit4j.systemtests.notify.LateDriver";

    private EchoKernel echo;
    private DispatchQueue queue;
    private IONotificationPortRef port;
    private int baseline;
    private final List<List<Long>> calls = new ArrayList<>();

    @BeforeEach
    void boot() {
        echo = new EchoKernel();
        queue = DispatchQueue.createManual("notifications");
        baseline = echo.app.space().size();
        echo.run(() -> {
            port = IONotificationPortCreate(kIOMainPortDefault);
            IONotificationPortSetDispatchQueue(port, queue);
        });
    }

    @AfterEach
    void shutdown() {
        queue.close();
        echo.close();
    }

    private int add(String type, Map<String, Object> matching) {
        final int[] notification = new int[1];
        assertThat(IOServiceAddMatchingNotification(port, type, matching,
                (refcon, iterator) -> calls.add(Drain.ids(iterator)), 7, notification)).isEqualTo(kIOReturnSuccess);
        return notification[0];
    }

    @Test
    void shouldAnnounceABundleLoadedAfterBootOnceTheIteratorWasDrained() { // contract §5: late bundles announce
        echo.run(() -> {
            final int iterator = add(kIOPublishNotification, IOServiceNameMatching(LATE_DRIVER));
            assertThat(Drain.ids(iterator)).as("nothing matches yet; draining arms it").isEmpty();
            echo.kernel.loadBundle(LATE, getClass().getClassLoader());
            queue.drain();
            assertThat(calls).as("one wake for both services: the iterator holds them").hasSize(1);
            assertThat(calls.getFirst()).hasSize(2);
            IOObjectRelease(iterator);
            IONotificationPortDestroy(port);
        });
        assertThat(echo.app.space().size()).as("nothing leaked").isEqualTo(baseline);
        assertThat(echo.kernel.notifications().size()).isZero();
    }

    @Test
    void shouldHoldServicesAlreadyRegisteredInTheReturnedIterator() { // IOKitLib.h: iterate to arm
        echo.run(() -> {
            final int iterator = add(kIOMatchedNotification, IOServiceNameMatching(EchoKernel.DRIVER));
            assertThat(Drain.ids(iterator)).hasSize(1);
            assertThat(Drain.ids(iterator)).as("drained once, then empty").isEmpty();
            IOObjectRelease(iterator);
        });
    }

    @Test
    void shouldNotWakeTheCallbackBeforeTheIteratorIsDrained() { // "the notification is not armed when first created"
        echo.run(() -> {
            final int iterator = add(kIOFirstPublishNotification, IOServiceNameMatching(LATE_DRIVER));
            echo.kernel.loadBundle(LATE, getClass().getClassLoader());
            queue.drain();
            assertThat(calls).as("not armed: no message").isEmpty();
            assertThat(Drain.ids(iterator)).as("but the services queued on the iterator").hasSize(2);
            IOObjectRelease(iterator);
        });
    }

    @Test
    void shouldAnnounceTerminationAndRemoveTheNotificationOnRelease() { // issue 5 item 4
        echo.run(() -> {
            final int iterator = add(kIOTerminatedNotification, IOServiceNameMatching(EchoKernel.DRIVER));
            assertThat(Drain.ids(iterator)).isEmpty();
            assertThat(echo.kernel.terminate(IOServiceNameMatching(EchoKernel.DRIVER))).isEqualTo(1);
            queue.drain();
            assertThat(calls).hasSize(1);
            assertThat(calls.getFirst()).hasSize(1);
            assertThat(IOObjectRelease(iterator)).isEqualTo(kIOReturnSuccess);
            assertThat(IOObjectRelease(iterator)).as("released twice").isEqualTo(KERN_INVALID_NAME);
            IONotificationPortDestroy(port);
        });
        assertThat(echo.app.space().size()).isEqualTo(baseline);
        assertThat(echo.kernel.notifications().size()).as("the kernel removed it").isZero();
    }

    @Test
    void shouldDeliverNothingOnceTheNotificationWasReleasedWithAWakeInFlight() { // §4.3 step 4: >= 2 urefs
        echo.run(() -> {
            final int iterator = add(kIOPublishNotification, IOServiceNameMatching(LATE_DRIVER));
            Drain.ids(iterator);
            echo.kernel.loadBundle(LATE, getClass().getClassLoader());
            IOObjectRelease(iterator);
            queue.drain();
            assertThat(calls).isEmpty();
            IONotificationPortDestroy(port);
        });
        assertThat(echo.app.space().size()).isEqualTo(baseline);
        assertThat(echo.kernel.notifications().size()).isZero();
    }

    static final int KERN_INVALID_NAME = org.iokit4j.IOReturn.KERN_INVALID_NAME;
}
