package org.iokit4j.kerneld;

import java.io.IOException;
import java.net.ConnectException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;
import java.util.Set;

/**
 * The daemon's listening Unix-domain socket: bound once, mode {@code 0600}, and its file removed when the daemon
 * stops, but only if it is still this daemon's file.
 *
 * <p>Before binding, a file already at the path is examined ({@link #clearStale}): a socket nobody listens on is
 * what a daemon that died left behind, and is replaced; a socket that accepts a connection means another daemon
 * serves there, and this one refuses to start; anything else is not ours to delete.
 *
 * <p><b>Concurrency.</b> {@link #accept} runs on the daemon's accepting thread; {@link #close} may be called from
 * any thread, once or many times, and makes a blocked {@code accept} throw
 * {@link java.nio.channels.AsynchronousCloseException}.
 */
final class DaemonSocket implements AutoCloseable {
    /** The socket file's mode: {@code rw-------}, only the daemon's user may connect. */
    static final Set<PosixFilePermission> MODE = PosixFilePermissions.fromString("rw-------");
    /** The file-type bits of {@code unix:mode} for a socket ({@code S_IFSOCK}). */
    private static final int S_IFMT = 0170000;
    private static final int S_IFSOCK = 0140000;

    private final Path path;
    private final ServerSocketChannel server;
    private final Object fileKey;
    private final String owner;

    private DaemonSocket(Path path, ServerSocketChannel server, Object fileKey, String owner) {
        this.path = path;
        this.server = server;
        this.fileKey = fileKey;
        this.owner = owner;
    }

    /**
     * Removes a stale socket at {@code path}, left by a daemon that is gone; does nothing if there is no file.
     *
     * @return whether a stale socket was removed.
     * @throws StartRefused if another daemon serves at {@code path} (a connection succeeded), or the file there is
     *                      not a socket, or it cannot be examined or removed.
     */
    static boolean clearStale(Path path) throws StartRefused {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        if (!isSocket(path)) {
            throw new StartRefused(path + " exists and is not a socket, so it is not a stale kerneld socket and"
                    + " kerneld will not delete it: remove it, or choose another --socket");
        }
        if (isLive(path)) {
            throw new StartRefused("another kerneld already serves on " + path + " (a connection to it succeeded):"
                    + " stop that daemon first (SIGTERM), or choose another --socket");
        }
        try {
            Files.deleteIfExists(path);
            return true;
        } catch (IOException failed) {
            throw new StartRefused("the stale socket " + path + " cannot be removed: " + failed);
        }
    }

    /**
     * Binds a listening socket at {@code path}, whose directory {@link SocketDirectory} has checked, and gives its
     * file mode {@code 0600}.
     *
     * @throws StartRefused if binding fails (the path is taken meanwhile, is too long for a Unix-domain socket, or
     *                      the directory is not writable), naming the path and the reason.
     */
    static DaemonSocket bind(Path path) throws StartRefused {
        ServerSocketChannel server = null;
        try {
            server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(path), 64);
            // Between bind and this chmod the file has the umask's mode. That gap is harmless: its directory is
            // 0700 (SocketDirectory), so no other user can reach the file to connect meanwhile.
            Files.setPosixFilePermissions(path, MODE);
            final BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS);
            return new DaemonSocket(path, server, attributes.fileKey(), Files.getOwner(path).getName());
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException failed) {
            closeQuietly(server);
            throw new StartRefused("the socket " + path + " cannot be bound: " + failed);
        }
    }

    /** {@return the socket's path} */
    Path path() {
        return path;
    }

    /** {@return the user who owns the socket file: the user the daemon runs as} */
    String owner() {
        return owner;
    }

    /**
     * Waits for the next connection and returns it, in blocking mode.
     *
     * @throws java.nio.channels.AsynchronousCloseException if {@link #close} is called meanwhile.
     * @throws java.nio.channels.ClosedChannelException     if it was already closed.
     * @throws IOException                                  if accepting fails (e.g. too many open files).
     */
    SocketChannel accept() throws IOException {
        return server.accept();
    }

    /**
     * Removes the socket file, so no new client finds the daemon, then stops listening. The file is removed only
     * if it is still the one this daemon bound (same file key): a file that replaced it is someone else's.
     */
    @Override
    public void close() {
        try {
            final BasicFileAttributes now = Files.readAttributes(path, BasicFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS);
            if (Objects.equals(now.fileKey(), fileKey)) {
                Files.deleteIfExists(path);
            }
        } catch (NoSuchFileException gone) {
            // already removed
        } catch (IOException failed) {
            org.iokit4j.Diagnostics.warn("kerneld: the socket " + path + " could not be removed: " + failed);
        }
        closeQuietly(server);
    }

    /** {@return whether something accepts connections on the socket at {@code path}} */
    private static boolean isLive(Path path) throws StartRefused {
        try {
            SocketChannel.open(UnixDomainSocketAddress.of(path)).close();
            return true;
        } catch (ConnectException nobodyListens) {
            return false; // ECONNREFUSED: the daemon that bound it is gone
        } catch (IOException unreachable) {
            throw new StartRefused("the socket " + path + " exists and cannot be probed: " + unreachable);
        }
    }

    private static boolean isSocket(Path path) throws StartRefused {
        try {
            final Object mode = Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            return ((Integer) mode & S_IFMT) == S_IFSOCK;
        } catch (UnsupportedOperationException | IllegalArgumentException noUnixView) {
            try {
                return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isOther();
            } catch (IOException unreadable) {
                throw new StartRefused("the file " + path + " cannot be examined: " + unreadable);
            }
        } catch (IOException unreadable) {
            throw new StartRefused("the file " + path + " cannot be examined: " + unreadable);
        }
    }

    private static void closeQuietly(ServerSocketChannel server) {
        if (server != null) {
            try {
                server.close();
            } catch (IOException ignored) {
                // closing a listening socket fails only if it was never open
            }
        }
    }
}
