package org.iokit4j.systemtests.faithful;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iokit4j.iokitlib.IOKitLib.*;
import static org.iokit4j.systemtests.echo.EchoUserClient.kSum;

import org.iokit4j.Diagnostics;
import org.iokit4j.systemtests.EchoKernel;
import org.iokit4j.systemtests.echo.EchoUserClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Closing a connection, and dropping it without closing (apple-semantics.md §6.6). */
class LifecycleTest {
    private EchoKernel echo;
    private int baseline;

    @BeforeEach
    void boot() {
        echo = new EchoKernel();
        baseline = echo.names();
    }

    @AfterEach
    void close() {
        echo.close();
    }

    @Test
    void shouldStopTheUserClientThenKillTheName() { // apple-semantics.md §6.6; issue 2 item 4
        final int connect = echo.open(0);
        final int stops = EchoUserClient.STOPS.get();
        assertThat(echo.userClients()).isEqualTo(1);
        echo.run(() -> {
            assertThat(IOServiceClose(connect)).isEqualTo(kIOReturnSuccess);
            assertThat(EchoUserClient.STOPS.get()).as("Stop ran before IOServiceClose returned").isEqualTo(stops + 1);
            assertThat(IOConnectCallScalarMethod(connect, kSum, new long[] {1, 2}, 2, new long[1], new int[] {1}))
                    .isEqualTo(MACH_SEND_INVALID_DEST);
        });
        assertThat(echo.userClients()).isZero();
        assertThat(echo.names()).isEqualTo(baseline);
    }

    @Test
    void shouldAnswerInvalidDestToASecondClose() { // apple-semantics.md §6.6: IOKitLib released the name
        final int connect = echo.open(0);
        final int stops = EchoUserClient.STOPS.get();
        echo.run(() -> {
            assertThat(IOServiceClose(connect)).isEqualTo(kIOReturnSuccess);
            assertThat(IOServiceClose(connect)).isEqualTo(MACH_SEND_INVALID_DEST);
            assertThat(Diagnostics.lastFailure().explanation()).contains("not a live name");
        });
        assertThat(EchoUserClient.STOPS.get()).as("Stop once").isEqualTo(stops + 1);
        assertThat(echo.names()).isEqualTo(baseline);
    }

    @Test
    void shouldStopTheUserClientWhenTheLastSendRightGoesWithoutClose() { // apple-semantics.md §6.6 no-senders
        final int connect = echo.open(0);
        final int stops = EchoUserClient.STOPS.get();
        echo.run(() -> assertThat(IOObjectRelease(connect)).isEqualTo(kIOReturnSuccess));
        assertThat(EchoUserClient.STOPS.get()).isEqualTo(stops + 1);
        assertThat(echo.userClients()).isZero();
        assertThat(echo.names()).isEqualTo(baseline);
    }

    @Test
    void shouldStopOpenUserClientsWhenTheAppTaskEnds() { // apple-semantics.md §6.6: process death
        echo.open(0);
        final int stops = EchoUserClient.STOPS.get();
        echo.app.terminate();
        assertThat(EchoUserClient.STOPS.get()).isEqualTo(stops + 1);
        assertThat(echo.userClients()).isZero();
    }

    @Test
    void shouldStopOpenUserClientsWhenTheKernelCloses() { // apple-semantics.md §6.6; Kernel.close
        echo.open(0);
        final int stops = EchoUserClient.STOPS.get();
        echo.kernel.close();
        assertThat(EchoUserClient.STOPS.get()).as("Stop ran while the driver was still alive").isEqualTo(stops + 1);
        assertThat(echo.kernel.problems()).isEmpty();
    }

    @Test
    void shouldOpenManyConnectionsEachWithItsOwnUserClient() { // apple-semantics.md §9: one client per open
        final int a = echo.open(0);
        final int b = echo.open(0);
        assertThat(a).isNotEqualTo(b);
        assertThat(echo.userClients()).isEqualTo(2);
        echo.run(() -> assertThat(IOServiceClose(a)).isEqualTo(kIOReturnSuccess));
        echo.assertServes(b);
    }
}
