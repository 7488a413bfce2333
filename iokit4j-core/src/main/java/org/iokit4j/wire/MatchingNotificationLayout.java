package org.iokit4j.wire;

import java.util.Objects;

/**
 * The layout of a matching notification as a 64-bit client receives it on its notification port: a "ping" that
 * says "the iterator has new entries" (XNU {@code IOUserClient.cpp IOServiceUserNotification::handler};
 * apple-semantics.md §1, §4.3).
 *
 * <pre>
 * offset  size  field                                   value
 * ------  ----  --------------------------------------  ----------------------------------------------
 *      0    24  mach_msg_header_t                       simple; size = 96, id = 53 (kOSNotificationMessageID);
 *                                                        msgh_remote_port = the notification object (the
 *                                                        io_iterator_t), as the receiver sees it
 *     24     4  OSNotificationHeader64.size             0 (no content: the iterator holds the entries)
 *     28     4  OSNotificationHeader64.type             100 publish, 101 matched, 102 terminated
 *     32    64  OSNotificationHeader64.reference[8]     slot 0 = 0; 1 = callout, 2 = refcon (client's values)
 * </pre>
 *
 * <p>In the in-JVM transport the notification object travels as the message's first carried send right (what
 * Mach moves as the reply port); the receiver copies it out into its space and writes the name into
 * {@code msgh_remote_port} before dispatching ({@link MachMsgHeaderLayout#setRemotePort}).
 *
 * <p>Call {@link #check(byte[])} first on bytes from elsewhere: its one declared failure is
 * {@link IllegalArgumentException}, for any array or {@code null}, and once it returns every accessor answers
 * without throwing. {@link #encode} refuses bad arguments with {@link IllegalArgumentException}, and whatever it
 * accepts {@code check} accepts (both fuzzed by {@code WireLayoutFuzzTest}).
 *
 * <p><b>Concurrency.</b> Stateless; the caller owns the array.
 */
public final class MatchingNotificationLayout {
    /** {@code msgh_size} of every matching notification. */
    public static final int LENGTH = AsyncCompletionLayout.NOTIFICATION_HEADER_END;

    private static final int MESSAGE_BITS = MachMsgHeaderLayout.machMsghBits(
            MachMsgHeaderLayout.MACH_MSG_TYPE_COPY_SEND, MachMsgHeaderLayout.MACH_MSG_TYPE_COPY_SEND);

    private MatchingNotificationLayout() {
    }

    /**
     * Encodes a ping of kind {@code type} (100, 101 or 102).
     *
     * @param reference the notification's reference, up to 8 slots; slot 0 is sent as 0.
     * @throws IllegalArgumentException naming the value, for another type or a bad reference.
     */
    public static byte[] encode(int type, long[] reference) {
        if (type < AsyncCompletionLayout.kIOServicePublishNotificationType
                || type > AsyncCompletionLayout.kIOServiceTerminatedNotificationType) {
            throw new IllegalArgumentException("type=" + type + " is not a matching notification type (100..102)");
        }
        final byte[] bytes = new byte[LENGTH];
        MachMsgHeaderLayout.write(bytes, MESSAGE_BITS, LENGTH, 0, 0, 0,
                AsyncCompletionLayout.kOSNotificationMessageID);
        Bytes.putInt(bytes, AsyncCompletionLayout.NOTIFICATION_SIZE_OFFSET, 0);
        Bytes.putInt(bytes, AsyncCompletionLayout.NOTIFICATION_TYPE_OFFSET, type);
        References.write(bytes, AsyncCompletionLayout.REFERENCE_OFFSET, reference);
        return bytes;
    }

    /**
     * Checks that {@code bytes} is a well-formed matching ping: a simple header of the right size, id 53, a type
     * in 100..102.
     *
     * @throws IllegalArgumentException naming the value that is wrong.
     */
    public static void check(byte[] bytes) {
        MachMsgHeaderLayout.check(bytes);
        if (MachMsgHeaderLayout.isComplex(bytes) || bytes.length < LENGTH) {
            throw new IllegalArgumentException("a matching notification is simple and at least " + LENGTH
                    + " bytes; got length=" + bytes.length + ", complex=" + MachMsgHeaderLayout.isComplex(bytes));
        }
        final int kind = type(bytes);
        if (kind < AsyncCompletionLayout.kIOServicePublishNotificationType
                || kind > AsyncCompletionLayout.kIOServiceTerminatedNotificationType) {
            throw new IllegalArgumentException("type=" + kind + " is not a matching notification type (100..102)");
        }
    }

    /** {@return the notification kind: {@code OSNotificationHeader64.type & kIOKitNoticationTypeMask}} */
    public static int type(byte[] bytes) {
        return AsyncCompletionLayout.notificationType(bytes) & AsyncCompletionLayout.kIOKitNoticationTypeMask;
    }

    /** {@return {@code reference[slot]}, slot 0..7} */
    public static long reference(byte[] bytes, int slot) {
        Objects.checkIndex(slot, AsyncCompletionLayout.kOSAsyncRef64Count);
        return AsyncCompletionLayout.reference(bytes, slot);
    }
}
