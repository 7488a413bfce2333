package org.iokit4j.examples.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.iokit4j.examples.nulldriver.NullDriverApp;
import org.iokit4j.examples.seed.SeedDemo;
import org.iokit4j.testsupport.DaemonProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The examples' apps, unchanged, in JVMs of their own against a kernel daemon (issue 9 deliverable 4): nothing but
 * {@code IOKIT4J_KERNEL=unix:PATH} set, and only the client side (iokit4j-core with Agrona, iokit4j-iokitlib and the example's
 * own classes) on their class path; the dexts run in the daemon, given with {@code --dext}.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class AppsInOtherJvmsTest {
    static final String ENTITLEMENTS = """
            <?xml version="1.0" encoding="UTF-8"?>
            <plist version="1.0"><dict><key>*</key><dict>
              <key>com.apple.developer.driverkit.userclient-access</key>
              <array><string>org.iokit4j.examples.MyDriver</string><string>org.iokit4j.examples.NullDriver</string>
              </array>
            </dict></dict></plist>
            """;

    private static DaemonProcess daemon;

    @BeforeAll
    static void startDaemon() throws IOException {
        final Path directory = Files.createTempDirectory("iokit4j-examples-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        daemon = DaemonProcess.start(directory, directory.resolve("kerneld.sock"), ENTITLEMENTS,
                List.of(examplesClasses()));
    }

    @AfterAll
    static void stopDaemon() throws Exception {
        try {
            assertThat(daemon.terminate()).as("SIGTERM: exit status 0; errors: %s", daemon.errors()).isZero();
        } finally {
            daemon.close();
        }
    }

    @Test
    void shouldRunTheSeedDemoAgainstTheDaemon() throws Exception { // the seed, across processes
        final String output = runApp(SeedDemo.class, "");
        assertThat(output).contains("kIOReturnBadArgument", "MACH_PORT_NULL")
                .contains("Got callback of 'Register Async Callback' from dext")
                .contains("Got callback of 'Async Request' from dext with returned data {foo=42, bar=84}")
                .contains("both run loops were stopped by the callback");
    }

    @Test
    void shouldRunTheNullDriverAppAgainstTheDaemon() throws Exception { // Apple's sample, across processes
        final String output = runApp(NullDriverApp.class, "1\n2\n3\n4\n5\n6\n7\n0\n");
        assertThat(output).contains("Opened connection to dext.")
                .contains("Output of size 16: { 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 }")
                .contains(".foo = 301").doesNotContain("Exception");
    }

    /** Runs {@code main} with the client side only and {@code IOKIT4J_KERNEL}; {@return its output} */
    private static String runApp(Class<?> main, String input) throws Exception {
        final ProcessBuilder builder = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin",
                "java").toString(), "-Xmx64m", "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED", "-cp",
                clientClassPath(), main.getName())).redirectErrorStream(true);
        builder.environment().put("IOKIT4J_KERNEL", "unix:" + daemon.socket());
        final Process app = builder.start();
        try {
            app.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
            app.getOutputStream().close();
            final String output = new String(app.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(app.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(app.exitValue()).as(output).isZero();
            return output;
        } finally {
            app.destroyForcibly();
            app.waitFor(60, TimeUnit.SECONDS);
        }
    }

    /**
     * {@return iokit4j-core, its one dependency (Agrona, for the direct path's rings), iokit4j-iokitlib and the
     * examples' classes from this JVM's class path: nothing else}
     */
    private static String clientClassPath() {
        final List<String> entries = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> entry.contains("iokit4j-core") || entry.contains("iokit4j-iokitlib")
                        || entry.contains("agrona") || Path.of(entry).equals(examplesClasses()))
                .collect(Collectors.toList());
        assertThat(entries).as("core, agrona, iokitlib, examples").hasSize(4);
        assertThat(entries).noneMatch(entry -> entry.contains("iokit4j-kernel") || entry.contains("driverkit"));
        return String.join(File.pathSeparator, entries);
    }

    private static Path examplesClasses() {
        try {
            return Path.of(SeedDemo.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
