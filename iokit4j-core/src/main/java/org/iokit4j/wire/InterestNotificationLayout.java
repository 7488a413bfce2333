package org.iokit4j.wire;

import java.util.Objects;

/**
 * The layout of an interest notification ({@code kIOServiceMessageNotificationType}, 160) as a 64-bit client
 * receives it: a complex message whose one port descriptor is the service the message is about (XNU
 * {@code IOUserClient.cpp IOServiceMessageUserNotification::handler}; apple-semantics.md §4.3 step 2).
 *
 * <pre>
 * offset  size  field                                   value
 * ------  ----  --------------------------------------  ----------------------------------------------
 *      0    24  mach_msg_header_t                       complex; size = 128, id = 53;
 *                                                        msgh_remote_port = the notification object
 *     24     4  mach_msg_body_t.msgh_descriptor_count   1
 *     28    12  mach_msg_port_descriptor_t              name = the service (as the receiver names it),
 *                                                        disposition = MOVE_SEND (17), type = 0 (PORT)
 *     40     4  OSNotificationHeader64.size             12 (IOServiceInterestContent64)
 *     44     4  OSNotificationHeader64.type             160
 *     48    64  OSNotificationHeader64.reference[8]     slot 0 = 0; 1 = callout, 2 = refcon, 3 = service
 *    112     4  IOServiceInterestContent64.messageType  e.g. kIOMessageServiceIsTerminated (0xE0000010)
 *    116     8  .messageArgument[0]                     packed (unaligned) u64, as completion arguments are
 *    124     4  padding                                 counted in msgh_size (C struct rounding)
 * </pre>
 *
 * <p>The offsets after the descriptor are derived (the same packing as §4.2's completion), not observed on a
 * device. In the in-JVM transport the message carries two send rights, in order: the notification object, then
 * the service; the receiver copies both out and writes their names into {@code msgh_remote_port} and the
 * descriptor's {@code name} before dispatching.
 *
 * <p>Call {@link #check(byte[])} first on bytes from elsewhere: its one declared failure is
 * {@link IllegalArgumentException}, for any array or {@code null}, and once it returns every accessor answers
 * without throwing. {@link #encode} refuses a bad reference with {@link IllegalArgumentException}, and whatever
 * it accepts {@code check} accepts (both fuzzed by {@code WireLayoutFuzzTest}).
 *
 * <p><b>Concurrency.</b> Stateless; the caller owns the array.
 */
public final class InterestNotificationLayout {
    /** {@code msgh_size} of every interest notification. */
    public static final int LENGTH = 128;
    /** Offset of {@code msgh_descriptor_count}. */
    public static final int DESCRIPTOR_COUNT_OFFSET = 24;
    /** Offset of the port descriptor's {@code name}. */
    public static final int SERVICE_NAME_OFFSET = 28;
    /** Offset of the port descriptor's {@code disposition} byte. */
    public static final int DISPOSITION_OFFSET = 38;
    /** Offset of {@code OSNotificationHeader64.size}. */
    public static final int NOTIFICATION_SIZE_OFFSET = 40;
    /** Offset of {@code OSNotificationHeader64.type}. */
    public static final int NOTIFICATION_TYPE_OFFSET = 44;
    /** Offset of {@code OSNotificationHeader64.reference[0]}. */
    public static final int REFERENCE_OFFSET = 48;
    /** Offset of {@code messageType}. */
    public static final int MESSAGE_TYPE_OFFSET = 112;
    /** Offset of {@code messageArgument[0]}. */
    public static final int MESSAGE_ARGUMENT_OFFSET = 116;
    /** {@code kIOMessageServiceIsTerminated} (IOMessage.h): the service terminated; the argument is 0. */
    public static final int kIOMessageServiceIsTerminated = 0xE0000010;
    /** {@code MACH_MSG_TYPE_MOVE_SEND}. */
    public static final int MACH_MSG_TYPE_MOVE_SEND = 17;

    private static final int MESSAGE_BITS = MachMsgHeaderLayout.MACH_MSGH_BITS_COMPLEX
            | MachMsgHeaderLayout.machMsghBits(MachMsgHeaderLayout.MACH_MSG_TYPE_COPY_SEND,
            MachMsgHeaderLayout.MACH_MSG_TYPE_COPY_SEND);

    private InterestNotificationLayout() {
    }

    /**
     * Encodes one interest message.
     *
     * @param reference the notification's reference, up to 8 slots; slot 0 is sent as 0.
     * @throws IllegalArgumentException for a bad reference.
     */
    public static byte[] encode(long[] reference, int messageType, long argument) {
        final byte[] bytes = new byte[LENGTH];
        MachMsgHeaderLayout.write(bytes, MESSAGE_BITS, LENGTH, 0, 0, 0, AsyncCompletionLayout.kOSNotificationMessageID);
        Bytes.putInt(bytes, DESCRIPTOR_COUNT_OFFSET, 1);
        bytes[DISPOSITION_OFFSET] = (byte) MACH_MSG_TYPE_MOVE_SEND;
        Bytes.putInt(bytes, NOTIFICATION_SIZE_OFFSET, 12);
        Bytes.putInt(bytes, NOTIFICATION_TYPE_OFFSET, AsyncCompletionLayout.kIOServiceMessageNotificationType);
        References.write(bytes, REFERENCE_OFFSET, reference);
        Bytes.putInt(bytes, MESSAGE_TYPE_OFFSET, messageType);
        Bytes.putLong(bytes, MESSAGE_ARGUMENT_OFFSET, argument);
        return bytes;
    }

    /**
     * Checks that {@code bytes} is a well-formed interest message: complex, one descriptor, id 53, type 160, size
     * {@link #LENGTH}.
     *
     * @throws IllegalArgumentException naming the value that is wrong.
     */
    public static void check(byte[] bytes) {
        MachMsgHeaderLayout.check(bytes);
        if (!MachMsgHeaderLayout.isComplex(bytes) || bytes.length != LENGTH) {
            throw new IllegalArgumentException("an interest notification is complex and " + LENGTH + " bytes; got"
                    + " length=" + bytes.length + ", complex=" + MachMsgHeaderLayout.isComplex(bytes));
        }
        if (Bytes.getInt(bytes, DESCRIPTOR_COUNT_OFFSET) != 1) {
            throw new IllegalArgumentException("msgh_descriptor_count=" + Bytes.getInt(bytes, DESCRIPTOR_COUNT_OFFSET)
                    + ", expected 1 (the service)");
        }
        final int kind = Bytes.getInt(bytes, NOTIFICATION_TYPE_OFFSET) & AsyncCompletionLayout.kIOKitNoticationTypeMask;
        if (kind != AsyncCompletionLayout.kIOServiceMessageNotificationType) {
            throw new IllegalArgumentException("type=" + kind + ", expected 160 (kIOServiceMessageNotificationType)");
        }
    }

    /** {@return the service's name, as the receiver wrote it into the descriptor} */
    public static int service(byte[] bytes) {
        return Bytes.getInt(bytes, SERVICE_NAME_OFFSET);
    }

    /** Sets the descriptor's name: the receiver's name for the service after copy-out. */
    public static void setService(byte[] bytes, int name) {
        Bytes.putInt(bytes, SERVICE_NAME_OFFSET, name);
    }

    /** {@return {@code reference[slot]}, slot 0..7} */
    public static long reference(byte[] bytes, int slot) {
        Objects.checkIndex(slot, AsyncCompletionLayout.kOSAsyncRef64Count);
        return Bytes.getLong(bytes, REFERENCE_OFFSET + 8 * slot);
    }

    /** {@return {@code messageType}} */
    public static int messageType(byte[] bytes) {
        return Bytes.getInt(bytes, MESSAGE_TYPE_OFFSET);
    }

    /** {@return {@code messageArgument[0]}} */
    public static long messageArgument(byte[] bytes) {
        return Bytes.getLong(bytes, MESSAGE_ARGUMENT_OFFSET);
    }
}
