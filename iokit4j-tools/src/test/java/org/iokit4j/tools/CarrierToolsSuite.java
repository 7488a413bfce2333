package org.iokit4j.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iokit4j.tools.ToolRun.DRIVER;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What {@code ioreg} and {@code iocall} print for the test dext, whatever carrier reaches its kernel (issue 9,
 * deliverable 6: the tools on the boundary; style.md: one suite, subclassed per carrier). Each subclass names the
 * kernel with {@link #kernelArgs()}: the embedded one booted with the test bundle, or a kernel daemon in a child JVM
 * serving it as a dext.
 */
abstract class CarrierToolsSuite {

    /** {@return the options that make a tool reach this carrier's kernel with the test dext in it} */
    abstract List<String> kernelArgs();

    ToolRun ioreg(String... args) {
        return ToolRun.of(new Ioreg(), with(args));
    }

    ToolRun iocall(String... args) {
        return ToolRun.of(new Iocall(), with(args));
    }

    private String[] with(String... args) {
        final List<String> all = new ArrayList<>(kernelArgs());
        all.addAll(List.of(args));
        return all.toArray(String[]::new);
    }

    @Test
    void shouldPrintTheServicePlaneThroughIOKitLibsRegistryFunctions() {
        final ToolRun run = ioreg();

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).containsPattern("^\\+-o Root  <class IORegistryEntry, id 0x100000100, retain \\d+>\n")
                .containsPattern("\n  \\+-o IOResources  <class IOResources, id 0x100000101, busy 0, retain \\d+>\n")
                .containsPattern("\n  \\+-o IOUserResources  <class IOUserResources, id 0x100000102, busy 0,"
                        + " retain \\d+>\n")
                .containsPattern("\n    \\+-o " + DRIVER.replace(".", "\\.")
                        + "  <class IOUserService, id 0x[0-9a-f]+, busy 0, retain \\d+>")
                .doesNotContain("problems:");
    }

    @Test
    void shouldPrintTheDextsPropertiesWithL() {
        final ToolRun run = ioreg("-n", DRIVER, "-l");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("\"ToolTestColour\" = \"green\"").contains("\"ToolTestSerial\" = <00ff10>")
                .contains("\"ToolTestRanges\" = (\n").doesNotContain("IOResources  <");
    }

    // the kernel's class test (IOProviderClass matching) finds IOService's subclasses: ancestors, not just IOClass
    @Test
    void shouldFilterByAnAncestorClass() {
        final ToolRun run = ioreg("-c", "IOService");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("+-o Root").contains("+-o IOResources").contains("+-o IOUserResources")
                .contains("+-o " + DRIVER);
    }

    @Test
    void shouldFilterByTheDextsUserClass() {
        final ToolRun run = ioreg("-c", "ToolTestDriver");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("+-o " + DRIVER).doesNotContain("IOResources  <");
    }

    @Test
    void shouldSumTwoScalarsThroughIOKitLib() {
        final ToolRun run = iocall("-n", DRIVER, "-s", "0", "--scalars", "2,3", "--scalar-outputs", "1");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).isEqualTo("scalar outputs: 1\n  [0] 5 (0x5)\nstructure output: 0 bytes\n");
    }

    @Test
    void shouldEchoAStructure() {
        final ToolRun run = iocall("-n", DRIVER, "-s", "1", "--struct-hex", "00ff4142", "--struct-output", "16");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("structure output: 4 bytes\n  00000000  00 ff 41 42 ").contains("|..AB|");
    }

    // apple-semantics.md §10.5: the explanation crosses the boundary with the code
    @Test
    void shouldExplainAWrongOutputCount() {
        final ToolRun run = iocall("-n", DRIVER, "-s", "0", "--scalars", "2,3", "--scalar-outputs", "2");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.err()).contains("failed: kIOReturnBadArgument (0xE00002C2)\n")
                .contains("checkScalarOutputCount=1, scalarOutputCount=2");
    }

    @Test
    void shouldFailWithNotFoundForAnUnknownService() {
        final ToolRun run = iocall("-n", "NoSuchDriver", "-s", "0");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.err()).contains("kIOReturnNotFound (0xE00002F0)").contains("no registered service matches");
    }
}
