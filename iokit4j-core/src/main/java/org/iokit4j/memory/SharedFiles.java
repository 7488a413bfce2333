package org.iokit4j.memory;

import static org.iokit4j.IOReturn.kIOReturnBadArgument;
import static org.iokit4j.IOReturn.kIOReturnNoMemory;
import static org.iokit4j.IOReturn.kIOReturnNotPrivileged;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.iokit4j.IOReturnException;

/**
 * The private per-user directory where shareable regions live, {@code <base>/iokit4j-<user.name>} under
 * {@link SharedMemory#directory()}, and the checks that keep every other user out of it and its files.
 *
 * <p><b>The directory.</b> Made {@code 0700} in the {@code mkdir} call itself when absent. When present (made by an
 * earlier process, or by someone else first) it is used only if it is a real directory (a symbolic link is never
 * followed), owned by this user, with no group or other permission bit; anything else is refused with
 * {@code kIOReturnNotPrivileged}, never repaired: a directory another user made or can write could hold files that
 * user swaps. Because nobody but this user can add, rename or remove its entries, a file's checks made in it stay
 * true until this user's own processes change them.
 *
 * <p><b>Who "this user" is.</b> The numeric owner the file system gives a file this process makes: a probe file
 * made {@code 0600} in the base directory and unlinked at once, once per base directory and process (it has the
 * region name {@code iokit4j-<pid>-<n>}, so the base directory's sweep removes it if the process dies in between).
 * {@code user.name} only names the directory; it decides no check.
 *
 * <p>File systems without a {@code unix} attribute view (Windows) cannot show an owner and mode, so shareable
 * regions are refused there ({@code kIOReturnNotPrivileged}); anonymous regions work everywhere.
 *
 * <p><b>Concurrency.</b> Thread-safe. Two processes making the directory at once both succeed (one makes it, the
 * other checks it); the probe's result is cached per base directory.
 */
final class SharedFiles {
    /** {@code rwx------}: the per-user directory's mode. */
    static final Set<PosixFilePermission> OWNER_ONLY_DIRECTORY = PosixFilePermissions.fromString("rwx------");

    private static final int GROUP_AND_OTHER_BITS = 0077;
    private static final int PERMISSION_BITS = 07777;
    private static final String ATTRIBUTES = "unix:uid,mode,owner,isRegularFile,isDirectory,size";
    private static final Map<Path, Integer> UIDS = new ConcurrentHashMap<>();

    private SharedFiles() {
    }

    /**
     * {@return the per-user directory, made {@code 0700} if absent and checked (class comment)}
     *
     * @throws IOReturnException {@code kIOReturnNotPrivileged} if it is not a directory, not this user's, has a group
     *                           or other permission bit, cannot be made for lack of permission, or the file system
     *                           shows no owner and mode; {@code kIOReturnBadArgument} if {@code user.name} is not a
     *                           single file name; {@code kIOReturnNoMemory} if it cannot be made otherwise.
     */
    static Path userDirectory() {
        final Path base = SharedMemory.directory();
        final Path directory = base.resolve("iokit4j-" + userName());
        final int uid = ownUid(base);
        try {
            Files.createDirectory(directory, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIRECTORY));
        } catch (FileAlreadyExistsException exists) {
            // made earlier or by someone else: checked below like any other
        } catch (AccessDeniedException denied) {
            throw new IOReturnException(kIOReturnNotPrivileged, "cannot make the per-user shared memory directory "
                    + directory + ": " + denied);
        } catch (IOException | UnsupportedOperationException failed) {
            throw new IOReturnException(kIOReturnNoMemory, "cannot make the per-user shared memory directory "
                    + directory + ": " + failed);
        }
        final Map<String, Object> attributes = attributes(directory, kIOReturnNotPrivileged);
        if (!Boolean.TRUE.equals(attributes.get("isDirectory"))) {
            throw new IOReturnException(kIOReturnNotPrivileged, "the per-user shared memory directory " + directory
                    + " must be a directory of this user's (uid=" + uid + "), not a symbolic link or another file");
        }
        checkPrivate(directory, attributes, uid, "the per-user shared memory directory", "0700");
        return directory;
    }

    /**
     * Removes the per-user directory {@code directory} if it holds nothing any more (its last shareable file was
     * unlinked), so that no process leaves an empty {@code iokit4j-<user>} behind. Only a directory named as a
     * per-user one is touched; a directory that is not empty, or already gone, stays as it is. A process making a
     * region at the same moment makes the directory again ({@link SharedMemory#createShareable}).
     */
    static void removeIfEmpty(Path directory) {
        if (directory == null || directory.getFileName() == null
                || !directory.getFileName().toString().equals("iokit4j-" + userName())) {
            return;
        }
        try {
            Files.delete(directory);
        } catch (IOException | RuntimeException inUseOrGone) {
            // another region lives there, another process just made one, or it is gone already: all fine
        }
    }

    /**
     * {@return the file in the per-user directory that {@link SharedMemory#open} may open for {@code file}} The
     * checks of {@link SharedMemory#open}, in its order; the size is checked again on the open channel.
     *
     * @throws IOReturnException the codes of {@link SharedMemory#open}.
     */
    static Path openable(Path file, long size) {
        final Path directory = userDirectory();
        final Path name = file.getFileName();
        final Path parent = file.toAbsolutePath().normalize().getParent();
        if (name == null || parent == null || !sameDirectory(parent, directory)
                || !StaleFiles.NAME.matcher(name.toString()).matches()) {
            throw new IOReturnException(kIOReturnBadArgument, "file=" + file + " must be a region iokit4j-<pid>-<n>"
                    + " that createShareable made in this user's directory " + directory);
        }
        final Path path = directory.resolve(name.toString());
        final Map<String, Object> attributes = attributes(path, kIOReturnBadArgument);
        if (!Boolean.TRUE.equals(attributes.get("isRegularFile"))) {
            throw new IOReturnException(kIOReturnBadArgument, "file=" + path + " must be a regular file, not a"
                    + " directory or a symbolic link (never followed)");
        }
        checkPrivate(path, attributes, ownUid(directory.getParent()), "shared memory file", "0600");
        if (!Long.valueOf(size).equals(attributes.get("size"))) {
            throw new IOReturnException(kIOReturnBadArgument, "size=" + size + " differs from the size="
                    + attributes.get("size") + " of file=" + path);
        }
        return path;
    }

    /** {@return the numeric owner the file system at {@code base} gives this process's files (class comment)} */
    static int ownUid(Path base) {
        return UIDS.computeIfAbsent(base.toAbsolutePath().normalize(), SharedFiles::probeUid);
    }

    /**
     * Refuses {@code path} unless it belongs to {@code uid} and has no group or other permission bit.
     *
     * @throws IOReturnException {@code kIOReturnNotPrivileged} naming the path, its owner and its mode.
     */
    static void checkPrivate(Path path, Map<String, Object> attributes, int uid, String what, String mode) {
        final int actualMode = attributes.get("mode") instanceof Integer m ? m : -1;
        if (!Integer.valueOf(uid).equals(attributes.get("uid")) || actualMode < 0
                || (actualMode & GROUP_AND_OTHER_BITS) != 0) {
            throw new IOReturnException(kIOReturnNotPrivileged, what + " " + path + " must belong to this user (uid="
                    + uid + ") with no group or other permission bit (mode " + mode + "): owner="
                    + attributes.get("owner") + " (uid=" + attributes.get("uid") + "), mode="
                    + String.format("%04o", actualMode & PERMISSION_BITS));
        }
    }

    /**
     * {@return {@code path}'s owner, mode, kind and size, the link itself if it is one}
     *
     * @param missing the code for a path that does not exist.
     */
    static Map<String, Object> attributes(Path path, int missing) {
        try {
            return Files.readAttributes(path, ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException gone) {
            throw new IOReturnException(missing, "file=" + path + " does not exist (never made, or its owner"
                    + " released or unlinked it)");
        } catch (UnsupportedOperationException | IllegalArgumentException noUnixView) {
            throw new IOReturnException(kIOReturnNotPrivileged, "cannot check the owner and mode of " + path
                    + ": its file system has no unix attribute view (" + noUnixView + ")");
        } catch (IOException failed) {
            throw new IOReturnException(kIOReturnNotPrivileged, "cannot check the owner and mode of " + path + ": "
                    + failed);
        }
    }

    static String userName() {
        final String user = System.getProperty("user.name", "");
        if (user.isEmpty() || user.equals(".") || user.equals("..") || user.indexOf('/') >= 0
                || user.indexOf('\\') >= 0 || user.indexOf('\0') >= 0) {
            throw new IOReturnException(kIOReturnBadArgument, "user.name=\"" + user + "\" cannot name the per-user"
                    + " shared memory directory iokit4j-<user.name>: it must be one file name");
        }
        return user;
    }

    private static boolean sameDirectory(Path parent, Path directory) {
        if (parent.equals(directory.toAbsolutePath().normalize())) {
            return true;
        }
        try {
            return Files.isSameFile(parent, directory); // e.g. /tmp and /private/tmp
        } catch (IOException | SecurityException unknown) {
            return false;
        }
    }

    private static int probeUid(Path base) {
        final BackingFile.Created probe = BackingFile.createUnique(base, 1);
        final int uid;
        try {
            uid = BackingFile.ownerUid(probe.path());
        } finally {
            BackingFile.closeQuietly(probe.channel());
            BackingFile.unlink(probe.path());
        }
        if (uid < 0) {
            throw new IOReturnException(kIOReturnNotPrivileged, "cannot tell this process's user in " + base
                    + ": its file system has no unix attribute view, so no owner or mode can be checked");
        }
        return uid;
    }
}
