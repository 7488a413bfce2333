package org.iokit4j.mach;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.iokit4j.IOReturn;
import org.junit.jupiter.api.Test;

/** Tasks: a space, a self port, and an end that releases everything (issue 2 item 2). */
class MachTaskTest {
    private final MachTask app = new MachTask("app", Map.of("com.apple.developer.driverkit", Boolean.TRUE));
    private final MachTask driver = new MachTask("driver", Map.of());

    @Test
    void shouldNameItsOwnTaskPortAsSelf() { // issue 2 item 2: mach_task_self()
        final int self = app.selfName();
        assertThat(self).isNotIn(0, -1);
        assertThat(app.isSelf(self)).isTrue();
        assertThat(app.space().type(self)).isEqualTo(IpcSpace.MACH_PORT_TYPE_SEND);
        assertThat(app.space().lookupKernelObject(self)).isSameAs(app);
        assertThat(app.isSelf(app.space().allocateReceive())).isFalse();
        assertThat(app.isSelf(0)).isFalse();
    }

    @Test
    void shouldPinItsSelfNameSoTheTaskCannotReleaseIt() { // issue 8; XNU ipc_right_dealloc, ip_is_pinned
        final int self = app.selfName();
        final int names = app.space().size();
        for (int i = 0; i < 3; i++) {
            assertThat(app.space().deallocate(self)).isEqualTo(IOReturn.KERN_INVALID_CAPABILITY);
        }
        assertThat(app.isSelf(self)).as("the name still names the task").isTrue();
        assertThat(app.space().sendUserRefs(self)).isEqualTo(1);
        assertThat(app.space().size()).isEqualTo(names);
        // further references (task_self_trap again) come and go; only the last one stays
        assertThat(app.space().insertSend(app.space().lookupSend(self))).isEqualTo(self);
        assertThat(app.space().deallocate(self)).isEqualTo(IOReturn.kIOReturnSuccess);
        assertThat(app.space().deallocate(self)).isEqualTo(IOReturn.KERN_INVALID_CAPABILITY);
        assertThat(app.isSelf(self)).isTrue();
    }

    @Test
    void shouldNotPinAnotherTasksNameForItsPort() { // issue 8: only the task's own self name is pinned
        final int appInDriver = driver.space().insertSend(app.space().lookupSend(app.selfName()));
        assertThat(driver.space().deallocate(appInDriver)).isEqualTo(IOReturn.kIOReturnSuccess);
        assertThat(driver.space().type(appInDriver)).isZero();
    }

    @Test
    void shouldNotTakeAnotherTasksSelfNameForItsOwn() { // issue 2 item 2: names are per task
        assertThat(driver.isSelf(app.selfName())).isFalse();
        final int appInDriver = driver.space().insertSend(app.space().lookupSend(app.selfName()));
        assertThat(driver.isSelf(appInDriver)).as("a send right to app's port is not driver's self").isFalse();
    }

    @Test
    void shouldKeepItsNameAndACopyOfItsEntitlements() { // issue 2 item 2: tasks
        assertThat(app.name()).isEqualTo("app");
        assertThat(app.entitlements()).containsEntry("com.apple.developer.driverkit", Boolean.TRUE);
        assertThatThrownBy(() -> app.entitlements().put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
        assertThat(app).hasToString("MachTask[app]");
    }

    @Test
    void shouldReleaseEveryRightAndKillItsPortsOnTerminate() { // issue 2 item 2: task death
        // the driver receives a port the app can send to, and the app receives one the driver can send to
        final int driverReceive = driver.space().allocateReceive();
        final MachPort driverPort = driver.space().lookupReceive(driverReceive);
        final AtomicInteger noSenders = new AtomicInteger();
        driverPort.requestNoSenders(noSenders::incrementAndGet);
        app.space().insertSend(driverPort);
        app.space().insertSend(driverPort);
        final int appReceive = app.space().allocateReceive();
        final int inDriver = driver.space().insertSend(app.space().lookupReceive(appReceive));
        final int appSelfInDriver = driver.space().insertSend(app.space().lookupSend(app.selfName()));

        app.terminate();

        assertThat(noSenders).as("the app's send rights went with it").hasValue(1);
        assertThat(driverPort.sendRights()).isZero();
        assertThat(driver.space().type(inDriver)).as("a port the app received died")
                .isEqualTo(IpcSpace.MACH_PORT_TYPE_DEAD_NAME);
        assertThat(driver.space().type(appSelfInDriver)).as("the app's task port died")
                .isEqualTo(IpcSpace.MACH_PORT_TYPE_DEAD_NAME);
        assertThat(driver.space().send(inDriver, MachMessage.of(new byte[1])))
                .isEqualTo(IOReturn.MACH_SEND_INVALID_DEST);
        assertThat(app.space().size()).isZero();
        assertThat(app.vm().regions()).isEmpty();
        assertThatThrownBy(() -> app.space().allocateReceive()).hasMessageContaining("'app' has terminated");
    }

    @Test
    void shouldTerminateOnlyOnce() { // issue 2 item 2: task death is idempotent
        final MachPort port = driver.space().lookupReceive(driver.space().allocateReceive());
        app.space().insertSend(port);
        app.terminate();
        app.terminate();
        assertThat(port.sendRights()).isZero();
    }
}
