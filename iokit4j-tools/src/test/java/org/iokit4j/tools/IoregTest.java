package org.iokit4j.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iokit4j.tools.ToolRun.BUNDLE;
import static org.iokit4j.tools.ToolRun.DRIVER;

import org.junit.jupiter.api.Test;

class IoregTest {

    @Test
    void shouldPrintTheServicePlaneWithTheTestService() {
        final ToolRun run = ToolRun.of(new Ioreg(), "--no-discover", "--bundle", BUNDLE);

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).startsWith("+-o Root  <class IORegistryEntry, id 0x100000100")
                .containsPattern("  \\+-o IOResources  <class IOResources, id 0x100000101, busy 0, retain \\d+>")
                .containsPattern("  \\+-o IOUserResources  <class IOUserResources, id 0x100000102, busy 0,"
                        + " retain \\d+>")
                .containsPattern("\n    \\+-o " + DRIVER.replace(".", "\\.")
                        + "  <class IOUserService, id 0x[0-9a-f]+, busy 0, retain \\d+>")
                .doesNotContain("problems:");
    }

    @Test
    void shouldPrintPropertiesWithNestedValuesIndented() {
        final ToolRun run = ToolRun.of(new Ioreg(), "--no-discover", "--bundle", BUNDLE, "-l");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("\"ToolTestColour\" = \"green\"")
                .contains("\"ToolTestSerial\" = <00ff10>")
                .contains("\"UserClientProperties\" = {\n")
                .contains("  \"IOUserClass\" = \"org.iokit4j.tools.tooltest.ToolTestUserClient\"\n")
                .contains("\"ToolTestRanges\" = (\n");
    }

    @Test
    void shouldShowOnlyTheNamedEntryAndItsAncestors() {
        final ToolRun run = ToolRun.of(new Ioreg(), "--no-discover", "--bundle", BUNDLE, "-n", DRIVER, "-l");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("+-o Root").contains("+-o IOUserResources").contains("+-o " + DRIVER)
                .contains("\"ToolTestColour\" = \"green\"")
                .doesNotContain("IOResources  <");
    }

    @Test
    void shouldFilterByClass() {
        final ToolRun run = ToolRun.of(new Ioreg(), "--no-discover", "--bundle", BUNDLE, "-c", "IOUserService");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("+-o " + DRIVER).doesNotContain("IOResources  <");
    }

    @Test
    void shouldFailWhenTheFilterMatchesNothing() {
        final ToolRun run = ToolRun.of(new Ioreg(), "--no-discover", "-n", "NoSuchDriver");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.err()).contains("no registry entry matches -n NoSuchDriver");
    }

    @Test
    void shouldReportAMalformedBundleAsAProblem() {
        final ToolRun run = ToolRun.of(new Ioreg(), "--no-discover", "--bundle", BUNDLE,
                "--bundle", "bundles/malformed/Info.plist");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.out()).contains("+-o " + DRIVER)
                .containsPattern("\nproblems:\n  --bundle bundles/malformed/Info.plist: .*not a valid property list");
    }

    @Test
    void shouldReportAMissingBundleAsAProblem() {
        final ToolRun run = ToolRun.of(new Ioreg(), "--no-discover", "--bundle", "bundles/nowhere/Info.plist");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.out()).contains("problems:\n  --bundle bundles/nowhere/Info.plist: ")
                .contains("no such resource");
    }
}
