package org.iokit4j.systemtests.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iokit4j.iokitlib.IOKitLib.*;
import static org.iokit4j.systemtests.echo.EchoUserClient.kSum;

import java.util.ArrayList;
import java.util.List;
import org.iokit4j.Diagnostics;
import org.iokit4j.dispatch.DispatchQueue;
import org.iokit4j.iokitlib.IONotificationPortRef;
import org.iokit4j.systemtests.EchoKernel;
import org.iokit4j.systemtests.echo.EchoUserClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Service termination as a client sees it: interest messages, terminated notifications, and its open connections
 * failing cleanly (issue 5 item 4; apple-semantics.md §4.3, §6.6; docs/notifications.md).
 */
class TerminationTest {
    private EchoKernel echo;
    private DispatchQueue queue;
    private IONotificationPortRef port;
    private int baseline;
    private int service;
    private int connect;
    private final List<String> seen = new ArrayList<>();

    @BeforeEach
    void boot() {
        echo = new EchoKernel();
        queue = DispatchQueue.createManual("notifications");
        baseline = echo.app.space().size();
        echo.run(() -> {
            port = IONotificationPortCreate(kIOMainPortDefault);
            IONotificationPortSetDispatchQueue(port, queue);
            service = IOServiceGetMatchingService(kIOMainPortDefault, IOServiceNameMatching(EchoKernel.DRIVER));
            final int[] out = new int[1];
            assertThat(IOServiceOpen(service, mach_task_self(), 0, out)).isEqualTo(kIOReturnSuccess);
            connect = out[0];
        });
    }

    @AfterEach
    void shutdown() {
        queue.close();
        echo.close();
    }

    @Test
    void shouldSendServiceIsTerminatedThenFailCallsOnItsConnections() { // §4.3 (type 160), §6.6
        final int stopsBefore = EchoUserClient.STOPS.get();
        echo.run(() -> {
            final int[] interest = new int[1];
            assertThat(IOServiceAddInterestNotification(port, service, kIOGeneralInterest,
                    (refcon, svc, type, arg) -> {
                        final String[] name = new String[1];
                        IORegistryEntryGetName(svc, name);
                        seen.add(String.format("refcon=%d type=0x%08X arg=%d name=%s", refcon, type, arg, name[0]));
                    }, 5, interest)).isEqualTo(kIOReturnSuccess);
            assertThat(echo.kernel.terminate(IOServiceNameMatching(EchoKernel.DRIVER))).isEqualTo(1);
            queue.drain();
            assertThat(seen).containsExactly("refcon=5 type=0xE0000010 arg=0 name=" + EchoKernel.DRIVER);
            assertThat(EchoUserClient.STOPS.get()).as("the open user client was stopped").isEqualTo(stopsBefore + 1);

            final long[] output = new long[1];
            assertThat(IOConnectCallScalarMethod(connect, kSum, new long[] {1, 2}, 2, output, new int[] {1}))
                    .as("the connection died with its service").isEqualTo(MACH_SEND_INVALID_DEST);
            assertThat(Diagnostics.lastFailure().explanation()).contains("terminated");
            assertThat(IOServiceOpen(service, mach_task_self(), 0, new int[1])).isEqualTo(kIOReturnNoDevice);
            assertThat(IOServiceGetMatchingService(kIOMainPortDefault, IOServiceNameMatching(EchoKernel.DRIVER)))
                    .as("gone from matching").isZero();

            assertThat(IOServiceClose(connect)).isEqualTo(MACH_SEND_INVALID_DEST);
            IOObjectRelease(interest[0]);
            IOObjectRelease(service);
            IONotificationPortDestroy(port);
        });
        assertThat(echo.app.space().size()).as("nothing leaked").isEqualTo(baseline);
        assertThat(echo.kernel.notifications().size()).isZero();
        assertThat(echo.kernel.terminate(IOServiceNameMatching(EchoKernel.DRIVER))).as("only once").isZero();
    }

    @Test
    void shouldKeepATerminatedServiceReadableThroughNamesStillHeld() { // a terminated IOService stays readable
        echo.run(() -> {
            final long[] id = new long[1];
            IORegistryEntryGetRegistryEntryID(service, id);
            assertThat(echo.kernel.terminate(id[0])).isTrue();
            final String[] name = new String[1];
            assertThat(IORegistryEntryGetName(service, name)).isEqualTo(kIOReturnSuccess);
            assertThat(name[0]).isEqualTo(EchoKernel.DRIVER);
            IOServiceClose(connect);
            IOObjectRelease(service);
        });
    }

    @Test
    void shouldRefuseAnInterestNotificationOnATerminatedServiceOrOfAnUnknownType() { // kernel: registerInterest
        // XNU: registerInterestForNotifier answers kIOReturnNotReady for an inactive service, registerInterest then
        // returns no notifier and is_io_service_add_interest_notification answers kIOReturnUnsupported (issue 8
        // race 5)
        echo.run(() -> {
            final int[] out = new int[1];
            assertThat(IOServiceAddInterestNotification(port, service, "IOBogusInterest", (r, s, t, a) -> { }, 0,
                    out)).isEqualTo(kIOReturnUnsupported);
            echo.kernel.terminate(IOServiceNameMatching(EchoKernel.DRIVER));
            assertThat(IOServiceAddInterestNotification(port, service, kIOGeneralInterest, (r, s, t, a) -> { }, 0,
                    out)).isEqualTo(kIOReturnUnsupported);
            assertThat(Diagnostics.lastFailure().explanation()).contains("has terminated");
            IOServiceClose(connect);
            IOObjectRelease(service);
            IONotificationPortDestroy(port);
        });
        assertThat(echo.app.space().size()).isEqualTo(baseline);
    }
}
