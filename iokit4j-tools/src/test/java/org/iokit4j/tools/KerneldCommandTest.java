package org.iokit4j.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iokit4j.tools.ToolRun.BUNDLE;
import static org.iokit4j.tools.ToolRun.DRIVER;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.iokit4j.testsupport.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code iokit4j kerneld} runs the kernel daemon in the command's own JVM (issue 12, deliverable 3; contract.md §6):
 * started in a child JVM through the one command line, it prints the daemon's ready line, serves {@code iokit4j
 * ioreg --kernel unix:PATH}, and SIGTERM (sent to its pid) stops it with exit status 0, leaving no process (its
 * driver servers included) and no socket behind.
 */
class KerneldCommandTest {

    @Test
    void shouldRunTheDaemonUntilSigtermAndLeaveNothingBehind(@TempDir Path scratch) throws Exception {
        final Path directory = Files.createDirectory(scratch.resolve("kerneld"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        final Path socket = directory.resolve("kerneld.sock");
        final Path dext = dext(directory.resolve("dext"));
        final String classPath = System.getProperty("java.class.path");

        try (ChildJvm cli = ChildJvm.start(Iokit4j.class, List.of(), "kerneld", "--socket", socket.toString(),
                "--dext", dext.toString(), "--server-class-path", classPath, "--server-jvm-option", "-Xmx128m")) {
            assertThat(cli.firstLine(60)).as(cli.errors()).isEqualTo("iokit4j kerneld ready on " + socket);
            final ProcessHandle daemon = ProcessHandle.of(cli.pid()).orElseThrow();

            final ToolRun ioreg = ToolRun.iokit4j("ioreg", "--kernel", "unix:" + socket, "-n", DRIVER);
            assertThat(ioreg.exitCode()).as(ioreg + cli.errors()).isZero();
            assertThat(ioreg.out()).contains("+-o " + DRIVER + "  <class IOUserService");
            final List<ProcessHandle> servers = daemon.descendants().toList();
            assertThat(servers).as("the dext's driver server JVM").isNotEmpty();

            daemon.destroy(); // SIGTERM
            daemon.onExit().get(60, TimeUnit.SECONDS);
            for (ProcessHandle server : servers) {
                server.onExit().get(60, TimeUnit.SECONDS);
            }

            assertThat(cli.kill()).as("exit status after SIGTERM; " + cli.errors()).isZero();
            assertThat(cli.exists()).isFalse();
            assertThat(servers).noneMatch(ProcessHandle::isAlive);
            assertThat(socket).doesNotExist();
        }
    }

    /** {@return a dext directory holding the test bundle's Info.plist (its classes are on the class path)} */
    private static Path dext(Path dext) throws Exception {
        final Path plist = dext.resolve("META-INF/driverkit/Info.plist");
        Files.createDirectories(plist.getParent());
        try (InputStream in = KerneldCommandTest.class.getClassLoader().getResourceAsStream(BUNDLE)) {
            Files.write(plist, in.readAllBytes());
        }
        return dext;
    }
}
