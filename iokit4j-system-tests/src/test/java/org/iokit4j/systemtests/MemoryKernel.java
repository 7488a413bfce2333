package org.iokit4j.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.stream.Stream;
import org.iokit4j.memory.SharedMapping;
import org.iokit4j.memory.SharedMemory;
import org.iokit4j.systemtests.support.TestKernel;

/** An isolated kernel running the memory test dext, an app task in it, and the leak checks memory tests end with. */
public final class MemoryKernel extends TestKernel {
    public static final String DRIVER = "org.iokit4j.systemtests.memory.MemoryDriver";

    public MemoryKernel() {
        super("memory-test", "bundles/memory/Info.plist", DRIVER, java.util.Map.of());
    }

    /** Asserts nothing is left: no backing file of this process, no live region, no open mapping arena. */
    public static void assertNothingLeaked() {
        try (Stream<java.nio.file.Path> files = Files.list(SharedMemory.directory())) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(SharedMemory.FILE_PREFIX)))
                    .as("backing files of this process in " + SharedMemory.directory()).isEmpty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(SharedMemory.liveCount()).as("live shared regions").isZero();
        assertThat(SharedMapping.liveCount()).as("open mapping arenas").isZero();
    }
}
