package org.iokit4j.mig;

import org.iokit4j.Failure;
import org.iokit4j.IOReturn;

/**
 * The reply to a {@link MethodCall}: a code, the explanation if it failed, and the outputs.
 *
 * <p>Outputs mean something only on success (MIG sends an error-only reply otherwise). The scalar outputs live
 * in a 16-slot array ({@link #scalarOutput}) of which {@link #scalarOutputCount} are returned; the inline
 * structure output is a copy of the driver's {@code OSData}.
 *
 * <p><b>Concurrency.</b> Filled by one thread (the one running the call), read by the caller after the call
 * returns.
 */
public final class MethodReply {
    /** The {@code IOReturn} (or Mach/MIG) result. */
    public int code;
    /** Why the call failed, or {@code null} on success. */
    public String explanation;
    /** Scalar outputs: always 16 slots. */
    public final long[] scalarOutput = new long[16];
    /** How many of {@link #scalarOutput} are returned. */
    public int scalarOutputCount;
    /** The inline structure output (a copy of the driver's OSData), or {@code null}. */
    public byte[] structureOutput;
    /** The structure output size the caller's {@code *outputStructCnt} receives. */
    public long structureOutputSize;
    /** The user mistake behind the failure, if one was recognised ({@code null} otherwise). */
    public org.iokit4j.Pitfall pitfall;

    /** Makes an empty reply: success, no outputs, until the call fills it. */
    public MethodReply() {
    }

    /** {@return this reply, empty again: success, no outputs, as a new one} For a thread that makes call after call. */
    public MethodReply reset() {
        code = IOReturn.kIOReturnSuccess;
        explanation = null;
        java.util.Arrays.fill(scalarOutput, 0);
        scalarOutputCount = 0;
        structureOutput = null;
        structureOutputSize = 0;
        pitfall = null;
        return this;
    }

    /**
     * Records {@code failure} as this reply's result.
     *
     * @param failure the failure.
     * @return this reply.
     */
    public MethodReply fail(Failure failure) {
        code = failure.code();
        explanation = failure.explanation();
        return this;
    }

    /** {@return whether the call succeeded} */
    public boolean succeeded() {
        return code == IOReturn.kIOReturnSuccess;
    }

    /** {@return the failure, or {@code null} on success} */
    public Failure failure() {
        return succeeded() ? null : new Failure(code, explanation == null ? "(no explanation given)" : explanation);
    }
}
