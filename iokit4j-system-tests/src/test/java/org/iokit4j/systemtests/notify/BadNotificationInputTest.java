package org.iokit4j.systemtests.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iokit4j.iokitlib.IOKitLib.*;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.iokit4j.Diagnostics;
import org.iokit4j.dispatch.DispatchQueue;
import org.iokit4j.iokitlib.IONotificationPortRef;
import org.iokit4j.systemtests.EchoKernel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Bad input to notifications: Apple's code, an explanation, no hang, nothing leaked (issue 5 "Bad input"). */
class BadNotificationInputTest {
    private EchoKernel echo;
    private DispatchQueue queue;
    private IONotificationPortRef port;
    private int baseline;

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
        echo.run(() -> IONotificationPortDestroy(port));
        assertThat(echo.app.space().size()).as("nothing leaked").isEqualTo(baseline);
        queue.close();
        echo.close();
    }

    @Test
    void shouldAnswerUnsupportedForANotificationTypeThatDoesNotExist() { // XNU is_io_service_add_notification
        echo.run(() -> {
            final int[] out = {-1};
            assertThat(IOServiceAddMatchingNotification(port, "IOServiceRegistered", IOServiceMatching("IOService"),
                    (r, i) -> { }, 0, out)).isEqualTo(kIOReturnUnsupported);
            assertThat(Diagnostics.lastFailure().explanation()).contains("IOServiceRegistered", "IOServicePublish");
            assertThat(out[0]).as("no object made").isEqualTo(-1);
        });
    }

    @Test
    void shouldAnswerBadArgumentForANullMatchingDictionary() { // OSDynamicCast(OSDictionary) fails in the kernel
        echo.run(() -> {
            assertThat(IOServiceAddMatchingNotification(port, kIOPublishNotification, null, (r, i) -> { }, 0,
                    new int[1])).isEqualTo(kIOReturnBadArgument);
            assertThat(Diagnostics.lastFailure().explanation()).contains("matching is null");
        });
    }

    @Test
    void shouldReadTheMatchingDictionaryAtTheCallSoTheCallerMayReuseIt() { // contract §2 "Notifications"
        echo.run(() -> {
            final Map<String, Object> matching = new HashMap<>(IOServiceNameMatching(EchoKernel.DRIVER));
            final int[] out = new int[1];
            IOServiceAddMatchingNotification(port, kIOPublishNotification, matching, (r, i) -> { }, 0, out);
            matching.put("IONameMatch", "SomethingElse");
            assertThat(Drain.ids(out[0])).hasSize(1);
            IOObjectRelease(out[0]);
        });
    }

    @Test
    void shouldRefuseADestroyedPortAndDropWakesToAPortDestroyedLater() { // §4.1, §10.7
        echo.run(() -> {
            final int[] out = new int[1];
            final List<Integer> calls = new ArrayList<>();
            assertThat(IOServiceAddMatchingNotification(port, kIOPublishNotification,
                    IOServiceNameMatching(MatchingNotificationTest.LATE_DRIVER), (r, i) -> calls.add(i), 0, out))
                    .isEqualTo(kIOReturnSuccess);
            Drain.ids(out[0]);
            IONotificationPortDestroy(port);
            echo.kernel.loadBundle(MatchingNotificationTest.LATE, getClass().getClassLoader());
            queue.drain();
            assertThat(calls).isEmpty();
            assertThat(echo.kernel.notifications().dropped()).isEqualTo(1);
            assertThat(IOServiceAddMatchingNotification(port, kIOPublishNotification, IOServiceMatching("IOService"),
                    (r, i) -> { }, 0, new int[1])).isEqualTo(kIOReturnBadArgument);
            assertThat(Diagnostics.lastFailure().explanation()).contains("destroyed");
            assertThat(IOObjectRelease(out[0])).isEqualTo(kIOReturnSuccess);
        });
        assertThat(echo.kernel.notifications().size()).isZero();
    }

    @Test
    void shouldGoOnDeliveringAfterACallbackThrows() { // style rule 4: no handler exception kills a loop
        echo.run(() -> {
            final List<String> calls = new ArrayList<>();
            final int[] first = new int[1];
            final int[] second = new int[1];
            final Map<String, Object> late = IOServiceNameMatching(MatchingNotificationTest.LATE_DRIVER);
            IOServiceAddMatchingNotification(port, kIOPublishNotification, late, (r, i) -> {
                Drain.ids(i);
                throw new IllegalStateException("boom");
            }, 0, first);
            IOServiceAddMatchingNotification(port, kIOPublishNotification, late, (r, i) -> {
                calls.add("second saw " + Drain.ids(i).size());
            }, 0, second);
            Drain.ids(first[0]);
            Drain.ids(second[0]);
            echo.kernel.loadBundle(MatchingNotificationTest.LATE, getClass().getClassLoader());
            queue.drain();
            assertThat(calls).containsExactly("second saw 2");
            assertThat(port.counters().callbackFailures()).isEqualTo(1);
            assertThat(port.counters().delivered()).isEqualTo(2);
            IOObjectRelease(first[0]);
            IOObjectRelease(second[0]);
        });
    }

    @Test
    void shouldRefuseANullCallbackOrAMissingOutArray() { // C would crash: kIOReturnBadArgument with why
        echo.run(() -> {
            assertThat(IOServiceAddMatchingNotification(port, kIOPublishNotification, IOServiceMatching("IOService"),
                    null, 0, new int[1])).isEqualTo(kIOReturnBadArgument);
            assertThat(IOServiceAddMatchingNotification(port, kIOPublishNotification, IOServiceMatching("IOService"),
                    (r, i) -> { }, 0, null)).isEqualTo(kIOReturnBadArgument);
        });
    }
}
