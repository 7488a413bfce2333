package org.iokit4j.memory;

import static org.iokit4j.IOReturn.kIOReturnNoMemory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.iokit4j.Diagnostics;
import org.iokit4j.IOReturnException;

/**
 * The file under a {@link SharedMemory} region: made private to its user in the call that creates it, sized, and
 * unlinked.
 *
 * <p>Creation passes mode {@code 0600} to {@code open(O_CREAT | O_EXCL)} itself ({@link FileChannel#open} with a
 * {@link PosixFilePermissions#asFileAttribute permission attribute}), so the file is never readable by another user,
 * not even for the instant before a {@code chmod} (there is none). The process's umask can only narrow it. On a file
 * system without POSIX permissions (Windows) the file takes the directory's default ACL.
 *
 * <p><b>Concurrency.</b> Stateless; every method is safe from any thread.
 */
final class BackingFile {
    /** {@code rw-------}: the owner alone may read and write it. */
    static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private static final AtomicLong SEQUENCE = new AtomicLong();

    /**
     * How many names {@link #createUnique} tries past files left by an earlier process that had this PID (each try
     * is one failed {@code open}; the first call's sweep then removes them).
     */
    private static final int NAME_ATTEMPTS = 1 << 16;

    private BackingFile() {
    }

    /**
     * A file this process just made.
     *
     * @param path    where it is (still linked).
     * @param channel open for reading and writing.
     */
    record Created(Path path, FileChannel channel) {
        /** {@return the file's name, {@code iokit4j-<pid>-<n>}} */
        String name() {
            return path.getFileName().toString();
        }
    }

    /**
     * Creates the next free {@code iokit4j-<pid>-<n>} in {@code directory} as {@link #create} does.
     *
     * @throws IOReturnException {@code kIOReturnNoMemory} as {@link #create}, or when the next names all exist.
     */
    static Created createUnique(Path directory, long size) {
        for (int attempt = 0; attempt < NAME_ATTEMPTS; attempt++) {
            final Path path = directory.resolve(SharedMemory.FILE_PREFIX + SEQUENCE.incrementAndGet());
            final FileChannel channel = create(path, size);
            if (channel != null) {
                return new Created(path, channel);
            }
        }
        throw new IOReturnException(kIOReturnNoMemory, "cannot make shared memory in " + directory + ": the next "
                + NAME_ATTEMPTS + " names " + SharedMemory.FILE_PREFIX + "<n> all exist (left by an earlier process"
                + " with this PID)");
    }

    /**
     * Creates {@code path} (which must not exist) as a zero-filled, {@code 0600} file of {@code size} bytes and opens
     * it for reading and writing.
     *
     * @return the channel, or {@code null} if a file of that name exists already (left by an earlier process that
     *         had this PID): the caller picks another name; the existing file is not touched.
     * @throws IOReturnException {@code kIOReturnNoMemory} when the directory lacks the space (tmpfs would fault when
     *                           the pages are touched, so it is refused now) or the file cannot be made; nothing is
     *                           left behind.
     */
    static FileChannel create(Path path, long size) {
        final Path directory = path.getParent();
        FileChannel channel = null;
        try {
            final FileStore store = Files.getFileStore(directory);
            final long usable = store.getUsableSpace();
            if (usable < size) {
                throw new IOReturnException(kIOReturnNoMemory, "size=" + size + " exceeds the " + usable
                        + " bytes usable in " + directory + " (tmpfs would fault on touch, so it is refused now)");
            }
            final Set<OpenOption> options = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            channel = store.supportsFileAttributeView("posix")
                    ? FileChannel.open(path, options, PosixFilePermissions.asFileAttribute(OWNER_ONLY))
                    : FileChannel.open(path, options, new FileAttribute<?>[0]);
            channel.position(size - 1).write(ByteBuffer.wrap(new byte[1]));
            return channel;
        } catch (FileAlreadyExistsException taken) {
            return null;
        } catch (IOException | RuntimeException failed) {
            closeQuietly(channel);
            if (channel != null) {
                unlink(path); // only a file this call created: CREATE_NEW never opens an existing one
            }
            if (failed instanceof IOReturnException known) {
                throw known;
            }
            throw new IOReturnException(kIOReturnNoMemory, "cannot make " + size + " bytes of shared memory at "
                    + path + ": " + failed);
        }
    }

    /**
     * {@return the numeric owner of {@code path}, or {@code -1} where the file system has no {@code unix} view}
     * The link is not followed.
     */
    static int ownerUid(Path path) {
        try {
            return (Integer) Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | ClassCastException none) {
            return -1;
        }
    }

    /**
     * Removes {@code path}'s name; open channels and mappings keep the pages until they close.
     *
     * @return whether the name is gone (a file system that refuses to unlink an open file answers {@code false}).
     */
    static boolean unlink(Path path) {
        try {
            Files.deleteIfExists(path);
            return true;
        } catch (IOException failed) {
            Diagnostics.warn("cannot unlink shared memory file " + path + ": " + failed);
            return false;
        }
    }

    static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                Diagnostics.debug("closing a shared memory channel failed: " + ignored);
            }
        }
    }
}
