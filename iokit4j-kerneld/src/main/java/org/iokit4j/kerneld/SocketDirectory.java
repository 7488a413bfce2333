package org.iokit4j.kerneld;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * The directory the daemon's socket lives in: the first fence around it (issue 9, deliverable 3).
 *
 * <p>It must be a real directory (not a symbolic link, which its owner could later point elsewhere), owned by the
 * daemon's user, and closed to group and others (mode {@code 0700}, or less for the owner). Then no other user can
 * connect to the socket, replace it, or plant one of their own for clients to find, whatever the socket file's
 * own mode. A missing directory is created {@code 0700} (its missing parents with the usual modes).
 *
 * <p><b>Concurrency.</b> Stateless.
 */
final class SocketDirectory {
    /** The directory's mode when the daemon creates it: {@code rwx------}. */
    static final Set<PosixFilePermission> MODE = PosixFilePermissions.fromString("rwx------");

    private static final Set<PosixFilePermission> GROUP_OR_OTHER = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private SocketDirectory() {
    }

    /**
     * Creates {@code directory} with mode {@code 0700} if it is missing, then checks it.
     *
     * @param directory the socket's directory.
     * @param user      the daemon's user name (who must own it).
     * @throws StartRefused naming the path, its owner and mode, if it cannot be created, is not a directory, is a
     *                      symbolic link, is owned by another user, or group or others have any access to it.
     */
    static void prepare(Path directory, String user) throws StartRefused {
        if (!Files.exists(directory, LinkOption.NOFOLLOW_LINKS)) {
            create(directory);
        }
        check(directory, user);
    }

    /** Checks an existing directory, as {@link #prepare} does. */
    static void check(Path directory, String user) throws StartRefused {
        final PosixFileAttributes attributes;
        try {
            attributes = Files.readAttributes(directory, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (UnsupportedOperationException notPosix) {
            throw new StartRefused("the socket directory " + directory + " is on a file system without POSIX"
                    + " owners and modes, so kerneld cannot keep other users out of it: choose another --socket");
        } catch (IOException unreadable) {
            throw new StartRefused("the socket directory " + directory + " cannot be examined: " + unreadable);
        }
        final String owner = attributes.owner().getName();
        final String mode = describe(attributes.permissions());
        final String found = "the socket directory " + directory + " (owner " + owner + ", mode " + mode + ")";
        if (attributes.isSymbolicLink()) {
            throw new StartRefused(found + " is a symbolic link, which could be pointed elsewhere while clients use"
                    + " it: give --socket a path in a real directory");
        }
        if (!attributes.isDirectory()) {
            throw new StartRefused(found + " is not a directory: choose another --socket");
        }
        if (!owner.equals(user)) {
            throw new StartRefused(found + " is owned by another user than the daemon's (" + user + "), who could"
                    + " replace the socket: remove it, or choose another --socket");
        }
        if (attributes.permissions().stream().anyMatch(GROUP_OR_OTHER::contains)) {
            throw new StartRefused(found + " lets group or others in; kerneld needs 0700 so no other user can reach"
                    + " the socket: run chmod 700 " + directory + ", or choose another --socket");
        }
    }

    /** {@return {@code permissions} as an octal mode and in {@code ls} letters, e.g. {@code 0755 (rwxr-xr-x)}} */
    static String describe(Set<PosixFilePermission> permissions) {
        int mode = 0;
        for (PosixFilePermission permission : permissions) {
            mode |= 1 << (8 - permission.ordinal()); // the enum runs OWNER_READ .. OTHERS_EXECUTE, high bit first
        }
        return String.format("%04o (%s)", mode, PosixFilePermissions.toString(permissions));
    }

    private static void create(Path directory) throws StartRefused {
        try {
            final Path parent = directory.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            // the umask can only take bits away from 0700, and check() reads the result anyway
            Files.createDirectory(directory, PosixFilePermissions.asFileAttribute(MODE));
        } catch (FileAlreadyExistsException raced) {
            // made meanwhile by someone else: check() decides whether it will do
        } catch (UnsupportedOperationException notPosix) {
            throw new StartRefused("the socket directory " + directory + " cannot be created with mode 0700: its"
                    + " file system has no POSIX modes; choose another --socket");
        } catch (IOException failed) {
            throw new StartRefused("the socket directory " + directory + " cannot be created: " + failed);
        }
    }
}
