package org.iokit4j.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8: the once-per-process sweep removes only this user's {@code iokit4j-<pid>-<n>} files whose process is gone,
 * and never another user's, a live PID's, a young one, a link or anything not named so.
 */
class StaleFilesTest {
    /** Above Linux's PID_MAX_LIMIT (2^22) and macOS's 99,999: no process ever has it. */
    private static final long DEAD_PID = 2_147_483_000L;
    /** init: always running. */
    private static final long LIVE_PID = 1;
    private static final Instant LONG_AGO = Instant.now().minusSeconds(3600);

    @TempDir
    Path directory;

    @AfterEach
    void clear() {
        System.clearProperty("iokit4j.shm.dir");
    }

    private Path file(String name, Instant modified) throws IOException {
        final Path file = Files.writeString(directory.resolve(name), "left behind");
        Files.setLastModifiedTime(file, FileTime.from(modified));
        return file;
    }

    private int ownUid() throws IOException {
        return BackingFile.ownerUid(Files.createTempFile(directory, "probe", ""));
    }

    @Test
    void shouldRemoveOnlyThisUsersOldFilesOfPidsThatAreGone() throws IOException { // issue 8: the sweep's rules
        final int uid = ownUid();
        final Path stale = file("iokit4j-" + DEAD_PID + "-1", LONG_AGO);
        final Path staleToo = file("iokit4j-" + DEAD_PID + "-250", LONG_AGO);
        final Path young = file("iokit4j-" + DEAD_PID + "-2", Instant.now());
        final Path live = file("iokit4j-" + LIVE_PID + "-1", LONG_AGO);
        final Path ownPidSinceStart = file(SharedMemory.FILE_PREFIX + "999999", startOfThisProcess());
        final Path ownPidEarlier = file(SharedMemory.FILE_PREFIX + "999998", startOfThisProcess().minusSeconds(3600));
        final Path otherName = file("iokit4j-" + DEAD_PID + "-1.bak", LONG_AGO);
        final Path notANumber = file("iokit4j-x" + DEAD_PID + "-1", LONG_AGO);
        final Path folder = Files.createDirectory(directory.resolve("iokit4j-" + DEAD_PID + "-3"));
        Files.setLastModifiedTime(folder, FileTime.from(LONG_AGO));
        final Path target = file("target", LONG_AGO);
        final Path link = Files.createSymbolicLink(directory.resolve("iokit4j-" + DEAD_PID + "-4"), target);

        assertThat(StaleFiles.sweep(directory, uid)).isEqualTo(3);

        assertThat(stale).doesNotExist();
        assertThat(staleToo).doesNotExist();
        assertThat(ownPidEarlier).as("an earlier process with this PID made it").doesNotExist();
        for (Path kept : new Path[] {young, live, ownPidSinceStart, otherName, notANumber, folder, target}) {
            assertThat(kept).as("kept").exists();
        }
        assertThat(Files.isSymbolicLink(link)).as("a link is never followed or removed").isTrue();
    }

    @Test
    void shouldNeverTouchAnotherUsersFile() throws IOException { // issue 8: never another user's files
        final Path stale = file("iokit4j-" + DEAD_PID + "-1", LONG_AGO);
        final int someoneElse = ownUid() + 1;
        assertThat(StaleFiles.sweep(directory, someoneElse)).isZero();
        assertThat(StaleFiles.sweep(directory, -1)).as("no unix view: nothing").isZero();
        assertThat(stale).exists();
    }

    @Test
    void shouldSweepADirectoryOnTheProcesssFirstRegionThere() throws IOException { // issue 8: one-time sweep
        final Path stale = file("iokit4j-" + DEAD_PID + "-7", LONG_AGO);
        System.setProperty("iokit4j.shm.dir", directory.toString());
        SharedMemory.create(4096).release();
        assertThat(stale).doesNotExist();
        final Path later = file("iokit4j-" + DEAD_PID + "-8", LONG_AGO);
        SharedMemory.create(4096).release();
        assertThat(later).as("once per directory and process").exists();
        assertThat(Arrays.stream(directory.toFile().list())).containsExactly(later.getFileName().toString());
    }

    @Test
    void shouldSweepThePerUserDirectoryOnTheFirstShareableRegionOnlyAndWithoutAnAge() throws IOException {
        // issue 9 §2: a crashed owner's files go at the next owner's start, even young; an opener never sweeps
        System.setProperty("iokit4j.shm.dir", directory.toString());
        final Path users = SharedMemory.userDirectory();
        final Path young = privateFile(users.resolve("iokit4j-" + DEAD_PID + "-1"), Instant.now());
        final Path old = privateFile(users.resolve("iokit4j-" + DEAD_PID + "-2"), LONG_AGO);
        final Path live = privateFile(users.resolve("iokit4j-" + LIVE_PID + "-1"), LONG_AGO);
        final SharedMemory opened = SharedMemory.open(young, 4096);
        opened.release();
        assertThat(young).as("an opener never sweeps").exists();
        assertThat(old).exists();

        final SharedMemory first = SharedMemory.createShareable(4096);
        final Path later = privateFile(users.resolve("iokit4j-" + DEAD_PID + "-3"), LONG_AGO);
        final SharedMemory second = SharedMemory.createShareable(4096);
        try {
            assertThat(young).as("no age rule in the per-user directory").doesNotExist();
            assertThat(old).doesNotExist();
            assertThat(live).as("a running PID's").exists();
            assertThat(later).as("once per directory and process").exists();
        } finally {
            first.release();
            second.release();
            Files.delete(live);
            Files.delete(later);
        }
        assertThat(users.toFile().list()).isEmpty();
    }

    private static Path privateFile(Path file, Instant modified) throws IOException {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(BackingFile.OWNER_ONLY));
        Files.write(file, new byte[4096]);
        Files.setLastModifiedTime(file, FileTime.from(modified));
        return file;
    }

    private static Instant startOfThisProcess() {
        return ProcessHandle.current().info().startInstant().orElseThrow();
    }
}
