package org.iokit4j.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.iokit4j.IOReturn;
import org.iokit4j.IOReturnException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9 §2: a shareable region is {@code 0600} in a {@code 0700} per-user directory from its first instant, stays
 * linked for another process to open, and only its owner removes the name ({@code unlink()} or its last release)
 * while every mapping keeps working.
 */
class ShareableMemoryTest {
    @TempDir
    Path base;

    @BeforeEach
    void inTemporaryBase() {
        System.setProperty("iokit4j.shm.dir", base.toString());
    }

    @AfterEach
    void nothingLeft() throws IOException {
        assertThat(SharedMemory.liveCount()).as("live regions").isZero();
        assertThat(SharedMapping.liveCount()).as("live mappings").isZero();
        assertThat(files(base.resolve("iokit4j-" + System.getProperty("user.name")))).as("files left").isEmpty();
        System.clearProperty("iokit4j.shm.dir");
    }

    @Test
    void shouldRemoveThePerUserDirectoryWithItsLastFileAndMakeItAgain() throws IOException { // issue 9 §2
        final SharedMemory first = SharedMemory.createShareable(4096);
        final SharedMemory second = SharedMemory.createShareable(4096);
        final Path directory = first.link().orElseThrow().getParent();
        first.release();
        assertThat(directory).as("another region still lives there").isDirectory();
        second.unlink();
        assertThat(directory).as("gone with its last file: nothing iokit4j stays in the base").doesNotExist();
        second.release();
        final SharedMemory again = SharedMemory.createShareable(4096);
        try {
            assertThat(again.link().orElseThrow().getParent()).isEqualTo(directory).isDirectory();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(directory)))
                    .isEqualTo("rwx------");
        } finally {
            again.release();
        }
        assertThat(base.toFile().list()).isEmpty();
    }

    @Test
    void shouldCreateTheFileOwnerOnlyAndLinkedInTheOwnerOnlyUserDirectory() throws IOException { // issue 9 §2
        final SharedMemory memory = SharedMemory.createShareable(3 * 4096);
        final Path file = memory.link().orElseThrow();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        try {
            assertThat(file.getParent()).isEqualTo(SharedMemory.userDirectory())
                    .isEqualTo(base.resolve("iokit4j-" + System.getProperty("user.name")));
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
                    .isEqualTo("rwx------");
            assertThat(memory.name()).startsWith(SharedMemory.FILE_PREFIX).isEqualTo(file.getFileName().toString());
            assertThat(Files.size(file)).isEqualTo(3 * 4096);
            assertThat(memory.isOpened()).isFalse();
            assertThat(base.toFile().list()).as("nothing but the per-user directory in the base")
                    .containsExactly(file.getParent().getFileName().toString());
        } finally {
            memory.release();
        }
        assertThat(file).as("the owner's last release deletes it").doesNotExist();
        assertThat(memory.link()).isEmpty();
    }

    @Test
    void shouldShareBytesWithAnOpenerWhoseReleaseDeletesNothing() { // issue 9 §2: the opener never deletes
        final SharedMemory owner = SharedMemory.createShareable(8192);
        final Path file = owner.link().orElseThrow();
        final SharedMemory opener = SharedMemory.open(file, 8192);
        assertThat(opener.isOpened()).isTrue();
        assertThat(opener.link()).as("the name is the owner's").isEmpty();
        assertThat(opener.name()).isEqualTo(owner.name());
        try (SharedMapping written = owner.map(false); SharedMapping read = opener.map(true)) {
            written.segment().set(ValueLayout.JAVA_LONG, 4096, 0x0123_4567_89AB_CDEFL);
            assertThat(read.segment().get(ValueLayout.JAVA_LONG, 4096)).isEqualTo(0x0123_4567_89AB_CDEFL);
            opener.release();
        }
        assertThat(opener.isReleased()).isTrue();
        assertThat(file).as("after the opener's last release").exists();
        assertThatThrownBy(opener::unlink).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("only its owner removes its name");
        assertThat(file).exists();
        owner.release();
        assertThat(file).as("after the owner's last release").doesNotExist();
    }

    @Test
    void shouldKeepEveryMappingWorkingAfterTheOwnerUnlinks() { // issue 9 §2: unlink() once every party opened
        final SharedMemory owner = SharedMemory.createShareable(4096);
        final Path file = owner.link().orElseThrow();
        final SharedMemory opener = SharedMemory.open(file, 4096);
        try (SharedMapping ownerView = owner.map(false); SharedMapping openerView = opener.map(false)) {
            owner.unlink();
            assertThat(file).doesNotExist();
            assertThat(owner.link()).isEmpty();
            owner.unlink(); // idempotent
            openerView.segment().set(ValueLayout.JAVA_INT, 0, 42);
            assertThat(ownerView.segment().get(ValueLayout.JAVA_INT, 0)).isEqualTo(42);
            try (SharedMapping later = opener.map(true)) { // the open channel still maps
                assertThat(later.segment().get(ValueLayout.JAVA_INT, 0)).isEqualTo(42);
            }
            assertThatThrownBy(() -> SharedMemory.open(file, 4096)).isInstanceOf(IOReturnException.class)
                    .hasMessageContaining("does not exist");
        } finally {
            opener.release();
            owner.release();
        }
        owner.unlink(); // after the last release: nothing to do
    }

    @Test
    void shouldLeaveAnonymousRegionsAsTheyWere() throws IOException { // issue 9 §2 item 6: create is unchanged
        final SharedMemory memory = SharedMemory.create(4096);
        try {
            assertThat(memory.link()).isEmpty();
            assertThat(memory.isOpened()).isFalse();
            memory.unlink(); // no name: nothing to do
            assertThat(files(base)).as("anonymous: no name, no per-user directory").isEmpty();
        } finally {
            memory.release();
        }
    }

    @Test
    void shouldRefuseSizesOutsideOneToFourGiB() { // issue 9 §2: the same rule as create
        for (long size : new long[] {0, -1, SharedMemory.MAX_SIZE + 1}) {
            assertThatThrownBy(() -> SharedMemory.createShareable(size)).isInstanceOf(IOReturnException.class)
                    .hasMessageContaining("size=" + size).satisfies(e -> assertThat(((IOReturnException) e).code())
                            .isEqualTo(IOReturn.kIOReturnBadArgument));
        }
    }

    static List<Path> files(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.toList();
        }
    }
}
