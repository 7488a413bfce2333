package org.iokit4j.ring;

import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.agrona.concurrent.UnsafeBuffer;
import org.iokit4j.IOReturnException;
import org.iokit4j.memory.SharedMapping;
import org.iokit4j.memory.SharedMemory;

/**
 * How the two ends of a {@link RingFile} find each other: the owner's socket lies beside its ring file, named after
 * it ({@code iokit4j-<pid>-<n>.sock} in the per-user {@code 0700} directory), and the opener claims the file in its
 * header before it connects, so a second opener is refused. Also the sweep of sockets left by owners that died
 * before their peer came (their ring files are swept by {@link SharedMemory}'s own sweep).
 *
 * <p><b>Concurrency.</b> Stateless but for the once-per-directory sweep claim; thread-safe.
 */
final class Rendezvous {
    private static final Pattern SOCKET = Pattern.compile("iokit4j-(\\d{1,18})-\\d{1,19}\\.sock");
    private static final Set<Path> SWEPT = ConcurrentHashMap.newKeySet();

    private Rendezvous() {
    }

    /** {@return the socket beside {@code ringFile}} */
    static Path socketPath(Path ringFile) {
        return ringFile.resolveSibling(ringFile.getFileName() + ".sock");
    }

    /**
     * Removes, once per process and directory, the ring sockets in {@code directory} whose owner PID no longer runs
     * (an owner killed between {@link RingFile#listen} and {@link RingListener#accept}). Best effort: what cannot be
     * removed stays for a later sweep.
     */
    static void sweepOnce(Path directory) {
        if (!SWEPT.add(directory.toAbsolutePath().normalize())) {
            return;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "iokit4j-*.sock")) {
            for (Path file : files) {
                final Matcher name = SOCKET.matcher(file.getFileName().toString());
                if (name.matches() && ProcessHandle.of(Long.parseLong(name.group(1))).isEmpty()) {
                    Files.deleteIfExists(file);
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // best effort: a later process sweeps again
        }
    }

    /** The work of {@link RingFile#connect}. */
    static RingFile connect(Path file, RingOptions options, MessageHandler handler) {
        java.util.Objects.requireNonNull(handler, "handler");
        final long length;
        try {
            length = Files.size(file);
        } catch (NoSuchFileException gone) {
            throw new RingException(RingException.Reason.SETUP, "no ring file=" + file + " (never made, or its"
                    + " owner accepted its peer or closed)");
        } catch (IOException unreadable) {
            throw new RingException(RingException.Reason.SETUP, "cannot read ring file=" + file, unreadable);
        }
        final SharedMemory memory = SharedMemory.open(file, length);
        SharedMapping mapping = null;
        SocketChannel channel = null;
        try {
            mapping = memory.map(false);
            final UnsafeBuffer header = new UnsafeBuffer(mapping.address(), RingFileLayout.HEADER_LENGTH);
            final int capacity = RingFileLayout.checkHeader(header.getIntVolatile(RingFileLayout.MAGIC_OFFSET),
                    header.getInt(RingFileLayout.VERSION_OFFSET), header.getInt(RingFileLayout.CAPACITY_OFFSET),
                    length);
            if (!header.compareAndSetInt(RingFileLayout.STATE_OFFSET, RingFileLayout.STATE_WAITING,
                    RingFileLayout.STATE_CLAIMED)) {
                throw new RingException(RingException.Reason.SETUP, "ring file=" + file + " already has its peer");
            }
            header.putLong(RingFileLayout.pidOffset(false), ProcessHandle.current().pid());
            header.putIntVolatile(RingFileLayout.strategyOffset(false), options.strategy().ordinal());
            channel = SocketChannel.open(UnixDomainSocketAddress.of(socketPath(file)));
            final WakeSocket socket = WakeSocket.of(channel);
            return new RingFile(memory, mapping, false, socket, options.withCapacity(capacity), handler);
        } catch (IOException | RuntimeException failed) {
            WakeSocket.closeQuietly(channel);
            if (mapping != null) {
                mapping.close();
            }
            memory.release();
            if (failed instanceof RingException || failed instanceof IOReturnException) {
                throw (RuntimeException) failed;
            }
            throw new RingException(RingException.Reason.SETUP, "cannot reach the socket of ring file=" + file
                    + ": " + failed, failed);
        }
    }
}
