package org.iokit4j.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.foreign.ValueLayout;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8: a region's backing file is {@code 0600} while it exists and is gone from the directory once
 * {@link SharedMemory#create} returns; the memory lives on in the open channel and the mappings.
 */
class SharedMemoryLifetimeTest {

    @AfterEach
    void nothingLeft() {
        System.clearProperty("iokit4j.shm.dir");
        assertThat(SharedMemory.liveCount()).isZero();
        assertThat(SharedMapping.liveCount()).isZero();
    }

    @Test
    void shouldLeaveNoFileInTheDirectoryAfterCreateMapAndClose() throws IOException { // issue 8: no file outlives
        final Path directory = SharedMemory.directory();
        final SharedMemory memory = SharedMemory.create(64 * 1024);
        assertThat(memory.link()).isEmpty();
        assertThat(ownFiles(directory)).as("after create").isEmpty();
        try (SharedMapping writer = memory.map(false); SharedMapping reader = memory.map(true)) {
            assertThat(ownFiles(directory)).as("while mapped").isEmpty();
            writer.segment().set(ValueLayout.JAVA_LONG, 8, 0x1234_5678_9ABCL);
            assertThat(reader.segment().get(ValueLayout.JAVA_LONG, 8)).isEqualTo(0x1234_5678_9ABCL);
            memory.release();
        }
        assertThat(memory.isReleased()).isTrue();
        assertThat(ownFiles(directory)).as("after close").isEmpty();
    }

    @Test
    void shouldKeepTheUnlinkedFileOwnerOnly() throws IOException { // issue 8: 0600, seen through the open channel
        final SharedMemory memory = SharedMemory.create(4096);
        try (SharedMapping mapping = memory.map(false)) {
            final Path open = openDescriptorOf(SharedMemory.directory().resolve(memory.name()));
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(open))).isEqualTo("rw-------");
            assertThat(Files.getAttribute(open, "unix:nlink")).as("no name left in the directory").isEqualTo(0);
            assertThat(mapping.size()).isEqualTo(4096);
        } finally {
            memory.release();
        }
    }

    @Test
    void shouldCreateTheBackingFileOwnerOnlyInTheOpenCall(@TempDir Path directory) throws IOException { // issue 8
        final Path file = directory.resolve("iokit4j-1-1");
        final FileChannel channel = BackingFile.create(file, 3 * 4096);
        try {
            assertThat(Files.getPosixFilePermissions(file)).isEqualTo(BackingFile.OWNER_ONLY);
            assertThat(Files.size(file)).isEqualTo(3 * 4096);
            assertThat(BackingFile.create(file, 4096)).as("an existing name is never opened").isNull();
        } finally {
            BackingFile.closeQuietly(channel);
            assertThat(BackingFile.unlink(file)).isTrue();
        }
        assertThat(Files.exists(file)).isFalse();
    }

    @Test
    void shouldSkipNamesLeftByAnEarlierProcessWithThisPid(@TempDir Path directory) throws IOException { // issue 8
        System.setProperty("iokit4j.shm.dir", directory.toString());
        final SharedMemory first = SharedMemory.create(4096);
        final long next = Long.parseLong(first.name().substring(SharedMemory.FILE_PREFIX.length())) + 1;
        first.release();
        final List<Path> taken = new ArrayList<>();
        for (long n = next; n < next + 3; n++) {
            taken.add(Files.writeString(directory.resolve(SharedMemory.FILE_PREFIX + n), "earlier process"));
        }
        final SharedMemory memory = SharedMemory.create(4096);
        try {
            assertThat(memory.name()).isEqualTo(SharedMemory.FILE_PREFIX + (next + 3));
            for (Path file : taken) {
                assertThat(Files.readString(file)).as("%s untouched", file).isEqualTo("earlier process");
            }
        } finally {
            memory.release();
        }
    }

    private static List<String> ownFiles(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(file -> file.getFileName().toString())
                    .filter(name -> name.startsWith(SharedMemory.FILE_PREFIX)).toList();
        }
    }

    /** {@return this process's {@code /proc/self/fd} entry open on {@code file}, which is unlinked (Linux)} */
    private static Path openDescriptorOf(Path file) throws IOException {
        final String deleted = file + " (deleted)";
        try (Stream<Path> descriptors = Files.list(Path.of("/proc/self/fd"))) {
            return descriptors.filter(fd -> {
                try {
                    return Files.readSymbolicLink(fd).toString().equals(deleted);
                } catch (IOException closed) {
                    return false;
                }
            }).findFirst().orElseThrow(() -> new AssertionError("no open descriptor on " + deleted));
        }
    }
}
