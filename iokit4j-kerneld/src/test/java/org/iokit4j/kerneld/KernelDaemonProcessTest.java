package org.iokit4j.kerneld;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.iokit4j.kerneld.testdext.StopperDriver;
import org.iokit4j.remote.Greeting;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The daemon as a process (contract.md §6; issue 9, deliverable 3: "scripts/kerneld.sh starts it; SIGTERM stops it
 * cleanly"): its ready line, its clients, SIGTERM and SIGINT ending it with status 0 after every driver stopped and
 * the socket file went away, a second signal not cutting the stop short, and refused starts ending with status 2.
 *
 * <p>Each daemon runs in a child JVM whose class path is this test's, minus this module's test classes, plus a
 * directory holding only the echo protocol: the test dext's driver is reachable only through {@code --dext}, by its
 * own class loader. Every child is killed with SIGKILL in every path ({@link DaemonProcess#close()}).
 */
class KernelDaemonProcessTest {
    private static final String USER = KernelDaemon.processUser();

    @TempDir
    Path directory;

    private String classPath;
    private Path socket;

    @BeforeEach
    void buildTheClassPath() throws IOException {
        classPath = TestDexts.classPathWithoutTestClasses(List.of(TestDexts.echoProtocol(directory)));
        socket = directory.resolve("run/kerneld.sock");
    }

    @Test
    void shouldServeUntilSigtermThenStopEveryDriverRemoveItsSocketAndExitZero() throws Exception {
        final Path entitlements = Files.writeString(directory.resolve("entitlements.plist"), """
                <?xml version="1.0" encoding="UTF-8"?>
                <plist version="1.0"><dict><key>*</key><dict><key>com.example.granted</key><true/></dict></dict></plist>
                """);
        try (DaemonProcess daemon = DaemonProcess.start(classPath, List.of(), List.of("--socket", socket.toString(),
                "--driver-servers", "in-daemon", "--dext",
                TestDexts.stopper(directory).toString(), "--entitlements", entitlements.toString()))) {
            assertThat(daemon.nextLine(60)).isEqualTo("iokit4j kerneld ready on " + socket);
            assertThat(daemon.errors()).contains("testdext: Start (loaded by dext stopper)");
            assertThat(Files.getPosixFilePermissions(socket)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
            assertThat(Files.getPosixFilePermissions(socket.getParent()))
                    .isEqualTo(PosixFilePermissions.fromString("rwx------"));
            try (SocketChannel client = KernelDaemonTest.connect(socket)) {
                assertThat(Greeting.read(client)).isEqualTo(Greeting.admitted());
                assertThat(KernelDaemonTest.line(client)).isEqualTo("peer user=" + USER
                        + " entitlements={com.example.granted=true}");
                assertThat(KernelDaemonTest.echo(client, "ping over a process boundary"))
                        .isEqualTo("ping over a process boundary");

                daemon.terminate();

                assertThat(daemon.exitStatus(60)).isZero();
                assertThat(client.read(ByteBuffer.allocate(1))).as("the connection was closed").isEqualTo(-1);
            }
            assertThat(socket).doesNotExist();
            assertThat(daemon.errors()).contains("testdext: Stop finished");
            assertThat(daemon.nextLine(60)).as("nothing else on standard output").isEqualTo(DaemonProcess.END);
        }
    }

    @Test
    void shouldStopOnSigintWithExitStatusZero() throws Exception {
        try (DaemonProcess daemon = DaemonProcess.start(classPath, List.of(), List.of("--socket", socket.toString(),
                "--driver-servers", "in-daemon", "--dext",
                TestDexts.stopper(directory).toString()))) {
            assertThat(daemon.nextLine(60)).isEqualTo("iokit4j kerneld ready on " + socket);

            daemon.signal("INT");

            assertThat(daemon.exitStatus(60)).isZero();
            assertThat(socket).doesNotExist();
            assertThat(daemon.errors()).contains("testdext: Stop finished");
        }
    }

    @Test
    void shouldFinishItsStopWhenMoreSignalsArriveDuringIt() throws Exception {
        final Path release = directory.resolve("release-stop");
        try (DaemonProcess daemon = DaemonProcess.start(classPath, List.of("-D" + StopperDriver.HOLD + "=" + release),
                List.of("--socket", socket.toString(), "--driver-servers", "in-daemon", "--dext",
                TestDexts.stopper(directory).toString()))) {
            assertThat(daemon.nextLine(60)).isEqualTo("iokit4j kerneld ready on " + socket);
            daemon.terminate();
            daemon.await("the driver's Stop began", 60, () -> daemon.errors().contains("testdext: Stop begun"));

            daemon.signal("TERM");
            daemon.signal("INT");
            daemon.await("the later signals were handled", 60, () -> count(daemon.errors(), "SIGTERM: stopping") == 2
                    && count(daemon.errors(), "SIGINT: stopping") == 1);

            assertThat(daemon.isAlive()).as("the stop is still under way").isTrue();
            assertThat(daemon.errors()).doesNotContain("testdext: Stop finished");
            Files.writeString(release, "");
            assertThat(daemon.exitStatus(60)).isZero();
            assertThat(daemon.errors()).contains("testdext: Stop finished");
            assertThat(socket).doesNotExist();
        }
    }

    @Test
    void shouldRefuseToStartWhereAnotherDaemonServesAndLeaveItServing() throws Exception {
        try (DaemonProcess first = DaemonProcess.start(classPath, List.of(), List.of("--socket", socket.toString()))) {
            assertThat(first.nextLine(60)).isEqualTo("iokit4j kerneld ready on " + socket);
            try (DaemonProcess second = DaemonProcess.start(classPath, List.of(), List.of("--socket",
                    socket.toString()))) {
                assertThat(second.exitStatus(60)).isEqualTo(2);
                assertThat(second.errors()).contains("kerneld: another kerneld already serves on " + socket);
                assertThat(second.nextLine(60)).isEqualTo(DaemonProcess.END);
            }
            try (SocketChannel client = KernelDaemonTest.connect(socket)) {
                assertThat(Greeting.read(client).isAdmitted()).isTrue();
            }
            first.terminate();
            assertThat(first.exitStatus(60)).isZero();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"missing dext", "dext without Info.plist", "missing entitlements", "malformed entitlements",
        "unknown option", "bad driver-servers", "bad crash limit", "bad throttle"})
    void shouldRefuseABadStartWithOneLineAndExitStatusTwo(String problem) throws Exception {
        final List<String> args = new ArrayList<>(List.of("--socket", socket.toString()));
        final String path = classPath; // the built-in protocol server is always there: no "no handler" start
        String expected;
        switch (problem) {
            case "missing dext" -> {
                args.addAll(List.of("--dext", directory.resolve("nowhere").toString()));
                expected = "kerneld: --dext " + directory.resolve("nowhere") + ": there is no such file or directory";
            }
            case "dext without Info.plist" -> {
                args.addAll(List.of("--dext", Files.createDirectory(directory.resolve("empty")).toString()));
                expected = "kerneld: --dext " + directory.resolve("empty") + ": the directory holds no";
            }
            case "missing entitlements" -> {
                args.addAll(List.of("--entitlements", directory.resolve("absent.plist").toString()));
                expected = "kerneld: --entitlements " + directory.resolve("absent.plist") + ": there is no such file";
            }
            case "malformed entitlements" -> {
                final Path file = Files.writeString(directory.resolve("bad.plist"), "<plist><dict><key>x</plist>");
                args.addAll(List.of("--entitlements", file.toString()));
                expected = "kerneld: --entitlements " + file + ": it is not an XML property list (line 1";
            }
            case "bad driver-servers" -> { // issue 10: where driver servers run
                args.addAll(List.of("--driver-servers", "threads"));
                expected = "kerneld: --driver-servers threads: expected process or in-daemon";
            }
            case "bad crash limit" -> {
                args.addAll(List.of("--crash-limit", "three"));
                expected = "kerneld: crash limit 'three': expected COUNT/DURATION, e.g. 3/1d";
            }
            case "bad throttle" -> {
                args.addAll(List.of("--restart-throttle", "10 parsecs"));
                expected = "kerneld: duration '10 parsecs': expected a number and a unit";
            }
            default -> {
                args.add("--sockets");
                expected = "Unknown option: '--sockets'";
            }
        }
        try (DaemonProcess daemon = DaemonProcess.start(path, List.of(), args)) {
            assertThat(daemon.exitStatus(60)).isEqualTo(2);
            assertThat(daemon.errors()).startsWith(expected);
            if (!problem.equals("unknown option")) { // picocli adds the usage after its message
                assertThat(daemon.errors().strip().lines()).hasSize(1);
            }
            assertThat(daemon.nextLine(60)).as("nothing on standard output").isEqualTo(DaemonProcess.END);
            assertThat(socket).doesNotExist();
        }
    }

    private static int count(String text, String part) {
        return (int) Pattern.compile(Pattern.quote(part)).matcher(text).results().count();
    }
}
