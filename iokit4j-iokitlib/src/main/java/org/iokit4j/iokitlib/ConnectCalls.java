package org.iokit4j.iokitlib;

import static org.iokit4j.IOReturn.MIG_ARRAY_TOO_LARGE;
import static org.iokit4j.IOReturn.kIOReturnBadArgument;
import static org.iokit4j.IOReturn.kIOReturnSuccess;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.iokit4j.Diagnostics;
import org.iokit4j.Failure;
import org.iokit4j.Pitfalls;
import org.iokit4j.mig.CallBuffers;
import org.iokit4j.mig.Caller;
import org.iokit4j.mig.MethodCall;
import org.iokit4j.mig.MethodReply;

/**
 * The {@code IOConnectCall*} family's client half: what IOKitLib and the MIG client stub do before and after
 * the call (apple-semantics.md §2).
 *
 * <p>It checks the C-shaped arguments (arrays against counts, segments against sizes; a structure segment must be
 * alive, usable by this thread and, for output, writable: {@link CallBuffers}), all before anything is sent, so
 * a bad argument never reaches the driver. It then copies the inline
 * inputs into a {@link MethodCall}, routes structures over 4096 bytes as the caller's own memory, and after
 * the kernel answers, copies outputs back <em>only on success</em>. Every rule about the method itself lives
 * in the kernel and the driver runtime, not here.
 *
 * <p><b>Concurrency.</b> Stateless; any thread may call.
 */
final class ConnectCalls {
    /** {@code io_struct_inband_t}: structures up to this size travel inline. */
    static final long INLINE_MAX = 4096;
    /** {@code io_scalar_inband64_t}: at most 16 scalars each way. */
    static final int SCALAR_MAX = 16;
    /** {@code io_async_ref64_t}: at most 8 reference slots. */
    static final int REFERENCE_MAX = 8;
    /** {@code kIOConnectMethodVarOutputSize}. */
    static final long VAR_OUTPUT = -3;

    private static final long[] NO_SCALARS = new long[0];
    private static final long[] ONE_ZERO_SLOT = new long[1];
    /** Each thread's reply, reused call after call: nothing keeps a reply once its call has returned. */
    private static final ThreadLocal<ThreadReply> REPLY = ThreadLocal.withInitial(ThreadReply::new);

    /** A thread's reusable reply, and whether a call of the thread is using it. */
    private static final class ThreadReply {
        final MethodReply reply = new MethodReply();
        boolean busy;
    }

    private ConnectCalls() {
    }

    static int call(String function, int connection, int selector, int wakePort, long[] reference, int referenceCnt,
                    long[] input, int inputCnt, MemorySegment inputStruct, long inputStructCnt,
                    long[] output, int[] outputCnt, MemorySegment outputStruct, long[] outputStructCnt) {
        final boolean async = function.contains("Async");
        Failure bad = async ? checkReference(reference, referenceCnt) : null;
        if (bad == null) {
            bad = checkInputs(input, inputCnt, inputStruct, inputStructCnt);
        }
        if (bad == null) {
            bad = checkScalarOutput(output, outputCnt);
        }
        if (bad == null) {
            bad = checkStructureOutput(async, outputStruct, outputStructCnt);
        }
        if (bad != null) {
            return failed(function, bad, async, outputStruct, outputStructCnt);
        }
        final int scalarCapacity = scalarCapacity(outputCnt);
        final long structCapacity = outputStructCnt == null ? 0 : outputStructCnt[0];
        final MethodCall call;
        try {
            call = new MethodCall(
                    Integer.toUnsignedLong(selector),
                    inputCnt == 0 ? NO_SCALARS : java.util.Arrays.copyOf(input, inputCnt),
                    inputStructCnt > 0 && inputStructCnt <= INLINE_MAX
                            ? inputStruct.asSlice(0, inputStructCnt).toArray(ValueLayout.JAVA_BYTE) : null,
                    inputStructCnt > INLINE_MAX ? inputStruct.asSlice(0, inputStructCnt) : null,
                    scalarCapacity,
                    structCapacity,
                    structCapacity > INLINE_MAX ? outputStruct.asSlice(0, structCapacity) : null,
                    async ? wakePort : 0,
                    async ? references(reference, referenceCnt) : null);
        } catch (IllegalStateException closed) { // another thread closed the arena after the check
            return failed(function, Failure.of(kIOReturnBadArgument, "inputStruct stopped being alive while it was"
                    + " copied (its arena was closed by another thread); nothing was sent"), async, outputStruct,
                    outputStructCnt);
        }
        final ThreadReply mine = REPLY.get();
        final boolean reuse = !mine.busy; // a call made while the thread's call runs (a driver's, inline): its own
        final MethodReply reply = reuse ? mine.reply.reset() : new MethodReply();
        mine.busy = true;
        try {
            final Caller caller = Caller.current();
            if (async) {
                AsyncCallouts.tie(caller, wakePort, call.reference()); // held while the port lives (AsyncCallouts)
            }
            caller.kernel().connectMethod(caller.task(), connection, call, reply);
            if (!reply.succeeded()) {
                if (reply.pitfall != null) {
                    Pitfalls.report(reply.pitfall, function + " failed: " + reply.explanation);
                }
                return failed(function, reply.failure(), async, outputStruct, outputStructCnt);
            }
            try {
                return copyOut(function, reply, output, outputCnt, scalarCapacity, outputStruct, outputStructCnt,
                        structCapacity);
            } catch (IllegalStateException closed) { // another thread closed the arena while the driver ran
                return Diagnostics.fail(function, Failure.of(kIOReturnBadArgument, "outputStruct stopped being alive"
                        + " while the driver ran (its arena was closed by another thread): the driver's output is"
                        + " lost"));
            }
        } finally {
            mine.busy = !reuse;
        }
    }

    /**
     * Records {@code failure} and {@return its code}. A synchronous {@code kIOConnectMethodVarOutputSize} call's
     * outputs are written all the same, NULL and 0: IOKitLib.c's {@code IOConnectCallMethod} stores
     * {@code var_output} and {@code var_output_size}, still NULL and 0 when {@code io_connect_method_var_output}
     * failed, before it looks at the code (where the segment can hold the pointer and be written).
     */
    private static int failed(String function, Failure failure, boolean async, MemorySegment outputStruct,
                              long[] outputStructCnt) {
        if (!async && outputStructCnt != null && outputStructCnt.length > 0 && outputStructCnt[0] == VAR_OUTPUT
                && outputStruct != null && outputStruct.byteSize() >= ValueLayout.ADDRESS.byteSize()) {
            try {
                if (CallBuffers.checkWritable("outputStruct", outputStruct) == null) {
                    outputStruct.set(ValueLayout.JAVA_LONG_UNALIGNED, 0, 0L);
                    outputStructCnt[0] = 0;
                }
            } catch (IllegalStateException closed) {
                // its arena closed meanwhile: C would write into freed memory; nothing to write here
            }
        }
        return Diagnostics.fail(function, failure);
    }

    private static Failure checkReference(long[] reference, int referenceCnt) {
        if (reference == null && referenceCnt == 0) {
            return null; // IOKitLib substitutes a one-slot zero array (§2.2)
        }
        return checkArray("reference", reference, "referenceCnt", referenceCnt, REFERENCE_MAX,
                "an async reference has at most 8 slots (io_async_ref64_t,"
                        + " docs/async-completions.md, \"The completion message\")");
    }

    private static long[] references(long[] reference, int referenceCnt) {
        return reference == null && referenceCnt == 0 ? ONE_ZERO_SLOT.clone()
                : java.util.Arrays.copyOf(reference == null ? NO_SCALARS : reference, referenceCnt);
    }

    private static Failure checkInputs(long[] input, int inputCnt, MemorySegment inputStruct, long inputStructCnt) {
        Failure bad = checkArray("input", input, "inputCnt", inputCnt, SCALAR_MAX,
                "at most 16 scalar inputs travel inline (io_scalar_inband64_t, docs/calls.md, \"Synchronous calls\")");
        if (bad == null) {
            bad = checkSegment("inputStruct", inputStruct, "inputStructCnt", inputStructCnt);
        }
        return bad == null && inputStructCnt > 0 ? CallBuffers.checkReadable("inputStruct", inputStruct) : bad;
    }

    /** MIG clamps the requested count to the declared maximum (apple-semantics.md §2.3). */
    private static int scalarCapacity(int[] outputCnt) {
        if (outputCnt == null) {
            return 0;
        }
        return outputCnt[0] < 0 || outputCnt[0] > SCALAR_MAX ? SCALAR_MAX : outputCnt[0];
    }

    private static Failure checkScalarOutput(long[] output, int[] outputCnt) {
        if (outputCnt == null) {
            return null;
        }
        if (outputCnt.length < 1) {
            return Failure.of(kIOReturnBadArgument,
                    "outputCnt has no element 0: pass new int[]{capacity} (uint32_t * in/out), or null for none");
        }
        final int capacity = scalarCapacity(outputCnt);
        if (output == null ? capacity > 0 : output.length < capacity) {
            return Failure.of(kIOReturnBadArgument, "output has %s elements but *outputCnt=%d asks for %d:"
                    + " the array must hold the capacity you pass",
                    output == null ? "no (null)" : String.valueOf(output.length), outputCnt[0], capacity);
        }
        return null;
    }

    private static Failure checkStructureOutput(boolean async, MemorySegment outputStruct, long[] outputStructCnt) {
        if (outputStructCnt == null) {
            return null;
        }
        if (outputStructCnt.length < 1) {
            return Failure.of(kIOReturnBadArgument,
                    "outputStructCnt has no element 0: pass new long[]{capacity} (size_t * in/out), or null");
        }
        final long capacity = outputStructCnt[0];
        if (capacity == VAR_OUTPUT && (async || outputStruct == null
                || outputStruct.byteSize() < ValueLayout.ADDRESS.byteSize())) {
            return Failure.of(kIOReturnBadArgument, async
                    ? "kIOConnectMethodVarOutputSize is for synchronous IOConnectCallMethod only"
                    : "kIOConnectMethodVarOutputSize needs outputStruct to hold a pointer (8 bytes):"
                    + " IOKitLib stores the address of the returned buffer there");
        }
        final Failure bad = capacity == VAR_OUTPUT ? null
                : checkSegment("outputStruct", outputStruct, "*outputStructCnt", capacity);
        // the call (or IOKitLib, for a var output's address) writes there
        return bad == null && capacity != 0 ? CallBuffers.checkWritable("outputStruct", outputStruct) : bad;
    }

    private static int copyOut(String function, MethodReply reply, long[] output, int[] outputCnt, int scalarCapacity,
                               MemorySegment outputStruct, long[] outputStructCnt, long structCapacity) {
        int result = kIOReturnSuccess;
        if (outputCnt != null) {
            final int returned = reply.scalarOutputCount;
            final int fits = Math.min(Math.max(returned, 0), scalarCapacity);
            if (fits > 0) {
                System.arraycopy(reply.scalarOutput, 0, output, 0, fits);
            }
            outputCnt[0] = returned;
            if (returned > scalarCapacity) {
                result = Diagnostics.fail(function, Failure.of(MIG_ARRAY_TOO_LARGE, "the driver returned %d scalar"
                        + " outputs but the caller's capacity was %d: the first %d were copied (MIG client stub,"
                        + " docs/calls.md, \"Synchronous calls\")", returned, scalarCapacity, fits));
            }
        }
        if (outputStructCnt != null) {
            if (structCapacity == VAR_OUTPUT) {
                final byte[] bytes = reply.structureOutput == null ? new byte[0] : reply.structureOutput;
                final MemorySegment buffer = VarOutputMemory.allocate(bytes);
                outputStruct.set(ValueLayout.JAVA_LONG_UNALIGNED, 0, buffer.address());
                outputStructCnt[0] = bytes.length;
            } else if (structCapacity <= INLINE_MAX) {
                final byte[] bytes = reply.structureOutput;
                final int size = bytes == null ? 0 : bytes.length;
                if (size > 0) {
                    MemorySegment.copy(bytes, 0, outputStruct, ValueLayout.JAVA_BYTE, 0, size);
                }
                outputStructCnt[0] = reply.structureOutputSize;
            } else {
                outputStructCnt[0] = reply.structureOutputSize;
            }
        }
        return result;
    }

    private static Failure checkArray(String arrayName, long[] array, String countName, int count, int max,
                                      String rule) {
        if (count < 0) {
            return Failure.of(MIG_ARRAY_TOO_LARGE, "%s=%d is negative (as uint32_t it is %d): %s", countName, count,
                    Integer.toUnsignedLong(count), rule);
        }
        if (count > max) {
            return Failure.of(MIG_ARRAY_TOO_LARGE, "%s=%d exceeds %d: %s; the client stub sent nothing",
                    countName, count, max, rule);
        }
        if (count > 0 && array == null) {
            return Failure.of(kIOReturnBadArgument, "%s is null but %s=%d", arrayName, countName, count);
        }
        if (array != null && array.length < count) {
            return Failure.of(kIOReturnBadArgument, "%s has %d elements but %s=%d: the count cannot exceed the array",
                    arrayName, array.length, countName, count);
        }
        return null;
    }

    private static Failure checkSegment(String segmentName, MemorySegment segment, String countName, long count) {
        if (count < 0) {
            return Failure.of(kIOReturnBadArgument, "%s=%d is negative: a size_t byte count cannot be", countName,
                    count);
        }
        if (count > 0 && segment == null) {
            return Failure.of(kIOReturnBadArgument, "%s is null but %s=%d", segmentName, countName, count);
        }
        if (segment != null && segment.byteSize() < count) {
            return Failure.of(kIOReturnBadArgument, "%s holds %d bytes but %s=%d: the size cannot exceed the segment",
                    segmentName, segment.byteSize(), countName, count);
        }
        return null;
    }
}
