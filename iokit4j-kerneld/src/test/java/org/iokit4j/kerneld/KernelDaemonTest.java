package org.iokit4j.kerneld;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.iokit4j.IOReturn;
import org.iokit4j.Untrusted;
import org.iokit4j.kernel.Kernel;
import org.iokit4j.kerneld.testdext.StopperDriver;
import org.iokit4j.kerneld.testecho.EchoHandlerFactory;
import org.iokit4j.remote.Greeting;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon in this JVM ({@link KernelDaemon#start}, {@link KernelDaemon#serve()}, {@link KernelDaemon#stop()};
 * issue 9, deliverable 3 and contract.md §6): what it does on start, for each connection, and at stop.
 */
class KernelDaemonTest {
    private static final DriverServers IN_DAEMON = new DriverServers(true, org.iokit4j.kernel.RestartPolicy.DEFAULT,
            List.of(), List.of());

    private static final String USER = KernelDaemon.processUser();
    private static final String ACCESS = "com.apple.developer.driverkit.userclient-access";

    @TempDir
    Path directory;

    private final ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
    private KernelDaemon daemon;
    private Thread serving;

    @AfterEach
    void stopTheDaemon() throws InterruptedException {
        if (daemon != null) {
            daemon.stop();
            assertThat(serving.join(Duration.ofSeconds(30))).as("the serving thread ended").isTrue();
        }
    }

    @Test
    void shouldServeItsOwnUserBehindA0700DirectoryAndA0600Socket() throws Exception {
        final Path socket = directory.resolve("run/kerneld.sock");

        serve(socket, List.of(TestDexts.stopper(directory)), entitlements(), new EchoHandlerFactory());

        assertThat(Files.getPosixFilePermissions(socket.getParent())).isEqualTo(PosixFilePermissions.fromString("rwx------"));
        assertThat(Files.getPosixFilePermissions(socket)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        try (SocketChannel client = connect(socket)) {
            assertThat(Greeting.read(client)).isEqualTo(Greeting.admitted());
            assertThat(line(client)).isEqualTo("peer user=" + USER + " entitlements={" + ACCESS
                    + "=[org.iokit4j.kerneld.test.stopper]}");
            assertThat(echo(client, "ping")).isEqualTo("ping");
        }
        assertThat(daemon.kernel().registryEntries()).anyMatch(entry -> entry.name().equals(StopperDriver.class.getName()));
    }

    @Test
    void shouldRemoveItsSocketCloseEveryConnectionAndStopEveryDriverWhenItStops() throws Exception {
        final Path socket = directory.resolve("run/kerneld.sock");
        final int stops = StopperDriver.STOPS.get();
        final CountDownLatch handlerReturned = new CountDownLatch(1);
        serve(socket, List.of(TestDexts.stopper(directory)), null, kernel -> (channel, peer) -> {
            try {
                channel.read(ByteBuffer.allocate(1)); // blocks until the daemon closes the channel
            } finally {
                handlerReturned.countDown();
            }
        });
        try (SocketChannel client = connect(socket)) {
            assertThat(Greeting.read(client).isAdmitted()).isTrue();

            daemon.stop();

            assertThat(client.read(ByteBuffer.allocate(1))).as("the daemon closed the connection").isEqualTo(-1);
        }
        assertThat(handlerReturned.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(socket).doesNotExist();
        assertThat(StopperDriver.STOPS.get() - stops).as("Stop calls").isEqualTo(1);
        assertThat(daemon.kernel().taskCount()).as("tasks left in the kernel").isZero();
        assertThat(daemon.connectionCount()).isZero();
    }

    @Test
    void shouldStopOnceWhenManyThreadsStopItAtOnce() throws Exception {
        final Path socket = directory.resolve("run/kerneld.sock");
        final int stops = StopperDriver.STOPS.get();
        serve(socket, List.of(TestDexts.stopper(directory)), null, new EchoHandlerFactory());
        final List<Thread> stoppers = List.of(Thread.ofPlatform().start(daemon::stop),
                Thread.ofPlatform().start(daemon::stop), Thread.ofPlatform().start(daemon::stop));

        for (Thread stopper : stoppers) {
            assertThat(stopper.join(Duration.ofSeconds(30))).isTrue();
            // each returned only once the stop was complete
        }

        assertThat(socket).doesNotExist();
        assertThat(StopperDriver.STOPS.get() - stops).isEqualTo(1);
    }

    @Test
    void shouldLoadADextFromAJarThroughItsOwnClassLoader() throws Exception {
        final int starts = StopperDriver.STARTS.get();

        serve(directory.resolve("run/kerneld.sock"), List.of(TestDexts.stopperJar(directory)), null,
                new EchoHandlerFactory());

        assertThat(StopperDriver.STARTS.get() - starts).isEqualTo(1);
        assertThat(daemon.kernel().registryEntries()).filteredOn(entry -> entry.bundle() != null)
                .allSatisfy(entry -> assertThat(entry.bundle().classLoader().getName()).isEqualTo("dext stopper.jar"));
    }

    @Test
    void shouldReportAMalformedDextAndServeTheOthers() throws Exception {
        final Path malformed = TestDexts.malformed(directory);

        serve(directory.resolve("run/kerneld.sock"), List.of(malformed, TestDexts.stopper(directory)), null,
                new EchoHandlerFactory());

        assertThat(diagnostics.toString(StandardCharsets.UTF_8)).contains("kerneld: boot problem: --dext " + malformed
                + ": Info.plist at file:" + malformed.resolve("META-INF/driverkit/Info.plist")).contains("is not a valid property list");
        assertThat(daemon.kernel().registryEntries()).anyMatch(entry -> entry.name().equals(StopperDriver.class.getName()));
    }

    @Test
    void shouldReplaceAStaleSocketLeftByADeadDaemon() throws Exception {
        final Path socket = directory.resolve("run/kerneld.sock");
        Files.createDirectory(socket.getParent(), PosixFilePermissions.asFileAttribute(SocketDirectory.MODE));
        ServerSocketChannel.open(StandardProtocolFamily.UNIX).bind(UnixDomainSocketAddress.of(socket)).close();

        serve(socket, List.of(), null, new EchoHandlerFactory());

        assertThat(diagnostics.toString(StandardCharsets.UTF_8)).contains("kerneld: replaced the stale socket " + socket);
        try (SocketChannel client = connect(socket)) {
            assertThat(Greeting.read(client).isAdmitted()).isTrue();
        }
    }

    @Test
    void shouldRefuseToStartWhereAnotherDaemonServesAndLeaveThatOneServing() throws Exception {
        final Path socket = directory.resolve("run/kerneld.sock");
        serve(socket, List.of(), null, new EchoHandlerFactory());

        assertThatThrownBy(() -> KernelDaemon.start(new KernelDaemon.Settings(socket, List.of(), null),
                new EchoHandlerFactory(), new PrintStream(diagnostics))).isInstanceOf(StartRefused.class)
                .hasMessageContaining("another kerneld already serves on " + socket);
        try (SocketChannel client = connect(socket)) {
            assertThat(Greeting.read(client).isAdmitted()).isTrue();
        }
    }

    @Test
    void shouldRefuseASocketDirectoryOpenToOthersBeforeBootingAnyDriver() throws Exception {
        final Path run = Files.createDirectory(directory.resolve("run"));
        Files.setPosixFilePermissions(run, PosixFilePermissions.fromString("rwxr-xr-x"));
        final int starts = StopperDriver.STARTS.get();

        assertThatThrownBy(() -> KernelDaemon.start(new KernelDaemon.Settings(run.resolve("kerneld.sock"),
                List.of(TestDexts.stopper(directory)), null), new EchoHandlerFactory(), new PrintStream(diagnostics)))
                .isInstanceOf(StartRefused.class)
                .hasMessageContaining("the socket directory " + run + " (owner " + USER + ", mode 0755 (rwxr-xr-x))");
        assertThat(StopperDriver.STARTS.get()).isEqualTo(starts);
    }

    @Test
    void shouldRefuseADextPathThatDoesNotExistOrHoldsNoInfoPlist() throws Exception {
        final Path missing = directory.resolve("nowhere");
        final Path empty = Files.createDirectory(directory.resolve("empty"));
        final Path notAJar = Files.writeString(directory.resolve("driver.txt"), "not a jar");

        assertThat(refusal(missing)).isEqualTo("--dext " + missing + ": there is no such file or directory: a dext"
                + " is a jar, or a directory, holding META-INF/driverkit/Info.plist and the driver's classes");
        assertThat(refusal(empty)).startsWith("--dext " + empty + ": the directory holds no META-INF/driverkit/Info.plist");
        assertThat(refusal(notAJar)).startsWith("--dext " + notAJar + ": it is neither a directory nor a readable jar");
        assertThat(directory.resolve("run")).as("nothing made before the refusal").doesNotExist();
    }

    @Test
    void shouldRefuseAMissingEntitlementsFile() {
        final Path missing = directory.resolve("absent.plist");

        assertThatThrownBy(() -> KernelDaemon.start(new KernelDaemon.Settings(directory.resolve("run/k.sock"),
                List.of(), missing), new EchoHandlerFactory(), new PrintStream(diagnostics)))
                .isInstanceOf(StartRefused.class).hasMessage("--entitlements " + missing + ": there is no such file");
    }

    @Test
    void shouldRefuseAHandlerFactoryThatThrowsOrMakesNothingAndCloseTheKernel() {
        final Path socket = directory.resolve("run/kerneld.sock");
        final int stops = StopperDriver.STOPS.get();

        assertThatThrownBy(() -> KernelDaemon.start(new KernelDaemon.Settings(socket, List.of(), null),
                kernel -> { throw new IllegalStateException("no protocol today"); }, new PrintStream(diagnostics)))
                .isInstanceOf(StartRefused.class).hasMessageContaining("threw java.lang.IllegalStateException: no"
                        + " protocol today");
        assertThatThrownBy(() -> KernelDaemon.start(new KernelDaemon.Settings(socket, List.of(), null),
                kernel -> null, new PrintStream(diagnostics)))
                .isInstanceOf(StartRefused.class).hasMessageContaining("returned no handler (null)");
        assertThat(socket).doesNotExist();
        assertThat(StopperDriver.STOPS.get()).isEqualTo(stops);
    }

    @Test
    void shouldCatchAHandlerThatThrowsCloseItsConnectionAndServeTheNext() throws Exception {
        final Path socket = directory.resolve("run/kerneld.sock");
        final long thrown = Untrusted.thrown();
        serve(socket, List.of(), null, kernel -> (channel, peer) -> {
            throw new IllegalStateException("handler bug");
        });

        for (int i = 0; i < 2; i++) {
            try (SocketChannel client = connect(socket)) {
                assertThat(Greeting.read(client).status()).isEqualTo(IOReturn.kIOReturnSuccess);
                assertThat(client.read(ByteBuffer.allocate(1))).isEqualTo(-1);
            }
        }
        assertThat(Untrusted.thrown() - thrown).isEqualTo(2);
    }

    @Test
    void shouldFindTheOneConnectionHandlerFactoryOnTheClassPath() throws Exception {
        assertThat(DaemonCommand.handlerFactory()).isInstanceOf(EchoHandlerFactory.class);
    }

    @Test
    void shouldDefaultToTheRuntimeDirectoryOrATemporaryDirectoryOfTheUser() {
        final String runtime = System.getenv("XDG_RUNTIME_DIR");
        final Path expected = runtime != null && !runtime.isBlank() ? Path.of(runtime, "iokit4j", "kerneld.sock")
                : Path.of(System.getProperty("java.io.tmpdir"), "iokit4j-" + System.getProperty("user.name"),
                "kerneld.sock");

        assertThat(KernelDaemon.defaultSocket()).isEqualTo(expected.toAbsolutePath());
    }

    private void serve(Path socket, List<Path> dexts, Path entitlements,
                       Function<Kernel, ConnectionHandler> handlers) throws StartRefused {
        // in-daemon servers: these tests watch the drivers' Stop and class loaders from inside the daemon's JVM (issue 9)
        daemon = KernelDaemon.start(new KernelDaemon.Settings(socket, dexts, entitlements, IN_DAEMON), handlers,
                new PrintStream(diagnostics, true, StandardCharsets.UTF_8));
        serving = Thread.ofPlatform().name("test-serve").start(daemon::serve);
    }

    private String refusal(Path dext) {
        try {
            KernelDaemon.start(new KernelDaemon.Settings(directory.resolve("run/kerneld.sock"), List.of(dext), null,
                    IN_DAEMON),
                    new EchoHandlerFactory(), new PrintStream(diagnostics)).stop();
            throw new AssertionError("started with --dext " + dext);
        } catch (StartRefused refused) {
            return refused.getMessage();
        }
    }

    private Path entitlements() throws IOException {
        return Files.writeString(directory.resolve("entitlements.plist"), """
                <?xml version="1.0" encoding="UTF-8"?>
                <plist version="1.0"><dict>
                <key>%s</key><dict><key>%s</key><array><string>org.iokit4j.kerneld.test.stopper</string></array></dict>
                <key>someone-else</key><dict><key>com.apple.private.driverkit.driver-access</key><true/></dict>
                </dict></plist>
                """.formatted(USER, ACCESS));
    }

    static SocketChannel connect(Path socket) throws IOException {
        return SocketChannel.open(UnixDomainSocketAddress.of(socket));
    }

    /** {@return the next line the echo protocol sent, without its newline} */
    static String line(SocketChannel channel) throws IOException {
        final ByteArrayOutputStream line = new ByteArrayOutputStream();
        final ByteBuffer one = ByteBuffer.allocate(1);
        while (true) {
            one.clear();
            if (channel.read(one) < 0) {
                throw new IOException("the connection ended inside a line: " + line);
            }
            if (one.get(0) == '\n') {
                return line.toString(StandardCharsets.UTF_8);
            }
            line.write(one.get(0));
        }
    }

    /** {@return what the echo protocol sent back for {@code text}} */
    static String echo(SocketChannel channel, String text) throws IOException {
        final ByteBuffer out = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
        while (out.hasRemaining()) {
            channel.write(out);
        }
        final ByteBuffer in = ByteBuffer.allocate(out.capacity());
        while (in.hasRemaining()) {
            if (channel.read(in) < 0) {
                throw new IOException("the connection ended before the echo");
            }
        }
        return new String(in.array(), StandardCharsets.UTF_8);
    }
}
