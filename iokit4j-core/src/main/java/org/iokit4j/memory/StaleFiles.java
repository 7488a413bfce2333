package org.iokit4j.memory;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.iokit4j.Diagnostics;

/**
 * The sweep that removes backing files left behind by processes that are gone: files versions before issue 8 kept
 * linked for the region's whole life (so a JVM that exited with a live {@code IOBufferMemoryDescriptor} left its
 * {@code iokit4j-<pid>-<n>} file forever), the one left when a process is killed in the few system calls between
 * creating a file and unlinking it, and the shareable regions of an owner that died before it released or unlinked
 * them (issue 9).
 *
 * <p>It runs once per directory and process, when the process first makes shared memory there: its first anonymous
 * region sweeps {@link SharedMemory#directory()}, its first shareable region {@link SharedMemory#userDirectory()}.
 * Opening another process's region ({@link SharedMemory#open}) never sweeps. A file is removed only if <em>all</em>
 * of these hold, and left alone otherwise:
 * <ol>
 *   <li>its name is exactly {@code iokit4j-<pid>-<n>} (decimal numbers) and it is a regular file (a symbolic link is
 *       never followed or removed);</li>
 *   <li>it belongs to this user (its numeric owner is this process's, as the file system shows it);</li>
 *   <li>no process with that PID is running ({@link ProcessHandle#of}): a running PID keeps its files, even when
 *       the PID was reused by an unrelated process (the file then waits for a later sweep). The one exception is
 *       this process's own PID: its files last modified before this process started (with a margin of a few
 *       seconds, as the reported start is coarse) are an earlier process's, and go;</li>
 *   <li>in the shared base directory only: it was last modified more than {@link #MIN_AGE} ago, so that a process
 *       of a PID namespace that shares the directory but whose PIDs this one cannot see is never caught between
 *       creating its anonymous file and unlinking it.</li>
 * </ol>
 * The per-user directory is swept without rule 4: its files stay linked for as long as their owner wants, so an age
 * could not protect an owner whose PID this process cannot see, and it would keep a crashed owner's files from the
 * owner restarted at once (a daemon restarted within seconds). Processes that share one per-user directory must
 * therefore see each other's PIDs (one PID namespace); give processes in other namespaces their own
 * {@code iokit4j.shm.dir}.
 *
 * <p>Another user's file is never touched (rule 2; in the sticky {@code /dev/shm} the kernel would refuse anyway
 * unless this process runs as root). Removing a name never takes memory from a process that still maps it: its open
 * channel and mappings keep the pages. Each removal is logged at {@code DEBUG}; a file that cannot be removed is
 * logged as a warning and left.
 *
 * <p><b>Concurrency.</b> Thread-safe: the once-per-directory claim is atomic; two processes sweeping one directory at
 * once only race to remove the same dead files, which is harmless.
 */
final class StaleFiles {
    /** How old a file in the shared base directory must be before a sweep may remove it (rule 4). */
    static final Duration MIN_AGE = Duration.ofSeconds(30);
    /** How much earlier than this process's reported start its own PID's files must be (the start is coarse). */
    private static final Duration START_MARGIN = Duration.ofSeconds(5);

    /** The name of every backing file, {@code iokit4j-<pid>-<n>}; group 1 is the PID. */
    static final Pattern NAME = Pattern.compile("iokit4j-(\\d{1,18})-\\d{1,19}");
    private static final Set<Path> SWEPT = ConcurrentHashMap.newKeySet();

    private StaleFiles() {
    }

    /** {@return {@code true} once per process for {@code directory}: the caller then sweeps it} */
    static boolean claim(Path directory) {
        return SWEPT.add(directory.toAbsolutePath().normalize());
    }

    /**
     * Removes the stale backing files of the shared base {@code directory} that belong to {@code uid} (rules 1 to 4
     * in the class comment).
     *
     * @param uid the numeric owner whose files may go; a negative value (no {@code unix} view) removes nothing.
     * @return how many files were removed.
     */
    static int sweep(Path directory, int uid) {
        return sweep(directory, uid, MIN_AGE);
    }

    /**
     * Removes the stale backing files of {@code directory} that belong to {@code uid}: rules 1 to 3 in the class
     * comment, and rule 4 with {@code minAge} ({@link Duration#ZERO} for the per-user directory).
     *
     * @param uid the numeric owner whose files may go; a negative value (no {@code unix} view) removes nothing.
     * @return how many files were removed.
     */
    static int sweep(Path directory, int uid, Duration minAge) {
        if (uid < 0) {
            return 0;
        }
        int removed = 0;
        final Instant cutoff = Instant.now().minus(minAge);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "iokit4j-*")) {
            for (Path file : files) {
                if (isStale(file, uid, cutoff) && remove(file)) {
                    removed++;
                }
            }
        } catch (IOException | RuntimeException failed) {
            Diagnostics.warn("sweeping stale shared memory files in " + directory + " stopped: " + failed);
        }
        return removed;
    }

    private static boolean isStale(Path file, int uid, Instant cutoff) {
        final Matcher name = NAME.matcher(file.getFileName().toString());
        if (!name.matches()) {
            return false;
        }
        final Instant before = removableBefore(Long.parseLong(name.group(1)), cutoff);
        if (before == null) {
            return false;
        }
        final Map<String, Object> attributes;
        try {
            attributes = Files.readAttributes(file, "unix:uid,isRegularFile,lastModifiedTime",
                    LinkOption.NOFOLLOW_LINKS);
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException gone) {
            return false;
        }
        return Boolean.TRUE.equals(attributes.get("isRegularFile"))
                && Integer.valueOf(uid).equals(attributes.get("uid"))
                && attributes.get("lastModifiedTime") instanceof FileTime modified
                && modified.toInstant().isBefore(before);
    }

    /** {@return the instant before which a file of {@code pid} must have been modified to go, or {@code null}} */
    private static Instant removableBefore(long pid, Instant cutoff) {
        final ProcessHandle self = ProcessHandle.current();
        if (pid == self.pid()) {
            return self.info().startInstant().map(start -> start.minus(START_MARGIN))
                    .map(start -> start.isBefore(cutoff) ? start : cutoff).orElse(null);
        }
        return ProcessHandle.of(pid).isPresent() ? null : cutoff;
    }

    private static boolean remove(Path file) {
        try {
            final boolean removed = Files.deleteIfExists(file);
            if (removed) {
                Diagnostics.debug("removed stale shared memory file " + file + " (its process is gone)");
            }
            return removed;
        } catch (IOException failed) {
            Diagnostics.warn("cannot remove stale shared memory file " + file + ": " + failed);
            return false;
        }
    }
}
