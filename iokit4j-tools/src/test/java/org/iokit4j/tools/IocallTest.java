package org.iokit4j.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iokit4j.tools.ToolRun.BUNDLE;
import static org.iokit4j.tools.ToolRun.DRIVER;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IocallTest {
    private static final String[] BOOT = {"--no-discover", "--bundle", BUNDLE, "-n", DRIVER};

    private static ToolRun iocall(String... args) {
        final String[] all = new String[BOOT.length + args.length];
        System.arraycopy(BOOT, 0, all, 0, BOOT.length);
        System.arraycopy(args, 0, all, BOOT.length, args.length);
        return ToolRun.of(new Iocall(), all);
    }

    @Test
    void shouldSumTwoScalars() {
        final ToolRun run = iocall("-s", "0", "--scalars", "2,3", "--scalar-outputs", "1");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("scalar outputs: 1\n  [0] 5 (0x5)\n").contains("structure output: 0 bytes");
    }

    @Test
    void shouldEchoAStructureAsAHexDump() {
        final ToolRun run = iocall("-s", "1", "--struct-hex", "00ff41 42", "--struct-output", "16");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("structure output: 4 bytes\n  00000000  00 ff 41 42 ")
                .contains("|..AB|");
    }

    @Test
    void shouldSendAStructureReadFromAFile(@TempDir Path directory) throws Exception {
        final Path file = Files.write(directory.resolve("input.bin"), "hello".getBytes());

        final ToolRun run = iocall("-s", "1", "--struct-file", file.toString(), "--struct-output", "64");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("structure output: 5 bytes").contains("68 65 6c 6c 6f").contains("|hello|");
    }

    @Test
    void shouldExplainAWrongOutputCount() {
        final ToolRun run = iocall("-s", "0", "--scalars", "2,3", "--scalar-outputs", "2");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.err()).contains("failed: kIOReturnBadArgument (0xE00002C2)")
                .contains("checkScalarOutputCount");
    }

    @Test
    void shouldFailWithNotFoundForAnUnknownService() {
        final ToolRun run = ToolRun.of(new Iocall(), "--no-discover", "--bundle", BUNDLE, "-n", "NoSuchDriver",
                "-s", "0");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.err()).contains("kIOReturnNotFound (0xE00002F0)").contains("no registered service matches");
    }

    @Test
    void shouldOpenAsATaskWithTheGivenEntitlements() {
        final ToolRun run = iocall("--entitlement", "com.apple.developer.driverkit.userclient-access=a.b,c.d",
                "--entitlement", "com.example.flag=true", "-s", "0", "--scalars", "0x10,1", "--scalar-outputs", "1");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("[0] 17 (0x11)");
    }

    @Test
    void shouldRefuseMalformedHexBeforeBooting() {
        final ToolRun run = iocall("-s", "1", "--struct-hex", "abc");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.err()).contains("struct-hex=abc is not hex bytes");
    }
}
