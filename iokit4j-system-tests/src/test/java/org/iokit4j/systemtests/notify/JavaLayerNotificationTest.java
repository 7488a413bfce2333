package org.iokit4j.systemtests.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iokit4j.iokitlib.CoreFoundation.*;

import java.util.ArrayList;
import java.util.List;
import org.iokit4j.client.IOKit;
import org.iokit4j.client.NotificationPort;
import org.iokit4j.client.Service;
import org.iokit4j.client.Subscription;
import org.iokit4j.dispatch.DispatchQueue;
import org.iokit4j.iokitlib.CFRunLoop;
import org.iokit4j.iokitlib.IOKitLib;
import org.iokit4j.systemtests.EchoKernel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Java layer's onMatch / onTerminate / onInterest, on a dispatch queue and on a run loop (docs/notifications.md). */
class JavaLayerNotificationTest {
    private EchoKernel echo;
    private IOKit iokit;
    private int baseline;
    private final List<String> seen = new ArrayList<>();

    @BeforeEach
    void boot() {
        echo = new EchoKernel();
        iokit = IOKit.as(echo.caller);
        baseline = echo.app.space().size();
    }

    @AfterEach
    void shutdown() {
        echo.close();
    }

    private void record(String what, Service service) {
        try (service) {
            seen.add(what + " " + service.property("LateKind"));
        }
    }

    @Test
    void shouldDeliverExistingThenLateServicesAndTerminationsOnADispatchQueue() { // contract §5, issue 5 item 4
        try (DispatchQueue queue = DispatchQueue.createManual("notes");
             NotificationPort port = NotificationPort.create(echo.caller).dispatchOn(queue);
             Subscription matched = iokit.onMatch(port, IOKit.nameMatching(EchoKernel.DRIVER),
                     s -> record("echo", s));
             Subscription late = iokit.onMatch(port, IOKit.nameMatching(MatchingNotificationTest.LATE_DRIVER),
                     s -> record("late", s));
             Subscription gone = iokit.onTerminate(port, IOKit.nameMatching(MatchingNotificationTest.LATE_DRIVER),
                     s -> record("gone", s))) {
            assertThat(seen).as("existing services, before onMatch returned").containsExactly("echo null");
            echo.kernel.loadBundle(MatchingNotificationTest.LATE, getClass().getClassLoader());
            queue.drain();
            assertThat(seen).containsExactlyInAnyOrder("echo null", "late A", "late B");
            echo.kernel.terminate(IOKit.nameMatching(MatchingNotificationTest.LATE_DRIVER));
            queue.drain();
            assertThat(seen).contains("gone A", "gone B");
        }
        assertThat(echo.app.space().size()).isEqualTo(baseline);
        assertThat(echo.kernel.notifications().size()).isZero();
    }

    @Test
    void shouldDeliverInterestMessagesOnARunLoopSteppedByHand() { // CFRunLoopRunInMode(mode, 0, true)
        echo.run(() -> {
            final CFRunLoop loop = CFRunLoopGetCurrent();
            try (NotificationPort port = NotificationPort.create(echo.caller);
                 Service service = iokit.service(IOKit.nameMatching(EchoKernel.DRIVER)).orElseThrow();
                 Subscription interest = service.onInterest(port,
                         (type, arg) -> seen.add(String.format("0x%08X %d", type, arg)));
                 Subscription gone = iokit.onTerminate(port, IOKit.nameMatching(EchoKernel.DRIVER),
                         s -> record("gone", s))) {
                CFRunLoopAddSource(loop, port.runLoopSource(), kCFRunLoopDefaultMode);
                echo.kernel.terminate(service.registryEntryID());
                while (CFRunLoopRunInMode(kCFRunLoopDefaultMode, 0, true) == kCFRunLoopRunHandledSource) {
                    // one message per step
                }
                assertThat(seen).containsExactly(String.format("0x%08X 0", IOKitLib.kIOMessageServiceIsTerminated),
                        "gone null");
                CFRunLoopRemoveSource(loop, port.runLoopSource(), kCFRunLoopDefaultMode);
            }
        });
        assertThat(echo.app.space().size()).isEqualTo(baseline);
    }
}
