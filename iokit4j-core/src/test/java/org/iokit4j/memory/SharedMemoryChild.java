package org.iokit4j.memory;

import java.io.IOException;
import java.lang.foreign.ValueLayout;

/**
 * The child of {@link SharedMemoryKillTest}: makes a region, maps it twice, writes it, prints {@code ready <name>},
 * and then waits (never releasing anything) until its standard input closes or it is killed.
 */
public final class SharedMemoryChild {
    private SharedMemoryChild() {
    }

    /** Runs the child. */
    public static void main(String[] args) throws IOException {
        final SharedMemory memory = SharedMemory.create(1 << 20);
        final SharedMapping writer = memory.map(false);
        final SharedMapping reader = memory.map(true);
        writer.segment().fill((byte) 7);
        if (reader.segment().get(ValueLayout.JAVA_BYTE, (1 << 20) - 1) != 7) {
            throw new IllegalStateException("the two mappings do not share bytes");
        }
        System.out.println("ready " + memory.name());
        System.out.flush();
        while (System.in.read() >= 0) {
            // waits for the test to kill it, or for the test JVM to go (stdin closes)
        }
    }
}
