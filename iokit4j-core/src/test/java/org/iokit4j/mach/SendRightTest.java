package org.iokit4j.mach;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.iokit4j.IOReturn;
import org.junit.jupiter.api.Test;

/** Kernel-held send rights (issue 2 item 2; apple-semantics.md §3: the wake port travels as one). */
class SendRightTest {
    private final IpcSpace owner = new IpcSpace("owner");
    private final MachPort port = owner.lookupReceive(owner.allocateReceive());
    private final AtomicInteger noSenders = new AtomicInteger();

    @Test
    void shouldCountEachRightOnThePortAndReleaseItOnce() { // issue 2 item 2: send rights
        final SendRight right = port.makeSend();
        final SendRight copy = right.copy();
        assertThat(copy).isNotSameAs(right);
        assertThat(copy.port()).isSameAs(port);
        assertThat(port.sendRights()).isEqualTo(2);
        port.requestNoSenders(noSenders::incrementAndGet);

        right.release();
        right.release();
        assertThat(right.isReleased()).isTrue();
        assertThat(port.sendRights()).isEqualTo(1);
        assertThat(noSenders).hasValue(0);
        copy.release();
        assertThat(noSenders).hasValue(1);
    }

    @Test
    void shouldRefuseToCopyAReleasedRight() { // issue 2 item 2: a released right is gone
        final SendRight right = port.makeSend();
        right.release();
        assertThatThrownBy(right::copy).isInstanceOf(IllegalStateException.class).hasMessageContaining("released");
    }

    @Test
    void shouldFailASendOnAReleasedRightAndReleaseTheMessagesRights() { // issue 2 item 2
        final SendRight right = port.makeSend();
        right.release();
        final SendRight carried = port.makeSend();
        assertThat(right.send(new MachMessage(new byte[1], List.of(carried)), true))
                .isEqualTo(IOReturn.MACH_SEND_INVALID_DEST);
        assertThat(carried.isReleased()).isTrue();
        assertThat(port.queued()).isZero();
    }

    @Test
    void shouldMoveIntoASpaceWithoutChangingThePortsCount() { // issue 2 item 2: copy-out of a send right
        final IpcSpace client = new IpcSpace("client");
        final SendRight right = port.makeSend();
        final int name = client.copyoutSend(right);
        assertThat(right.isReleased()).as("used up by the move").isTrue();
        assertThat(port.sendRights()).isEqualTo(1);
        assertThat(client.lookupSend(name)).isSameAs(port);
        assertThatThrownBy(() -> client.copyoutSend(right))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("released send right");
    }

    @Test
    void shouldReleaseARightMergedIntoAnExistingName() { // issue 2 item 2: user references add up
        final IpcSpace client = new IpcSpace("client");
        final int name = client.insertSend(port);
        final SendRight second = port.makeSend();
        assertThat(client.copyoutSend(second)).isEqualTo(name);
        assertThat(second.isReleased()).isTrue();
        assertThat(client.sendUserRefs(name)).isEqualTo(2);
        assertThat(port.sendRights()).isEqualTo(1);
    }

    @Test
    void shouldSayWhetherItWasReleasedInToString() { // style.md: explanations name the values
        final SendRight right = port.makeSend();
        assertThat(right.toString()).startsWith("SendRight[MachPort@").doesNotContain("released");
        right.release();
        assertThat(right.toString()).endsWith(", released]");
    }
}
