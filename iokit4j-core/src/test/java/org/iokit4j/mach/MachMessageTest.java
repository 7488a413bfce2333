package org.iokit4j.mach;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.iokit4j.IOReturn;
import org.junit.jupiter.api.Test;

/** Inline bytes are copied on send, even inside one JVM (issue 2 item 2). */
class MachMessageTest {
    private final IpcSpace receiver = new IpcSpace("receiver");
    private final IpcSpace sender = new IpcSpace("sender");
    private final int receive = receiver.allocateReceive();
    private final int send = sender.insertSend(receiver.lookupReceive(receive));

    @Test
    void shouldNotLetTheSendersLaterWritesReachTheReceiver() throws InterruptedException { // issue 2 item 2
        final byte[] buffer = {1, 2, 3, 4};
        final MachMessage message = MachMessage.of(buffer);
        assertThat(sender.send(send, message)).isEqualTo(IOReturn.kIOReturnSuccess);
        buffer[0] = 99; // the sender reuses its buffer …
        message.bytes()[1] = 99; // … or writes through the message it sent
        assertThat(receiver.receive(receive, 0).bytes()).containsExactly(1, 2, 3, 4);
    }

    @Test
    void shouldCopyOnAKernelHeldRightsSendToo() throws InterruptedException { // issue 2 item 2
        final byte[] buffer = {7, 7};
        final SendRight right = receiver.makeSend(receive);
        assertThat(right.send(MachMessage.of(buffer), true)).isEqualTo(IOReturn.kIOReturnSuccess);
        buffer[1] = 0;
        assertThat(receiver.receive(receive, 0).bytes()).containsExactly(7, 7);
        right.release();
    }

    @Test
    void shouldSeeTheSendersWritesMadeBeforeTheSend() throws InterruptedException { // issue 2 item 2: copied at send
        final byte[] buffer = new byte[2];
        final MachMessage message = MachMessage.of(buffer);
        buffer[0] = 5;
        sender.send(send, message);
        assertThat(receiver.receive(receive, 0).bytes()).containsExactly(5, 0);
    }

    @Test
    void shouldCarryItsRightsToTheReceiverUnreleased() throws InterruptedException { // issue 2 item 2
        final MachPort other = MachPort.forKernelObject("service");
        final SendRight right = other.makeSend();
        sender.send(send, new MachMessage(new byte[1], List.of(right)));
        final MachMessage received = receiver.receive(receive, 0);
        assertThat(received.rights()).containsExactly(right);
        assertThat(right.isReleased()).isFalse();
        final int name = receiver.copyoutSend(received.rights().get(0));
        assertThat(receiver.lookupKernelObject(name)).isEqualTo("service");
        assertThat(other.sendRights()).isEqualTo(1);
    }
}
