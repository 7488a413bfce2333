package org.iokit4j.mig;

import java.lang.foreign.MemorySegment;

/**
 * One external method call as it travels from the client to the kernel and on to the driver server
 * ({@code io_connect_method} / {@code io_connect_async_method}).
 *
 * <p>Inline data are copies taken when the client built the call: the scalar inputs (exactly
 * {@code scalarInput.length} of them) and, for input structures of at most 4096 bytes,
 * {@link #structureInput}. Larger structures travel as the caller's own memory ({@link #structureInputMemory},
 * {@link #structureOutputMemory}), which the kernel wraps in memory descriptors: never copied.
 *
 * @param selector               the method number, as the client's unsigned 32-bit value.
 * @param scalarInput            copied scalar inputs, 0 to 16.
 * @param structureInput         copied inline input structure (1..4096 bytes), or {@code null}.
 * @param structureInputMemory   the caller's input buffer when larger than 4096 bytes, or {@code null}.
 * @param scalarOutputCapacity   how many scalar outputs the caller can take (its {@code *outputCnt}), 0..16.
 * @param structureOutputCapacity the caller's {@code *outputStructCnt} (0: none; {@code -3}: variable size).
 * @param structureOutputMemory  the caller's output buffer when its capacity exceeds 4096 bytes, or {@code null}.
 * @param wakePort               for async calls, the wake port name in the caller's space (0 = no completion);
 *                               0 for synchronous calls.
 * @param reference              for async calls, the copied async reference slots (1..8); {@code null} for
 *                               synchronous calls.
 */
public record MethodCall(
        long selector,
        long[] scalarInput,
        byte[] structureInput,
        MemorySegment structureInputMemory,
        int scalarOutputCapacity,
        long structureOutputCapacity,
        MemorySegment structureOutputMemory,
        int wakePort,
        long[] reference) {

    /** {@return whether this is an {@code io_connect_async_method} call} */
    public boolean isAsync() {
        return reference != null;
    }
}
