package org.iokit4j.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AsyncCompletionLayoutTest {
    private static final long[] REFERENCE = {
        0xDEAD_BEEF_0000_0001L, 0x4143_0000_0000_0007L, 0x1234_5678_9ABC_DEF0L, 3, 4, 5, 6, 7};

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 16})
    void shouldLayOutEveryFieldAtTheOffsetsOfTheTable(int n) {
        // apple-semantics.md §4.2: the offset table for a 64-bit client with n arguments
        final long[] args = arguments(n);
        final byte[] bytes = AsyncCompletionLayout.encode(REFERENCE, 0xE00002C2, args, n);
        final ByteBuffer le = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);

        assertThat(bytes).hasSize(104 + 8 * n);
        assertThat(le.getInt(0)).as("msgh_bits: COPY_SEND, not complex").isEqualTo(19);
        assertThat(le.getInt(4)).as("msgh_size").isEqualTo(104 + 8 * n);
        assertThat(le.getInt(8)).as("msgh_remote_port").isZero();
        assertThat(le.getInt(20)).as("msgh_id").isEqualTo(53);
        assertThat(le.getInt(24)).as("OSNotificationHeader64.size").isEqualTo(4 + 8 * n);
        assertThat(le.getInt(28)).as("type").isEqualTo(150);
        assertThat(le.getLong(32)).as("reference[0] is sent as 0").isZero();
        for (int slot = 1; slot < 8; slot++) {
            assertThat(le.getLong(32 + 8 * slot)).as("reference[%d]", slot).isEqualTo(REFERENCE[slot]);
        }
        assertThat(le.getInt(96)).as("result").isEqualTo(0xE00002C2);
        for (int i = 0; i < n; i++) {
            assertThat(le.getLong(100 + 8 * i)).as("args[%d]", i).isEqualTo(args[i]);
        }
        assertThat(le.getInt(100 + 8 * n)).as("padding").isZero();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 7, 16})
    void shouldDecodeWhatItEncodes(int n) {
        // apple-semantics.md §4.2 (layout) and §4.3 (argument count from msgh_size)
        final long[] args = arguments(n);
        final byte[] bytes = AsyncCompletionLayout.encode(REFERENCE, 0, args, n);

        AsyncCompletionLayout.check(bytes);
        assertThat(AsyncCompletionLayout.messageId(bytes)).isEqualTo(AsyncCompletionLayout.kOSNotificationMessageID);
        assertThat(AsyncCompletionLayout.notificationType(bytes))
                .isEqualTo(AsyncCompletionLayout.kIOAsyncCompletionNotificationType);
        assertThat(AsyncCompletionLayout.notificationSize(bytes)).isEqualTo(4 + 8 * n);
        assertThat(AsyncCompletionLayout.argumentCount(bytes)).isEqualTo(n);
        assertThat(AsyncCompletionLayout.arguments(bytes)).containsExactly(args);
        assertThat(AsyncCompletionLayout.reference(bytes, 0)).isZero();
        assertThat(AsyncCompletionLayout.reference(bytes, 1)).isEqualTo(REFERENCE[1]);
        assertThat(AsyncCompletionLayout.reference(bytes, 2)).isEqualTo(REFERENCE[2]);
        assertThat(AsyncCompletionLayout.result(bytes)).isZero();
        for (int i = 0; i < n; i++) {
            assertThat(AsyncCompletionLayout.argument(bytes, i)).isEqualTo(args[i]);
        }
    }

    @Test
    void shouldSendMissingReferenceSlotsAsZero() {
        // apple-semantics.md §3: the bridge copies the client's slots into a zero-filled 8-slot array
        final byte[] bytes = AsyncCompletionLayout.encode(new long[] {9, 0x41, 0x42}, 0, null, 0);

        assertThat(AsyncCompletionLayout.reference(bytes, 1)).isEqualTo(0x41);
        assertThat(AsyncCompletionLayout.reference(bytes, 2)).isEqualTo(0x42);
        for (int slot = 3; slot < 8; slot++) {
            assertThat(AsyncCompletionLayout.reference(bytes, slot)).isZero();
        }
    }

    @Test
    void shouldSubtractTheSizeAdjustmentWhenCountingArguments() {
        // apple-semantics.md §4.3 step 5: leftOver -= (type >> 30) & 3
        final byte[] bytes = AsyncCompletionLayout.encode(REFERENCE, 0, arguments(2), 2);
        final int type = AsyncCompletionLayout.notificationType(bytes) | 3 << 30;
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(28, type);

        // 120 - 96 - 3 = 21; (21 - 4) / 8 = 2: the adjustment eats into the padding only
        assertThat(AsyncCompletionLayout.argumentCount(bytes)).isEqualTo(2);
    }

    @Test
    void shouldRejectSeventeenArguments() {
        // apple-semantics.md §4.2: numArgs > 16 → kIOReturnMessageTooLarge, nothing sent
        assertThatThrownBy(() -> AsyncCompletionLayout.encode(REFERENCE, 0, arguments(17), 17))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("count=17");
        assertThatThrownBy(() -> AsyncCompletionLayout.encode(REFERENCE, 0, arguments(1), -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("count=-1");
    }

    @Test
    void shouldRejectArgumentsShorterThanCount() {
        // apple-semantics.md §4.2
        assertThatThrownBy(() -> AsyncCompletionLayout.encode(REFERENCE, 0, new long[1], 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("count=2")
                .hasMessageContaining("length=1");
        assertThatThrownBy(() -> AsyncCompletionLayout.encode(new long[9], 0, null, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("length=9");
    }

    @Test
    void shouldRejectMessagesThatAreNotCompletions() {
        // apple-semantics.md §4.3 step 1: msgh_id must be 53; type 150 for a completion
        final byte[] wrongId = AsyncCompletionLayout.encode(REFERENCE, 0, null, 0);
        MachMsgHeaderLayout.setId(wrongId, 57);
        final byte[] wrongType = AsyncCompletionLayout.encode(REFERENCE, 0, null, 0);
        ByteBuffer.wrap(wrongType).order(ByteOrder.LITTLE_ENDIAN).putInt(28, 160);
        final byte[] truncated = new byte[100];
        System.arraycopy(wrongType, 0, truncated, 0, 100);
        MachMsgHeaderLayout.setSize(truncated, 100);
        ByteBuffer.wrap(truncated).order(ByteOrder.LITTLE_ENDIAN).putInt(28, 150);

        assertThatThrownBy(() -> AsyncCompletionLayout.check(wrongId)).hasMessageContaining("msgh_id=57");
        assertThatThrownBy(() -> AsyncCompletionLayout.check(wrongType)).hasMessageContaining("type=160");
        AsyncCompletionLayout.check(truncated); // 100 bytes: result and no padding still decode as 0 args
        assertThat(AsyncCompletionLayout.argumentCount(truncated)).isZero();
    }

    private static long[] arguments(int n) {
        final long[] args = new long[n];
        for (int i = 0; i < n; i++) {
            args[i] = 0x0101_0101_0101_0101L * (i + 1) + i;
        }
        return args;
    }
}
