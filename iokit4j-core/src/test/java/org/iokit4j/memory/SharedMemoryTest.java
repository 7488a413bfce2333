package org.iokit4j.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import org.iokit4j.IOReturn;
import org.iokit4j.IOReturnException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Shared memory regions, their mappings and a task's address map (contract.md §3; issue 4 item 4). */
class SharedMemoryTest {

    @AfterEach
    void nothingLeft() {
        System.clearProperty("iokit4j.shm.dir");
        assertThat(SharedMemory.liveCount()).isZero();
        assertThat(SharedMapping.liveCount()).isZero();
    }

    @Test
    void shouldShareBytesBetweenTwoMappingsUntilTheLastRelease() { // apple-semantics.md §6.5
        final SharedMemory memory = SharedMemory.create(8192);
        assertThat(memory.name()).startsWith(SharedMemory.FILE_PREFIX);
        try (SharedMapping writer = memory.map(false); SharedMapping reader = memory.map(true)) {
            writer.segment().set(ValueLayout.JAVA_INT, 64, 0xCAFE);
            assertThat(reader.segment().get(ValueLayout.JAVA_INT, 64)).isEqualTo(0xCAFE);
            assertThatThrownBy(() -> reader.segment().set(ValueLayout.JAVA_BYTE, 0, (byte) 1))
                    .isInstanceOf(IllegalArgumentException.class);
            memory.release(); // the mappings still hold it
            assertThat(memory.isReleased()).isFalse();
            writer.segment().set(ValueLayout.JAVA_INT, 128, 7);
            assertThat(reader.segment().get(ValueLayout.JAVA_INT, 128)).isEqualTo(7);
        }
        assertThat(memory.isReleased()).isTrue();
    }

    @Test
    void shouldMakeAClosedMappingsSegmentThrowInsteadOfTouchingUnmappedMemory() { // issue 4 item 1 lifetime guard
        final SharedMemory memory = SharedMemory.create(4096);
        final SharedMapping mapping = memory.map(false);
        memory.release();
        mapping.close();
        mapping.close(); // idempotent
        assertThatThrownBy(() -> mapping.segment().get(ValueLayout.JAVA_BYTE, 0))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> memory.map(false)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void shouldFallBackToAnotherDirectoryWhenConfigured(@TempDir Path directory) { // issue 4 item 4: no /dev/shm
        System.setProperty("iokit4j.shm.dir", directory.toString());
        final SharedMemory memory = SharedMemory.create(100);
        assertThat(SharedMemory.directory()).isEqualTo(directory);
        assertThat(directory.toFile().list()).as("anonymous there too (issue 8)").isEmpty();
        try (SharedMapping mapping = memory.map(false)) {
            mapping.segment().set(ValueLayout.JAVA_BYTE, 99, (byte) 1);
        }
        memory.release();
        assertThat(directory.toFile().list()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(longs = {0, -1, Long.MIN_VALUE, (1L << 32) + 1, Long.MAX_VALUE})
    void shouldRefuseSizesOutsideOneToFourGiB(long size) { // IOBufferMemoryDescriptor capacity rule
        assertThatThrownBy(() -> SharedMemory.create(size)).isInstanceOf(IOReturnException.class)
                .satisfies(e -> assertThat(((IOReturnException) e).code()).isEqualTo(IOReturn.kIOReturnBadArgument))
                .hasMessageContaining("size=" + size);
    }

    @Test
    void shouldResolveOnlyRangesInsideALiveMapping() { // IOConnectMappedSegment, CreateMemoryDescriptorFromClient
        final VmMap vm = new VmMap();
        final SharedMemory memory = SharedMemory.create(4096);
        final long address = vm.enter(memory.map(false), "test");
        memory.release();
        assertThat(vm.resolve(address + 100, 200).byteSize()).isEqualTo(200);
        assertThat(vm.resolve(address + 4000, 200)).isNull();
        assertThat(vm.resolve(address - 1, 2)).isNull();
        vm.close();
        assertThat(vm.resolve(address, 1)).isNull();
        assertThat(memory.isReleased()).isTrue();
    }
}
