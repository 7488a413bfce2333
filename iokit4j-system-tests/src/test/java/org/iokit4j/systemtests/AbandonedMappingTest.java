package org.iokit4j.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.iokit4j.memory.SharedMemory;
import org.iokit4j.testsupport.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 8, end to end: an app that never closes, killed with {@code kill -9} while it maps its driver's
 * {@code IOBufferMemoryDescriptor}, leaves no shared-memory file and no process behind (on Apple's systems that memory
 * goes with the process).
 */
class AbandonedMappingTest {

    @Test
    @Timeout(180)
    void shouldLeaveNoFileWhenAnAppMappingDriverMemoryIsKilled() throws Exception { // issue 8: kill -9
        final Path directory = SharedMemory.directory();
        final ChildJvm child = ChildJvm.start(AbandonedMappingChild.class);
        final String prefix = "iokit4j-" + child.pid() + "-";
        try (child) {
            assertThat(child.firstLine(120)).as("child's first line; its errors: %s", child.errors())
                    .isEqualTo("ready");
            assertThat(files(directory, prefix)).as("the live app's buffer has no name").isEmpty();
            assertThat(child.kill()).as("exit value after SIGKILL").isEqualTo(128 + 9);
            assertThat(child.exists()).as("child pid=%d after SIGKILL", child.pid()).isFalse();
            assertThat(files(directory, prefix)).as("files of the killed app in %s", directory).isEmpty();
        } finally {
            for (String left : files(directory, prefix)) { // its process is dead: ours to clean
                Files.deleteIfExists(directory.resolve(left));
            }
        }
    }

    private static List<String> files(Path directory, String prefix) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(file -> file.getFileName().toString()).filter(name -> name.startsWith(prefix)).toList();
        }
    }
}
