package org.iokit4j.wire;

import java.util.Objects;
import org.iokit4j.IOReturn;

/**
 * The layout of iokit4j's private <em>action-aborted notice</em>: the message the kernel queues on a call's wake port
 * when it aborts the call's completion action, so a client waiting for that call can stop waiting.
 *
 * <p>Apple's kernel tells the client nothing when a dext drops an {@code OSAction} or the connection closes
 * (apple-semantics.md §6.3 "Abort", §10.6, §10.7): a C client simply never hears from the call again. The notice
 * carries a {@code msgh_id} that is not 53, and IOKitLib's dispatcher ignores every such message silently (§4.3
 * step 1), so a faithful client sees exactly Apple's behaviour; the Java layer reads it to fail the call's future
 * with {@code kIOReturnAborted}, and {@code AsyncCallouts} reads it to free a one-shot registration.
 *
 * <pre>
 * offset  size  field            value
 * ------  ----  ---------------  ---------------------------------------------------------------------
 *      0    24  mach_msg_header  bits = MACH_MSGH_BITS(COPY_SEND, 0), not complex
 *                                 size = 104, id = kActionAbortedMessageID (0x69346B41, private; not 53)
 *     24     4  reason           why the kernel aborted the action: kAbortReasonReleased (1),
 *                                 kAbortReasonClientClosed (2),
 *                                 kAbortReasonServiceTerminated (3) or kAbortReasonServerDied (4)
 *     28     4  result           kIOReturnAborted (MIG_SERVER_DIED for reason 4): what a waiting call ends with
 *     32    64  reference[8]     slot 0 = 0, slots 1..7 = the call's reference (as in a completion, §4.2)
 *     96     8  completions      u64: how many completions of this action the kernel queued before it
 * </pre>
 *
 * <p><b>When the kernel sends it.</b> Once per action, after the last completion of that action was queued (so on
 * the wake port it always comes after them), and only if the action never completed, or if the call asked for a
 * notice on every abort by putting {@link #kNoticeOnEveryAbort} in reference slot 0 (a slot Apple's kernel
 * overwrites and never reads, §3). Never for a call that failed: its caller learned that from the call's own
 * return, and an abort the driver caused during that call waits until the call has returned. A call that completed
 * once and did not ask costs no second message. Like a completion, the notice is dropped when the wake port is
 * gone.
 *
 * <p>Decoders assume a well-formed notice: call {@link #check(byte[])} first on bytes from elsewhere. Its one
 * declared failure is {@link IllegalArgumentException}, for any array or {@code null}; once it returns every
 * accessor, and {@link #describe} of its reason, answers without throwing. Bad arguments to {@link #encode} throw
 * {@link IllegalArgumentException} naming the value, and whatever it accepts {@code check} accepts (both fuzzed by
 * {@code WireLayoutFuzzTest}; docs/reliability.md, "Fuzzing").
 *
 * <p><b>Concurrency.</b> Stateless; the caller owns the array.
 */
public final class ActionAbortedLayout {
    /** The notice's {@code msgh_id} ("i4kA"): private to iokit4j, so IOKitLib's dispatcher ignores it (§4.3). */
    public static final int kActionAbortedMessageID = 0x6934_6B41;
    /**
     * Reference slot 0 value ("i4jABORT") asking for a notice on every abort, even after completions: how a call
     * that expects many completions (a stream) learns that no more will come. The kernel reads slot 0 before
     * overwriting it with its own value, as it always does (apple-semantics.md §3).
     */
    public static final long kNoticeOnEveryAbort = 0x6934_6A41_424F_5254L;

    /** The driver released its last reference to the action (or never retained it past {@code ExternalMethod}). */
    public static final int kAbortReasonReleased = 1;
    /** The client closed the connection ({@code IOServiceClose}, or its task dropped its last right). */
    public static final int kAbortReasonClientClosed = 2;
    /** The service terminated, which closed the connection. */
    public static final int kAbortReasonServiceTerminated = 3;
    /**
     * The driver server holding the action died (its process exited or was killed): the notice's result is
     * {@code MIG_SERVER_DIED}, the code a call blocked in that server gets (XNU {@code IOUserServer::rpc}).
     */
    public static final int kAbortReasonServerDied = 4;

    /** Offset of {@code reason}. */
    public static final int REASON_OFFSET = 24;
    /** Offset of {@code result}. */
    public static final int RESULT_OFFSET = 28;
    /** Offset of {@code reference[0]} (the same offset as in a completion). */
    public static final int REFERENCE_OFFSET = AsyncCompletionLayout.REFERENCE_OFFSET;
    /** Offset of {@code completions}. */
    public static final int COMPLETIONS_OFFSET = 96;
    /** {@code msgh_size} of every notice. */
    public static final int LENGTH = 104;

    private static final int MESSAGE_BITS = MachMsgHeaderLayout.machMsghBits(
            MachMsgHeaderLayout.MACH_MSG_TYPE_COPY_SEND, 0);

    private ActionAbortedLayout() {
    }

    /**
     * Encodes a notice.
     *
     * @param reference   the call's async reference, up to 8 slots (missing slots are sent as 0); slot 0 is always
     *                    sent as 0.
     * @param reason      one of the {@code kAbortReason*} values.
     * @param completions how many completions of the action were queued before the abort (0 or more).
     * @return a new array of {@link #LENGTH} bytes whose result is {@code kIOReturnAborted}.
     * @throws IllegalArgumentException if {@code reference} is null or longer than 8, {@code reason} is not a
     *                                  {@code kAbortReason*} value, or {@code completions} is negative.
     */
    public static byte[] encode(long[] reference, int reason, long completions) {
        checkReason(reason);
        if (completions < 0) {
            throw new IllegalArgumentException("completions=" + completions + " is negative");
        }
        final byte[] bytes = new byte[LENGTH];
        References.write(bytes, REFERENCE_OFFSET, reference);
        MachMsgHeaderLayout.write(bytes, MESSAGE_BITS, LENGTH, 0, 0, 0, kActionAbortedMessageID);
        Bytes.putInt(bytes, REASON_OFFSET, reason);
        Bytes.putInt(bytes, RESULT_OFFSET, resultFor(reason));
        Bytes.putLong(bytes, COMPLETIONS_OFFSET, completions);
        return bytes;
    }

    /** {@return whether {@code bytes} holds at least a header whose {@code msgh_id} is the notice's} */
    public static boolean isNotice(byte[] bytes) {
        return bytes != null && bytes.length >= MachMsgHeaderLayout.LENGTH
                && MachMsgHeaderLayout.id(bytes) == kActionAbortedMessageID;
    }

    /**
     * Checks that {@code bytes} is a well-formed notice: a whole, simple Mach header whose size matches the array
     * and is {@link #LENGTH}, the notice's {@code msgh_id}, a known reason and a non-negative completion count.
     *
     * @throws IllegalArgumentException naming the value that is wrong.
     */
    public static void check(byte[] bytes) {
        MachMsgHeaderLayout.check(bytes);
        if (MachMsgHeaderLayout.isComplex(bytes)) {
            throw new IllegalArgumentException("msgh_bits=0x" + Integer.toHexString(MachMsgHeaderLayout.bits(bytes))
                    + " is complex, but an action-aborted notice never carries descriptors");
        }
        if (MachMsgHeaderLayout.id(bytes) != kActionAbortedMessageID) {
            throw new IllegalArgumentException("msgh_id=0x" + Integer.toHexString(MachMsgHeaderLayout.id(bytes))
                    + ", expected 0x" + Integer.toHexString(kActionAbortedMessageID) + " (kActionAbortedMessageID)");
        }
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException("length=" + bytes.length + ", expected " + LENGTH);
        }
        checkReason(reason(bytes));
        if (completions(bytes) < 0) {
            throw new IllegalArgumentException("completions=" + Long.toUnsignedString(completions(bytes))
                    + " does not fit a signed 64-bit count");
        }
    }

    /** {@return why the kernel aborted the action: a {@code kAbortReason*} value} */
    public static int reason(byte[] bytes) {
        return Bytes.getInt(bytes, REASON_OFFSET);
    }

    /**
     * {@return the code a call still waiting ends with, for an abort of {@code reason}}: {@code MIG_SERVER_DIED} when
     * its driver server died, else {@code kIOReturnAborted}.
     */
    public static int resultFor(int reason) {
        return reason == kAbortReasonServerDied ? IOReturn.MIG_SERVER_DIED : IOReturn.kIOReturnAborted;
    }

    /** {@return the code a waiting call should end with ({@link #resultFor} its reason)} */
    public static int result(byte[] bytes) {
        return Bytes.getInt(bytes, RESULT_OFFSET);
    }

    /**
     * {@return {@code reference[slot]}} ({@code slot} 1 is the callout, 2 the refcon; slot 0 is always 0).
     *
     * @throws IndexOutOfBoundsException if {@code slot} is outside 0..7.
     */
    public static long reference(byte[] bytes, int slot) {
        Objects.checkIndex(slot, AsyncCompletionLayout.kOSAsyncRef64Count);
        return Bytes.getLong(bytes, REFERENCE_OFFSET + 8 * slot);
    }

    /** {@return how many completions of the action were queued before the abort} */
    public static long completions(byte[] bytes) {
        return Bytes.getLong(bytes, COMPLETIONS_OFFSET);
    }

    /**
     * {@return a phrase saying what happened, for an explanation}: e.g. "the driver released the call's completion
     * action without completing it".
     *
     * @throws IllegalArgumentException if {@code reason} is not a {@code kAbortReason*} value.
     */
    public static String describe(int reason, long completions) {
        checkReason(reason);
        final String after = completions == 0 ? "without completing the call"
                : "after " + completions + " completion(s)";
        return switch (reason) {
            case kAbortReasonReleased -> "the driver released the call's completion action (OSAction) " + after
                    + ", so nothing more can arrive (reason=kAbortReasonReleased)";
            case kAbortReasonClientClosed -> "the connection was closed " + after
                    + ", so the kernel aborted the call's completion action (reason=kAbortReasonClientClosed)";
            case kAbortReasonServerDied -> "the driver server died " + after + ": its services terminated and"
                    + " the kernel aborted the call's completion action (reason=kAbortReasonServerDied)";
            default -> "the service terminated " + after + ", closing the connection and aborting the call's"
                    + " completion action (reason=kAbortReasonServiceTerminated)";
        };
    }

    private static void checkReason(int reason) {
        if (reason < kAbortReasonReleased || reason > kAbortReasonServerDied) {
            throw new IllegalArgumentException("reason=" + reason + " is not a kAbortReason* value (1..4)");
        }
    }
}
