package org.iokit4j.memory;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;

/**
 * The child of {@link ShareableMemoryProcessTest}, run with the test's {@code iokit4j.shm.dir}. {@code open FILE
 * SIZE}: opens the test's region, checks the test's bytes in its first half, writes its own in the second half and
 * prints {@code ready wrote}. {@code create SIZE}: makes a shareable region, writes its own bytes everywhere and
 * prints {@code ready <file>}. Either way it then waits, releasing nothing, until its standard input closes or it is
 * killed.
 */
public final class ShareableMemoryChild {
    private ShareableMemoryChild() {
    }

    /** {@return byte {@code i} as the test writes it} */
    static byte testByte(long i) {
        return (byte) (i * 31 + 7);
    }

    /** {@return byte {@code i} as the child writes it} */
    static byte childByte(long i) {
        return (byte) (i * 17 + 3);
    }

    /** Runs the child. */
    public static void main(String[] args) throws IOException {
        if (args[0].equals("open")) {
            final long size = Long.parseLong(args[2]);
            final MemorySegment bytes = SharedMemory.open(Path.of(args[1]), size).map(false).segment();
            for (long i = 0; i < size / 2; i++) {
                if (bytes.get(ValueLayout.JAVA_BYTE, i) != testByte(i)) {
                    System.out.println("mismatch at " + i + ": " + bytes.get(ValueLayout.JAVA_BYTE, i));
                    System.out.flush();
                    return;
                }
            }
            for (long i = size / 2; i < size; i++) {
                bytes.set(ValueLayout.JAVA_BYTE, i, childByte(i));
            }
            System.out.println("ready wrote");
        } else {
            final SharedMemory memory = SharedMemory.createShareable(Long.parseLong(args[1]));
            final MemorySegment bytes = memory.map(false).segment();
            for (long i = 0; i < memory.size(); i++) {
                bytes.set(ValueLayout.JAVA_BYTE, i, childByte(i));
            }
            System.out.println("ready " + memory.link().orElseThrow());
        }
        System.out.flush();
        while (System.in.read() >= 0) {
            // waits for the test to kill it, or for the test JVM to go (stdin closes)
        }
    }
}
