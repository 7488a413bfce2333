package org.iokit4j.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iokit4j.tools.ToolRun.BUNDLE;
import static org.iokit4j.tools.ToolRun.DRIVER;

import java.util.List;
import org.iokit4j.testsupport.DaemonProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The tools' suite against a kernel daemon in a child JVM serving the test dext ({@code --kernel unix:PATH}; issue 9,
 * deliverable 6), and what only a daemon does: the same output as embedded, and the notes for options a daemon
 * ignores. The daemon is stopped by its pid after the class, and no process of it may be left.
 */
class DaemonToolsTest extends CarrierToolsSuite {
    private static final List<String> EMBEDDED = List.of("--kernel", "embedded", "--no-discover", "--bundle", BUNDLE);

    private static DaemonProcess daemon;

    @BeforeAll
    static void startDaemon() throws Exception {
        daemon = DaemonProcess.start(null, BUNDLE);
    }

    @AfterAll
    static void stopDaemon() throws Exception {
        if (daemon != null) {
            final long pid = daemon.pid();
            daemon.close();
            assertThat(daemon.exists()).as("kerneld pid=%d after close", pid).isFalse();
            assertThat(ProcessHandle.current().descendants().map(ProcessHandle::pid)).doesNotContain(pid);
        }
    }

    @Override
    List<String> kernelArgs() {
        return List.of("--kernel", daemon.kernel());
    }

    private static ToolRun embedded(Object command, String... args) {
        final String[] all = new String[EMBEDDED.size() + args.length];
        EMBEDDED.toArray(all);
        System.arraycopy(args, 0, all, EMBEDDED.size(), args.length);
        return ToolRun.of(command, all);
    }

    @Test
    void shouldPrintTheSameTreeAndPropertiesAsEmbedded() {
        final ToolRun remote = ioreg("-l");
        final ToolRun local = embedded(new Ioreg(), "-l");

        assertThat(remote.exitCode()).as(remote.toString()).isZero();
        assertThat(remote.out()).as(daemon.errors()).isEqualTo(local.out()).contains("+-o " + DRIVER);
        assertThat(remote.err()).isEmpty();
    }

    @Test
    void shouldGiveTheSameCallResultsAndExplanationsAsEmbedded() {
        final String[][] calls = {
            {"-n", DRIVER, "-s", "0", "--scalars", "0x10,1", "--scalar-outputs", "1"},
            {"-n", DRIVER, "-s", "1", "--struct-hex", "48656c6c6f00ff", "--struct-output", "64"},
            {"-n", DRIVER, "-s", "0", "--scalars", "2,3", "--scalar-outputs", "2"},
            {"-n", DRIVER, "-s", "7"},
        };
        for (String[] call : calls) {
            final ToolRun remote = iocall(call);
            final ToolRun local = embedded(new Iocall(), call);

            assertThat(remote).as(String.join(" ", call)).isEqualTo(local);
        }
    }

    // contract.md §6: a client's entitlements in daemon mode are what the daemon grants, never what it claims
    @Test
    void shouldSayOnOneLineThatEntitlementsAreIgnored() {
        final ToolRun run = iocall("--entitlement", "com.example.flag=true", "-n", DRIVER, "-s", "0", "--scalars",
                "2,3", "--scalar-outputs", "1");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("[0] 5 (0x5)");
        assertThat(run.err()).isEqualTo("iocall: --entitlement is ignored with kernel " + daemon.kernel()
                + ": the kernel daemon grants this user's apps the entitlements of its own --entitlements file,"
                + " never what an app claims\n");
    }

    @Test
    void shouldSayOnOneLineThatBundleOptionsAreIgnored() {
        final ToolRun run = ioreg("--no-discover", "--bundle", "bundles/nowhere/Info.plist", "-n", DRIVER);

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("+-o " + DRIVER).doesNotContain("problems:");
        assertThat(run.err()).isEqualTo("ioreg: --bundle and --no-discover are ignored with kernel "
                + daemon.kernel() + ": the kernel daemon loads the dexts given with its own --dext\n");
    }
}
