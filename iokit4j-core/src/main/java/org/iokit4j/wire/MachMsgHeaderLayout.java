package org.iokit4j.wire;

/**
 * The layout of {@code mach_msg_header_t}, the 24 bytes every Mach message starts with (XNU
 * {@code osfmk/mach/message.h}), as static accessors over a message's {@code byte[]}.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                     msgh_bits (u32)                           |  0
 * +---------------------------------------------------------------+
 * |                     msgh_size (u32)                           |  4
 * +---------------------------------------------------------------+
 * |                     msgh_remote_port (u32)                    |  8
 * +---------------------------------------------------------------+
 * |                     msgh_local_port (u32)                     | 12
 * +---------------------------------------------------------------+
 * |                     msgh_voucher_port (u32)                   | 16
 * +---------------------------------------------------------------+
 * |                     msgh_id (i32)                             | 20
 * +---------------------------------------------------------------+
 * </pre>
 *
 * <p>All fields are little-endian. {@code msgh_size} counts the whole message, header included. The port fields
 * hold names, which mean something only in one task's space: in this emulation the rights a message carries
 * travel beside the bytes ({@code MachMessage.rights()}), and a sender that cannot know the receiver's names
 * writes 0 there.
 *
 * <p>Accessors throw {@link IndexOutOfBoundsException} on an array shorter than the field; call
 * {@link #check(byte[])} first on bytes from elsewhere. {@code check}'s one declared failure is
 * {@link IllegalArgumentException}, for any array or {@code null}; once it returns, every accessor answers
 * (fuzzed by {@code WireLayoutFuzzTest}).
 *
 * <p><b>Concurrency.</b> Stateless; the caller owns the array.
 */
public final class MachMsgHeaderLayout {
    /** Offset of {@code msgh_bits}. */
    public static final int BITS_OFFSET = 0;
    /** Offset of {@code msgh_size}. */
    public static final int SIZE_OFFSET = 4;
    /** Offset of {@code msgh_remote_port}. */
    public static final int REMOTE_PORT_OFFSET = 8;
    /** Offset of {@code msgh_local_port}. */
    public static final int LOCAL_PORT_OFFSET = 12;
    /** Offset of {@code msgh_voucher_port}. */
    public static final int VOUCHER_OFFSET = 16;
    /** Offset of {@code msgh_id}. */
    public static final int ID_OFFSET = 20;
    /** {@code sizeof(mach_msg_header_t)}. */
    public static final int LENGTH = 24;

    /** {@code MACH_MSGH_BITS_COMPLEX}: a body with descriptors follows the header. */
    public static final int MACH_MSGH_BITS_COMPLEX = 0x8000_0000;
    /** {@code MACH_MSGH_BITS_REMOTE_MASK}: the remote port's disposition in {@code msgh_bits}. */
    public static final int MACH_MSGH_BITS_REMOTE_MASK = 0x1F;
    /** {@code MACH_MSG_TYPE_COPY_SEND}. */
    public static final int MACH_MSG_TYPE_COPY_SEND = 19;
    /** {@code MACH_MSG_TYPE_MAKE_SEND}. */
    public static final int MACH_MSG_TYPE_MAKE_SEND = 20;

    private MachMsgHeaderLayout() {
    }

    /** {@return {@code MACH_MSGH_BITS(remote, local)}: the two dispositions packed into {@code msgh_bits}} */
    public static int machMsghBits(int remote, int local) {
        return remote | (local << 8);
    }

    /**
     * Checks that {@code bytes} holds a whole header and that {@code msgh_size} equals the array's length.
     *
     * @throws IllegalArgumentException naming the values, if not.
     */
    public static void check(byte[] bytes) {
        if (bytes == null) {
            throw new IllegalArgumentException("message bytes=null");
        }
        if (bytes.length < LENGTH) {
            throw new IllegalArgumentException("message length=" + bytes.length
                    + " is shorter than mach_msg_header_t (" + LENGTH + " bytes)");
        }
        final int size = size(bytes);
        if (size != bytes.length) {
            throw new IllegalArgumentException("msgh_size=" + Integer.toUnsignedString(size)
                    + " but the message holds length=" + bytes.length + " bytes");
        }
    }

    /** Writes every header field. */
    public static void write(byte[] bytes, int bits, int size, int remotePort, int localPort, int voucher, int id) {
        setBits(bytes, bits);
        setSize(bytes, size);
        setRemotePort(bytes, remotePort);
        setLocalPort(bytes, localPort);
        setVoucher(bytes, voucher);
        setId(bytes, id);
    }

    /** {@return {@code msgh_bits}} */
    public static int bits(byte[] bytes) {
        return Bytes.getInt(bytes, BITS_OFFSET);
    }

    /** Sets {@code msgh_bits}. */
    public static void setBits(byte[] bytes, int bits) {
        Bytes.putInt(bytes, BITS_OFFSET, bits);
    }

    /** {@return whether {@code MACH_MSGH_BITS_COMPLEX} is set} */
    public static boolean isComplex(byte[] bytes) {
        return (bits(bytes) & MACH_MSGH_BITS_COMPLEX) != 0;
    }

    /** {@return {@code msgh_size}, the whole message's length in bytes (an unsigned value)} */
    public static int size(byte[] bytes) {
        return Bytes.getInt(bytes, SIZE_OFFSET);
    }

    /** Sets {@code msgh_size}. */
    public static void setSize(byte[] bytes, int size) {
        Bytes.putInt(bytes, SIZE_OFFSET, size);
    }

    /** {@return {@code msgh_remote_port}} */
    public static int remotePort(byte[] bytes) {
        return Bytes.getInt(bytes, REMOTE_PORT_OFFSET);
    }

    /** Sets {@code msgh_remote_port}. */
    public static void setRemotePort(byte[] bytes, int name) {
        Bytes.putInt(bytes, REMOTE_PORT_OFFSET, name);
    }

    /** {@return {@code msgh_local_port}} */
    public static int localPort(byte[] bytes) {
        return Bytes.getInt(bytes, LOCAL_PORT_OFFSET);
    }

    /** Sets {@code msgh_local_port}. */
    public static void setLocalPort(byte[] bytes, int name) {
        Bytes.putInt(bytes, LOCAL_PORT_OFFSET, name);
    }

    /** {@return {@code msgh_voucher_port}} */
    public static int voucher(byte[] bytes) {
        return Bytes.getInt(bytes, VOUCHER_OFFSET);
    }

    /** Sets {@code msgh_voucher_port}. */
    public static void setVoucher(byte[] bytes, int name) {
        Bytes.putInt(bytes, VOUCHER_OFFSET, name);
    }

    /** {@return {@code msgh_id}} */
    public static int id(byte[] bytes) {
        return Bytes.getInt(bytes, ID_OFFSET);
    }

    /** Sets {@code msgh_id}. */
    public static void setId(byte[] bytes, int id) {
        Bytes.putInt(bytes, ID_OFFSET, id);
    }
}
