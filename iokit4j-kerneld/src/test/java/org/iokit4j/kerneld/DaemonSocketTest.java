package org.iokit4j.kerneld;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon's socket (issue 9, deliverable 3: "the socket ... is 0600"): bound 0600, a stale socket replaced, a
 * live one refused, and only the daemon's own file removed at stop.
 */
class DaemonSocketTest {
    @TempDir
    Path directory;

    @Test
    void shouldBindTheSocketWithMode0600OwnedByTheDaemonsUser() throws Exception {
        final Path path = directory.resolve("kerneld.sock");

        try (DaemonSocket socket = DaemonSocket.bind(path)) {
            assertThat(Files.getPosixFilePermissions(path)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
            assertThat(socket.owner()).isEqualTo(KernelDaemon.processUser());
            try (SocketChannel client = SocketChannel.open(UnixDomainSocketAddress.of(path));
                 SocketChannel served = socket.accept()) {
                assertThat(client.isConnected()).isTrue();
                assertThat(served.isBlocking()).isTrue();
            }
        }
        assertThat(path).doesNotExist();
    }

    @Test
    void shouldDoNothingWhenThereIsNoSocketYet() throws Exception {
        assertThat(DaemonSocket.clearStale(directory.resolve("kerneld.sock"))).isFalse();
    }

    @Test
    void shouldReplaceAStaleSocketThatNobodyListensOn() throws Exception {
        final Path path = directory.resolve("kerneld.sock");
        ServerSocketChannel.open(StandardProtocolFamily.UNIX).bind(UnixDomainSocketAddress.of(path)).close();
        assertThat(path).exists(); // a daemon killed with -9 leaves its socket file behind, as this close does

        assertThat(DaemonSocket.clearStale(path)).isTrue();

        assertThat(path).doesNotExist();
        DaemonSocket.bind(path).close();
    }

    @Test
    void shouldRefuseALiveSocketAnotherDaemonServesOn() throws Exception {
        final Path path = directory.resolve("kerneld.sock");
        try (ServerSocketChannel other = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            other.bind(UnixDomainSocketAddress.of(path));

            assertThatThrownBy(() -> DaemonSocket.clearStale(path)).isInstanceOf(StartRefused.class)
                    .hasMessage("another kerneld already serves on " + path + " (a connection to it succeeded): stop"
                            + " that daemon first (SIGTERM), or choose another --socket");
            assertThat(path).exists();
        }
    }

    @Test
    void shouldRefuseToDeleteAFileThatIsNotASocket() throws Exception {
        final Path path = Files.writeString(directory.resolve("kerneld.sock"), "precious");

        assertThatThrownBy(() -> DaemonSocket.clearStale(path)).isInstanceOf(StartRefused.class)
                .hasMessageContaining(path + " exists and is not a socket");
        assertThat(path).hasContent("precious");
    }

    @Test
    void shouldRefuseToBindWhereASocketIsAlreadyBound() throws Exception {
        final Path path = directory.resolve("kerneld.sock");
        final DaemonSocket first = DaemonSocket.bind(path);
        try {
            assertThatThrownBy(() -> DaemonSocket.bind(path)).isInstanceOf(StartRefused.class)
                    .hasMessageStartingWith("the socket " + path + " cannot be bound: ");
        } finally {
            first.close();
        }
    }

    @Test
    void shouldLeaveAFileThatReplacedItsSocket() throws Exception {
        final Path path = directory.resolve("kerneld.sock");
        final DaemonSocket socket = DaemonSocket.bind(path);
        Files.delete(path);
        Files.writeString(path, "someone else's");

        socket.close();

        assertThat(path).hasContent("someone else's");
    }

    @Test
    void shouldRefuseAPathTooLongForAUnixSocket() {
        final Path path = directory.resolve("x".repeat(120) + ".sock");

        assertThatThrownBy(() -> DaemonSocket.bind(path)).isInstanceOf(StartRefused.class)
                .hasMessageStartingWith("the socket " + path + " cannot be bound: ");
    }
}
