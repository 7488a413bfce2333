package org.iokit4j.driverkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.iokit4j.IOReturn.kIOReturnBadArgument;
import static org.iokit4j.IOReturn.kIOReturnNotReady;
import static org.iokit4j.IOReturn.kIOReturnSuccess;
import static org.iokit4j.driverkit.IOMemoryDescriptor.kIOMemoryDirectionIn;
import static org.iokit4j.driverkit.IOMemoryDescriptor.kIOMemoryDirectionInOut;
import static org.iokit4j.driverkit.IOMemoryDescriptor.kIOMemoryDirectionOut;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Random;
import org.iokit4j.Diagnostics;
import org.iokit4j.memory.SharedMapping;
import org.iokit4j.memory.SharedMemory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code IOMemoryDescriptor::CreateSubMemoryDescriptor} (issue 11 deliverable 4, contract.md §7): bounds and bytes,
 * with XNU's checks ({@code IOMemoryDescriptor::CreateSubMemoryDescriptor_Impl}, {@code iokit/Kernel/IOUserServer.cpp})
 * and lifetime ({@code IOSubMemoryDescriptor::initSubRange} retains the parent).
 */
class IOSubMemoryDescriptorTest {
    private final Arena arena = Arena.ofConfined();

    @AfterEach
    void nothingLeft() {
        arena.close();
        assertThat(SharedMemory.liveCount()).isZero();
        assertThat(SharedMapping.liveCount()).isZero();
    }

    private static IOBufferMemoryDescriptor buffer(long capacity) {
        final IOBufferMemoryDescriptor[] made = new IOBufferMemoryDescriptor[1];
        assertThat(IOBufferMemoryDescriptor.Create(kIOMemoryDirectionInOut, capacity, 0, made))
                .isEqualTo(kIOReturnSuccess);
        final MemorySegment bytes = made[0].bytes();
        for (long i = 0; i < capacity; i++) {
            bytes.set(ValueLayout.JAVA_BYTE, i, (byte) i);
        }
        return made[0];
    }

    private static IOMemoryDescriptor sub(long options, long offset, long length, IOMemoryDescriptor of) {
        final IOMemoryDescriptor[] made = new IOMemoryDescriptor[1];
        assertThat(IOMemoryDescriptor.CreateSubMemoryDescriptor(options, offset, length, of, made))
                .as("%s", Diagnostics.lastFailure()).isEqualTo(kIOReturnSuccess);
        return made[0];
    }

    private static MemorySegment map(IOMemoryDescriptor descriptor, long offset, long length) {
        final IOMemoryMap[] map = new IOMemoryMap[1];
        assertThat(descriptor.CreateMapping(0, 0, offset, length, 0, map)).isEqualTo(kIOReturnSuccess);
        return map[0].segment();
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10})
    void shouldDescribeExactlyTheParentsBytesInItsRange(long seed) { // XNU: a sub-range, the same memory
        final Random random = new Random(seed);
        final long size = 1 + random.nextInt(20_000);
        final long offset = random.nextInt((int) size);
        final long length = 1 + random.nextInt((int) (size - offset));
        final IOBufferMemoryDescriptor parent = buffer(size);
        final IOMemoryDescriptor window = sub(kIOMemoryDirectionInOut, offset, length, parent);

        final long[] got = new long[1];
        window.GetLength(got);
        assertThat(got[0]).isEqualTo(length);
        final MemorySegment bytes = map(window, 0, 0);
        assertThat(bytes.toArray(ValueLayout.JAVA_BYTE))
                .isEqualTo(parent.bytes().asSlice(offset, length).toArray(ValueLayout.JAVA_BYTE));
        bytes.set(ValueLayout.JAVA_BYTE, length - 1, (byte) 0x7E);
        assertThat(parent.bytes().get(ValueLayout.JAVA_BYTE, offset + length - 1)).as("not a copy")
                .isEqualTo((byte) 0x7E);

        window.release();
        parent.release();
    }

    @ParameterizedTest
    @ValueSource(longs = {11, 12, 13, 14, 15, 16, 17, 18})
    void shouldRefuseARangeEndingPastTheParent(long seed) { // XNU: mdEnd > ofDescriptor->getLength()
        final Random random = new Random(seed);
        final long size = 1 + random.nextInt(10_000);
        final long offset = random.nextInt((int) size + 100);
        final long length = size - offset + 1 + random.nextInt(100);
        final IOBufferMemoryDescriptor parent = buffer(size);
        final IOMemoryDescriptor[] made = new IOMemoryDescriptor[1];

        assertThat(IOMemoryDescriptor.CreateSubMemoryDescriptor(kIOMemoryDirectionIn, offset, length, parent, made))
                .isEqualTo(kIOReturnBadArgument);
        assertThat(Diagnostics.lastFailure().explanation()).contains("offset=" + offset, "length=" + length,
                "past the end of ofDescriptor's " + size + " bytes");
        assertThat(made[0]).isNull();
        parent.release();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "4  | 0 | 16 | memoryDescriptorCreateOptions=0x4",
        "16 | 0 | 16 | memoryDescriptorCreateOptions=0x10", // kIOMemoryDisableCopyOnWrite: not for sub-descriptors
        "-1 | 0 | 16 | memoryDescriptorCreateOptions=0xFFFFFFFFFFFFFFFF",
        "1  | -1 | 2 | overflows a uint64_t", // offset = 2^64 - 1
        "1  | 8 | -8 | overflows a uint64_t",
        "1  | -8 | 4 | past the end", // 2^64 - 8 + 4 does not overflow, but ends far past the parent
        "1  | 4096 | 1 | past the end",
    })
    void shouldRefuseBadOptionsAndRangesWithXnusCode(long options, long offset, long length, String why) {
        // IOMemoryDescriptor::CreateSubMemoryDescriptor_Impl: each → kIOReturnBadArgument
        final IOBufferMemoryDescriptor parent = buffer(4096);
        final IOMemoryDescriptor[] made = new IOMemoryDescriptor[1];
        assertThat(IOMemoryDescriptor.CreateSubMemoryDescriptor(options, offset, length, parent, made))
                .isEqualTo(kIOReturnBadArgument);
        assertThat(Diagnostics.lastFailure().explanation()).contains(why);
        assertThat(made[0]).isNull();
        parent.release();
    }

    @Test
    void shouldRefuseANullParentOrOutArrayAndAFreedParent() { // XNU: !ofDescriptor → kIOReturnBadArgument
        final IOMemoryDescriptor[] made = new IOMemoryDescriptor[1];
        assertThat(IOMemoryDescriptor.CreateSubMemoryDescriptor(1, 0, 1, null, made)).isEqualTo(kIOReturnBadArgument);
        assertThat(Diagnostics.lastFailure().explanation()).contains("ofDescriptor=NULL");
        final IOBufferMemoryDescriptor parent = buffer(64);
        assertThat(IOMemoryDescriptor.CreateSubMemoryDescriptor(1, 0, 1, parent, null))
                .isEqualTo(kIOReturnBadArgument);
        assertThat(IOMemoryDescriptor.CreateSubMemoryDescriptor(1, 0, 1, parent, new IOMemoryDescriptor[0]))
                .isEqualTo(kIOReturnBadArgument);
        parent.release();
        assertThat(IOMemoryDescriptor.CreateSubMemoryDescriptor(1, 0, 1, parent, made)).isEqualTo(kIOReturnNotReady);
        assertThat(Diagnostics.lastFailure().explanation()).contains("ofDescriptor was freed");
    }

    @Test
    void shouldAcceptAZeroLengthAndTheWholeParentAsXnuDoes() { // XNU's checks let offset ≤ end ≤ length through
        final IOBufferMemoryDescriptor parent = buffer(128);
        final IOMemoryDescriptor empty = sub(0, 128, 0, parent);
        final long[] length = new long[1];
        empty.GetLength(length);
        assertThat(length[0]).isZero();
        assertThat(empty.CreateMapping(0, 0, 0, 0, 0, new IOMemoryMap[1])).as("nothing to map")
                .isEqualTo(kIOReturnBadArgument);
        final IOMemoryDescriptor whole = sub(kIOMemoryDirectionInOut, 0, 128, parent);
        assertThat(map(whole, 0, 0).byteSize()).isEqualTo(128);
        empty.release();
        whole.release();
        parent.release();
    }

    @Test
    void shouldKeepItsParentAliveUntilItIsFreed() { // IOSubMemoryDescriptor::initSubRange retains, free releases
        final IOBufferMemoryDescriptor parent = buffer(256);
        final IOMemoryDescriptor window = sub(kIOMemoryDirectionIn, 16, 32, parent);
        parent.release(); // the creator's reference: the sub-descriptor's keeps it
        assertThat(parent.isFreed()).isFalse();
        assertThat(map(window, 0, 0).get(ValueLayout.JAVA_BYTE, 0)).isEqualTo((byte) 16);

        window.release();

        assertThat(parent.isFreed()).isTrue();
    }

    @Test
    void shouldNeverGrantMoreThanItsParent() { // iokit4j: a window of read-only memory stays read-only
        final MemorySegment input = arena.allocate(8192);
        final IOMemoryDescriptor structureInput = IOMemoryDescriptor.overClient(input, kIOMemoryDirectionOut, null);
        final IOMemoryDescriptor writable = sub(kIOMemoryDirectionIn, 100, 50, structureInput);
        assertThat(map(writable, 0, 0).isReadOnly()).isTrue();
        final IOAddressSegment[] range = new IOAddressSegment[1];
        writable.GetAddressRange(range);
        assertThat(writable.segment(range[0].address(), range[0].length()).isReadOnly()).isTrue();
        writable.release();
        structureInput.release();
    }

    @Test
    void shouldMapReadOnlyForDirectionOutAndWritableOtherwise() { // XNU CreateMapping: kIODirectionOut → read-only
        final IOBufferMemoryDescriptor parent = buffer(64);
        final IOMemoryDescriptor out = sub(kIOMemoryDirectionOut, 0, 8, parent);
        final IOMemoryDescriptor in = sub(kIOMemoryDirectionIn, 0, 8, parent);
        final IOMemoryDescriptor none = sub(0, 0, 8, parent); // kIOMemoryDirectionNone passes XNU's check
        assertThat(map(out, 0, 0).isReadOnly()).isTrue();
        assertThat(map(in, 0, 0).isReadOnly()).isFalse();
        assertThat(map(none, 0, 0).isReadOnly()).isFalse();
        assertThat(in.direction()).isEqualTo(kIOMemoryDirectionIn);
        out.release();
        in.release();
        none.release();
        parent.release();
    }

    @Test
    void shouldRefuseToMapOnceItsBufferWasSetShorter() { // XNU maps through the parent, whose length check fails
        final IOBufferMemoryDescriptor parent = buffer(4096);
        final IOMemoryDescriptor window = sub(kIOMemoryDirectionIn, 1000, 1000, parent);
        parent.SetLength(1500);

        assertThat(window.CreateMapping(0, 0, 0, 0, 0, new IOMemoryMap[1])).isEqualTo(kIOReturnBadArgument);
        assertThat(Diagnostics.lastFailure().explanation()).contains("covers [1000, 2000)", "1500 bytes long now");

        window.release();
        parent.release();
    }

    @Test
    void shouldEndWithItsClient() { // apple-semantics.md §6.4: client memory ends when the client closes
        final IOUserClient client = new IOUserClient();
        final MemorySegment output = arena.allocate(8192);
        final IOMemoryDescriptor structureOutput = IOMemoryDescriptor.overClient(output, kIOMemoryDirectionIn, client);
        final IOMemoryDescriptor window = sub(kIOMemoryDirectionIn, 4096, 4096, structureOutput);
        final IOMemoryMap[] map = new IOMemoryMap[1];
        assertThat(window.CreateMapping(0, 0, 0, 0, 0, map)).isEqualTo(kIOReturnSuccess);
        map[0].segment().fill((byte) 5);
        assertThat(output.get(ValueLayout.JAVA_BYTE, 4096)).as("into the client's buffer").isEqualTo((byte) 5);
        assertThat(output.get(ValueLayout.JAVA_BYTE, 4095)).as("not before the window").isZero();

        client.markClientClosed();

        assertThat(window.CreateMapping(0, 0, 0, 0, 0, new IOMemoryMap[1])).isEqualTo(kIOReturnNotReady);
        assertThat(Diagnostics.lastFailure().explanation()).contains("has closed");
        assertThatThrownBy(map[0]::segment).isInstanceOf(IllegalStateException.class);
        window.release();
        structureOutput.release();
    }
}
