package org.iokit4j.iokitlib;

import static org.iokit4j.iokitlib.IOKitLib.IONotificationPortCreate;
import static org.iokit4j.iokitlib.IOKitLib.kIOMainPortDefault;

import java.util.LinkedHashMap;
import java.util.Map;
import org.iokit4j.mach.MachPort;
import org.iokit4j.mach.SendRight;
import org.iokit4j.mig.Caller;
import org.iokit4j.wire.ActionAbortedLayout;
import org.iokit4j.wire.AsyncCompletionLayout;
import org.iokit4j.wire.InterestNotificationLayout;
import org.iokit4j.wire.MatchingNotificationLayout;

/**
 * The world {@link NotificationDispatchFuzzTest} dispatches into, made once per JVM: a notification port of a
 * {@link StubKernel}'s task, a notification object the task holds a send right to, and one registered callback of
 * every shape (four completion shapes, one that throws, two registered for the port with an abort handler, one of
 * which throws, a matching and an interest callback). None is one-shot, so no input changes what the next one
 * meets.
 *
 * <p><b>Concurrency.</b> Used from the one thread that runs the fuzz target.
 */
final class DispatchFixture {
    static final StubKernel KERNEL = new StubKernel();
    static final IONotificationPortRef PORT =
            Caller.callAs(KERNEL.caller(), () -> IONotificationPortCreate(kIOMainPortDefault));
    /** The notification object of matching and interest messages; the task holds one reference, as it would. */
    static final MachPort OBJECT = MachPort.forKernelObject("notification object");
    static final int OBJECT_NAME = ((org.iokit4j.mach.MachTask) PORT.caller.task()).space().insertSend(OBJECT);

    /** Reference slot 1 stand-ins ("7E57") and the callback values they become in this JVM. */
    static final Map<Long, Long> TOKENS = new LinkedHashMap<>();
    private static final long[] COMPLETION_TOKENS = new long[7];
    private static final long MATCHING_TOKEN = 0x4D43_7E57_0000_0001L;
    private static final long INTEREST_TOKEN = 0x4943_7E57_0000_0001L;

    static {
        final IOAsyncCallout[] shapes = {
            (IOAsyncCallback0) (refcon, result) -> { },
            (IOAsyncCallback1) (refcon, result, a) -> { },
            (IOAsyncCallback2) (refcon, result, a, b) -> { },
            (IOAsyncCallback) (refcon, result, args, numArgs) -> { },
            (IOAsyncCallback0) (refcon, result) -> {
                throw new IllegalStateException("a callback that throws (counted as a callback failure)");
            },
        };
        for (int i = 0; i < shapes.length; i++) {
            COMPLETION_TOKENS[i] = 0x4143_7E57_0000_0001L + i;
            TOKENS.put(COMPLETION_TOKENS[i], AsyncCallouts.register(shapes[i]));
        }
        // the port's own values, as the Java layer registers them: an abort handler each, one of which throws
        final AsyncCallouts.AbortHandler[] onAbort = {
            (refcon, reason, completions) -> { },
            (refcon, reason, completions) -> {
                throw new IllegalStateException("an abort handler that throws (counted as a callback failure)");
            },
        };
        for (int i = 0; i < onAbort.length; i++) {
            final int token = shapes.length + i;
            COMPLETION_TOKENS[token] = 0x4143_7E57_0000_0001L + token;
            TOKENS.put(COMPLETION_TOKENS[token], AsyncCallouts.register(PORT, shapes[3], onAbort[i]));
        }
        TOKENS.put(MATCHING_TOKEN, ServiceNotifications.MATCHING.register((refcon, iterator) -> { }));
        TOKENS.put(INTEREST_TOKEN, ServiceNotifications.INTEREST.register((refcon, service, type, argument) -> { }));
    }

    private DispatchFixture() {
    }

    /**
     * {@return a send right of one of four kinds}: 0 the notification object (the task holds a name for it, so a
     * well-formed notification is delivered), 1 a fresh kernel object port, 2 a port already dead, 3 a right
     * already released.
     */
    static SendRight right(int kind) {
        return switch (kind) {
            case 0 -> OBJECT.makeSend();
            case 1 -> MachPort.forKernelObject("fresh").makeSend();
            case 2 -> {
                final MachPort port = MachPort.forKernelObject("dead");
                final SendRight right = port.makeSend();
                port.invalidate();
                yield right;
            }
            default -> {
                final SendRight right = MachPort.forKernelObject("released").makeSend();
                right.release();
                yield right;
            }
        };
    }

    /** Replaces tokens at the two offsets of reference slot 1 (simple and complex messages). */
    static byte[] withTokensReplaced(byte[] bytes) {
        replace(bytes, AsyncCompletionLayout.REFERENCE_OFFSET + 8);
        replace(bytes, InterestNotificationLayout.REFERENCE_OFFSET + 8);
        return bytes;
    }

    private static void replace(byte[] bytes, int offset) {
        if (bytes.length >= offset + 8) {
            final java.nio.ByteBuffer le = java.nio.ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            final Long value = TOKENS.get(le.getLong(offset));
            if (value != null) {
                le.putLong(offset, value);
            }
        }
    }

    /** {@return well-formed messages the kernel's encoders make, each behind its selector byte, by name} */
    static Map<String, byte[]> seeds() {
        final Map<String, byte[]> seeds = new LinkedHashMap<>();
        final long[] args = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
        for (int shape = 0; shape < COMPLETION_TOKENS.length; shape++) {
            for (int n : new int[] {0, 1, 2, 3, 16}) {
                seeds.put("completion shape=" + shape + " n=" + n, input(0,
                        AsyncCompletionLayout.encode(reference(COMPLETION_TOKENS[shape]), 0xE00002EB, args, n)));
            }
        }
        for (int shape = 0; shape < COMPLETION_TOKENS.length; shape++) {
            for (int reason = 1; reason <= 3; reason++) {
                seeds.put("abort notice shape=" + shape + " reason=" + reason, input(0, ActionAbortedLayout.encode(
                        reference(COMPLETION_TOKENS[shape]), reason, reason - 1)));
            }
        }
        for (int type = 100; type <= 102; type++) {
            seeds.put("matching type=" + type, input(1, MatchingNotificationLayout.encode(type,
                    reference(MATCHING_TOKEN))));
        }
        seeds.put("interest terminated", input(2 | (1 << 4), InterestNotificationLayout.encode(
                reference(INTEREST_TOKEN), InterestNotificationLayout.kIOMessageServiceIsTerminated, 0)));
        return seeds;
    }

    private static long[] reference(long callout) {
        return new long[] {0, callout, 0x5EED, 3};
    }

    private static byte[] input(int selector, byte[] message) {
        final byte[] input = new byte[message.length + 1];
        input[0] = (byte) selector;
        System.arraycopy(message, 0, input, 1, message.length);
        return input;
    }
}
