package org.iokit4j.kerneld;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.iokit4j.IOReturn;
import org.iokit4j.remote.Greeting;
import org.iokit4j.testsupport.LogCapture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each connection's greeting, over a real socket with real {@code SO_PEERCRED} (issue 9, deliverable 3: "refuses
 * others with an explanation"): a daemon whose user is not this test's refuses this test's connection, and a
 * connection accepted while the daemon stops is closed, never served.
 */
class ConnectionsTest {
    private static final String USER = KernelDaemon.processUser();

    @TempDir
    Path directory;

    private ServerSocketChannel server;
    private Path socket;
    private final AtomicInteger served = new AtomicInteger();
    private final ConnectionHandler counting = (channel, peer) -> served.incrementAndGet();

    @BeforeEach
    void listen() throws Exception {
        socket = directory.resolve("k.sock");
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX).bind(UnixDomainSocketAddress.of(socket));
    }

    @AfterEach
    void close() throws Exception {
        server.close();
    }

    @Test
    void shouldRefuseAPeerOfAnotherUserWithTheExplanationLogItAndCloseTheConnection() throws Exception {
        final Connections connections = new Connections(counting, new PeerAdmission("daemon-" + USER, socket,
                EntitlementsFile.none()));
        try (LogCapture log = new LogCapture(); SocketChannel client = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            connections.accepted(server.accept());

            final Greeting greeting = Greeting.read(client);

            assertThat(greeting.status()).isEqualTo(IOReturn.kIOReturnNotPrivileged);
            assertThat(greeting.explanation()).isEqualTo("kerneld on " + socket + " serves only its own user, daemon-"
                    + USER + " (the owner of its socket); this connection's peer is user " + USER + " (group "
                    + greeting.explanation().replaceAll(".*\\(group ([^)]*)\\).*", "$1") + "). Start a kerneld of your"
                    + " own as " + USER + ". Entitlements are granted by the daemon to the peer's user (here none, as"
                    + " it was started without --entitlements), never taken from what a client sends.");
            assertThat(client.read(ByteBuffer.allocate(1))).as("closed after the refusal").isEqualTo(-1);
            assertThat(connections.closeAll(Duration.ofSeconds(30))).isZero();
            assertThat(log.warningsContaining("kerneld refused a connection: kerneld on " + socket)).hasSize(1);
        }
        assertThat(served).hasValue(0);
    }

    @Test
    void shouldAdmitThisUserWithTheGreetingBeforeTheHandlerRuns() throws Exception {
        final Connections connections = new Connections((channel, peer) -> {
            assertThat(peer.user()).isEqualTo(USER);
            served.incrementAndGet();
        }, new PeerAdmission(USER, socket, EntitlementsFile.none()));
        try (SocketChannel client = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            connections.accepted(server.accept());

            assertThat(Greeting.read(client)).isEqualTo(Greeting.admitted());
            assertThat(client.read(ByteBuffer.allocate(1))).as("closed once the handler returned").isEqualTo(-1);
        }
        assertThat(connections.closeAll(Duration.ofSeconds(30))).isZero();
        assertThat(served).hasValue(1);
    }

    @Test
    void shouldCloseAConnectionAcceptedOnceTheDaemonStopsWithoutServingIt() throws Exception {
        final Connections connections = new Connections(counting, new PeerAdmission(USER, socket,
                EntitlementsFile.none()));
        assertThat(connections.closeAll(Duration.ofSeconds(30))).isZero();
        try (SocketChannel client = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            final SocketChannel late = server.accept();

            connections.accepted(late);

            assertThat(late.isOpen()).isFalse();
            assertThat(client.read(ByteBuffer.allocate(1))).as("no greeting, just the end").isEqualTo(-1);
        }
        assertThat(served).hasValue(0);
        assertThat(connections.count()).isZero();
    }
}
