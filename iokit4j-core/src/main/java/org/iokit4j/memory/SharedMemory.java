package org.iokit4j.memory;

import static org.iokit4j.IOReturn.kIOReturnBadArgument;
import static org.iokit4j.IOReturn.kIOReturnNoMemory;

import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.iokit4j.IOReturnException;

/**
 * A region of memory that several tasks can map: an anonymous shared-memory file, mapped with
 * {@link FileChannel#map} into one {@link java.lang.foreign.Arena#ofShared() shared arena} per {@link SharedMapping}.
 *
 * <p>This is how memory crosses from a driver to the kernel to a client: as this core type, never as a driver or
 * client class. Embedded, every party maps the same open channel.
 *
 * <p><b>Lifetime.</b> Reference counted, because driver, kernel and client each hold it independently:
 * {@link #create} gives the creator one reference, every {@link #map} takes one for the mapping's life, and the
 * last {@link #release()} closes the channel. Each mapping has its own arena, so unmapping one party's view makes
 * exactly that view's segments inaccessible ({@link IllegalStateException} on access, never a touch of unmapped
 * memory) while the others go on. The pages are freed by the system when the channel is closed and the last mapping
 * is unmapped.
 *
 * <p><b>No file outlives its process (issue 8).</b> {@link #create} makes the backing file {@code iokit4j-<pid>-<n>}
 * in {@link #directory()}, sizes it, and unlinks it before it returns: from then on the region has no name, only
 * this process's open channel and mappings keep it, and when the process ends in any way ({@code kill -9}
 * included) the system closes them and frees the memory; nothing is left in the directory. A process killed in the
 * few system calls between creating and unlinking leaves its file behind; the next process to make shared memory in
 * that directory removes it (see {@code StaleFiles}: once per directory and process, only this user's files of PIDs
 * that no longer run). If the file system refuses to unlink an open file the region stays linked, with a warning,
 * and its last {@link #release()} deletes it (the behaviour before issue 8).
 *
 * <p><b>No other user can read it.</b> The file is created with mode {@code 0600} in the {@code open} call itself,
 * never widened or {@code chmod}ed afterwards, so it is private for its whole life, the instant before the unlink
 * included.
 *
 * <p><b>Sharing with another process: the seam for daemon mode (issue 9).</b> An anonymous region is reachable from
 * this process only. A second factory will make a named region: created the same way ({@code 0600}) in a per-user
 * directory, but left linked so that another process can open {@link #link()} and map it, its name removed by its
 * owner (the daemon) once every party has mapped it or when the last user goes, crash included. It needs only that
 * factory and the constructor's {@code link}: references, mappings and {@link #release()} (which already deletes a
 * region that is still linked) stay as they are.
 *
 * <p><b>Concurrency.</b> Thread-safe. The bytes are shared: writers and readers order themselves (a call's return
 * or a completion).
 */
public final class SharedMemory {
    /** The prefix of every backing file's name: {@code iokit4j-<pid>-<sequence>}. */
    public static final String FILE_PREFIX = "iokit4j-" + ProcessHandle.current().pid() + "-";
    /** The largest region this emulation makes: 4 GiB (a {@code uint32_t} length, as the kernel's descriptors). */
    public static final long MAX_SIZE = 1L << 32;

    private static final AtomicLong SEQUENCE = new AtomicLong();
    private static final AtomicInteger LIVE = new AtomicInteger();

    /**
     * How many names {@link #create} tries past files left by an earlier process that had this PID (each try is one
     * failed {@code open}; the first call's sweep then removes them).
     */
    private static final int NAME_ATTEMPTS = 1 << 16;

    private final String name;
    private final Path link;
    private final FileChannel channel;
    private final long size;
    private final AtomicInteger references = new AtomicInteger(1);

    /**
     * @param name the backing file's name, for explanations (and {@code /proc/<pid>/maps}, which shows it deleted).
     * @param link the backing file while it is still linked, or {@code null} for anonymous memory.
     */
    private SharedMemory(String name, Path link, FileChannel channel, long size) {
        this.name = name;
        this.link = link;
        this.channel = channel;
        this.size = size;
    }

    /**
     * Creates a zero-filled, anonymous region of {@code size} bytes, held by the caller: its backing file is made
     * {@code 0600} and unlinked before this returns (see the class comment), and the first call of the process in a
     * directory sweeps that directory's stale files.
     *
     * @throws IOReturnException {@code kIOReturnBadArgument} for a size outside 1..{@link #MAX_SIZE};
     *                           {@code kIOReturnNoMemory} when the backing directory lacks the space or the file
     *                           cannot be made (nothing is left behind).
     */
    public static SharedMemory create(long size) {
        if (size <= 0 || size > MAX_SIZE) {
            throw new IOReturnException(kIOReturnBadArgument, "size=" + size + " must lie in 1.." + MAX_SIZE);
        }
        final Path directory = directory();
        for (int attempt = 0; attempt < NAME_ATTEMPTS; attempt++) {
            final Path path = directory.resolve(FILE_PREFIX + SEQUENCE.incrementAndGet());
            final FileChannel channel = BackingFile.create(path, size);
            if (channel != null) {
                final int owner = StaleFiles.claim(directory) ? BackingFile.ownerUid(path) : -1;
                final boolean unlinked = BackingFile.unlink(path);
                if (owner >= 0) {
                    StaleFiles.sweep(directory, owner);
                }
                LIVE.incrementAndGet();
                return new SharedMemory(path.getFileName().toString(), unlinked ? null : path, channel, size);
            }
        }
        throw new IOReturnException(kIOReturnNoMemory, "cannot make shared memory in " + directory + ": the next "
                + NAME_ATTEMPTS + " names " + FILE_PREFIX + "<n> all exist (left by an earlier process with this"
                + " PID)");
    }

    /**
     * {@return where backing files live}: system property {@code iokit4j.shm.dir} if set, else {@code /dev/shm}
     * if it is a writable directory (Linux: tmpfs, so the pages are memory), else {@code java.io.tmpdir} (macOS and
     * other systems without {@code /dev/shm}: a per-user directory on macOS). The rules of the class comment hold in
     * each; on a disk-backed directory the system may also write the unlinked file's pages to disk under memory
     * pressure, and they are freed in the same way.
     */
    public static Path directory() {
        final String configured = System.getProperty("iokit4j.shm.dir");
        if (configured != null) {
            return Path.of(configured);
        }
        final Path shm = Path.of("/dev/shm");
        return Files.isDirectory(shm) && Files.isWritable(shm) ? shm : Path.of(System.getProperty("java.io.tmpdir"));
    }

    /** {@return how many regions are live in this process (made and not yet fully released)} */
    public static int liveCount() {
        return LIVE.get();
    }

    /** {@return the region's size in bytes} */
    public long size() {
        return size;
    }

    /** {@return the backing file's name, {@code iokit4j-<pid>-<n>} (gone from the directory once created)} */
    public String name() {
        return name;
    }

    /**
     * {@return the backing file while it is still linked, which another process of this user could open and map}
     * Empty for anonymous memory, which is all {@link #create} makes (unless the file system refused the unlink);
     * the named variant of daemon mode will answer its path here.
     */
    public Optional<Path> link() {
        return Optional.ofNullable(link);
    }

    /** {@return whether the last reference went away} */
    public boolean isReleased() {
        return references.get() <= 0;
    }

    /**
     * Takes one more reference.
     *
     * @throws IllegalStateException if the region was already released.
     */
    public SharedMemory retain() {
        if (references.getAndUpdate(count -> count > 0 ? count + 1 : count) <= 0) {
            throw new IllegalStateException("retain() of released shared memory " + name);
        }
        return this;
    }

    /**
     * Gives back one reference; the last one closes the channel (and deletes the file if it is still linked).
     *
     * @throws IllegalStateException if released more often than retained.
     */
    public void release() {
        final int after = references.updateAndGet(count -> count > 0 ? count - 1 : -1);
        if (after < 0) {
            throw new IllegalStateException("release() of shared memory " + name + " more often"
                    + " than retain()");
        }
        if (after == 0) {
            BackingFile.closeQuietly(channel);
            if (link != null) {
                BackingFile.unlink(link);
            }
            LIVE.decrementAndGet();
        }
    }

    /**
     * Maps the whole region, read-only or writable, in a new shared arena; the mapping holds a reference until it
     * is closed.
     *
     * @throws IllegalStateException if the region was released.
     * @throws IOReturnException     {@code kIOReturnVMError} if the mapping fails.
     */
    public SharedMapping map(boolean readOnly) {
        retain();
        try {
            return SharedMapping.of(this, channel, readOnly);
        } catch (UncheckedIOException | IOReturnException failed) {
            release();
            throw failed;
        }
    }

    @Override
    public String toString() {
        return "SharedMemory[" + name + (link == null ? "" : ", linked") + ", " + size + " bytes, "
                + Math.max(0, references.get()) + " references]";
    }
}
