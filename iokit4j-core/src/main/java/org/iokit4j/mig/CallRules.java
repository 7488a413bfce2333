package org.iokit4j.mig;

import static org.iokit4j.IOReturn.MIG_ARRAY_TOO_LARGE;
import static org.iokit4j.IOReturn.kIOReturnBadArgument;
import static org.iokit4j.IOReturn.kIOReturnIPCError;

import org.iokit4j.Failure;

/**
 * The per-call rules of {@code io_connect_method} that depend on the call alone: one implementation, run by whichever
 * path carries a call (the kernel's user client, or a driver server answering an app directly; issue 10 §2).
 *
 * <p>In the order a real call meets them: the MIG client stub's array limits (apple-semantics.md §2.3), the async
 * reference's count (§3), then {@code is_io_connect_method}'s out-of-line shapes (§5.1); after the driver returned,
 * the inline output rules (§6.4). The wake port's rule (it must be a receive right of the caller, decided point 2)
 * needs the caller's name space, so the kernel checks it before these.
 *
 * <p><b>Concurrency.</b> Stateless.
 */
public final class CallRules {
    private CallRules() {
    }

    /**
     * {@return {@code null} if {@code slots} reference slots fit {@code io_async_ref64_t}, else the MIG refusal}
     *
     * @param slots how many slots the reference has.
     */
    public static Failure tooManySlots(int slots) {
        return slots > 8 ? Failure.of(MIG_ARRAY_TOO_LARGE, "referenceCnt=%d exceeds 8 (io_async_ref64_t)", slots)
                : null;
    }

    /**
     * {@return why the arriving {@code call} is refused before it reaches the driver, or {@code null}}
     *
     * @param call the call.
     */
    public static Failure checkCall(MethodCall call) {
        return checkCall(call, null);
    }

    /**
     * {@return why the arriving {@code call} is refused, or {@code null}}, with the kernel's wake-port rule in its
     *         place
     * (after the reference's count, before its emptiness: Mach copies the port in before IOKit reads the reference).
     *
     * @param wakePortRule the wake-port check of the caller's name space, or {@code null} where no port is made.
     * @param call         the call.
     */
    public static Failure checkCall(MethodCall call, java.util.function.Function<MethodCall, Failure> wakePortRule) {
        if (call.scalarInput().length > 16) {
            return Failure.of(MIG_ARRAY_TOO_LARGE, "%d scalar inputs exceed 16", call.scalarInput().length);
        }
        if (call.isAsync()) {
            final Failure tooMany = tooManySlots(call.reference().length);
            if (tooMany != null) {
                return tooMany;
            }
            final Failure wake = wakePortRule == null ? null : wakePortRule.apply(call);
            if (wake != null) {
                return wake;
            }
            if (call.reference().length < 1) {
                return Failure.of(kIOReturnBadArgument, "referenceCnt=0 with a non-NULL reference: an async call"
                        + " needs at least one slot (docs/async-completions.md, \"Pitfalls and their fixes\")");
            }
        }
        return checkShape(call);
    }

    /**
     * {@return why the call's out-of-line shapes are impossible for a real client, or {@code null}}
     *
     * @param call the call.
     */
    public static Failure checkShape(MethodCall call) {
        if (call.structureInput() != null && call.structureInput().length > 4096) {
            return Failure.of(kIOReturnIPCError, "an inline input structure of %d bytes exceeds 4096",
                    call.structureInput().length);
        }
        if (call.structureInputMemory() != null && call.structureInputMemory().byteSize() <= 4096) {
            return Failure.of(kIOReturnIPCError, "out-of-line input of %d bytes: only inputs over 4096 travel as"
                    + " memory"
                    + " (docs/large-buffers.md, \"The 4096-byte rule\")", call.structureInputMemory().byteSize());
        }
        final long out = call.structureOutputCapacity();
        if (call.structureOutputMemory() != null && (out <= 4096 || out > 0xFFFFFFFFL)) {
            return Failure.of(kIOReturnIPCError, "out-of-line output of %d bytes: must be over 4096 and at most"
                    + " UINT32_MAX (docs/large-buffers.md, \"The 4096-byte rule\")", out);
        }
        if (call.scalarOutputCapacity() < 0 || call.scalarOutputCapacity() > 16) {
            return Failure.of(MIG_ARRAY_TOO_LARGE, "scalarOutputCapacity=%d is outside 0..16",
                    call.scalarOutputCapacity());
        }
        return null;
    }

    /**
     * §6.4: inline output must fit the caller's capacity; with a descriptor, none is allowed. Fails {@code reply}.
     *
     * @param call  the call.
     * @param reply the reply being built.
     */
    public static void checkOutput(MethodCall call, MethodReply reply) {
        if (reply.scalarOutputCount < 0 || reply.scalarOutputCount > 16) {
            // the reply carries io_scalar_inband64_t: MIG cannot encode more than 16 (nor a negative uint32_t)
            reply.fail(Failure.of(MIG_ARRAY_TOO_LARGE, "the driver set scalarOutputCount=%d (as uint32_t %d) but"
                    + " a reply carries 0..16 scalars (kIOUserClientScalarArrayCountMax"
                    + "; docs/calls.md, \"Synchronous calls\")",
                    reply.scalarOutputCount, Integer.toUnsignedLong(reply.scalarOutputCount)));
            return;
        }
        final byte[] out = reply.structureOutput;
        final long capacity = call.structureOutputCapacity();
        if (call.structureOutputMemory() != null) {
            if (out != null && out.length > 0) {
                reply.pitfall = org.iokit4j.Pitfall.STRUCTURE_OUTPUT_WITH_DESCRIPTOR;
                reply.fail(Failure.of(kIOReturnBadArgument, "the driver set structureOutput (%d bytes) but the"
                        + " caller's buffer is over 4096 bytes, so it arrived as structureOutputDescriptor: write"
                        + " through the descriptor instead"
                        + " (docs/large-buffers.md, \"The 4096-byte rule\")", out.length));
                return;
            }
            reply.structureOutput = null;
            reply.structureOutputSize = capacity;
        } else if (out != null && capacity != -3 && out.length > capacity) {
            reply.fail(Failure.of(kIOReturnBadArgument, "the driver's structureOutput holds %d bytes but the"
                    + " caller's capacity (*outputStructCnt) is %d"
                    + " (docs/calls.md, \"Synchronous calls\")", out.length, capacity));
        } else if (out == null && capacity != -3) {
            reply.structureOutputSize = 0;
        }
    }

    /**
     * A failed call returns no outputs (the reply's arrays stay the caller's).
     *
     * @param reply the reply being built.
     */
    public static void clearOutputsOnFailure(MethodReply reply) {
        if (!reply.succeeded()) {
            reply.scalarOutputCount = 0;
            reply.structureOutput = null;
        }
    }

    /**
     * Runs a call on a driver object with every rule of this class around it: the checks, the driver's
     * {@code ExternalMethod}, the output rules. For a path with no completion to make (a synchronous call, or an
     * async one whose wake port the kernel handled).
     *
     * @param client     the user client.
     * @param call       the call.
     * @param completion the completion's send right, or {@code null}.
     * @param reply      the reply being built.
     */
    public static void run(DextObject client, MethodCall call, org.iokit4j.mach.SendRight completion,
                           MethodReply reply) {
        final Failure bad = checkCall(call);
        if (bad != null) {
            reply.fail(bad);
        } else {
            client.externalMethod(call, completion, reply);
            if (reply.succeeded()) {
                checkOutput(call, reply);
            }
        }
        clearOutputsOnFailure(reply);
    }
}
