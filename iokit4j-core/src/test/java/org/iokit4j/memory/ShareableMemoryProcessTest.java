package org.iokit4j.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.LongFunction;
import org.iokit4j.testsupport.ChildJvm;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9 §2 across processes: a child JVM maps a region this test made and the other way round, an opener's death
 * leaves the owner's file alone, and an owner killed with {@code kill -9} leaves a linked file that the next
 * {@code createShareable} in that directory sweeps. Both JVMs use a temporary {@code iokit4j.shm.dir}; every child
 * is killed by PID in every path, and neither a child nor a file is left.
 */
@Timeout(180)
class ShareableMemoryProcessTest {
    private static final long SIZE = 64 * 1024;
    /** Above Linux's PID_MAX_LIMIT (2^22) and macOS's 99,999: no process ever has it. */
    private static final long DEAD_PID = 2_147_483_000L;
    private static final int KILLED = 128 + 9;

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
        assertThat(ShareableMemoryTest.files(base.resolve("iokit4j-" + System.getProperty("user.name"))))
                .as("files left").isEmpty();
        System.clearProperty("iokit4j.shm.dir");
    }

    private ChildJvm child(String... args) throws IOException {
        return ChildJvm.start(ShareableMemoryChild.class, List.of("-Diokit4j.shm.dir=" + base), args);
    }

    @Test
    void shouldLetAChildJvmOpenARegionTheTestMadeAndWriteIt() throws Exception { // issue 9 §2: open in another JVM
        final SharedMemory owner = SharedMemory.createShareable(SIZE);
        final Path file = owner.link().orElseThrow();
        try (SharedMapping view = owner.map(false)) {
            for (long i = 0; i < SIZE / 2; i++) {
                view.segment().set(ValueLayout.JAVA_BYTE, i, ShareableMemoryChild.testByte(i));
            }
            try (ChildJvm opener = child("open", file.toString(), Long.toString(SIZE))) {
                assertThat(opener.firstLine(120)).as("child's line; its errors: %s", opener.errors())
                        .isEqualTo("ready wrote");
                assertThat(bytes(view.segment(), SIZE / 2, SIZE)).as("the child's half")
                        .isEqualTo(expected(SIZE / 2, SIZE, ShareableMemoryChild::childByte));
                assertThat(opener.kill()).as("exit value after SIGKILL").isEqualTo(KILLED);
                assertThat(opener.exists()).as("child pid=%d after SIGKILL", opener.pid()).isFalse();
            }
            assertThat(file).as("an opener's death deletes nothing").exists();
            assertThat(bytes(view.segment(), 0, SIZE / 2)).isEqualTo(expected(0, SIZE / 2,
                    ShareableMemoryChild::testByte));
        } finally {
            owner.release();
        }
        assertThat(file).as("the owner's last release").doesNotExist();
    }

    @Test
    void shouldSweepTheLinkedFileOfAnOwnerKilledWithKill9() throws Exception { // issue 9 §2: crash safety
        final Path file;
        final long pid;
        try (ChildJvm owner = child("create", Long.toString(SIZE))) {
            pid = owner.pid();
            final String ready = owner.firstLine(120);
            assertThat(ready).as("child's line; its errors: %s", owner.errors()).startsWith("ready ");
            file = Path.of(ready.substring("ready ".length()));
            assertThat(file.getParent()).isEqualTo(SharedMemory.userDirectory());
            assertThat(file.getFileName().toString()).startsWith("iokit4j-" + pid + "-");
            final SharedMemory opened = SharedMemory.open(file, SIZE);
            try (SharedMapping view = opened.map(true)) {
                opened.release();
                final byte[] childBytes = expected(0, SIZE, ShareableMemoryChild::childByte);
                assertThat(bytes(view.segment(), 0, SIZE)).as("the child's region, here").isEqualTo(childBytes);
                assertThat(owner.kill()).as("exit value after SIGKILL").isEqualTo(KILLED);
                assertThat(owner.exists()).as("child pid=%d after SIGKILL", pid).isFalse();
                assertThat(file).as("a killed owner's linked file stays until swept").exists();
                assertThat(bytes(view.segment(), 0, SIZE)).as("an opener's view outlives the owner")
                        .isEqualTo(childBytes);
            }
            assertThat(file).as("an opener's release deletes nothing, and an opener never sweeps").exists();
        }
        // The sweep keeps the files of a running PID: should the dead child's PID already run again, the file is
        // given a PID no process ever has, so that the test does not depend on PID reuse.
        final Path stale = ProcessHandle.of(pid).isPresent()
                ? Files.move(file, file.resolveSibling("iokit4j-" + DEAD_PID + "-1")) : file;
        final SharedMemory next = SharedMemory.createShareable(4096); // this process's first in the directory
        try {
            assertThat(stale).as("swept by the next owner's first region").doesNotExist();
            assertThat(ShareableMemoryTest.files(file.getParent())).containsExactly(next.link().orElseThrow());
        } finally {
            next.release();
        }
    }

    private static byte[] bytes(MemorySegment segment, long from, long to) {
        return segment.asSlice(from, to - from).toArray(ValueLayout.JAVA_BYTE);
    }

    private static byte[] expected(long from, long to, LongFunction<Byte> pattern) {
        final byte[] bytes = new byte[(int) (to - from)];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = pattern.apply(from + i);
        }
        return bytes;
    }
}
