package org.iokit4j.systemtests.carriers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iokit4j.iokitlib.IOKitLib.IOConnectCallMethod;
import static org.iokit4j.iokitlib.IOKitLib.kIOReturnBadArgument;
import static org.iokit4j.iokitlib.IOKitLib.kIOReturnSuccess;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.iokit4j.Diagnostics;
import org.iokit4j.systemtests.memory.MemoryUserClient;
import org.junit.jupiter.api.Test;

/**
 * Issue 11 deliverable 4 on every carrier: a driver narrows a caller's structure output (over 4096 bytes, so the
 * caller's own memory) with {@code IOMemoryDescriptor::CreateSubMemoryDescriptor}, fills it through a mapping and
 * reads the addresses back ({@code GetAddressRange}, {@code Map}, {@code IOMemoryMap::GetOffset}). In a driver
 * server of its own the descriptor is a shared-memory mapping of the app's buffer: the bytes must still land in
 * the app's buffer, exactly in the window.
 */
interface RuntimeMemoryEndToEnd extends CarrierFixture {

    @Test
    default void shouldFillTheCallersBufferThroughASubDescriptor() { // CreateSubMemoryDescriptor_Impl, makeMapping
        final int connect = open(MEMORY);
        final MemorySegment output = MemorySegment.ofArray(new byte[16 * 1024]);
        final long[] scalars = new long[3];
        final int[] scalarCount = {3};
        final int filled = as(() -> IOConnectCallMethod(connect, MemoryUserClient.kFillSubRange,
                new long[] {5000, 3000, 0x6B}, 3, null, 0, scalars, scalarCount, output, new long[] {16 * 1024}));

        assertThat(filled).as("%s", as(Diagnostics::lastFailure)).isEqualTo(kIOReturnSuccess);
        assertThat(output.asSlice(5000, 3000).toArray(ValueLayout.JAVA_BYTE)).containsOnly((byte) 0x6B);
        assertThat(output.asSlice(0, 5000).toArray(ValueLayout.JAVA_BYTE)).containsOnly((byte) 0);
        assertThat(output.asSlice(8000).toArray(ValueLayout.JAVA_BYTE)).containsOnly((byte) 0);
        assertThat(scalars).as("GetOffset in the parent, the window's address, Map's length at that address")
                .containsExactly(5000, 5000, 3000);
        close(connect);
    }

    @Test
    default void shouldRefuseASubRangePastTheCallersBuffer() { // XNU: mdEnd > ofDescriptor->getLength()
        final int connect = open(MEMORY);
        final MemorySegment output = MemorySegment.ofArray(new byte[8192]);
        final int refused = as(() -> IOConnectCallMethod(connect, MemoryUserClient.kFillSubRange,
                new long[] {8000, 193, 1}, 3, null, 0, new long[3], new int[] {3}, output, new long[] {8192}));

        assertThat(refused).isEqualTo(kIOReturnBadArgument);
        assertThat(as(Diagnostics::lastFailure).explanation()).contains("past the end of ofDescriptor's 8192 bytes");
        assertThat(output.toArray(ValueLayout.JAVA_BYTE)).containsOnly((byte) 0);
        close(connect);
    }
}
