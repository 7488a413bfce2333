package org.iokit4j.mach;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.iokit4j.IOReturn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Bounded queues, port death and no-senders (issue 2 item 2; apple-semantics.md §1). */
class MachPortTest {
    private final IpcSpace owner = new IpcSpace("owner");
    private final IpcSpace client = new IpcSpace("client");
    private final int receive = owner.allocateReceive();
    private final MachPort port = owner.lookupReceive(receive);
    private final AtomicInteger noSenders = new AtomicInteger();

    @Test
    void shouldRefuseTheSixthMessageOfADefaultQueueAndReleaseItsRights() { // issue 2 item 2: bounded queues
        assertThat(MachPort.QLIMIT_DEFAULT).isEqualTo(5);
        final int send = client.insertSend(port);
        for (int i = 0; i < 5; i++) {
            assertThat(client.send(send, MachMessage.of(new byte[] {(byte) i}))).isEqualTo(IOReturn.kIOReturnSuccess);
        }
        final MachPort carried = MachPort.forKernelObject("carried");
        carried.requestNoSenders(noSenders::incrementAndGet);
        final SendRight right = carried.makeSend();
        final int sixth = client.send(send, new MachMessage(new byte[] {5}, List.of(right)));
        assertThat(sixth).isEqualTo(IOReturn.MACH_SEND_TIMED_OUT);
        assertThat(right.isReleased()).isTrue();
        assertThat(noSenders).hasValue(1);
        assertThat(port.queued()).isEqualTo(5);
    }

    @Test
    void shouldQueueKernelNotificationsBeyondTheLimit() { // issue 2 item 2; MACH_SEND_ALWAYS passes the qlimit
        final SendRight right = port.makeSend();
        for (int i = 0; i < MachPort.QLIMIT_DEFAULT + 3; i++) {
            assertThat(right.send(MachMessage.of(new byte[1]), true)).isEqualTo(IOReturn.kIOReturnSuccess);
        }
        assertThat(right.send(MachMessage.of(new byte[1]), false)).isEqualTo(IOReturn.MACH_SEND_TIMED_OUT);
        assertThat(port.queued()).isEqualTo(8);
        right.release();
    }

    @Test
    void shouldRefuseAKernelSendWithNoBufferOnceQlimitKernelMessagesWait() { // issue 8: XNU ipc_mqueue_send_locked
        assertThat(MachPort.QLIMIT_KERNEL).as("MACH_PORT_QLIMIT_KERNEL, osfmk/mach/port.h").isEqualTo(65534);
        final SendRight right = port.makeSend();
        for (int i = 0; i < MachPort.QLIMIT_KERNEL; i++) {
            assertThat(right.send(MachMessage.of(new byte[1]), true)).isEqualTo(IOReturn.kIOReturnSuccess);
        }
        final MachPort carried = MachPort.forKernelObject("carried");
        carried.requestNoSenders(noSenders::incrementAndGet);
        final SendRight inMessage = carried.makeSend();

        assertThat(right.send(new MachMessage(new byte[1], List.of(inMessage)), true))
                .isEqualTo(IOReturn.MACH_SEND_NO_BUFFER);
        assertThat(right.send(MachMessage.of(new byte[1]), false)).as("a task's send still times out first")
                .isEqualTo(IOReturn.MACH_SEND_TIMED_OUT);
        assertThat(port.queued()).isEqualTo(MachPort.QLIMIT_KERNEL);
        assertThat(port.refusedSends()).isEqualTo(2);
        assertThat(inMessage.isReleased()).as("the refused message was destroyed").isTrue();
        assertThat(noSenders).hasValue(1);
        right.release();
    }

    @Test
    void shouldLetOneSenderReportEachOverflowUntilTheReceiverCatchesUp() throws InterruptedException { // issue 8
        final SendRight right = port.makeSend();
        assertThat(port.claimOverflowReport()).as("nothing refused yet").isFalse();
        for (int i = 0; i < MachPort.QLIMIT_DEFAULT; i++) {
            right.send(MachMessage.of(new byte[1]), false);
        }
        right.send(MachMessage.of(new byte[1]), false);
        right.send(MachMessage.of(new byte[1]), false);
        assertThat(port.claimOverflowReport()).as("the first claim of an overflow").isTrue();
        assertThat(port.claimOverflowReport()).as("the same overflow is reported once").isFalse();
        owner.receive(receive, 0);
        assertThat(port.queued()).isLessThan(MachPort.QLIMIT_DEFAULT);
        assertThat(port.claimOverflowReport()).as("caught up, nothing refused since").isFalse();
        right.send(MachMessage.of(new byte[1]), false);
        right.send(MachMessage.of(new byte[1]), false);
        assertThat(port.claimOverflowReport()).as("a new overflow after catching up").isTrue();
        right.release();
    }

    @ParameterizedTest
    @ValueSource(ints = {Integer.MIN_VALUE, -1, 0, 1025})
    void shouldRejectAQueueLimitOutsideOneTo1024(int limit) { // issue 2 item 2: bounded queues
        assertThatThrownBy(() -> port.setQueueLimit(limit))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("qlimit=" + limit);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 1024})
    void shouldHoldExactlyTheQueueLimitSet(int limit) { // issue 2 item 2: bounded queues
        port.setQueueLimit(limit);
        final SendRight right = port.makeSend();
        for (int i = 0; i < limit; i++) {
            assertThat(right.send(MachMessage.of(new byte[0]), false)).isEqualTo(IOReturn.kIOReturnSuccess);
        }
        assertThat(right.send(MachMessage.of(new byte[0]), false)).isEqualTo(IOReturn.MACH_SEND_TIMED_OUT);
        right.release();
    }

    @Test
    void shouldTellDeadNameWatchersOnceWhenThePortDies() { // MACH_NOTIFY_DEAD_NAME: a send right's holder learns
        final AtomicInteger deadName = new AtomicInteger();
        port.requestDeadName(deadName::incrementAndGet);
        port.requestDeadName(deadName::incrementAndGet);
        assertThat(deadName).as("not while the port lives").hasValue(0);
        assertThat(port.deadNameRequests()).isEqualTo(2);
        owner.destroyReceive(receive);
        assertThat(port.deadNameRequests()).as("handed out and forgotten").isZero();
        assertThat(deadName).as("each watcher once").hasValue(2);
        port.invalidate();
        assertThat(deadName).as("dying twice tells nobody twice").hasValue(2);
        port.requestDeadName(deadName::incrementAndGet);
        assertThat(deadName).as("asking after death runs at once").hasValue(3);
    }

    @Test
    void shouldKillThePortWhenItsReceiveRightIsDestroyed() { // issue 2 item 2: dead names
        final int name = client.insertSend(port);
        client.insertSend(port);
        assertThat(owner.destroyReceive(receive)).isEqualTo(IOReturn.kIOReturnSuccess);
        assertThat(port.isDead()).isTrue();
        assertThat(owner.type(receive)).as("the receiver's name is gone").isZero();
        assertThat(client.type(name)).isEqualTo(IpcSpace.MACH_PORT_TYPE_DEAD_NAME);
        assertThat(client.lookupSend(name)).isNull();
        assertThat(client.send(name, MachMessage.of(new byte[1]))).isEqualTo(IOReturn.MACH_SEND_INVALID_DEST);
        assertThat(client.deallocate(name)).isEqualTo(IOReturn.kIOReturnSuccess);
        assertThat(client.deallocate(name)).isEqualTo(IOReturn.kIOReturnSuccess);
        assertThat(client.type(name)).as("the last uref of a dead name removes it").isZero();
        assertThat(client.size()).isZero();
    }

    @Test
    void shouldDropQueuedMessagesAndReleaseTheirRightsWhenThePortDies() { // issue 2 item 2: dead names
        final MachPort carried = MachPort.forKernelObject("carried");
        carried.requestNoSenders(noSenders::incrementAndGet);
        final SendRight toPort = port.makeSend();
        final SendRight first = carried.makeSend();
        final SendRight second = carried.makeSend();
        assertThat(toPort.send(new MachMessage(new byte[1], List.of(first)), false)).isZero();
        assertThat(toPort.send(new MachMessage(new byte[1], List.of(second)), false)).isZero();
        assertThat(noSenders).hasValue(0);

        owner.destroyReceive(receive);
        assertThat(port.queued()).isZero();
        assertThat(first.isReleased() && second.isReleased()).isTrue();
        assertThat(noSenders).hasValue(1);
        assertThat(toPort.send(MachMessage.of(new byte[1]), true)).isEqualTo(IOReturn.MACH_SEND_INVALID_DEST);
        toPort.release();
    }

    @Test
    void shouldRunNoSendersOnceWhenTheLastSpaceOrKernelRightGoes() { // issue 2 item 2: no-senders notification
        final IpcSpace third = new IpcSpace("third");
        final int name = client.insertSend(port);
        client.insertSend(port);
        third.insertSend(port);
        final SendRight kernel = port.makeSend();
        port.requestNoSenders(noSenders::incrementAndGet);
        assertThat(port.sendRights()).isEqualTo(3);

        client.deallocate(name);
        third.terminate();
        kernel.release();
        assertThat(noSenders).as("client still holds one uref").hasValue(0);
        client.deallocate(name);
        assertThat(noSenders).hasValue(1);
        kernel.release(); // idempotent: no second notification, no negative count
        assertThat(port.sendRights()).isZero();
        assertThat(noSenders).hasValue(1);
    }

    @Test
    void shouldNotRunNoSendersForADeadPort() { // issue 2 item 2: a dead port has no receiver to tell
        final SendRight kernel = port.makeSend();
        port.requestNoSenders(noSenders::incrementAndGet);
        owner.destroyReceive(receive);
        kernel.release();
        assertThat(noSenders).hasValue(0);
    }

    @Test
    void shouldNotRunNoSendersWhenTheDyingPortsQueueHeldItsLastRight() { // issue 2 item 2: dead port, no notice
        final SendRight kernel = port.makeSend();
        assertThat(kernel.send(new MachMessage(new byte[1], List.of(kernel.copy())), false)).isZero();
        kernel.release(); // the only right left is inside the queued message
        port.requestNoSenders(noSenders::incrementAndGet);
        owner.destroyReceive(receive);
        assertThat(noSenders).hasValue(0);
    }

    @Test
    void shouldNeverQueueOnAKernelObjectPort() { // issue 2 item 2: sends to kernel objects are not queued
        final MachPort kernelPort = MachPort.forKernelObject("service");
        final int name = client.insertSend(kernelPort);
        assertThat(client.send(name, MachMessage.of(new byte[1]))).isEqualTo(IOReturn.MACH_SEND_INVALID_DEST);
        kernelPort.invalidate();
        assertThat(client.type(name)).isEqualTo(IpcSpace.MACH_PORT_TYPE_DEAD_NAME);
        assertThatThrownBy(() -> MachPort.forKernelObject(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void shouldTellTheListenerAfterEachQueuedMessageAndOnDeath() { // issue 2 item 2: how queues learn of work
        final AtomicInteger heard = new AtomicInteger();
        port.setMessageListener(() -> {
            assertThat(port.queued() > 0 || port.isDead()).isTrue();
            heard.incrementAndGet();
        });
        final SendRight right = port.makeSend();
        right.send(MachMessage.of(new byte[1]), false);
        right.send(MachMessage.of(new byte[1]), false);
        assertThat(heard).hasValue(2);
        owner.destroyReceive(receive);
        assertThat(heard).hasValue(3);
        right.release();
    }
}
