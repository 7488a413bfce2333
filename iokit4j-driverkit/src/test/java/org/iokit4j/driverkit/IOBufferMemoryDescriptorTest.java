package org.iokit4j.driverkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iokit4j.IOReturn.kIOReturnBadArgument;
import static org.iokit4j.IOReturn.kIOReturnNotReady;
import static org.iokit4j.IOReturn.kIOReturnSuccess;
import static org.iokit4j.IOReturn.kIOReturnUnsupported;

import java.io.IOException;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.iokit4j.Diagnostics;
import org.iokit4j.memory.SharedMapping;
import org.iokit4j.memory.SharedMemory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** IOBufferMemoryDescriptor and IOMemoryDescriptor::CreateMapping (contract.md §3). */
class IOBufferMemoryDescriptorTest {

    @AfterEach
    void nothingLeft() {
        assertThat(SharedMemory.liveCount()).isZero();
        assertThat(SharedMapping.liveCount()).isZero();
    }

    @Test
    void shouldAllocateAZeroedPageAlignedBufferAndMapAWindowOfIt() { // contract.md §3 IOBufferMemoryDescriptor
        final IOBufferMemoryDescriptor[] buffer = new IOBufferMemoryDescriptor[1];
        assertThat(IOBufferMemoryDescriptor.Create(IOMemoryDescriptor.kIOMemoryDirectionInOut, 10_000, 4096, buffer))
                .isEqualTo(kIOReturnSuccess);
        final IOMemoryMap[] map = new IOMemoryMap[1];
        assertThat(buffer[0].CreateMapping(0, 0, 0, 0, 0, map)).isEqualTo(kIOReturnSuccess);
        assertThat(map[0].GetAddress() % 4096).isZero();
        assertThat(map[0].segment().toArray(ValueLayout.JAVA_BYTE)).hasSize(10_000).containsOnly((byte) 0);
        assertThat(buffer[0].SetLength(100)).isEqualTo(kIOReturnSuccess);
        final long[] length = new long[1];
        buffer[0].GetLength(length);
        assertThat(length[0]).isEqualTo(100);
        assertThat(buffer[0].CreateMapping(0, 0, 50, 60, 0, map)).isEqualTo(kIOReturnBadArgument);
        assertThat(Diagnostics.lastFailure().explanation()).contains("offset=50, length=60", "100 bytes");
        assertThat(buffer[0].SetLength(10_001)).isEqualTo(kIOReturnBadArgument);
        buffer[0].release();
        assertThat(buffer[0].CreateMapping(0, 0, 0, 0, 0, map)).isEqualTo(kIOReturnNotReady);
    }

    @Test
    void shouldLeaveNoBackingFileInTheShmDirectoryWhileLiveOrAfterFree() throws IOException { // issue 8
        final IOBufferMemoryDescriptor[] buffer = new IOBufferMemoryDescriptor[1];
        assertThat(IOBufferMemoryDescriptor.Create(IOMemoryDescriptor.kIOMemoryDirectionInOut, 1 << 16, 0, buffer))
                .isEqualTo(kIOReturnSuccess);
        assertThat(buffer[0].sharedMemory().link()).as("anonymous: unlinked by Create").isEmpty();
        assertThat(backingFiles()).as("live buffer").isEmpty();
        final IOMemoryMap[] map = new IOMemoryMap[1];
        assertThat(buffer[0].CreateMapping(0, 0, 0, 0, 0, map)).isEqualTo(kIOReturnSuccess);
        map[0].segment().set(ValueLayout.JAVA_INT, 0, 42);
        assertThat(buffer[0].bytes().get(ValueLayout.JAVA_INT, 0)).isEqualTo(42);
        buffer[0].release();
        assertThat(backingFiles()).as("after free").isEmpty();
    }

    private static List<String> backingFiles() throws IOException {
        try (Stream<Path> files = Files.list(SharedMemory.directory())) {
            return files.map(file -> file.getFileName().toString())
                    .filter(name -> name.startsWith(SharedMemory.FILE_PREFIX)).toList();
        }
    }

    @ParameterizedTest
    @CsvSource({
        "3, 4096, 3, alignment=3 is not a power of two",
        "3, 4096, 48, alignment=48 is not a power of two",
        "3, 4096, -8, alignment=-8 is not a power of two",
        "3, 0, 0, capacity=0 must lie in",
        "3, -5, 0, capacity=-5 must lie in",
        "3, 9223372036854775807, 0, capacity=9223372036854775807 must lie in",
        "0, 4096, 0, options=0x0: pass a direction",
        "4, 4096, 0, options=0x4: pass a direction",
    })
    void shouldRefuseBadOptionsCapacitiesAndAlignments(long options, long capacity, long alignment, String why) {
        // contract.md §3: alignment must be a power of two; capacity ≤ 0 or huge → kIOReturnBadArgument
        final IOBufferMemoryDescriptor[] buffer = new IOBufferMemoryDescriptor[1];
        assertThat(IOBufferMemoryDescriptor.Create(options, capacity, alignment, buffer))
                .isEqualTo(kIOReturnBadArgument);
        assertThat(Diagnostics.lastFailure().explanation()).contains(why);
        assertThat(buffer[0]).isNull();
    }

    @Test
    void shouldRefuseAlignmentsAboveAPage() { // documented limit of this emulation
        assertThat(IOBufferMemoryDescriptor.Create(3, 4096, 8192, new IOBufferMemoryDescriptor[1]))
                .isEqualTo(kIOReturnUnsupported);
        assertThat(Diagnostics.lastFailure().explanation()).contains("alignment=8192 exceeds a page");
    }

    @Test
    void shouldMapADirectionOutBufferReadOnly() { // XNU CreateMapping: kIODirectionOut maps read-only
        final IOBufferMemoryDescriptor[] buffer = new IOBufferMemoryDescriptor[1];
        IOBufferMemoryDescriptor.Create(IOMemoryDescriptor.kIOMemoryDirectionOut, 4096, 0, buffer);
        final IOMemoryMap[] map = new IOMemoryMap[1];
        buffer[0].CreateMapping(0, 0, 0, 0, 0, map);
        assertThat(map[0].segment().isReadOnly()).isTrue();
        buffer[0].CreateMapping(IOMemoryDescriptor.kIOMemoryMapFixedAddress, 0, 0, 0, 0, map);
        assertThat(Diagnostics.lastFailure().explanation()).contains("kIOMemoryMapFixedAddress");
        buffer[0].release();
    }
}
