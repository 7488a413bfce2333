package org.iokit4j.mach;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iokit4j.mach.IpcSpace.MACH_PORT_TYPE_DEAD_NAME;
import static org.iokit4j.mach.IpcSpace.MACH_PORT_TYPE_RECEIVE;
import static org.iokit4j.mach.IpcSpace.MACH_PORT_TYPE_SEND;

import org.iokit4j.IOReturn;
import org.junit.jupiter.api.Test;

/** Rights and names in one task's space (issue 2 item 2; apple-semantics.md §1, §3). */
class IpcSpaceTest {
    private final IpcSpace app = new IpcSpace("app");
    private final IpcSpace other = new IpcSpace("other");

    @Test
    void shouldAllocateAReceiveRightWithANonNullNameOfTypeReceive() { // issue 2 item 2: receive rights
        final int name = app.allocateReceive();
        assertThat(name).isNotIn(0, -1);
        assertThat(app.type(name)).isEqualTo(MACH_PORT_TYPE_RECEIVE);
        assertThat(app.lookupReceive(name)).isNotNull();
        assertThat(app.lookupSend(name)).as("a receive-only name does not send").isNull();
        assertThat(app.sendUserRefs(name)).isZero();
        assertThat(app.size()).isEqualTo(1);
    }

    @Test
    void shouldReuseOneNamePerPortAndAddUpUserReferences() { // issue 2 item 2: send rights
        final MachPort port = MachPort.forKernelObject("service");
        final int first = app.insertSend(port);
        final int second = app.insertSend(port);
        app.copyoutSend(port.makeSend());
        assertThat(second).isEqualTo(first);
        assertThat(app.sendUserRefs(first)).isEqualTo(3);
        assertThat(app.type(first)).isEqualTo(MACH_PORT_TYPE_SEND);
        assertThat(port.sendRights()).as("the space's entry counts as one send right").isEqualTo(1);
        assertThat(app.size()).isEqualTo(1);
    }

    @Test
    void shouldDropOneUserReferencePerDeallocateAndRemoveTheNameWithTheLast() { // issue 2 item 2
        final MachPort port = MachPort.forKernelObject("service");
        final int name = app.insertSend(port);
        app.insertSend(port);
        assertThat(app.deallocate(name)).isEqualTo(IOReturn.kIOReturnSuccess);
        assertThat(app.sendUserRefs(name)).isEqualTo(1);
        assertThat(port.sendRights()).isEqualTo(1);
        assertThat(app.deallocate(name)).isEqualTo(IOReturn.kIOReturnSuccess);
        assertThat(app.type(name)).isZero();
        assertThat(app.size()).isZero();
        assertThat(port.sendRights()).isZero();
        assertThat(app.deallocate(name)).isEqualTo(IOReturn.KERN_INVALID_NAME);
    }

    @Test
    void shouldRefuseToDeallocateAReceiveOnlyName() { // issue 2 item 2: deallocate drops send rights only
        final int name = app.allocateReceive();
        assertThat(app.deallocate(name)).isEqualTo(IOReturn.KERN_INVALID_RIGHT);
        assertThat(app.type(name)).isEqualTo(MACH_PORT_TYPE_RECEIVE);
    }

    @Test
    void shouldHoldSendAndReceiveUnderOneNameAndBalanceThePortsCount() { // issue 2 item 2: one name per port
        final int name = app.allocateReceive();
        final MachPort port = app.lookupReceive(name);
        assertThat(app.insertSend(port)).isEqualTo(name);
        assertThat(app.type(name)).isEqualTo(MACH_PORT_TYPE_RECEIVE | MACH_PORT_TYPE_SEND);
        assertThat(port.sendRights()).isEqualTo(1);
        final int[] noSenders = new int[1];
        port.requestNoSenders(() -> noSenders[0]++);
        assertThat(app.deallocate(name)).isEqualTo(IOReturn.kIOReturnSuccess);
        assertThat(app.type(name)).isEqualTo(MACH_PORT_TYPE_RECEIVE);
        assertThat(port.sendRights()).isZero();
        assertThat(noSenders[0]).isEqualTo(1);
    }

    @Test
    void shouldCopySendOnlyFromALiveSendRight() { // apple-semantics.md §1 MACH_MSG_TYPE_COPY_SEND
        final MachPort port = MachPort.forKernelObject("service");
        final int send = app.insertSend(port);
        final SendRight copy = app.copySend(send);
        assertThat(copy.port()).isSameAs(port);
        assertThat(port.sendRights()).isEqualTo(2);
        assertThat(app.copySend(app.allocateReceive())).as("receive-only").isNull();
        assertThat(app.copySend(12345)).as("unknown").isNull();
        copy.release();
    }

    @Test
    void shouldMakeSendOnlyFromAReceiveRight() { // contract.md decided point 2; apple-semantics.md §3 wake port
        final int receive = app.allocateReceive();
        final SendRight made = app.makeSend(receive);
        assertThat(made.port()).isSameAs(app.lookupReceive(receive));
        assertThat(made.port().sendRights()).isEqualTo(1);
        // what the kernel answers MACH_SEND_INVALID_RIGHT for: a send right, a dead name, an unknown name, NULL
        final int send = app.insertSend(MachPort.forKernelObject("service"));
        assertThat(app.makeSend(send)).isNull();
        final int dead = app.insertSend(other.lookupReceive(other.allocateReceive()));
        other.terminate();
        assertThat(app.makeSend(dead)).isNull();
        assertThat(app.makeSend(0x5EED)).isNull();
        assertThat(app.makeSend(0)).isNull();
        made.release();
    }

    @Test
    void shouldLookUpTheKernelObjectBehindASendName() { // issue 2 item 2
        final Object service = new Object();
        final int name = app.insertSend(MachPort.forKernelObject(service));
        assertThat(app.lookupKernelObject(name)).isSameAs(service);
        assertThat(app.lookupKernelObject(app.allocateReceive())).isNull();
    }

    @Test
    void shouldReturnNullFromReceiveWhenNothingIsQueued() throws InterruptedException { // issue 2 item 2
        final int name = app.allocateReceive();
        assertThat(app.receive(name, 0)).isNull();
        assertThat(app.receive(name, 1_000)).isNull();
        assertThat(app.receive(app.insertSend(MachPort.forKernelObject("x")), 0)).as("not a receive right").isNull();
    }

    @Test
    void shouldDeliverMessagesInOrder() throws InterruptedException { // issue 2 item 2: messages
        final int receive = app.allocateReceive();
        final int send = other.insertSend(app.lookupReceive(receive));
        assertThat(other.send(send, MachMessage.of(new byte[] {1}))).isEqualTo(IOReturn.kIOReturnSuccess);
        assertThat(other.send(send, MachMessage.of(new byte[] {2}))).isEqualTo(IOReturn.kIOReturnSuccess);
        assertThat(app.receive(receive, 0).bytes()).containsExactly(1);
        assertThat(app.receive(receive, 0).bytes()).containsExactly(2);
    }

    @Test
    void shouldRefuseToAllocateInATerminatedSpaceNamingTheTask() { // issue 2 item 2: tasks
        app.terminate();
        app.terminate(); // idempotent
        org.assertj.core.api.Assertions.assertThatThrownBy(app::allocateReceive)
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("'app' has terminated");
    }

    @Test
    void shouldReportTypeZeroForAnUnknownName() { // issue 2 item 2
        assertThat(app.type(42)).isZero();
        assertThat(app.sendUserRefs(42)).isZero();
        assertThat(app.destroyReceive(42)).isEqualTo(IOReturn.KERN_INVALID_NAME);
        assertThat(app.destroyReceive(app.insertSend(MachPort.forKernelObject("x"))))
                .isEqualTo(IOReturn.KERN_INVALID_RIGHT);
        assertThat(MACH_PORT_TYPE_DEAD_NAME).isEqualTo(1 << 20);
    }
}
