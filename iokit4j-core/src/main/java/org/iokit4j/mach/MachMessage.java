package org.iokit4j.mach;

import java.util.List;

/**
 * A message in flight: its bytes (Mach header first, laid out as {@code mach_msg_header_t}) and the send
 * rights it carries.
 *
 * <p>The bytes are copied when the message is queued, as {@code mach_msg} copies inline data into the kernel:
 * after a send nothing the sender does to its buffer (or to this message's {@link #bytes()}) changes what the
 * receiver reads. Only memory descriptors share memory. Carried rights move with the message and are released
 * by {@link #destroy()} if it is never received.
 *
 * <p><b>Concurrency.</b> Owned by one party at a time: the sender until the send, then the port's queue, then
 * the receiver.
 */
public final class MachMessage {
    private static final int[] NO_NAMES = new int[0];

    private final byte[] bytes;
    private final List<SendRight> rights;
    private final int[] names;

    /**
     * Creates a message over {@code bytes}; a send copies them, so the caller may reuse its buffer afterwards.
     *
     * @param rights send rights carried by the message (port descriptors), moved with it.
     * @param bytes  the message's bytes.
     */
    public MachMessage(byte[] bytes, List<SendRight> rights) {
        this(bytes, List.copyOf(rights), NO_NAMES);
    }

    private MachMessage(byte[] bytes, List<SendRight> rights, int[] names) {
        this.bytes = java.util.Objects.requireNonNull(bytes, "bytes");
        this.rights = rights;
        this.names = names;
    }

    /**
     * {@return a received message: its bytes and the names its carried rights became in the receiving task} What
     * a {@link ReceiveRight} hands out; it carries no {@link SendRight} (the task's space holds them now).
     *
     * @param names one name per carried right, in order; 0 for a right that could not be copied out.
     * @param bytes the message's bytes.
     */
    public static MachMessage received(byte[] bytes, int[] names) {
        return new MachMessage(bytes, List.of(), names.clone());
    }

    /**
     * {@return the names the carried rights became in the receiving task, in order} Empty for a message in flight
     * (its {@link #rights()} are still rights) or one that carried none.
     */
    public int[] names() {
        return names.length == 0 ? names : names.clone();
    }

    /**
     * {@return a message over {@code bytes} that carries no rights}
     *
     * @param bytes the message's bytes.
     */
    public static MachMessage of(byte[] bytes) {
        return new MachMessage(bytes, List.of());
    }

    /** {@return the message bytes, header first; the receiver owns them} */
    public byte[] bytes() {
        return bytes;
    }

    /** {@return the send rights the message carries (port descriptors), in order} */
    public List<SendRight> rights() {
        return rights;
    }

    /** {@return the copy a send queues: the bytes copied, the rights moved with it} */
    MachMessage copyForQueue() {
        return new MachMessage(bytes.clone(), rights, names);
    }

    /** Releases the carried rights: what happens to a message that is dropped unreceived. */
    public void destroy() {
        for (SendRight right : rights) {
            right.release();
        }
    }
}
