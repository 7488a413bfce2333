package org.iokit4j.ring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.iokit4j.memory.SharedMapping;
import org.iokit4j.memory.SharedMemory;

/** What the ring tests share: an in-process pair of ends, and the check that nothing is left behind. */
final class RingTesting {
    /** A guard against hangs only, never a speed limit. */
    static final Duration GUARD = Duration.ofSeconds(30);

    private RingTesting() {
    }

    /** Two connected ends in this JVM: the owner's and the opener's. */
    record Pair(RingFile owner, RingFile opener) implements AutoCloseable {
        @Override
        public void close() {
            owner.close();
            opener.close();
        }
    }

    /** {@return a connected pair, both waiting by {@code options}' strategy} */
    static Pair pair(RingOptions options, MessageHandler ownerHandler, MessageHandler openerHandler) {
        try (RingListener listener = RingFile.listen(options)) {
            final RingFile opener = RingFile.connect(listener.path(), options, openerHandler);
            return new Pair(listener.accept(ownerHandler, GUARD), opener);
        }
    }

    /** {@return the options of the tests: {@code strategy}, 64 KiB rings, a send timeout of 10 s} */
    static RingOptions options(WaitStrategy strategy) {
        return new RingOptions(64 * 1024, strategy, Duration.ofSeconds(10));
    }

    /** {@return the per-user directory under {@code base}, as {@link SharedMemory#userDirectory()} names it} */
    static Path userDirectory(Path base) {
        return base.resolve("iokit4j-" + System.getProperty("user.name"));
    }

    /** {@return the names in {@code directory}}, empty if it does not exist. */
    static List<String> files(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> listing = Files.list(directory)) {
            return listing.map(path -> path.getFileName().toString()).sorted().toList();
        }
    }

    /** Checks that no region, mapping, ring file or socket of this JVM is left (the mapping may go a moment late). */
    static void assertNothingLeft(Path base) throws IOException, InterruptedException {
        final long deadline = System.nanoTime() + GUARD.toNanos();
        while ((SharedMapping.liveCount() != 0 || SharedMemory.liveCount() != 0) && System.nanoTime() < deadline) {
            Thread.sleep(10); // the last thread out of an ended ring unmaps it
        }
        assertThat(SharedMapping.liveCount()).as("live mappings").isZero();
        assertThat(SharedMemory.liveCount()).as("live regions").isZero();
        assertThat(files(userDirectory(base))).as("files left in the per-user directory").isEmpty();
    }
}
