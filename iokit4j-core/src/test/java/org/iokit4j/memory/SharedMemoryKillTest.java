package org.iokit4j.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.iokit4j.testsupport.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 8: no shared-memory file outlives the processes that use it, even after {@code kill -9}. A child JVM holds
 * a mapped region when it is killed; nothing of it may be left in {@link SharedMemory#directory()}.
 */
class SharedMemoryKillTest {

    @Test
    @Timeout(180)
    void shouldLeaveNoFileWhenAProcessHoldingMappedMemoryIsKilled() throws Exception { // issue 8: kill -9
        final Path directory = SharedMemory.directory();
        final ChildJvm child = ChildJvm.start(SharedMemoryChild.class);
        final String prefix = "iokit4j-" + child.pid() + "-";
        try (child) {
            final String ready = child.firstLine(120);
            assertThat(ready).as("child's first line; its errors: %s", child.errors()).startsWith("ready " + prefix);
            assertThat(filesStartingWith(directory, prefix)).as("the live child's region has no name").isEmpty();
            assertThat(child.kill()).as("exit value after SIGKILL").isEqualTo(128 + 9);
            assertThat(child.exists()).as("child pid=%d after SIGKILL", child.pid()).isFalse();
            assertThat(filesStartingWith(directory, prefix)).as("files of the killed child in %s", directory)
                    .isEmpty();
        } finally {
            for (String left : filesStartingWith(directory, prefix)) { // its process is dead: ours to clean
                Files.deleteIfExists(directory.resolve(left));
            }
        }
    }

    static List<String> filesStartingWith(Path directory, String prefix) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(file -> file.getFileName().toString()).filter(name -> name.startsWith(prefix)).toList();
        }
    }
}
