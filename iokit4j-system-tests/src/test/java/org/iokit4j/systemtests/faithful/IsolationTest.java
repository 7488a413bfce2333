package org.iokit4j.systemtests.faithful;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iokit4j.iokitlib.IOKitLib.*;
import static org.iokit4j.systemtests.echo.EchoUserClient.kSum;

import java.util.Map;
import org.iokit4j.Diagnostics;
import org.iokit4j.mach.MachTask;
import org.iokit4j.mig.Caller;
import org.iokit4j.systemtests.EchoKernel;
import org.junit.jupiter.api.Test;

/** Kernels side by side, and names that mean nothing outside their task (issue 2 items 2 and 3). */
class IsolationTest {

    @Test
    void shouldRunTwoKernelsSideBySideWithoutSharingAnything() { // issue 2 item 3: isolated kernels
        try (EchoKernel one = new EchoKernel(); EchoKernel two = new EchoKernel()) {
            final int a = one.open(0);
            final int b = two.open(0);
            assertThat(one.userClients()).isEqualTo(1);
            assertThat(two.userClients()).isEqualTo(1);
            one.close();
            two.assertServes(b);
            two.run(() -> assertThat(IOConnectCallScalarMethod(a, kSum, new long[] {1, 2}, 2, new long[1],
                    new int[] {1})).isEqualTo(MACH_SEND_INVALID_DEST));
        }
    }

    @Test
    void shouldRefuseAConnectionNameOfAnotherTask() { // issue 2 item 2: names are meaningless in another task
        try (EchoKernel echo = new EchoKernel()) {
            final int connect = echo.open(0);
            final MachTask other = echo.kernel.createTask("other", Map.of());
            final int names = other.space().size();
            Caller.runAs(echo.kernel.caller(other), () -> {
                assertThat(IOConnectCallScalarMethod(connect, kSum, new long[] {1, 2}, 2, new long[1], new int[] {1}))
                        .isEqualTo(MACH_SEND_INVALID_DEST);
                assertThat(Diagnostics.lastFailure().explanation()).contains("name from another task");
                assertThat(IOServiceClose(connect)).isEqualTo(MACH_SEND_INVALID_DEST);
            });
            assertThat(other.space().size()).isEqualTo(names);
            echo.assertServes(connect);
        }
    }

    @Test
    void shouldGiveTheSameServiceDifferentNamesInDifferentTasks() { // issue 2 item 2: unguessable names
        try (EchoKernel echo = new EchoKernel()) {
            final MachTask other = echo.kernel.createTask("other", Map.of());
            final int mine = echo.call(() -> IOServiceGetMatchingService(kIOMainPortDefault,
                    IOServiceNameMatching(EchoKernel.DRIVER)));
            final int theirs = Caller.callAs(echo.kernel.caller(other), () -> IOServiceGetMatchingService(
                    kIOMainPortDefault, IOServiceNameMatching(EchoKernel.DRIVER)));
            assertThat(mine).isNotZero().isNotEqualTo(theirs);
            Caller.runAs(echo.kernel.caller(other), () -> assertThat(IORegistryEntryGetName(mine, new String[1]))
                    .isEqualTo(MACH_SEND_INVALID_DEST));
        }
    }
}
