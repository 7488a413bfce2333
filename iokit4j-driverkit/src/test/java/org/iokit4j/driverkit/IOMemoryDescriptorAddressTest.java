package org.iokit4j.driverkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.iokit4j.IOReturn.kIOReturnBadArgument;
import static org.iokit4j.IOReturn.kIOReturnNotReady;
import static org.iokit4j.IOReturn.kIOReturnSuccess;
import static org.iokit4j.IOReturn.kIOReturnUnsupported;
import static org.iokit4j.driverkit.IOMemoryDescriptor.kIOMemoryDirectionIn;
import static org.iokit4j.driverkit.IOMemoryDescriptor.kIOMemoryDirectionInOut;
import static org.iokit4j.driverkit.IOMemoryDescriptor.kIOMemoryDirectionOut;
import static org.iokit4j.driverkit.IOMemoryDescriptor.kIOMemoryMapFixedAddress;
import static org.iokit4j.driverkit.IOMemoryDescriptor.kIOMemoryMapReadOnly;

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
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code IOMemoryDescriptor::Map}, {@code GetAddressRange} and {@code IOMemoryMap::GetOffset} (issue 11 deliverable
 * 4, contract.md §7): one address for the same bytes whichever way it is asked for, and the Java way to them.
 */
class IOMemoryDescriptorAddressTest {
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
        return made[0];
    }

    private static IOAddressSegment range(IOMemoryDescriptor descriptor) {
        final IOAddressSegment[] range = new IOAddressSegment[1];
        assertThat(descriptor.GetAddressRange(range)).isEqualTo(kIOReturnSuccess);
        return range[0];
    }

    private static IOMemoryMap mapping(IOMemoryDescriptor descriptor, long offset, long length) {
        final IOMemoryMap[] map = new IOMemoryMap[1];
        assertThat(descriptor.CreateMapping(0, 0, offset, length, 0, map)).isEqualTo(kIOReturnSuccess);
        return map[0];
    }

    private static IOMemoryDescriptor sub(long offset, long length, IOMemoryDescriptor of) {
        final IOMemoryDescriptor[] made = new IOMemoryDescriptor[1];
        assertThat(IOMemoryDescriptor.CreateSubMemoryDescriptor(kIOMemoryDirectionInOut, offset, length, of, made))
                .isEqualTo(kIOReturnSuccess);
        return made[0];
    }

    @Test
    void shouldGiveTheBuffersAddressAndLength() { // IOBufferMemoryDescriptor.iig GetAddressRange
        final IOBufferMemoryDescriptor buffer = buffer(10_000);
        buffer.SetLength(6000);
        final IOAddressSegment range = range(buffer);
        assertThat(range.length()).as("the current length").isEqualTo(6000);
        assertThat(range.address() % IOBufferMemoryDescriptor.kPageSize).as("page-aligned").isZero();
        final IOMemoryMap map = mapping(buffer, 0, 0);
        assertThat(map.GetAddress()).as("the same bytes, the same address").isEqualTo(range.address());
        assertThat(map.GetOffset()).isZero();
        buffer.release();
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6})
    void shouldAgreeOnAddressesAcrossMapsSubDescriptorsAndOffsets(long seed) { // IOSubMemoryDescriptor::makeMapping
        final Random random = new Random(seed);
        final int size = 4096 + random.nextInt(60_000);
        final IOBufferMemoryDescriptor root = buffer(size);
        final long rootAddress = range(root).address();
        final long outer = random.nextInt(size / 2);
        final IOMemoryDescriptor window = sub(outer, size - outer, root);
        final long inner = random.nextInt((int) (size - outer) / 2);
        final IOMemoryDescriptor nested = sub(inner, size - outer - inner, window);
        final long offset = random.nextInt((int) (size - outer - inner));

        assertThat(range(window).address()).isEqualTo(rootAddress + outer);
        assertThat(range(nested).address()).isEqualTo(rootAddress + outer + inner);
        final IOMemoryMap map = mapping(nested, offset, 0);
        assertThat(map.GetOffset()).as("the offset in the root, as XNU maps through the parent")
                .isEqualTo(outer + inner + offset);
        assertThat(map.GetAddress()).isEqualTo(rootAddress + map.GetOffset());
        final long[] address = new long[1];
        final long[] length = new long[1];
        assertThat(nested.Map(0, 0, 0, 0, address, length)).isEqualTo(kIOReturnSuccess);
        assertThat(address[0]).isEqualTo(range(nested).address());
        assertThat(length[0]).isEqualTo(size - outer - inner);

        map.segment().set(ValueLayout.JAVA_BYTE, 0, (byte) 0x3C);
        assertThat(root.segment(rootAddress + map.GetOffset(), 1).get(ValueLayout.JAVA_BYTE, 0))
                .as("segment(address) reaches the bytes the map wrote").isEqualTo((byte) 0x3C);
        nested.release();
        window.release();
        root.release();
    }

    @Test
    void shouldMapAPrefixAndResolveItsAddressToTheSameBytes() { // IOMemoryDescriptor.iig Map; Java: segment()
        final IOBufferMemoryDescriptor buffer = buffer(8192);
        final long[] address = new long[1];
        final long[] length = new long[1];
        assertThat(buffer.Map(0, 0, 100, 0, address, length)).isEqualTo(kIOReturnSuccess);
        assertThat(length[0]).isEqualTo(100);
        final MemorySegment bytes = buffer.segment(address[0], length[0]);
        bytes.fill((byte) 9);
        assertThat(buffer.bytes().get(ValueLayout.JAVA_BYTE, 99)).isEqualTo((byte) 9);
        assertThat(buffer.bytes().get(ValueLayout.JAVA_BYTE, 100)).isZero();
        buffer.release();
    }

    @Test
    void shouldWorkOverAClientsMemoryAsOverABuffer() { // the descriptors ExternalMethod gets (decided point 4)
        final IOUserClient client = new IOUserClient();
        final MemorySegment output = arena.allocate(16_384);
        final IOMemoryDescriptor structureOutput = IOMemoryDescriptor.overClient(output, kIOMemoryDirectionIn, client);
        final IOAddressSegment range = range(structureOutput);
        assertThat(range).isEqualTo(new IOAddressSegment(output.address(), 16_384));
        structureOutput.segment(range.address() + 8, 8).set(ValueLayout.JAVA_LONG_UNALIGNED, 0, 42L);
        assertThat(output.get(ValueLayout.JAVA_LONG_UNALIGNED, 8)).isEqualTo(42L);

        client.markClientClosed();

        assertThat(structureOutput.GetAddressRange(new IOAddressSegment[1])).isEqualTo(kIOReturnNotReady);
        assertThat(structureOutput.Map(0, 0, 0, 0, new long[1], new long[1])).isEqualTo(kIOReturnNotReady);
        assertThatThrownBy(() -> structureOutput.segment(range.address(), 8))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("has closed");
        structureOutput.release();
    }

    @Test
    void shouldGiveAReadOnlyViewOfMemoryTheDriverMayOnlyRead() { // XNU: kIODirectionOut maps read-only
        final IOBufferMemoryDescriptor buffer = buffer(4096);
        final IOMemoryDescriptor readable = IOMemoryDescriptor.overClient(buffer.bytes(), kIOMemoryDirectionOut, null);
        final IOAddressSegment range = range(readable);
        assertThat(readable.segment(range.address(), range.length()).isReadOnly()).isTrue();
        assertThat(buffer.segment(range.address(), range.length()).isReadOnly()).isFalse();
        final IOMemoryMap[] map = new IOMemoryMap[1];
        assertThat(buffer.CreateMapping(kIOMemoryMapReadOnly, 0, 0, 0, 0, map)).isEqualTo(kIOReturnSuccess);
        assertThat(map[0].segment().isReadOnly()).isTrue();
        readable.release();
        buffer.release();
    }

    @Test
    void shouldRefuseBadMapArguments() { // IOMemoryDescriptor::Map: CreateMapping's rules, nothing stored
        final IOBufferMemoryDescriptor buffer = buffer(4096);
        final long[] address = {-1};
        final long[] length = {-1};
        assertThat(buffer.Map(0, 0, 0, 0, null, length)).isEqualTo(kIOReturnBadArgument);
        assertThat(Diagnostics.lastFailure().explanation()).contains("returnAddress=null");
        assertThat(buffer.Map(0, 0, 0, 0, address, new long[0])).isEqualTo(kIOReturnBadArgument);
        assertThat(buffer.Map(0, 0, 4097, 0, address, length)).isEqualTo(kIOReturnBadArgument);
        assertThat(Diagnostics.lastFailure().explanation()).contains("length=4097 lie outside");
        assertThat(buffer.Map(0, 0, -1, 0, address, length)).isEqualTo(kIOReturnBadArgument);
        assertThat(buffer.Map(kIOMemoryMapFixedAddress, 0x1000, 0, 0, address, length))
                .isEqualTo(kIOReturnUnsupported);
        assertThat(buffer.Map(0x300, 0, 0, 0, address, length)).isEqualTo(kIOReturnBadArgument);
        assertThat(Diagnostics.lastFailure().explanation()).contains("cache mode 0x300");
        assertThat(address[0]).isEqualTo(-1);
        assertThat(length[0]).isEqualTo(-1);
        buffer.release();
        assertThat(buffer.Map(0, 0, 0, 0, address, length)).isEqualTo(kIOReturnNotReady);
    }

    @Test
    void shouldRefuseUnknownCacheModesInCreateMapping() { // IOMemoryDescriptor::CreateMapping_Impl: default → bad
        final IOBufferMemoryDescriptor buffer = buffer(4096);
        for (long mode : new long[] {0x100, 0x200, 0x400, 0x800}) {
            assertThat(buffer.CreateMapping(mode, 0, 0, 0, 0, new IOMemoryMap[1])).isEqualTo(kIOReturnSuccess);
        }
        for (long mode : new long[] {0x300, 0x1000, 0xFF00}) {
            assertThat(buffer.CreateMapping(mode, 0, 0, 0, 0, new IOMemoryMap[1])).isEqualTo(kIOReturnBadArgument);
        }
        buffer.release();
    }

    @Test
    void shouldRefuseBadGetAddressRangeArgumentsAndFreedDescriptors() { // out-array, lifetime (decided point 3)
        final IOBufferMemoryDescriptor buffer = buffer(4096);
        assertThat(buffer.GetAddressRange(null)).isEqualTo(kIOReturnBadArgument);
        assertThat(buffer.GetAddressRange(new IOAddressSegment[0])).isEqualTo(kIOReturnBadArgument);
        assertThat(Diagnostics.lastFailure().explanation()).contains("IOAddressSegment[1]");
        final IOAddressSegment range = range(buffer);
        buffer.release();
        assertThat(buffer.GetAddressRange(new IOAddressSegment[1])).isEqualTo(kIOReturnNotReady);
        assertThatThrownBy(() -> buffer.segment(range.address(), 1)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void shouldRefuseAddressesOutsideTheDescriptor() { // Java's segment(): no reach past the bytes described
        final IOBufferMemoryDescriptor parent = buffer(4096);
        final IOMemoryDescriptor window = sub(1024, 1024, parent);
        final IOAddressSegment range = range(window);
        assertThat(window.segment(range.address(), 1024).byteSize()).isEqualTo(1024);
        assertThatThrownBy(() -> window.segment(range.address() - 1, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lie outside");
        assertThatThrownBy(() -> window.segment(range.address() + 1, 1024))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> window.segment(range.address(), -1)).isInstanceOf(IllegalArgumentException.class);
        window.release();
        parent.release();
    }

    @Test
    void shouldGiveADirectionInSubDescriptorOfTheOutputTheCallersBytes() { // iokit4j: sub of structure output
        final MemorySegment output = arena.allocate(8192);
        final IOMemoryDescriptor structureOutput = IOMemoryDescriptor.overClient(output, kIOMemoryDirectionIn, null);
        final IOMemoryDescriptor[] tail = new IOMemoryDescriptor[1];
        assertThat(IOMemoryDescriptor.CreateSubMemoryDescriptor(kIOMemoryDirectionIn, 4000, 4192, structureOutput,
                tail)).isEqualTo(kIOReturnSuccess);
        final long[] address = new long[1];
        final long[] length = new long[1];
        tail[0].Map(0, 0, 0, 0, address, length);
        tail[0].segment(address[0], length[0]).fill((byte) 1);
        assertThat(output.asSlice(4000).toArray(ValueLayout.JAVA_BYTE)).containsOnly((byte) 1);
        assertThat(output.asSlice(0, 4000).toArray(ValueLayout.JAVA_BYTE)).containsOnly((byte) 0);
        tail[0].release();
        structureOutput.release();
    }
}
