package org.iokit4j.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iokit4j.tools.ToolRun.DRIVER;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

    /** {@return the run of {@code iokit4j COMMAND ARGS}, the kernel options after the command's name} */
    ToolRun iokit4j(String command, String... args) {
        final List<String> all = new ArrayList<>(List.of(command));
        all.addAll(List.of(with(args)));
        return ToolRun.iokit4j(all.toArray(String[]::new));
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

    // issue 12 §3: call makes async selectors, waits for the completion and prints it (status, name, args); the
    // test dext completes later, from its dispatch queue (apple-semantics.md §10.2: the args arrive whole)
    @Test
    void shouldWaitForAnAsyncCompletionAndPrintIt() {
        final ToolRun run = iokit4j("call", "-n", DRIVER, "-s", "2", "--scalars", "7,0x10,9", "--async",
                "--timeout", "30s");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).isEqualTo("scalar outputs: 0\nstructure output: 0 bytes\n"
                + "completion: kIOReturnSuccess (0x00000000), 3 args\n  [0] 7 (0x7)\n  [1] 16 (0x10)\n  [2] 9 (0x9)\n");
        assertThat(run.err()).isEmpty();
    }

    // issue 12 §3 and apple-semantics.md §10.6: an async call the driver never completes (its OSAction is not kept)
    // ends the wait at once with the kernel's reason, not with the timeout
    @Test
    void shouldExplainAnAsyncCallThatCanNeverComplete() {
        final ToolRun run = iokit4j("call", "-n", DRIVER, "-s", "3", "--async", "--timeout", "60s");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.err()).startsWith("iokit4j call: " + DRIVER + " selector 3 failed: kIOReturnAborted")
                .contains("selector=3");
    }

    // issue 12 §3 and apple-semantics.md §2.2: a 64 KiB structure output travels as the caller's memory through a
    // descriptor, which the driver fills; all of it is printed
    @Test
    void shouldPrintA64KiBStructureOutput() {
        final ToolRun run = iokit4j("call", "-n", DRIVER, "-s", "4", "--scalars", "1", "--struct-output", "65536");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).startsWith("scalar outputs: 0\nstructure output: 65536 bytes\n"
                        + "  00000000  01 02 03 04 05 06 07 08  09 0a 0b 0c 0d 0e 0f 10  |................|\n")
                .endsWith("  0000fff0  f1 f2 f3 f4 f5 f6 f7 f8  f9 fa fb fc fd fe ff 00  |................|\n")
                .hasLineCount(2 + 65536 / 16);
    }

    // issue 12 §3: a structure from a file, over 4096 bytes each way (descriptors both ways), back into a file
    @Test
    void shouldEchoAStructureFileOverAPageIntoAFile(@TempDir Path directory) throws Exception {
        final byte[] bytes = new byte[10_000];
        new SplittableRandom(12).nextBytes(bytes);
        final Path input = Files.write(directory.resolve("in.bin"), bytes);
        final Path output = directory.resolve("out.bin");

        final ToolRun run = iokit4j("call", "-n", DRIVER, "-s", "1", "--struct-file", input.toString(),
                "--struct-output", "10000", "--out-file", output.toString());

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).isEqualTo("scalar outputs: 0\nstructure output: 10000 bytes, written to " + output
                + "\n");
        assertThat(Files.readAllBytes(output)).isEqualTo(bytes);
    }

    // issue 12 §3, Apple's ioreg -r: the subtree rooted at each match, from the left margin, without ancestors
    @Test
    void shouldShowTheSubtreeRootedAtTheMatchWithR() {
        final ToolRun run = iokit4j("ioreg", "-r", "-c", "IOUserResources");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).containsPattern("^\\+-o IOUserResources  <class IOUserResources, id 0x100000102, busy 0,"
                        + " retain \\d+>\n  \\+-o " + DRIVER.replace(".", "\\.") + "  <class IOUserService, ")
                .endsWith(">\n\n").doesNotContain("Root").doesNotContain("IOResources  <");
    }

    // Apple's ioreg -r -l: every entry of the subtree shows its properties; the search does not go on inside a match
    @Test
    void shouldShowTheMatchedSubtreesPropertiesWithRAndL() {
        final ToolRun run = iokit4j("ioreg", "-r", "-l", "-n", DRIVER);

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).startsWith("+-o " + DRIVER + "  <class IOUserService")
                .contains("  \"ToolTestColour\" = \"green\"\n").doesNotContain("+-o IOUserResources");
    }

    @Test
    void shouldFailWhenRMatchesNothing() {
        final ToolRun run = iokit4j("ioreg", "-r", "-n", "NoSuchDriver");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("iokit4j ioreg: no registry entry matches -n NoSuchDriver");
    }
}
