package org.iokit4j.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.iokit4j.iokitlib.IOKitLib.*;
import static org.iokit4j.systemtests.memory.MemoryUserClient.*;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Random;
import java.util.stream.LongStream;
import org.iokit4j.Diagnostics;
import org.iokit4j.systemtests.memory.MemoryUserClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Structures over 4096 bytes as descriptors over the caller's own buffer, end to end (apple-semantics.md §6.4). */
class LargeBufferTest {
    private static final long SIZE = 64 * 1024;

    private MemoryKernel memory;
    private int connect;
    private Arena arena;

    @BeforeEach
    void open() {
        memory = new MemoryKernel();
        connect = memory.open();
        arena = Arena.ofShared();
    }

    @AfterEach
    void close() {
        memory.close();
        if (arena.scope().isAlive()) {
            arena.close();
        }
        MemoryKernel.assertNothingLeaked();
    }

    @Test
    void shouldDeliverAnInputOver4096BytesAsADescriptorWithStructureInputNull() { // apple-semantics.md §6.1, §10.4
        memory.run(() -> {
            final MemorySegment in = arena.allocate(8192);
            long expected = 0;
            for (int i = 0; i < 8192; i++) {
                in.set(ValueLayout.JAVA_BYTE, i, (byte) (i % 251));
                expected += i % 251;
            }
            final long[] out = new long[2];
            final int[] outCnt = {2};
            assertThat(IOConnectCallMethod(connect, kInputSum, null, 0, in, 8192, out, outCnt, null, null))
                    .isEqualTo(kIOReturnSuccess);
            assertThat(out).as("sum read through the descriptor, structureInput == null").containsExactly(expected, 1);
        });
    }

    @Test
    void shouldLetTheDriverFillTheCallersOwnBufferAndReportTheCapacity() { // §6.4: size stays the capacity
        memory.run(() -> {
            final MemorySegment out = arena.allocate(SIZE);
            final long[] outCnt = {SIZE};
            assertThat(IOConnectCallMethod(connect, kFillOutput, new long[] {0x42}, 1, null, 0, null, null, out,
                    outCnt)).isEqualTo(kIOReturnSuccess);
            assertThat(outCnt[0]).isEqualTo(SIZE);
            assertThat(out.toArray(ValueLayout.JAVA_BYTE)).containsOnly((byte) 0x42);
        });
    }

    @Test
    void shouldFillAHeapBufferInPlaceToo() { // contract.md decided point 0: heap or native segments
        memory.run(() -> {
            final byte[] heap = new byte[8192];
            final long[] outCnt = {8192};
            assertThat(IOConnectCallMethod(connect, kFillOutput, new long[] {9}, 1, null, 0, null, null,
                    MemorySegment.ofArray(heap), outCnt)).isEqualTo(kIOReturnSuccess);
            assertThat(heap).containsOnly((byte) 9);
        });
    }

    @Test
    void shouldRefuseStructureOutputWhenTheOutputArrivedAsADescriptor() { // §6.4, §10.4
        final long pitfalls = org.iokit4j.Pitfalls.count(org.iokit4j.Pitfall.STRUCTURE_OUTPUT_WITH_DESCRIPTOR);
        memory.run(() -> {
            final MemorySegment out = arena.allocate(8192);
            final long[] outCnt = {8192};
            assertThat(IOConnectCallStructMethod(connect, kBothOutputs, null, 0, out, outCnt))
                    .isEqualTo(kIOReturnBadArgument);
            assertThat(Diagnostics.lastFailure().explanation()).contains("structureOutputDescriptor");
            assertThat(outCnt[0]).as("counts keep their input values on failure (§2.4)").isEqualTo(8192);
        });
        assertThat(org.iokit4j.Pitfalls.count(org.iokit4j.Pitfall.STRUCTURE_OUTPUT_WITH_DESCRIPTOR))
                .as("reported as a pitfall (issue 3 item 4)").isEqualTo(pitfalls + 1);
    }

    @Test
    void shouldCompareTheDescriptorLengthWithCheckStructureInputSize() { // §5.2 step 2, §6.2
        memory.run(() -> {
            final MemorySegment in = arena.allocate(8193);
            assertThat(IOConnectCallStructMethod(connect, kExactInput, in, 8192, null, null))
                    .isEqualTo(kIOReturnSuccess);
            assertThat(IOConnectCallStructMethod(connect, kExactInput, in, 8193, null, null))
                    .isEqualTo(kIOReturnBadArgument);
            assertThat(Diagnostics.lastFailure().explanation()).contains("checkStructureInputSize=8192",
                    "size=8193", "descriptor");
        });
    }

    @Test
    void shouldShowTheCallerBytesTheDriverWritesAfterExternalMethodReturned() { // §10.3, forum 744268 (F2)
        memory.run(() -> {
            final MemorySegment out = arena.allocate(SIZE);
            final long[] outCnt = {SIZE};
            assertThat(IOConnectCallStructMethod(connect, kRetainOutput, null, 0, out, outCnt))
                    .isEqualTo(kIOReturnSuccess);
            assertThat(out.toArray(ValueLayout.JAVA_BYTE)).as("nothing written yet").containsOnly((byte) 0);
            assertThat(IOConnectCallScalarMethod(connect, kFillRetained, new long[] {0x7E}, 1, null, null))
                    .isEqualTo(kIOReturnSuccess);
            assertThat(out.toArray(ValueLayout.JAVA_BYTE)).as("written later, seen in place").containsOnly((byte) 0x7E);
        });
    }

    @Test
    void shouldFillTheCallersBufferLaterAndSignalItWithACompletion() { // forum 744268 (F2), §10.3, contract.md point 4
        final java.util.concurrent.atomic.AtomicLong signalled = new java.util.concurrent.atomic.AtomicLong();
        final org.iokit4j.dispatch.DispatchQueue callbacks = org.iokit4j.dispatch.DispatchQueue.createManual("cb");
        final MemorySegment out = arena.allocate(SIZE);
        memory.run(() -> {
            final org.iokit4j.iokitlib.IONotificationPortRef port = IONotificationPortCreate(kIOMainPortDefault);
            IONotificationPortSetDispatchQueue(port, callbacks);
            final long[] reference = new long[kIOAsyncCalloutCount];
            reference[kIOAsyncCalloutFuncIndex] = asyncCallout(
                    (org.iokit4j.iokitlib.IOAsyncCallback1) (refcon, result, bytes) -> {
                        // by the time the completion runs, every byte is in the caller's own buffer
                        assertThat(out.toArray(ValueLayout.JAVA_BYTE)).containsOnly((byte) 0x44);
                        signalled.set(bytes);
                    });
            final long[] outCnt = {SIZE};
            assertThat(IOConnectCallAsyncMethod(connect, kFillLaterAndComplete, IONotificationPortGetMachPort(port),
                    reference, kIOAsyncCalloutCount, new long[] {0x44}, 1, null, 0, null, null, out, outCnt))
                    .isEqualTo(kIOReturnSuccess);
            assertThat(outCnt[0]).as("the size stays the capacity (§6.4)").isEqualTo(SIZE);
            final long deadline = System.nanoTime() + 10_000_000_000L;
            while (signalled.get() == 0 && System.nanoTime() < deadline) {
                callbacks.drain();
                Thread.onSpinWait();
            }
            IONotificationPortDestroy(port);
        });
        assertThat(signalled.get()).as("the completion carried the buffer's length").isEqualTo(SIZE);
    }

    @Test
    void shouldRefuseMappingARetainedDescriptorOnceTheClientClosed() { // §6.4 kIOReturnNotReady, §6.6, §10.7
        memory.run(() -> {
            final MemorySegment out = arena.allocate(SIZE);
            assertThat(IOConnectCallStructMethod(connect, kRetainOutput, null, 0, out, new long[] {SIZE}))
                    .isEqualTo(kIOReturnSuccess);
            assertThat(IOServiceClose(connect)).isEqualTo(kIOReturnSuccess);
        });
        assertThat(MemoryUserClient.stopMappingResult).isEqualTo(kIOReturnNotReady);
        assertThat(MemoryUserClient.stopSegmentError).contains("client has closed");
        arena.close(); // the client frees its buffer: the driver's old segment must not reach freed memory
        assertThatThrownBy(() -> MemoryUserClient.retainedSegment.fill((byte) 1))
                .isInstanceOf(IllegalStateException.class);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void shouldRefuseMappingOffsetsAndLengthsOutsideTheDescriptor(long seed) { // IOMemoryDescriptor::CreateMapping
        final Random random = new Random(seed);
        final long size = 4097 + random.nextInt(60_000);
        final long offset = random.nextBoolean() ? size + 1 + random.nextInt(1000) : random.nextInt((int) size);
        final long length = offset > size ? random.nextInt(10) : size - offset + 1 + random.nextInt(1000);
        memory.run(() -> {
            final MemorySegment out = arena.allocate(size);
            assertThat(IOConnectCallMethod(connect, kMapOutputRange, new long[] {offset, length, 0}, 3, null, 0,
                    null, null, out, new long[] {size})).isEqualTo(kIOReturnBadArgument);
            assertThat(Diagnostics.lastFailure().explanation()).contains("offset=" + offset, "length=" + length,
                    "lie outside");
            assertThat(out.toArray(ValueLayout.JAVA_BYTE)).containsOnly((byte) 0);
        });
    }

    @Test
    void shouldMakeReadOnlyMappingsAndInputDescriptorsThrowOnWrite() { // §6.4: input is read direction
        memory.run(() -> {
            final MemorySegment out = arena.allocate(8192);
            assertThat(IOConnectCallMethod(connect, kMapOutputRange, new long[] {0, 0, 0x2}, 3, null, 0, null,
                    null, out, new long[] {8192})).isEqualTo(kIOReturnError);
            assertThat(Diagnostics.lastFailure().explanation()).contains("IllegalArgumentException");
            assertThat(IOConnectCallStructMethod(connect, kWriteInput, out, 8192, null, null))
                    .isEqualTo(kIOReturnError);
            assertThat(Diagnostics.lastFailure().explanation()).contains("IllegalArgumentException");
            assertThat(out.toArray(ValueLayout.JAVA_BYTE)).containsOnly((byte) 0);
        });
    }

    @Test
    void shouldRefuseNullUndersizedAndDisagreeingBuffersBeforeTheDriver() { // contract.md §1: segment vs count
        memory.run(() -> {
            assertThat(IOConnectCallStructMethod(connect, kFillOutput, null, 0, null, new long[] {8192}))
                    .isEqualTo(kIOReturnBadArgument);
            assertThat(Diagnostics.lastFailure().explanation()).contains("outputStruct is null");
            final MemorySegment small = arena.allocate(5000);
            assertThat(IOConnectCallStructMethod(connect, kFillOutput, null, 0, small, new long[] {8192}))
                    .isEqualTo(kIOReturnBadArgument);
            assertThat(Diagnostics.lastFailure().explanation()).contains("holds 5000 bytes", "8192");
            assertThat(IOConnectCallStructMethod(connect, kInputSum, small, 6000, null, null))
                    .isEqualTo(kIOReturnBadArgument);
            assertThat(Diagnostics.lastFailure().explanation()).contains("holds 5000 bytes", "6000");
            assertThat(LongStream.of(small.toArray(ValueLayout.JAVA_LONG))).containsOnly(0L);
        });
    }
}
