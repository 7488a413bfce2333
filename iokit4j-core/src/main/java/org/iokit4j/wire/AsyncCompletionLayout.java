package org.iokit4j.wire;

import java.util.Objects;

/**
 * The layout of an async completion message as a 64-bit client receives it on its wake port (XNU
 * {@code IOUserClient.cpp _sendAsyncResult64}; apple-semantics.md §4.2), with the encoder the kernel uses and
 * the decoders IOKitLib's dispatcher uses.
 *
 * <pre>
 * offset  size  field                                   value
 * ------  ----  --------------------------------------  ----------------------------------------------
 *      0    24  mach_msg_header_t                       bits = MACH_MSGH_BITS(COPY_SEND, 0), not complex
 *                                                        size = 104 + 8n, id = 53 (kOSNotificationMessageID)
 *     24     4  OSNotificationHeader64.size             4 + 8n (IOAsyncCompletionContent + args)
 *     28     4  OSNotificationHeader64.type             150 (kIOAsyncCompletionNotificationType)
 *     32    64  OSNotificationHeader64.reference[8]     slot 0 = 0, slots 1..7 = the caller's reference
 *     96     4  IOAsyncCompletionContent.result         the driver's IOReturn
 *    100    8n  args[n]                                 packed (unaligned) u64 each, 0 &lt;= n &lt;= 16
 * 100+8n     4  padding                                 counted in msgh_size (C struct rounding)
 * </pre>
 *
 * <p>The argument count is not stored: a receiver derives it from {@code msgh_size} exactly as IOKitLib does
 * ({@link #argumentCount(byte[])}, §4.3), and the 4 padding bytes vanish in the integer division. The message id
 * is 53, not {@link #kOSAsyncCompleteMessageID} (57), which XNU defines but does not use for completions.
 *
 * <p>Decoders assume a well-formed completion: call {@link #check(byte[])} first on bytes from elsewhere. Its one
 * declared failure is {@link IllegalArgumentException}: for any array (or {@code null}) it either returns or throws
 * that, and once it returns every accessor answers without throwing, reading only inside the array (the argument
 * count comes from {@code msgh_size}, which {@code check} ties to the array's length, so no declared length makes
 * a decoder allocate more than the message). Bad arguments to {@link #encode} throw
 * {@link IllegalArgumentException} naming the value, and whatever it accepts {@code check} accepts. Both directions
 * are fuzzed ({@code WireLayoutFuzzTest}; docs/reliability.md, "Fuzzing").
 *
 * <p><b>Concurrency.</b> Stateless; the caller owns the array.
 */
public final class AsyncCompletionLayout {
    /** {@code kOSNotificationMessageID}: the {@code msgh_id} of every IOKit notification, completions included. */
    public static final int kOSNotificationMessageID = 53;
    /** {@code kOSAsyncCompleteMessageID}: defined by XNU, not used for completions. */
    public static final int kOSAsyncCompleteMessageID = 57;
    /** {@code kIOServicePublishNotificationType}. */
    public static final int kIOServicePublishNotificationType = 100;
    /** {@code kIOServiceMatchedNotificationType}. */
    public static final int kIOServiceMatchedNotificationType = 101;
    /** {@code kIOServiceTerminatedNotificationType}. */
    public static final int kIOServiceTerminatedNotificationType = 102;
    /** {@code kIOAsyncCompletionNotificationType}. */
    public static final int kIOAsyncCompletionNotificationType = 150;
    /** {@code kIOServiceMessageNotificationType} (interest notifications). */
    public static final int kIOServiceMessageNotificationType = 160;
    /** {@code kMaxAsyncArgs}: at most 16 arguments in a completion. */
    public static final int kMaxAsyncArgs = 16;
    /** {@code kOSAsyncRef64Count}: reference slots in the header. */
    public static final int kOSAsyncRef64Count = 8;
    /** {@code kIOKitNoticationTypeMask} (Apple's spelling): the notification kind in {@code type}. */
    public static final int kIOKitNoticationTypeMask = 0xFFF;
    /** {@code kIOKitNoticationTypeSizeAdjShift}: where the size adjustment sits in {@code type}. */
    public static final int kIOKitNoticationTypeSizeAdjShift = 30;
    /** {@code kIOKitNoticationMsgSizeMask}: the size adjustment's width. */
    public static final int kIOKitNoticationMsgSizeMask = 3;

    /** Offset of {@code OSNotificationHeader64.size}. */
    public static final int NOTIFICATION_SIZE_OFFSET = 24;
    /** Offset of {@code OSNotificationHeader64.type}. */
    public static final int NOTIFICATION_TYPE_OFFSET = 28;
    /** Offset of {@code OSNotificationHeader64.reference[0]}. */
    public static final int REFERENCE_OFFSET = 32;
    /** Bytes from the message start to the end of {@code OSNotificationHeader64}. */
    public static final int NOTIFICATION_HEADER_END = 96;
    /** Offset of {@code IOAsyncCompletionContent.result}. */
    public static final int RESULT_OFFSET = 96;
    /** Offset of {@code args[0]}. */
    public static final int ARGUMENTS_OFFSET = 100;
    /** Trailing padding counted in {@code msgh_size}. */
    public static final int PADDING = 4;

    private static final int MESSAGE_BITS = MachMsgHeaderLayout.machMsghBits(
            MachMsgHeaderLayout.MACH_MSG_TYPE_COPY_SEND, 0);

    private AsyncCompletionLayout() {
    }

    /** {@return {@code msgh_size} of a completion with {@code count} arguments: {@code 104 + 8 * count}} */
    public static int length(int count) {
        return ARGUMENTS_OFFSET + 8 * count + PADDING;
    }

    /**
     * Encodes a completion as {@code sendAsyncResult64} does.
     *
     * @param reference the call's async reference, up to 8 slots (missing slots are sent as 0); slot 0 is always
     *                  sent as 0, whatever it holds (the kernel's private wake-port pointer never leaves it).
     * @param result    the driver's status.
     * @param args      the arguments; the first {@code count} are sent ({@code null} allowed when {@code count} is 0).
     * @param count     0..16.
     * @return a new array of {@link #length(int) length(count)} bytes.
     * @throws IllegalArgumentException if {@code count} is outside 0..16, {@code args} holds fewer than
     *                                  {@code count} values, or {@code reference} is null or longer than 8.
     */
    public static byte[] encode(long[] reference, int result, long[] args, int count) {
        if (count < 0 || count > kMaxAsyncArgs) {
            throw new IllegalArgumentException("count=" + count + " is outside 0.." + kMaxAsyncArgs
                    + " (kMaxAsyncArgs): the kernel refuses more with kIOReturnMessageTooLarge and sends nothing");
        }
        if (count > 0 && (args == null || args.length < count)) {
            throw new IllegalArgumentException("count=" + count + " but args holds "
                    + (args == null ? "nothing (null)" : "length=" + args.length));
        }
        if (reference == null || reference.length > kOSAsyncRef64Count) {
            throw new IllegalArgumentException("reference must hold 0.." + kOSAsyncRef64Count + " slots, got "
                    + (reference == null ? "null" : "length=" + reference.length));
        }
        final int size = length(count);
        final byte[] bytes = new byte[size];
        MachMsgHeaderLayout.write(bytes, MESSAGE_BITS, size, 0, 0, 0, kOSNotificationMessageID);
        Bytes.putInt(bytes, NOTIFICATION_SIZE_OFFSET, 4 + 8 * count);
        Bytes.putInt(bytes, NOTIFICATION_TYPE_OFFSET, kIOAsyncCompletionNotificationType);
        for (int slot = 1; slot < reference.length; slot++) {
            Bytes.putLong(bytes, REFERENCE_OFFSET + 8 * slot, reference[slot]);
        }
        Bytes.putInt(bytes, RESULT_OFFSET, result);
        for (int i = 0; i < count; i++) {
            Bytes.putLong(bytes, ARGUMENTS_OFFSET + 8 * i, args[i]);
        }
        return bytes;
    }

    /**
     * Checks that {@code bytes} is a well-formed completion: a whole, simple Mach header whose size matches the
     * array, {@code msgh_id} 53, type 150, and room for the result and every argument {@code msgh_size} implies.
     *
     * @throws IllegalArgumentException naming the value that is wrong.
     */
    public static void check(byte[] bytes) {
        MachMsgHeaderLayout.check(bytes);
        if (MachMsgHeaderLayout.isComplex(bytes)) {
            throw new IllegalArgumentException("msgh_bits=0x" + Integer.toHexString(MachMsgHeaderLayout.bits(bytes))
                    + " is complex, but a completion never carries descriptors");
        }
        if (messageId(bytes) != kOSNotificationMessageID) {
            throw new IllegalArgumentException("msgh_id=" + messageId(bytes) + ", expected "
                    + kOSNotificationMessageID + " (kOSNotificationMessageID)");
        }
        if (bytes.length < ARGUMENTS_OFFSET) {
            throw new IllegalArgumentException("length=" + bytes.length + " cannot hold the result (ends at "
                    + ARGUMENTS_OFFSET + ")");
        }
        final int kind = notificationType(bytes) & kIOKitNoticationTypeMask;
        if (kind != kIOAsyncCompletionNotificationType) {
            throw new IllegalArgumentException("type=" + kind + ", expected " + kIOAsyncCompletionNotificationType
                    + " (kIOAsyncCompletionNotificationType)");
        }
        if (leftOver(bytes) < 4) {
            throw new IllegalArgumentException("msgh_size=" + bytes.length + " leaves leftOver=" + leftOver(bytes)
                    + " bytes after OSNotificationHeader64, fewer than the 4-byte result");
        }
        final int count = argumentCount(bytes);
        if (ARGUMENTS_OFFSET + 8L * count > bytes.length) {
            throw new IllegalArgumentException("msgh_size=" + bytes.length + " implies count=" + count
                    + " arguments, which do not fit");
        }
    }

    /** {@return {@code msgh_id}} */
    public static int messageId(byte[] bytes) {
        return MachMsgHeaderLayout.id(bytes);
    }

    /** {@return {@code OSNotificationHeader64.size}} */
    public static int notificationSize(byte[] bytes) {
        return Bytes.getInt(bytes, NOTIFICATION_SIZE_OFFSET);
    }

    /** {@return {@code OSNotificationHeader64.type}, raw: the kind is {@code type & kIOKitNoticationTypeMask}} */
    public static int notificationType(byte[] bytes) {
        return Bytes.getInt(bytes, NOTIFICATION_TYPE_OFFSET);
    }

    /**
     * {@return {@code reference[slot]}} ({@code slot} 1 is the callout, 2 the refcon; slot 0 is always 0).
     *
     * @throws IndexOutOfBoundsException if {@code slot} is outside 0..7.
     */
    public static long reference(byte[] bytes, int slot) {
        Objects.checkIndex(slot, kOSAsyncRef64Count);
        return Bytes.getLong(bytes, REFERENCE_OFFSET + 8 * slot);
    }

    /** {@return {@code IOAsyncCompletionContent.result}, the driver's status} */
    public static int result(byte[] bytes) {
        return Bytes.getInt(bytes, RESULT_OFFSET);
    }

    /**
     * {@return the number of arguments, computed as IOKitLib's dispatcher does} (apple-semantics.md §4.3):
     * {@code leftOver = msgh_size - 96}; {@code leftOver -= (type >> 30) & 3}; {@code n = (leftOver - 4) / 8}.
     */
    public static int argumentCount(byte[] bytes) {
        return (leftOver(bytes) - 4) / 8;
    }

    /**
     * {@return argument {@code index}}
     *
     * @throws IndexOutOfBoundsException if {@code index} is outside 0..{@code argumentCount - 1}.
     */
    public static long argument(byte[] bytes, int index) {
        Objects.checkIndex(index, argumentCount(bytes));
        return Bytes.getLong(bytes, ARGUMENTS_OFFSET + 8 * index);
    }

    /** {@return a new array holding every argument, in order} */
    public static long[] arguments(byte[] bytes) {
        final long[] args = new long[argumentCount(bytes)];
        for (int i = 0; i < args.length; i++) {
            args[i] = Bytes.getLong(bytes, ARGUMENTS_OFFSET + 8 * i);
        }
        return args;
    }

    private static int leftOver(byte[] bytes) {
        final int adjust = (notificationType(bytes) >>> kIOKitNoticationTypeSizeAdjShift) & kIOKitNoticationMsgSizeMask;
        return MachMsgHeaderLayout.size(bytes) - NOTIFICATION_HEADER_END - adjust;
    }
}
