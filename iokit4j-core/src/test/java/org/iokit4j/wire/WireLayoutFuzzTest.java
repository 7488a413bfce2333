package org.iokit4j.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fuzz targets for every decoder of a wire layout, iokit4j's private action-aborted notice included (issue 8:
 * fuzzing). Each target feeds bytes from anywhere to a layout's {@code check} and then to every accessor:
 * {@code check} may refuse them only with {@link IllegalArgumentException} (the declared failure), and on bytes it
 * accepts every accessor answers without throwing and stays inside the array. The encoder target checks the other
 * direction: whatever an encoder accepts, its layout's {@code check} accepts and decodes back.
 *
 * <p>Under {@code ./mvnw verify} each target replays the encoders' seeds below and the corpus committed under
 * {@code src/test/resources/org/iokit4j/wire/WireLayoutFuzzTestInputs/<method>/}; {@code scripts/fuzz.sh} runs them
 * in Jazzer's fuzzing mode with a per-input timeout (docs/reliability.md, "Fuzzing").
 */
class WireLayoutFuzzTest {
    private static final long[] REFERENCE = {0, 0x4143_0000_0000_0001L, 0x5EED, 3, 4, 5, 6, 7};

    @MethodSource("headerSeeds")
    @FuzzTest
    void machMsgHeader(byte[] bytes) {
        try {
            MachMsgHeaderLayout.check(bytes);
        } catch (IllegalArgumentException declared) {
            return;
        }
        assertThat(Integer.toUnsignedLong(MachMsgHeaderLayout.size(bytes))).isEqualTo(bytes.length);
        MachMsgHeaderLayout.bits(bytes);
        MachMsgHeaderLayout.isComplex(bytes);
        MachMsgHeaderLayout.remotePort(bytes);
        MachMsgHeaderLayout.localPort(bytes);
        MachMsgHeaderLayout.voucher(bytes);
        MachMsgHeaderLayout.id(bytes);
    }

    @MethodSource("completionSeeds")
    @FuzzTest
    void asyncCompletion(byte[] bytes) {
        try {
            AsyncCompletionLayout.check(bytes);
        } catch (IllegalArgumentException declared) {
            return;
        }
        final int count = AsyncCompletionLayout.argumentCount(bytes);
        assertThat(count).isNotNegative();
        assertThat(AsyncCompletionLayout.ARGUMENTS_OFFSET + 8L * count).isLessThanOrEqualTo(bytes.length);
        final long[] args = AsyncCompletionLayout.arguments(bytes);
        assertThat(args).hasSize(count);
        for (int i = 0; i < count; i++) {
            assertThat(AsyncCompletionLayout.argument(bytes, i)).isEqualTo(args[i]);
        }
        for (int slot = 0; slot < AsyncCompletionLayout.kOSAsyncRef64Count; slot++) {
            AsyncCompletionLayout.reference(bytes, slot);
        }
        AsyncCompletionLayout.result(bytes);
        AsyncCompletionLayout.notificationSize(bytes);
        assertThat(AsyncCompletionLayout.messageId(bytes)).isEqualTo(AsyncCompletionLayout.kOSNotificationMessageID);
    }

    @MethodSource("matchingSeeds")
    @FuzzTest
    void matchingNotification(byte[] bytes) {
        try {
            MatchingNotificationLayout.check(bytes);
        } catch (IllegalArgumentException declared) {
            return;
        }
        assertThat(MatchingNotificationLayout.type(bytes)).isBetween(
                AsyncCompletionLayout.kIOServicePublishNotificationType,
                AsyncCompletionLayout.kIOServiceTerminatedNotificationType);
        for (int slot = 0; slot < AsyncCompletionLayout.kOSAsyncRef64Count; slot++) {
            MatchingNotificationLayout.reference(bytes, slot);
        }
    }

    @MethodSource("interestSeeds")
    @FuzzTest
    void interestNotification(byte[] bytes) {
        try {
            InterestNotificationLayout.check(bytes);
        } catch (IllegalArgumentException declared) {
            return;
        }
        assertThat(bytes).hasSize(InterestNotificationLayout.LENGTH);
        for (int slot = 0; slot < AsyncCompletionLayout.kOSAsyncRef64Count; slot++) {
            InterestNotificationLayout.reference(bytes, slot);
        }
        InterestNotificationLayout.service(bytes);
        InterestNotificationLayout.messageType(bytes);
        InterestNotificationLayout.messageArgument(bytes);
        InterestNotificationLayout.setService(bytes, 0x1234);
        assertThat(InterestNotificationLayout.service(bytes)).isEqualTo(0x1234);
    }

    @MethodSource("abortSeeds")
    @FuzzTest
    void actionAborted(byte[] bytes) {
        try {
            ActionAbortedLayout.check(bytes);
        } catch (IllegalArgumentException declared) {
            return;
        }
        assertThat(bytes).hasSize(ActionAbortedLayout.LENGTH);
        assertThat(ActionAbortedLayout.isNotice(bytes)).isTrue();
        for (int slot = 0; slot < AsyncCompletionLayout.kOSAsyncRef64Count; slot++) {
            ActionAbortedLayout.reference(bytes, slot);
        }
        ActionAbortedLayout.result(bytes);
        assertThat(ActionAbortedLayout.completions(bytes)).isNotNegative();
        assertThat(ActionAbortedLayout.describe(ActionAbortedLayout.reason(bytes),
                ActionAbortedLayout.completions(bytes))).isNotBlank();
    }

    /** Whatever an encoder accepts decodes back through its layout; what it refuses, it refuses with IAE. */
    @FuzzTest
    void encoders(FuzzedDataProvider data) {
        final long[] reference = data.consumeLongs(data.consumeInt(0, 9));
        switch (data.consumeInt(0, 3)) {
            case 0 -> encodeCompletion(data, reference);
            case 1 -> encodeMatching(data, reference);
            case 2 -> encodeInterest(data, reference);
            default -> encodeAbort(data, reference);
        }
    }

    private static void encodeCompletion(FuzzedDataProvider data, long[] reference) {
        final int result = data.consumeInt();
        final int count = data.consumeInt(-1, 17);
        final long[] args = data.consumeBoolean() ? null : data.consumeLongs(data.consumeInt(0, 17));
        final byte[] bytes;
        try {
            bytes = AsyncCompletionLayout.encode(reference, result, args, count);
        } catch (IllegalArgumentException declared) {
            return;
        }
        AsyncCompletionLayout.check(bytes);
        assertThat(AsyncCompletionLayout.argumentCount(bytes)).isEqualTo(count);
        assertThat(AsyncCompletionLayout.result(bytes)).isEqualTo(result);
        for (int i = 0; i < count; i++) {
            assertThat(AsyncCompletionLayout.argument(bytes, i)).isEqualTo(args[i]);
        }
        assertEchoed(reference, slot -> AsyncCompletionLayout.reference(bytes, slot));
    }

    private static void encodeMatching(FuzzedDataProvider data, long[] reference) {
        final int type = data.consumeInt(98, 104);
        final byte[] bytes;
        try {
            bytes = MatchingNotificationLayout.encode(type, reference);
        } catch (IllegalArgumentException declared) {
            return;
        }
        MatchingNotificationLayout.check(bytes);
        assertThat(MatchingNotificationLayout.type(bytes)).isEqualTo(type);
        assertEchoed(reference, slot -> MatchingNotificationLayout.reference(bytes, slot));
    }

    private static void encodeInterest(FuzzedDataProvider data, long[] reference) {
        final int messageType = data.consumeInt();
        final long argument = data.consumeLong();
        final byte[] bytes;
        try {
            bytes = InterestNotificationLayout.encode(reference, messageType, argument);
        } catch (IllegalArgumentException declared) {
            return;
        }
        InterestNotificationLayout.check(bytes);
        assertThat(InterestNotificationLayout.messageType(bytes)).isEqualTo(messageType);
        assertThat(InterestNotificationLayout.messageArgument(bytes)).isEqualTo(argument);
        assertEchoed(reference, slot -> InterestNotificationLayout.reference(bytes, slot));
    }

    private static void encodeAbort(FuzzedDataProvider data, long[] reference) {
        final int reason = data.consumeInt(-1, 5);
        final long completions = data.consumeLong();
        final byte[] bytes;
        try {
            bytes = ActionAbortedLayout.encode(reference, reason, completions);
        } catch (IllegalArgumentException declared) {
            return;
        }
        ActionAbortedLayout.check(bytes);
        assertThat(ActionAbortedLayout.reason(bytes)).isEqualTo(reason);
        assertThat(ActionAbortedLayout.completions(bytes)).isEqualTo(completions);
        assertThat(ActionAbortedLayout.result(bytes)).isEqualTo(reason == ActionAbortedLayout.kAbortReasonServerDied
                ? org.iokit4j.IOReturn.MIG_SERVER_DIED : org.iokit4j.IOReturn.kIOReturnAborted); // issue 10
        assertEchoed(reference, slot -> ActionAbortedLayout.reference(bytes, slot));
    }

    /** apple-semantics.md §3: slot 0 is sent as 0, slots 1..7 are echoed, missing slots are 0. */
    private static void assertEchoed(long[] reference, java.util.function.IntToLongFunction decoded) {
        for (int slot = 0; slot < AsyncCompletionLayout.kOSAsyncRef64Count; slot++) {
            final long expected = slot == 0 || slot >= reference.length ? 0 : reference[slot];
            assertThat(decoded.applyAsLong(slot)).as("reference[%d]", slot).isEqualTo(expected);
        }
    }

    static Stream<Arguments> headerSeeds() {
        return Stream.of(completionSeeds(), matchingSeeds(), interestSeeds(), abortSeeds()).flatMap(seeds -> seeds);
    }

    static Stream<Arguments> completionSeeds() {
        return Stream.of(0, 1, 2, 3, 16).map(n -> seed("completion n=" + n,
                AsyncCompletionLayout.encode(REFERENCE, 0xE00002EB, new long[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11,
                        12, 13, 14, 15, 16}, n)));
    }

    static Stream<Arguments> matchingSeeds() {
        return Stream.of(100, 101, 102).map(type -> seed("matching type=" + type,
                MatchingNotificationLayout.encode(type, REFERENCE)));
    }

    static Stream<Arguments> interestSeeds() {
        return Stream.of(seed("interest terminated", InterestNotificationLayout.encode(REFERENCE,
                InterestNotificationLayout.kIOMessageServiceIsTerminated, 0)));
    }

    static Stream<Arguments> abortSeeds() {
        return Stream.of(ActionAbortedLayout.kAbortReasonReleased, ActionAbortedLayout.kAbortReasonClientClosed,
                ActionAbortedLayout.kAbortReasonServiceTerminated, ActionAbortedLayout.kAbortReasonServerDied)
                .map(reason -> seed("abort reason=" + reason,
                ActionAbortedLayout.encode(REFERENCE, reason, reason - 1)));
    }

    private static Arguments seed(String name, byte[] bytes) {
        return Arguments.of(Named.of(name, bytes));
    }
}
