package org.iokit4j.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The matching ping and the interest message layouts (apple-semantics.md §1, §4.3). */
class ServiceNotificationLayoutTest {

    @Test
    void shouldEncodeAMatchingPingWithNoContentAndSlotZeroCleared() { // §3: slot 0 never leaves the kernel
        final byte[] bytes = MatchingNotificationLayout.encode(100, new long[] {99, 0x11, 0x22});
        MatchingNotificationLayout.check(bytes);
        assertThat(bytes).hasSize(96);
        assertThat(MachMsgHeaderLayout.id(bytes)).isEqualTo(53);
        assertThat(MachMsgHeaderLayout.isComplex(bytes)).isFalse();
        assertThat(MatchingNotificationLayout.type(bytes)).isEqualTo(100);
        assertThat(MatchingNotificationLayout.reference(bytes, 0)).isZero();
        assertThat(MatchingNotificationLayout.reference(bytes, 1)).isEqualTo(0x11);
        assertThat(MatchingNotificationLayout.reference(bytes, 2)).isEqualTo(0x22);
    }

    @Test
    void shouldRefuseATypeOutsideTheMatchingKinds() { // 150 and 160 have their own layouts
        assertThatThrownBy(() -> MatchingNotificationLayout.encode(150, new long[3]))
                .hasMessageContaining("type=150");
    }

    @Test
    void shouldEncodeAnInterestMessageAsComplexWithOneDescriptor() { // §4.3 step 2
        final byte[] bytes = InterestNotificationLayout.encode(new long[] {5, 0x11, 0x22, 0x33},
                InterestNotificationLayout.kIOMessageServiceIsTerminated, 7);
        InterestNotificationLayout.check(bytes);
        assertThat(bytes).hasSize(128);
        assertThat(MachMsgHeaderLayout.isComplex(bytes)).isTrue();
        assertThat(InterestNotificationLayout.messageType(bytes)).isEqualTo(0xE0000010);
        assertThat(InterestNotificationLayout.messageArgument(bytes)).isEqualTo(7);
        assertThat(InterestNotificationLayout.reference(bytes, 0)).isZero();
        assertThat(InterestNotificationLayout.reference(bytes, 3)).isEqualTo(0x33);
        InterestNotificationLayout.setService(bytes, 0x1234);
        assertThat(InterestNotificationLayout.service(bytes)).isEqualTo(0x1234);
    }

    @Test
    void shouldRejectACompletionAsAnInterestMessage() { // check names the wrong value
        final byte[] completion = AsyncCompletionLayout.encode(new long[3], 0, null, 0);
        assertThatThrownBy(() -> InterestNotificationLayout.check(completion)).hasMessageContaining("complex");
    }
}
