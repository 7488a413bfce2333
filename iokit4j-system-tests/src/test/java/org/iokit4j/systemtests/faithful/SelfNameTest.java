package org.iokit4j.systemtests.faithful;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iokit4j.iokitlib.IOKitLib.*;

import org.iokit4j.Diagnostics;
import org.iokit4j.IOReturn;
import org.iokit4j.systemtests.EchoKernel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 8: "the task's self name survives close and release as on Apple's systems". XNU pins a task's self port:
 * {@code ipc_right_dealloc} refuses to drop the last reference of a pinned right with
 * {@code KERN_INVALID_CAPABILITY} (osfmk/ipc/ipc_right.c), so {@code mach_task_self()} names the task for its whole
 * life, whatever the task does with it.
 */
class SelfNameTest {
    private EchoKernel echo;
    private int service;
    private int names;

    @BeforeEach
    void boot() {
        echo = new EchoKernel();
        service = echo.call(() -> IOServiceGetMatchingService(kIOMainPortDefault,
                IOServiceNameMatching(EchoKernel.DRIVER)));
        names = echo.names();
    }

    @AfterEach
    void shutdown() {
        echo.close();
    }

    @Test
    void shouldKeepTheSelfNameThroughIOObjectRelease() { // issue 8; XNU ipc_right_dealloc
        echo.run(() -> {
            final int self = mach_task_self();
            for (int i = 0; i < 3; i++) {
                assertThat(IOReturn.describe(IOObjectRelease(self)))
                        .isEqualTo(IOReturn.describe(IOReturn.KERN_INVALID_CAPABILITY));
                assertThat(Diagnostics.lastFailure().explanation()).isEqualTo(String.format("IOObjectRelease:"
                        + " object=0x%08X is mach_task_self(): a task's self name is pinned and keeps its last"
                        + " reference (XNU ipc_right_dealloc); nothing was released and the name still works", self));
            }
            assertThat(mach_task_self()).isEqualTo(self);
            assertOpensAndCloses();
        });
        assertThat(echo.names()).isEqualTo(names);
    }

    @Test
    void shouldKeepTheSelfNameThroughIOServiceClose() { // issue 8; apple-semantics.md §6.6: close, then release
        echo.run(() -> {
            final int self = mach_task_self();
            for (int i = 0; i < 3; i++) {
                assertThat(IOReturn.describe(IOServiceClose(self)))
                        .isEqualTo(IOReturn.describe(kIOReturnBadArgument));
                assertThat(Diagnostics.lastFailure().explanation()).startsWith(String.format("IOServiceClose:"
                        + " connect=0x%08X names the task port of 'app', not a UserClient; and connect=0x%08X is"
                        + " mach_task_self(): a task's self name is pinned", self, self));
            }
            assertOpensAndCloses();
        });
        assertThat(echo.names()).isEqualTo(names);
    }

    @Test
    void shouldNameBothValuesWhenOwningTaskIsWrong() { // issue 8: the explanation no longer contradicts itself
        echo.run(() -> {
            IOObjectRelease(mach_task_self());
            IOServiceClose(mach_task_self());
            assertThat(IOServiceOpen(service, service, 0, new int[1])).isEqualTo(kIOReturnBadArgument);
            final String explanation = Diagnostics.lastFailure().explanation();
            assertThat(explanation).isEqualTo(String.format("IOServiceOpen: owningTask=0x%08X is not the calling"
                    + " task: it names a RegistryEntry (%s); pass mach_task_self() (0x%08X)", service,
                    EchoKernel.DRIVER, mach_task_self()));
            assertThat(service).isNotEqualTo(mach_task_self());
        });
    }

    @Test
    void shouldLetATaskReleaseExtraReferencesButNeverTheLast() { // XNU: only the last uref of a pinned right stays
        echo.run(() -> {
            final int self = mach_task_self();
            final int again = echo.app.space().insertSend(echo.app.space().lookupSend(self)); // task_self_trap again
            assertThat(again).as("one name per port").isEqualTo(self);
            assertThat(echo.app.space().sendUserRefs(self)).isEqualTo(2);
            assertThat(IOObjectRelease(self)).isEqualTo(kIOReturnSuccess);
            assertThat(IOObjectRelease(self)).isEqualTo(IOReturn.KERN_INVALID_CAPABILITY);
            assertThat(echo.app.space().sendUserRefs(self)).isEqualTo(1);
            assertOpensAndCloses();
        });
    }

    private void assertOpensAndCloses() {
        final int[] connect = new int[1];
        assertThat(IOServiceOpen(service, mach_task_self(), 0, connect)).as("the task can still open a service")
                .isEqualTo(kIOReturnSuccess);
        assertThat(IOServiceClose(connect[0])).isEqualTo(kIOReturnSuccess);
    }
}
