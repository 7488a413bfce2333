package org.iokit4j.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.iokit4j.IOReturn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The private action-aborted notice (issue 8 deliverable 5: "futures always end"; docs/async-completions.md). */
class ActionAbortedLayoutTest {
    private static final long[] REFERENCE = {
        0xDEAD_BEEF_0000_0001L, 0x4143_0000_0000_0007L, 0x1234_5678_9ABC_DEF0L, 3, 4, 5, 6, 7};

    @Test
    void shouldLayOutEveryFieldAtTheOffsetsOfTheTable() {
        final byte[] bytes = ActionAbortedLayout.encode(REFERENCE, ActionAbortedLayout.kAbortReasonClientClosed, 5);
        final ByteBuffer le = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);

        assertThat(bytes).hasSize(104);
        assertThat(le.getInt(0)).as("msgh_bits: COPY_SEND, not complex").isEqualTo(19);
        assertThat(le.getInt(4)).as("msgh_size").isEqualTo(104);
        assertThat(le.getInt(20)).as("msgh_id").isEqualTo(0x6934_6B41);
        assertThat(le.getInt(24)).as("reason").isEqualTo(2);
        assertThat(le.getInt(28)).as("result").isEqualTo(IOReturn.kIOReturnAborted);
        assertThat(le.getLong(32)).as("reference[0] is sent as 0").isZero();
        for (int slot = 1; slot < 8; slot++) {
            assertThat(le.getLong(32 + 8 * slot)).as("reference[%d]", slot).isEqualTo(REFERENCE[slot]);
        }
        assertThat(le.getLong(96)).as("completions").isEqualTo(5);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void shouldDecodeWhatItEncodes(int reason) {
        final byte[] bytes = ActionAbortedLayout.encode(new long[] {9, 0x41, 0x42}, reason, 0);

        ActionAbortedLayout.check(bytes);
        assertThat(ActionAbortedLayout.isNotice(bytes)).isTrue();
        assertThat(ActionAbortedLayout.reason(bytes)).isEqualTo(reason);
        assertThat(ActionAbortedLayout.result(bytes)).isEqualTo(IOReturn.kIOReturnAborted);
        assertThat(ActionAbortedLayout.reference(bytes, 0)).isZero();
        assertThat(ActionAbortedLayout.reference(bytes, 1)).isEqualTo(0x41);
        assertThat(ActionAbortedLayout.reference(bytes, 2)).isEqualTo(0x42);
        assertThat(ActionAbortedLayout.reference(bytes, 7)).isZero();
        assertThat(ActionAbortedLayout.completions(bytes)).isZero();
        assertThat(ActionAbortedLayout.describe(reason, 0)).contains("without completing");
    }

    @Test
    void shouldNotBeSomethingApplesDispatcherReads() { // apple-semantics.md §4.3 step 1: msgh_id != 53 is ignored
        final byte[] bytes = ActionAbortedLayout.encode(REFERENCE, ActionAbortedLayout.kAbortReasonReleased, 0);

        assertThat(MachMsgHeaderLayout.id(bytes)).isNotEqualTo(AsyncCompletionLayout.kOSNotificationMessageID)
                .isNotEqualTo(AsyncCompletionLayout.kOSAsyncCompleteMessageID);
        assertThat(ActionAbortedLayout.isNotice(AsyncCompletionLayout.encode(REFERENCE, 0, null, 0))).isFalse();
    }

    @Test
    void shouldRejectMalformedNoticesNamingTheValue() {
        final byte[] good = ActionAbortedLayout.encode(REFERENCE, 1, 0);

        final byte[] badId = good.clone();
        MachMsgHeaderLayout.setId(badId, 53);
        assertThatThrownBy(() -> ActionAbortedLayout.check(badId)).hasMessageContaining("msgh_id=0x35");
        final byte[] badReason = good.clone();
        Bytes.putInt(badReason, ActionAbortedLayout.REASON_OFFSET, 9);
        assertThatThrownBy(() -> ActionAbortedLayout.check(badReason)).hasMessageContaining("reason=9");
        final byte[] complex = good.clone();
        MachMsgHeaderLayout.setBits(complex, MachMsgHeaderLayout.MACH_MSGH_BITS_COMPLEX | 19);
        assertThatThrownBy(() -> ActionAbortedLayout.check(complex)).hasMessageContaining("complex");
        final byte[] longer = java.util.Arrays.copyOf(good, 112);
        MachMsgHeaderLayout.setSize(longer, 112);
        assertThatThrownBy(() -> ActionAbortedLayout.check(longer)).hasMessageContaining("length=112");
        final byte[] negative = good.clone();
        Bytes.putLong(negative, ActionAbortedLayout.COMPLETIONS_OFFSET, -1);
        assertThatThrownBy(() -> ActionAbortedLayout.check(negative)).hasMessageContaining("completions=");
        assertThatThrownBy(() -> ActionAbortedLayout.check(new byte[10])).hasMessageContaining("length=10");
    }

    @Test
    void shouldRefuseBadArgumentsToTheEncoder() {
        assertThatThrownBy(() -> ActionAbortedLayout.encode(REFERENCE, 0, 0)).hasMessageContaining("reason=0");
        assertThatThrownBy(() -> ActionAbortedLayout.encode(REFERENCE, 1, -1)).hasMessageContaining("completions=-1");
        assertThatThrownBy(() -> ActionAbortedLayout.encode(new long[9], 1, 0)).hasMessageContaining("length=9");
        assertThatThrownBy(() -> ActionAbortedLayout.encode(null, 1, 0)).hasMessageContaining("null");
    }
}
