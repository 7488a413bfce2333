package org.iokit4j.memory;

import static org.iokit4j.IOReturn.kIOReturnBadArgument;
import static org.iokit4j.IOReturn.kIOReturnNoMemory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.iokit4j.IOReturnException;

/**
 * A region of memory that several tasks can map: a shared-memory file, mapped with {@link FileChannel#map} into one
 * {@link java.lang.foreign.Arena#ofShared() shared arena} per {@link SharedMapping}. Anonymous ({@link #create}),
 * reachable from this process only; or shareable ({@link #createShareable}), named in a private per-user directory
 * so that another process of the same user can {@link #open} and map it.
 *
 * <p>This is how memory crosses from a driver to the kernel to a client: as this core type, never as a driver or
 * client class. Embedded, every party maps the same open channel; across processes, each maps the same file.
 *
 * <p><b>Lifetime.</b> Reference counted, because driver, kernel and client each hold it independently:
 * {@link #create}, {@link #createShareable} and {@link #open} give the caller one reference, every {@link #map}
 * takes one for the mapping's life, and the last {@link #release()} closes this process's channel. Each mapping has
 * its own arena, so unmapping one party's view makes exactly that view's segments inaccessible
 * ({@link IllegalStateException} on access, never a touch of unmapped memory) while the others go on. The pages are
 * freed by the system when the file has no name, no open channel and no mapping left, in any process.
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
 * included. A shareable region's file lies moreover in a directory only its user can enter ({@code 0700}).
 *
 * <p><b>Sharing with another process (issue 9 §2).</b> {@link #createShareable} makes the file the same way
 * ({@code 0600}, sized, mapped by {@link #map}) in {@link #userDirectory()} and leaves it linked: {@link #link()}
 * answers its path, which another process of this user passes to {@link #open} to map the same pages. Who deletes
 * what:
 * <ul>
 *   <li>The creator is the region's <em>owner</em> (the daemon). Its {@link #unlink()} removes the name at once,
 *       while every mapping and open channel, in any process, keeps working: it calls it once every party that
 *       needs the region has opened it. Its last {@link #release()} removes the name if it is still there.</li>
 *   <li>An <em>opener</em> never deletes the file: its last {@link #release()} closes its own channel only, and
 *       {@link #unlink()} is refused.</li>
 *   <li>The owner killed ({@code kill -9}): its files still linked stay in the per-user directory (and their pages
 *       stay allocated) until the next process that makes a shareable region there starts: its first
 *       {@link #createShareable} sweeps the files of PIDs that no longer run (see {@code StaleFiles}). Files it had
 *       unlinked leave nothing; openers that mapped a region keep their view until they release it.</li>
 *   <li>An opener killed: nothing remains of it; its channel and mappings go with its process, and the owner's file
 *       is not affected.</li>
 * </ul>
 *
 * <p><b>Concurrency.</b> Thread-safe. The bytes are shared: writers and readers order themselves (a call's return
 * or a completion).
 */
public final class SharedMemory {
    /** The prefix of every backing file's name: {@code iokit4j-<pid>-<sequence>}. */
    public static final String FILE_PREFIX = "iokit4j-" + ProcessHandle.current().pid() + "-";
    /**
     * The system property that makes every region shareable ({@link #create} acts as {@link #createShareable}): what
     * the kernel daemon sets before its drivers run, so that memory they make can be mapped by apps in other
     * processes ({@code IOConnectMapMemory64}).
     */
    public static final String SHAREABLE_PROPERTY = "iokit4j.shm.shareable";
    /** The largest region this emulation makes: 4 GiB (a {@code uint32_t} length, as the kernel's descriptors). */
    public static final long MAX_SIZE = 1L << 32;

    private static final AtomicInteger LIVE = new AtomicInteger();

    private final String name;
    /** The backing file while the owner keeps its name; always {@code null} in an opener. */
    private final AtomicReference<Path> link;
    /** The file this process opened the region from, or {@code null} for the region's owner. */
    private final Path openedFrom;
    private final FileChannel channel;
    private final long size;
    private final AtomicInteger references = new AtomicInteger(1);

    /**
     * @param name   the backing file's name, for explanations (and {@code /proc/<pid>/maps}, which shows it deleted).
     * @param link   the backing file while it is still linked, or {@code null} for anonymous memory and openers.
     * @param openedFrom the file, if this process opened a region another process owns; else {@code null}.
     */
    private SharedMemory(String name, Path link, Path openedFrom, FileChannel channel, long size) {
        this.name = name;
        this.link = new AtomicReference<>(link);
        this.openedFrom = openedFrom;
        this.channel = channel;
        this.size = size;
        LIVE.incrementAndGet();
    }

    /**
     * Creates a zero-filled, anonymous region of {@code size} bytes, held by the caller: its backing file is made
     * {@code 0600} and unlinked before this returns (see the class comment), and the first call of the process in a
     * directory sweeps that directory's stale files. In a process that set {@link #SHAREABLE_PROPERTY} (the kernel
     * daemon) it is {@link #createShareable} instead.
     *
     * @param size the length in bytes.
     * @return the new memory, one reference held.
     * @throws IOReturnException {@code kIOReturnBadArgument} for a size outside 1..{@link #MAX_SIZE};
     *                           {@code kIOReturnNoMemory} when the backing directory lacks the space or the file
     *                           cannot be made (nothing is left behind).
     */
    public static SharedMemory create(long size) {
        if (Boolean.getBoolean(SHAREABLE_PROPERTY)) {
            return createShareable(size);
        }
        checkSize(size);
        final Path directory = directory();
        final BackingFile.Created file = BackingFile.createUnique(directory, size);
        final int owner = StaleFiles.claim(directory) ? BackingFile.ownerUid(file.path()) : -1;
        final boolean unlinked = BackingFile.unlink(file.path());
        if (owner >= 0) {
            StaleFiles.sweep(directory, owner);
        }
        return new SharedMemory(file.name(), unlinked ? null : file.path(), null, file.channel(), size);
    }

    /**
     * Creates a zero-filled region of {@code size} bytes that another process of this user can {@link #open}: its
     * file {@code iokit4j-<pid>-<n>} is made {@code 0600} in the {@code open} call itself, in
     * {@link #userDirectory()}, and stays linked ({@link #link()}). The caller is its owner: its {@link #unlink()}
     * or last {@link #release()} removes the name (class comment). The first call of the process in that directory
     * sweeps the files that owners which no longer run left there.
     *
     * @param size the length in bytes.
     * @return the new memory, one reference held.
     * @throws IOReturnException {@code kIOReturnBadArgument} for a size outside 1..{@link #MAX_SIZE}, or a
     *                           {@code user.name} that cannot name a directory; {@code kIOReturnNotPrivileged} when
     *                           the per-user directory is not private to this user (see {@link #userDirectory()});
     *                           {@code kIOReturnNoMemory} when the directory lacks the space or the file cannot be
     *                           made (nothing is left behind).
     */
    public static SharedMemory createShareable(long size) {
        checkSize(size);
        for (int attempt = 1; ; attempt++) {
            final Path directory = userDirectory();
            if (StaleFiles.claim(directory)) {
                StaleFiles.sweep(directory, SharedFiles.ownUid(directory.getParent()), Duration.ZERO);
            }
            try {
                final BackingFile.Created file = BackingFile.createUnique(directory, size);
                return new SharedMemory(file.name(), file.path(), null, file.channel(), size);
            } catch (IOReturnException refused) {
                // another process removed the directory, emptied, between our check and our create: make it again
                if (attempt >= 3 || Files.isDirectory(directory)) {
                    throw refused;
                }
            }
        }
    }

    /**
     * Opens a region of {@code size} bytes that another process made with {@link #createShareable}
     * (its {@link #link()}); the caller holds one reference and maps it with {@link #map}. This process is an
     * opener: it never deletes the file (its last {@link #release()} closes its channel only) and never sweeps.
     *
     * @param file the shared-memory file another process made.
     * @param size the length in bytes.
     * @return the memory, one reference held.
     * @throws IOReturnException {@code kIOReturnBadArgument} for a size outside 1..{@link #MAX_SIZE}, a {@code file}
     *                           that is not a region name {@code iokit4j-<pid>-<n>} directly in
     *                           {@link #userDirectory()}, a file that does not exist (never made, or its owner
     *                           unlinked or released it) or is not a regular file (a symbolic link is never followed),
     *                           or a {@code size} that differs from the file's; {@code kIOReturnNotPrivileged} for a
     *                           file not owned by this user or with a group or other permission bit, or a per-user
     *                           directory that is not private; {@code kIOReturnNoMemory} if the open file cannot be
     *                           read (nothing is left open).
     */
    public static SharedMemory open(Path file, long size) {
        checkSize(size);
        final Path path = SharedFiles.openable(file, size);
        FileChannel channel = null;
        try {
            channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE,
                    LinkOption.NOFOLLOW_LINKS);
            if (channel.size() != size) { // changed since the check: only by this user's own processes
                throw new IOReturnException(kIOReturnBadArgument, "size=" + size + " differs from the size="
                        + channel.size() + " of file=" + path);
            }
            return new SharedMemory(path.getFileName().toString(), null, path, channel, size);
        } catch (NoSuchFileException gone) {
            throw new IOReturnException(kIOReturnBadArgument, "file=" + path + " does not exist (never made, or"
                    + " its owner released or unlinked it)");
        } catch (IOException | RuntimeException failed) {
            BackingFile.closeQuietly(channel);
            if (failed instanceof IOReturnException known) {
                throw known;
            }
            throw new IOReturnException(kIOReturnNoMemory, "cannot open shared memory file=" + path + ": " + failed);
        }
    }

    private static void checkSize(long size) {
        if (size <= 0 || size > MAX_SIZE) {
            throw new IOReturnException(kIOReturnBadArgument, "size=" + size + " must lie in 1.." + MAX_SIZE);
        }
    }

    /**
     * {@return where anonymous backing files live, and the base of {@link #userDirectory()}}: system property
     * {@code iokit4j.shm.dir} if set, else {@code /dev/shm} if it is a writable directory (Linux: tmpfs, so the
     * pages are memory), else {@code java.io.tmpdir} (macOS and other systems without {@code /dev/shm}: a per-user
     * directory on macOS). The rules of the class comment hold in each; on a disk-backed directory the system may
     * also write the unlinked file's pages to disk under memory pressure, and they are freed in the same way.
     *
     * <p>One place, one idea: this directory may be shared by every user (the sticky {@code /dev/shm}), which is
     * fine for files that have no name a moment after they are made, so anonymous regions keep living here (and
     * embedded mode works even where the per-user directory is refused). Named, shareable regions need a directory
     * no other user can enter, which is {@link #userDirectory()} inside this one: the one property moves both.
     */
    public static Path directory() {
        final String configured = System.getProperty("iokit4j.shm.dir");
        if (configured != null) {
            return Path.of(configured);
        }
        final Path shm = Path.of("/dev/shm");
        return Files.isDirectory(shm) && Files.isWritable(shm) ? shm : Path.of(System.getProperty("java.io.tmpdir"));
    }

    /**
     * {@return the private per-user directory where shareable regions live}: {@code iokit4j-<user.name>} in
     * {@link #directory()}, so {@code /dev/shm/iokit4j-<user.name>} where {@code /dev/shm} exists and is writable
     * (tmpfs: the pages never touch a disk), else {@code <java.io.tmpdir>/iokit4j-<user.name>}, and
     * {@code <iokit4j.shm.dir>/iokit4j-<user.name>} when that property is set. Made {@code 0700} (in the
     * {@code mkdir} call itself) if absent; if present it must be a directory, not a symbolic link, owned by this
     * process's user (the numeric owner the file system gives this process's files; {@code user.name} only names
     * it), with no group or other permission bit. It is refused, never repaired, otherwise.
     *
     * @throws IOReturnException {@code kIOReturnNotPrivileged} naming the path, its owner and its mode when it is not
     *                           private to this user, when it cannot be made for lack of permission, or when its file
     *                           system shows no owner and mode (Windows); {@code kIOReturnBadArgument} if
     *                           {@code user.name} is not one file name; {@code kIOReturnNoMemory} if it cannot be made
     *                           otherwise.
     */
    public static Path userDirectory() {
        return SharedFiles.userDirectory();
    }

    /** {@return how many regions are live in this process (made and not yet fully released)} */
    public static int liveCount() {
        return LIVE.get();
    }

    /** {@return the region's size in bytes} */
    public long size() {
        return size;
    }

    /**
     * {@return the backing file's name, {@code iokit4j-<pid>-<n>}} An anonymous region's is gone from the directory
     * once created; {@code <pid>} is the owner's, also in a region this process opened.
     */
    public String name() {
        return name;
    }

    /**
     * {@return the backing file while its owner keeps it linked, which another process of this user can
     * {@link #open}} The path of a {@link #createShareable} region until {@link #unlink()} or the last
     * {@link #release()}; empty for anonymous memory (unless the file system refused the unlink) and in an opener (the
     * name is its owner's to keep or remove).
     */
    public Optional<Path> link() {
        return Optional.ofNullable(link.get());
    }

    /**
     * Removes the files that dead processes of this user left in the per-user directory, by the rules of a start-up
     * sweep (a file goes only if no process with its PID runs); removes the directory too if that empties it. How a
     * kernel cleans up after a driver server it saw die ({@code kill -9} leaves its shareable regions linked).
     *
     * @return how many files were removed.
     */
    public static int sweepDeadOwners() {
        final Path base = directory();
        final Path user = base.resolve("iokit4j-" + SharedFiles.userName());
        if (!java.nio.file.Files.isDirectory(user, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return 0;
        }
        final int removed = StaleFiles.sweep(user, SharedFiles.ownUid(base), java.time.Duration.ZERO);
        SharedFiles.removeIfEmpty(user);
        return removed;
    }

    /**
     * {@return the file another process of this user can {@link #open} to reach this region}: {@link #link()} for its
     * owner; for an opener, the file it was opened from, which works as long as the owner keeps it (how the kernel
     * daemon hands an app the memory a driver server made). Empty for anonymous memory.
     */
    public Optional<Path> file() {
        return openedFrom != null ? Optional.of(openedFrom) : link();
    }

    /** {@return whether this process opened the region from another process's file ({@link #open}): an opener} */
    public boolean isOpened() {
        return openedFrom != null;
    }

    /**
     * Removes the region's name now, for its owner: from then on no other process can {@link #open} it, while every
     * existing mapping and open channel, in any process, keeps working until released. The owner (the daemon) calls
     * it once every party that needs the region has opened it. Idempotent; nothing to do for anonymous memory or
     * after the last {@link #release()}. If the file system refuses (a warning is logged) the name stays and
     * {@link #link()} still answers it; the last {@link #release()} tries again.
     *
     * @throws IllegalStateException in an opener ({@link #isOpened()}): only the owner removes the name.
     */
    public void unlink() {
        if (openedFrom != null) {
            throw new IllegalStateException("unlink() of shared memory " + name + " opened from another process:"
                    + " only its owner removes its name");
        }
        final Path path = link.get();
        if (path != null && BackingFile.unlink(path)) {
            link.compareAndSet(path, null);
            SharedFiles.removeIfEmpty(path.getParent());
        }
    }

    /** {@return whether the last reference went away} */
    public boolean isReleased() {
        return references.get() <= 0;
    }

    /**
     * Takes one more reference.
     *
     * @return this memory.
     * @throws IllegalStateException if the region was already released.
     */
    public SharedMemory retain() {
        if (references.getAndUpdate(count -> count > 0 ? count + 1 : count) <= 0) {
            throw new IllegalStateException("retain() of released shared memory " + name);
        }
        return this;
    }

    /**
     * Gives back one reference; the last one closes this process's channel, and in the owner deletes the file if it
     * is still linked. An opener's never deletes the file.
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
            final Path path = link.getAndSet(null); // always null in an opener
            if (path != null && BackingFile.unlink(path)) {
                SharedFiles.removeIfEmpty(path.getParent()); // the per-user directory goes with its last file
            }
            LIVE.decrementAndGet();
        }
    }

    /**
     * Maps the whole region, read-only or writable, in a new shared arena; the mapping holds a reference until it
     * is closed.
     *
     * @param readOnly whether to map it read-only.
     * @return the mapping.
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
        final String kind = openedFrom != null ? ", opened" : link.get() == null ? "" : ", linked";
        return "SharedMemory[" + name + kind + ", " + size + " bytes, " + Math.max(0, references.get())
                + " references]";
    }
}
