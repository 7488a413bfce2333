package org.iokit4j.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.iokit4j.iokitlib.IOKitLib.*;
import static org.iokit4j.systemtests.memory.MemoryUserClient.*;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.iokit4j.Diagnostics;
import org.iokit4j.IOReturnException;
import org.iokit4j.client.Connection;
import org.iokit4j.client.IOKit;
import org.iokit4j.client.MappedMemory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** CopyClientMemoryForType / IOConnectMapMemory64 and client ranges, end to end (apple-semantics.md §6.4, §6.5). */
class SharedMappingTest {
    private MemoryKernel memory;
    private int connect;

    @BeforeEach
    void open() {
        memory = new MemoryKernel();
        connect = memory.open();
    }

    @AfterEach
    void close() {
        memory.close();
        MemoryKernel.assertNothingLeaked();
    }

    private long[] map(int type) {
        final long[] address = new long[1];
        final long[] size = new long[1];
        assertThat(IOConnectMapMemory64(connect, type, mach_task_self(), address, size, kIOMapAnywhere))
                .as("%s", Diagnostics.lastFailure()).isEqualTo(kIOReturnSuccess);
        return new long[] {address[0], size[0]};
    }

    @Test
    void shouldShareTheDriversBufferBothWays() { // §6.5 steps 2-4
        memory.run(() -> {
            final long[] mapping = map(kSharedType);
            assertThat(mapping[1]).isEqualTo(SHARED_SIZE);
            final MemorySegment bytes = IOConnectMappedSegment(connect, mapping[0], mapping[1]);
            bytes.set(ValueLayout.JAVA_BYTE, 1, (byte) 9);
            final long[] out = new long[1];
            assertThat(IOConnectCallScalarMethod(connect, kPokeShared, new long[] {5}, 1, out, new int[] {1}))
                    .isEqualTo(kIOReturnSuccess);
            assertThat(out[0]).as("the driver saw the client's write").isEqualTo(9);
            assertThat(bytes.get(ValueLayout.JAVA_BYTE, 0)).as("the client sees the driver's write")
                    .isEqualTo((byte) 5);
        });
    }

    @Test
    void shouldMapWithTheUnsuffixedFunctionsAsThe64BitOnesOnALp64Process() {
        // IOKitLib.c: on __LP64__ IOConnectMapMemory/IOConnectUnmapMemory send the same routines as the 64 forms
        memory.run(() -> {
            final long[] address = new long[1];
            final long[] size = new long[1];
            assertThat(IOConnectMapMemory(connect, kSharedType, mach_task_self(), address, size, kIOMapAnywhere))
                    .as("%s", Diagnostics.lastFailure()).isEqualTo(kIOReturnSuccess);
            assertThat(size[0]).isEqualTo(SHARED_SIZE);
            assertThat(address[0]).as("the same memory as the 64-bit form maps").isEqualTo(map(kSharedType)[0]);
            assertThat(IOConnectUnmapMemory(connect, kSharedType, mach_task_self(), address[0]))
                    .isEqualTo(kIOReturnSuccess);
            assertThat(IOConnectUnmapMemory64(connect, kSharedType, mach_task_self(), address[0]))
                    .isEqualTo(kIOReturnSuccess);
            assertThat(IOConnectUnmapMemory(connect, kSharedType, mach_task_self(), address[0]))
                    .as("nothing left mapped there").isEqualTo(kIOReturnBadArgument);
        });
    }

    @Test
    void shouldMapTheSameTypeToTheSameMemoryAndCountUnmaps() { // §6.5 step 2: same type, same descriptor
        memory.run(() -> {
            final long[] first = map(kSharedType);
            final long[] second = map(kSharedType);
            assertThat(second[0]).isEqualTo(first[0]);
            assertThat(IOConnectUnmapMemory64(connect, kSharedType, mach_task_self(), first[0]))
                    .isEqualTo(kIOReturnSuccess);
            assertThat(IOConnectMappedSegment(connect, first[0], 16)).as("one map still holds it").isNotNull();
            assertThat(IOConnectUnmapMemory64(connect, kSharedType, mach_task_self(), first[0]))
                    .isEqualTo(kIOReturnSuccess);
            assertThat(IOConnectMappedSegment(connect, first[0], 16)).isNull();
            assertThat(IOConnectUnmapMemory64(connect, kSharedType, mach_task_self(), first[0]))
                    .isEqualTo(kIOReturnBadArgument);
            assertThat(Diagnostics.lastFailure().explanation()).contains("no mapping of this connection");
        });
    }

    @Test
    void shouldMakeAReadOnlyMappingThrowOnWrite() { // §6.5 step 3: kIOUserClientMemoryReadOnly → kIOMapReadOnly
        memory.run(() -> {
            final long[] mapping = map(kReadOnlyType);
            final MemorySegment bytes = IOConnectMappedSegment(connect, mapping[0], mapping[1]);
            assertThat(bytes.isReadOnly()).isTrue();
            assertThatThrownBy(() -> bytes.set(ValueLayout.JAVA_BYTE, 0, (byte) 1))
                    .isInstanceOf(IllegalArgumentException.class);
        });
    }

    @Test
    void shouldReportEveryRefusalAsBadArgumentWithTheDriversReason() { // §6.5 step 5
        memory.run(() -> {
            final long[] address = {0};
            final long[] size = {0};
            assertThat(IOConnectMapMemory64(connect, kRefusedType, mach_task_self(), address, size, kIOMapAnywhere))
                    .isEqualTo(kIOReturnBadArgument);
            assertThat(Diagnostics.lastFailure().explanation()).contains("kIOReturnNoResources");
            assertThat(IOConnectMapMemory64(connect, kNoMemoryType, mach_task_self(), address, size, 0))
                    .isEqualTo(kIOReturnBadArgument);
            assertThat(Diagnostics.lastFailure().explanation()).contains("no memory");
            assertThat(IOConnectMapMemory64(connect, 77, mach_task_self(), address, size, 0))
                    .isEqualTo(kIOReturnBadArgument);
            assertThat(Diagnostics.lastFailure().explanation()).contains("kIOReturnUnsupported",
                    "does not override CopyClientMemoryForType");
            assertThat(IOConnectMapMemory64(connect, kSharedType, 0, address, size, 0)).isEqualTo(kIOReturnBadArgument);
            assertThat(Diagnostics.lastFailure().explanation()).contains("intoTask=0x00000000 is not the calling task");
            assertThat(IOConnectMapMemory64(connect, kSharedType, mach_task_self(), null, size, 0))
                    .isEqualTo(kIOReturnBadArgument);
            assertThat(Diagnostics.lastFailure().explanation()).contains("address must be a long[1]");
            assertThat(address[0]).as("nothing written on failure").isZero();
        });
    }

    @Test
    void shouldTearMappingsDownWhenTheConnectionCloses() { // §6.5 step 4
        memory.run(() -> {
            final long[] mapping = map(kSharedType);
            final MemorySegment bytes = IOConnectMappedSegment(connect, mapping[0], mapping[1]);
            assertThat(IOServiceClose(connect)).isEqualTo(kIOReturnSuccess);
            assertThatThrownBy(() -> bytes.get(ValueLayout.JAVA_BYTE, 0)).isInstanceOf(IllegalStateException.class);
            assertThat(IOConnectMappedSegment(connect, mapping[0], 1)).isNull();
            assertThat(IOConnectMapMemory64(connect, kSharedType, mach_task_self(), new long[1], new long[1], 0))
                    .isEqualTo(MACH_SEND_INVALID_DEST);
            assertThat(IOConnectUnmapMemory64(connect, kSharedType, mach_task_self(), mapping[0]))
                    .isEqualTo(MACH_SEND_INVALID_DEST);
        });
    }

    @Test
    void shouldRefuseUnmappingAnAddressNeverMapped() { // §6.5: not found → kIOReturnBadArgument
        memory.run(() -> {
            assertThat(IOConnectUnmapMemory64(connect, kSharedType, mach_task_self(), 0x1000))
                    .isEqualTo(kIOReturnBadArgument);
            assertThat(Diagnostics.lastFailure().explanation()).contains("address=0x1000 is no mapping");
        });
    }

    @Test
    void shouldLetTheDriverDescribeRangesTheClientMapped() { // §6.4 CreateMemoryDescriptorFromClient
        memory.run(() -> {
            final long[] mapping = map(kSharedType);
            assertThat(IOConnectCallScalarMethod(connect, kFromClient, new long[] {mapping[0] + 4096, 8192, 2}, 3,
                    null, null)).isEqualTo(kIOReturnSuccess);
            final MemorySegment bytes = IOConnectMappedSegment(connect, mapping[0], mapping[1]);
            assertThat(bytes.asSlice(4096, 8192).toArray(ValueLayout.JAVA_BYTE)).containsOnly((byte) 0x5A);
            assertThat(bytes.get(ValueLayout.JAVA_BYTE, 4095)).isZero();
            assertThat(IOConnectCallScalarMethod(connect, kFromClient, new long[] {mapping[0] + SHARED_SIZE - 8, 64,
                    1}, 3, null, null)).isEqualTo(kIOReturnBadArgument);
            assertThat(Diagnostics.lastFailure().explanation()).contains("no mapping of task");
            assertThat(IOConnectCallScalarMethod(connect, kFromClient, new long[] {mapping[0], 33 * 64, 33}, 3,
                    null, null)).isEqualTo(kIOReturnBadArgument);
            assertThat(Diagnostics.lastFailure().explanation()).contains("segmentsCount=33");
        });
    }

    @Test
    void shouldMapThroughTheJavaLayerAndExplainRefusals() { // contract.md §2, §5
        try (Connection connection = IOKit.as(memory.caller).open(IOKit.nameMatching(MemoryKernel.DRIVER))) {
            try (MappedMemory shared = connection.map(kSharedType, false);
                 MappedMemory readOnly = connection.map(kSharedType, true)) {
                shared.segment().set(ValueLayout.JAVA_BYTE, 100, (byte) 3);
                assertThat(readOnly.segment().get(ValueLayout.JAVA_BYTE, 100)).isEqualTo((byte) 3);
                assertThatThrownBy(() -> readOnly.segment().set(ValueLayout.JAVA_BYTE, 0, (byte) 1))
                        .isInstanceOf(IllegalArgumentException.class);
            }
            assertThatThrownBy(() -> connection.map(kRefusedType, false)).isInstanceOf(IOReturnException.class)
                    .hasMessageContaining("kIOReturnBadArgument").hasMessageContaining("kIOReturnNoResources");
            final MappedMemory kept = connection.map(kSharedType, false);
            final MemorySegment bytes = kept.segment();
            connection.close();
            assertThatThrownBy(() -> bytes.get(ValueLayout.JAVA_BYTE, 0)).isInstanceOf(IllegalStateException.class);
            kept.close();
            assertThatThrownBy(kept::segment).isInstanceOf(IllegalStateException.class);
        }
    }
}
