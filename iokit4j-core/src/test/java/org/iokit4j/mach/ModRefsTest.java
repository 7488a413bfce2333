package org.iokit4j.mach;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iokit4j.mach.IpcSpace.MACH_PORT_RIGHT_DEAD_NAME;
import static org.iokit4j.mach.IpcSpace.MACH_PORT_RIGHT_RECEIVE;
import static org.iokit4j.mach.IpcSpace.MACH_PORT_RIGHT_SEND;
import static org.iokit4j.mach.IpcSpace.MACH_PORT_TYPE_DEAD_NAME;
import static org.iokit4j.mach.IpcSpace.MACH_PORT_UREFS_MAX;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.iokit4j.IOReturn;
import org.junit.jupiter.api.Test;

/**
 * {@code mach_port_mod_refs} on one task's names: the user references behind {@code IOObjectRetain},
 * {@code IOConnectAddRef} and {@code IOConnectRelease} (issue 11 deliverable 3; XNU osfmk/ipc/mach_port.c
 * {@code mach_port_mod_refs}, osfmk/ipc/ipc_right.c {@code ipc_right_delta}).
 */
class ModRefsTest {
    private final IpcSpace app = new IpcSpace("app");

    @Test
    void shouldAddAndTakeUserReferencesAndRemoveTheNameWithTheLast() { // ipc_right_delta, MACH_PORT_RIGHT_SEND
        final MachPort port = MachPort.forKernelObject("service");
        final AtomicInteger noSenders = new AtomicInteger();
        port.requestNoSenders(noSenders::incrementAndGet);
        final int name = app.insertSend(port);
        assertThat(app.modRefs(name, MACH_PORT_RIGHT_SEND, 2)).isEqualTo(IOReturn.kIOReturnSuccess);
        assertThat(app.sendUserRefs(name)).isEqualTo(3);
        assertThat(port.sendRights()).as("one send right per space, however many references").isEqualTo(1);
        assertThat(app.modRefs(name, MACH_PORT_RIGHT_SEND, -2)).isEqualTo(IOReturn.kIOReturnSuccess);
        assertThat(noSenders).hasValue(0);
        assertThat(app.modRefs(name, MACH_PORT_RIGHT_SEND, -1)).isEqualTo(IOReturn.kIOReturnSuccess);
        assertThat(app.type(name)).as("the last reference takes the name").isZero();
        assertThat(noSenders).as("and the port's last send right: no-senders").hasValue(1);
        assertThat(app.modRefs(name, MACH_PORT_RIGHT_SEND, -1)).isEqualTo(IOReturn.KERN_INVALID_NAME);
    }

    @Test
    void shouldRefuseToTakeMoreReferencesThanTheNameHolds() { // ipc_right_delta: MACH_PORT_UREFS_UNDERFLOW
        final int name = app.insertSend(MachPort.forKernelObject("service"));
        assertThat(app.modRefs(name, MACH_PORT_RIGHT_SEND, -2)).isEqualTo(IOReturn.KERN_INVALID_VALUE);
        assertThat(app.sendUserRefs(name)).as("nothing changed").isEqualTo(1);
        assertThat(app.modRefs(name, MACH_PORT_RIGHT_SEND, MACH_PORT_UREFS_MAX + 1))
                .as("beyond MACH_PORT_UREFS_MAX").isEqualTo(IOReturn.KERN_INVALID_VALUE);
        assertThat(app.modRefs(name, MACH_PORT_RIGHT_SEND, 0)).isEqualTo(IOReturn.kIOReturnSuccess);
    }

    @Test
    void shouldPegTheCountAtItsMaximum() { // ipc_right_delta: MACH_PORT_UREFS_OVERFLOW leaves urefs pegged
        final int name = app.insertSend(MachPort.forKernelObject("service"));
        assertThat(app.modRefs(name, MACH_PORT_RIGHT_SEND, MACH_PORT_UREFS_MAX)).isEqualTo(IOReturn.kIOReturnSuccess);
        assertThat(app.sendUserRefs(name)).isEqualTo(MACH_PORT_UREFS_MAX);
        assertThat(app.modRefs(name, MACH_PORT_RIGHT_SEND, -1)).isEqualTo(IOReturn.kIOReturnSuccess);
        assertThat(app.deallocate(name)).isEqualTo(IOReturn.kIOReturnSuccess);
        assertThat(app.sendUserRefs(name)).as("pegged: only taking them all at once moves it")
                .isEqualTo(MACH_PORT_UREFS_MAX);
        assertThat(app.modRefs(name, MACH_PORT_RIGHT_SEND, -MACH_PORT_UREFS_MAX)).isEqualTo(IOReturn.kIOReturnSuccess);
        assertThat(app.type(name)).isZero();
    }

    @Test
    void shouldChangeADeadNameOnlyAsADeadName() { // ipc_right_delta: a dead port's send right is a dead name
        final MachPort port = MachPort.forKernelObject("connection");
        final int name = app.insertSend(port);
        port.invalidate();
        assertThat(app.type(name)).isEqualTo(MACH_PORT_TYPE_DEAD_NAME);
        assertThat(app.modRefs(name, MACH_PORT_RIGHT_SEND, 1)).isEqualTo(IOReturn.KERN_INVALID_RIGHT);
        assertThat(app.modRefs(name, MACH_PORT_RIGHT_SEND, -1)).isEqualTo(IOReturn.KERN_INVALID_RIGHT);
        assertThat(app.modRefs(name, MACH_PORT_RIGHT_DEAD_NAME, 1)).isEqualTo(IOReturn.kIOReturnSuccess);
        assertThat(app.sendUserRefs(name)).isEqualTo(2);
        assertThat(app.modRefs(name, MACH_PORT_RIGHT_DEAD_NAME, -2)).isEqualTo(IOReturn.kIOReturnSuccess);
        assertThat(app.type(name)).isZero();
    }

    @Test
    void shouldRefuseADeadNameChangeOnALiveSendRight() { // ipc_right_delta case MACH_PORT_RIGHT_DEAD_NAME
        final int name = app.insertSend(MachPort.forKernelObject("service"));
        assertThat(app.modRefs(name, MACH_PORT_RIGHT_DEAD_NAME, 1)).isEqualTo(IOReturn.KERN_INVALID_RIGHT);
        assertThat(app.sendUserRefs(name)).isEqualTo(1);
    }

    @Test
    void shouldIgnoreTheNullAndDeadNamesForSendRights() { // mach_port_mod_refs: !MACH_PORT_VALID(name)
        assertThat(app.modRefs(0, MACH_PORT_RIGHT_SEND, 1)).isEqualTo(IOReturn.kIOReturnSuccess);
        assertThat(app.modRefs(-1, MACH_PORT_RIGHT_SEND, -1)).isEqualTo(IOReturn.kIOReturnSuccess);
        assertThat(app.modRefs(0, MACH_PORT_RIGHT_DEAD_NAME, 1)).isEqualTo(IOReturn.KERN_INVALID_NAME);
        assertThat(app.modRefs(0, 6, 1)).as("MACH_PORT_RIGHT_NUMBER").isEqualTo(IOReturn.KERN_INVALID_VALUE);
    }

    @Test
    void shouldTellAReceiveRightFromASendRight() { // ipc_right_delta: RECEIVE takes 0 or -1, SEND needs a send right
        final int name = app.allocateReceive();
        assertThat(app.modRefs(name, MACH_PORT_RIGHT_SEND, 1)).isEqualTo(IOReturn.KERN_INVALID_RIGHT);
        assertThat(app.modRefs(name, MACH_PORT_RIGHT_RECEIVE, 1)).isEqualTo(IOReturn.KERN_INVALID_VALUE);
        assertThat(app.modRefs(name, MACH_PORT_RIGHT_RECEIVE, 0)).isEqualTo(IOReturn.kIOReturnSuccess);
        assertThat(app.modRefs(name, MACH_PORT_RIGHT_RECEIVE, -1)).isEqualTo(IOReturn.kIOReturnSuccess);
        assertThat(app.type(name)).as("destroyed").isZero();
    }

    @Test
    void shouldCheckTheNameAndTheRightOfAReceiveDeltaBeforeItsValue() {
        // mach_port_mod_refs: ipc_right_lookup (KERN_INVALID_NAME), then ipc_right_delta's receive bit
        // (KERN_INVALID_RIGHT), only then the delta (KERN_INVALID_VALUE): for every delta, -1 included
        final int sendOnly = app.insertSend(MachPort.forKernelObject("service"));
        for (int delta : new int[] {-1, 0, 2}) {
            assertThat(app.modRefs(0x7777, MACH_PORT_RIGHT_RECEIVE, delta)).as("delta %d", delta)
                    .isEqualTo(IOReturn.KERN_INVALID_NAME);
            assertThat(app.modRefs(sendOnly, MACH_PORT_RIGHT_RECEIVE, delta)).as("delta %d", delta)
                    .isEqualTo(IOReturn.KERN_INVALID_RIGHT);
        }
        assertThat(app.type(sendOnly)).as("the send right is untouched").isNotZero();
    }

    @Test
    void shouldKeepThePinnedSelfNamesLastReference() { // ipc_right_delta: KERN_INVALID_CAPABILITY for a pinned port
        final MachTask task = new MachTask("pinned", Map.of());
        final int self = task.selfName();
        assertThat(task.space().modRefs(self, MACH_PORT_RIGHT_SEND, -1)).isEqualTo(IOReturn.KERN_INVALID_CAPABILITY);
        assertThat(task.space().modRefs(self, MACH_PORT_RIGHT_SEND, 1)).isEqualTo(IOReturn.kIOReturnSuccess);
        assertThat(task.space().modRefs(self, MACH_PORT_RIGHT_SEND, -1)).isEqualTo(IOReturn.kIOReturnSuccess);
        assertThat(task.isSelf(self)).isTrue();
        task.terminate();
    }

    @Test
    void shouldPegReferencesCopiedOutTooOnceAtTheMaximum() { // ipc_right_copyout: urefs pegged at MACH_PORT_UREFS_MAX
        final MachPort port = MachPort.forKernelObject("service");
        final int name = app.insertSend(port);
        app.modRefs(name, MACH_PORT_RIGHT_SEND, MACH_PORT_UREFS_MAX - 1);
        assertThat(app.insertSend(port)).isEqualTo(name);
        assertThat(app.sendUserRefs(name)).isEqualTo(MACH_PORT_UREFS_MAX);
        assertThat(port.sendRights()).as("the copied right merged into the name's one").isEqualTo(1);
    }
}
