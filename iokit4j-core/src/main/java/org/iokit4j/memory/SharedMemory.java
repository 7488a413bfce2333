package org.iokit4j.memory;

import static org.iokit4j.IOReturn.kIOReturnBadArgument;
import static org.iokit4j.IOReturn.kIOReturnNoMemory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.iokit4j.Diagnostics;
import org.iokit4j.IOReturnException;

/**
 * A region of memory that several tasks can map: a file in {@code /dev/shm} (or the temporary directory where
 * there is no {@code /dev/shm}), kept open and mapped with {@link FileChannel#map} into one
 * {@link java.lang.foreign.Arena#ofShared() shared arena} per {@link SharedMapping}.
 *
 * <p>This is how memory crosses from a driver to the kernel to a client: as this core type, never as a driver or
 * client class. Embedded, every party maps the same open file; a daemon transport hands over {@link #path()} and
 * the other process maps the same file, so nothing changes shape when the parties live in different processes.
 *
 * <p><b>Lifetime.</b> Reference counted, because driver, kernel and client each hold it independently:
 * {@link #create} gives the creator one reference, every {@link #map} takes one for the mapping's life, and the
 * last {@link #release()} closes the channel and deletes the file. Each mapping has its own arena, so unmapping one
 * party's view makes exactly that view's segments inaccessible ({@link IllegalStateException} on access, never a
 * touch of unmapped memory) while the others go on.
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

    private final Path path;
    private final FileChannel channel;
    private final long size;
    private final AtomicInteger references = new AtomicInteger(1);

    private SharedMemory(Path path, FileChannel channel, long size) {
        this.path = path;
        this.channel = channel;
        this.size = size;
    }

    /**
     * Creates a zero-filled region of {@code size} bytes, held by the caller.
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
        final Path path = directory.resolve(FILE_PREFIX + SEQUENCE.incrementAndGet());
        FileChannel channel = null;
        try {
            final long usable = Files.getFileStore(directory).getUsableSpace();
            if (usable < size) {
                throw new IOReturnException(kIOReturnNoMemory, "size=" + size + " exceeds the " + usable
                        + " bytes usable in " + directory + " (tmpfs would fault on touch, so it is refused now)");
            }
            channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            channel.truncate(0);
            channel.position(size - 1).write(java.nio.ByteBuffer.wrap(new byte[1]));
        } catch (IOException | RuntimeException failed) {
            closeQuietly(channel);
            deleteQuietly(path);
            if (failed instanceof IOReturnException known) {
                throw known;
            }
            throw new IOReturnException(kIOReturnNoMemory, "cannot make " + size + " bytes of shared memory at "
                    + path + ": " + failed);
        }
        LIVE.incrementAndGet();
        return new SharedMemory(path, channel, size);
    }

    /**
     * {@return where backing files live}: system property {@code iokit4j.shm.dir} if set, else {@code /dev/shm}
     * if it is a writable directory, else {@code java.io.tmpdir}.
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

    /** {@return the backing file, which another process may map while this region is live} */
    public Path path() {
        return path;
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
            throw new IllegalStateException("retain() of released shared memory " + path.getFileName());
        }
        return this;
    }

    /**
     * Gives back one reference; the last one closes the file and deletes it.
     *
     * @throws IllegalStateException if released more often than retained.
     */
    public void release() {
        final int after = references.updateAndGet(count -> count > 0 ? count - 1 : -1);
        if (after < 0) {
            throw new IllegalStateException("release() of shared memory " + path.getFileName() + " more often"
                    + " than retain()");
        }
        if (after == 0) {
            closeQuietly(channel);
            deleteQuietly(path);
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

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                Diagnostics.debug("closing a shared memory channel failed: " + ignored);
            }
        }
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException failed) {
            Diagnostics.warn("cannot delete shared memory file " + path + ": " + failed);
        }
    }

    @Override
    public String toString() {
        return "SharedMemory[" + path.getFileName() + ", " + size + " bytes, " + Math.max(0, references.get())
                + " references]";
    }
}
