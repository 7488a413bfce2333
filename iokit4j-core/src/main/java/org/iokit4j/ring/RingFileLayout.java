package org.iokit4j.ring;

import org.agrona.concurrent.ringbuffer.RecordDescriptor;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

/**
 * The layout of a ring file: a header, then two Agrona {@link org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer
 * many-to-one rings}, one per direction. All numbers are in the machine's byte order (both ends run on one host).
 *
 * <pre>
 *   0                   4                   8                   12                  16
 *   +-------------------+-------------------+-------------------+-------------------+
 *   | magic 'IORF'      | version           | capacity          | state             |   state: 0 = waiting for
 *   +-------------------+-------------------+-------------------+-------------------+   its peer, 1 = claimed
 *  16 owner pid (8)                          | opener pid (8)                        |
 *  32 owner strategy    | opener strategy   |  (zero up to 128)                      |   WaitStrategy ordinals
 *     +-------------------+-------------------+                                      |
 * 128 owner parked      | owner closed      |  (own 128-byte block)                  |   the owner's flags
 * 256 opener parked     | opener closed     |  (own 128-byte block)                  |   the opener's flags
 * 384 ring owner → opener: capacity + {@link RingBufferDescriptor#TRAILER_LENGTH}                             |
 *     ring opener → owner: capacity + {@link RingBufferDescriptor#TRAILER_LENGTH}                             |
 * </pre>
 *
 * <p>The <em>owner</em> made the file ({@link RingFile#listen}); the <em>opener</em> connected to it
 * ({@link RingFile#connect}). A side's <em>parked</em> word is 1 while one of its threads is (about to be) blocked
 * on the socket, in {@link WaitStrategy#BLOCK}; its <em>closed</em> word becomes 1 when it closes in order. Each
 * side writes only its own block, except that a sender resets the peer's parked word (1 → 0) before waking it.
 *
 * <p>Each message is one Agrona record, padded with zeros to a whole number of {@link #LINE 64-byte lines} (both rings
 * begin on a line; every record length is a multiple of a line, so every record begins on one). The record's type
 * word holds the message type in its low 24 bits and the padding's length above them.
 */
final class RingFileLayout {
    /** {@code 'IORF'}. */
    static final int MAGIC = 0x464f5249;
    static final int VERSION = 1;
    static final int MAGIC_OFFSET = 0;
    static final int VERSION_OFFSET = 4;
    static final int CAPACITY_OFFSET = 8;
    static final int STATE_OFFSET = 12;
    static final int STATE_WAITING = 0;
    static final int STATE_CLAIMED = 1;
    static final int HEADER_LENGTH = 384;
    private static final int OWNER_PID_OFFSET = 16;
    private static final int OPENER_PID_OFFSET = 24;
    private static final int OWNER_STRATEGY_OFFSET = 32;
    private static final int OPENER_STRATEGY_OFFSET = 36;
    private static final int OWNER_FLAGS_OFFSET = 128;
    private static final int OPENER_FLAGS_OFFSET = 256;

    /** The cache line records are padded to: the length of the line a reader watches and the writer takes over. */
    static final int LINE = 64;
    /** The largest message type id; a record's type word carries its padding above it ({@link #typeWithPadding}). */
    static final int MAX_MSG_TYPE_ID = (1 << 24) - 1;
    private static final int PADDING_SHIFT = 24;

    private RingFileLayout() {
    }

    /**
     * {@return the length to claim for a message of {@code length} bytes}: Agrona's 8-byte record header and the
     * message, rounded up to whole {@link #LINE}s, less the header; at most {@code maxMsgLength} (a message that long
     * is not padded to the line).
     */
    static int paddedLength(int length, int maxMsgLength) {
        final int record = (RecordDescriptor.HEADER_LENGTH + length + LINE - 1) & -LINE;
        return Math.max(length, Math.min(record - RecordDescriptor.HEADER_LENGTH, maxMsgLength));
    }

    /** {@return the record type of a message of {@code msgTypeId} followed by {@code padding} zero bytes} */
    static int typeWithPadding(int msgTypeId, int padding) {
        return msgTypeId | padding << PADDING_SHIFT;
    }

    /** {@return the message type of a record of type {@code recordType}} */
    static int msgTypeId(int recordType) {
        return recordType & MAX_MSG_TYPE_ID;
    }

    /** {@return how many zero bytes pad the message of a record of type {@code recordType}} */
    static int padding(int recordType) {
        return recordType >>> PADDING_SHIFT;
    }

    /** {@return the bytes of a ring file whose rings hold {@code capacity} bytes each} */
    static long fileLength(int capacity) {
        return HEADER_LENGTH + 2L * ringLength(capacity);
    }

    /** {@return the bytes of one ring: its data and Agrona's trailer} */
    static int ringLength(int capacity) {
        return capacity + RingBufferDescriptor.TRAILER_LENGTH;
    }

    /** {@return where the ring that {@code ownerWrites} (owner → opener if true) begins} */
    static int ringOffset(boolean ownerWrites, int capacity) {
        return ownerWrites ? HEADER_LENGTH : HEADER_LENGTH + ringLength(capacity);
    }

    static int pidOffset(boolean owner) {
        return owner ? OWNER_PID_OFFSET : OPENER_PID_OFFSET;
    }

    static int strategyOffset(boolean owner) {
        return owner ? OWNER_STRATEGY_OFFSET : OPENER_STRATEGY_OFFSET;
    }

    static int parkedOffset(boolean owner) {
        return owner ? OWNER_FLAGS_OFFSET : OPENER_FLAGS_OFFSET;
    }

    static int closedOffset(boolean owner) {
        return (owner ? OWNER_FLAGS_OFFSET : OPENER_FLAGS_OFFSET) + Integer.BYTES;
    }

    /**
     * Checks that a file of {@code fileLength} bytes whose header says {@code magic}, {@code version} and
     * {@code capacity} is a ring file of this version; {@return the capacity}
     *
     * @throws RingException {@link RingException.Reason#SETUP} naming the field and value that do not fit.
     */
    static int checkHeader(int magic, int version, int capacity, long fileLength) {
        if (magic != MAGIC || version != VERSION) {
            throw new RingException(RingException.Reason.SETUP, "not a ring file of version " + VERSION + ": magic=0x"
                    + Integer.toHexString(magic) + ", version=" + version);
        }
        if (capacity < RingOptions.MIN_CAPACITY || capacity > RingOptions.MAX_CAPACITY
                || Integer.bitCount(capacity) != 1 || fileLength(capacity) != fileLength) {
            throw new RingException(RingException.Reason.SETUP, "ring file header capacity=" + capacity
                    + " does not fit its fileLength=" + fileLength);
        }
        return capacity;
    }
}
