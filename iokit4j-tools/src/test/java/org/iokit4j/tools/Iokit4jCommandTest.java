package org.iokit4j.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iokit4j.tools.ToolRun.BUNDLE;
import static org.iokit4j.tools.ToolRun.DRIVER;

import org.junit.jupiter.api.Test;

/**
 * The one command line, {@code iokit4j} (issue 12, deliverable 3): its subcommands, picocli's completion script and
 * the daemon's options, each run through {@link picocli.CommandLine#execute} with the output captured.
 */
class Iokit4jCommandTest {

    @Test
    void shouldListEveryCommandInItsHelp() {
        final ToolRun run = ToolRun.iokit4j("--help");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).startsWith("Usage: iokit4j [-hV] [COMMAND]")
                .containsPattern("\n  ioreg +Prints the I/O Registry")
                .containsPattern("\n  call +As a task of an iokit4j kernel")
                .containsPattern("\n  kerneld +The iokit4j kernel daemon")
                .containsPattern("\n  trace +Turns a JFR recording of iokit4j events")
                .containsPattern("\n  generate-completion +Generate bash/zsh completion script for iokit4j");
    }

    @Test
    void shouldAskForACommandWhenGivenNone() {
        final ToolRun run = ToolRun.iokit4j();

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.err()).startsWith("Missing required subcommand\nUsage: iokit4j");
    }

    @Test
    void shouldPrintTheVersionMavenRecorded() {
        final ToolRun run = ToolRun.iokit4j("--version");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).startsWith("iokit4j ").contains("(Java " + Runtime.version() + ")");
    }

    // issue 12 §3: shell completion, picocli's generated script, which knows every command and its options
    @Test
    void shouldGenerateACompletionScriptForEveryCommand() {
        final ToolRun run = ToolRun.iokit4j("generate-completion");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).startsWith("#!/usr/bin/env bash")
                .contains("complete -F _complete_iokit4j -o default iokit4j")
                .contains("function _picocli_iokit4j_ioreg()").contains("function _picocli_iokit4j_call()")
                .contains("function _picocli_iokit4j_kerneld()").contains("function _picocli_iokit4j_trace()")
                .contains("--struct-file").contains("--async").contains("--dext").contains("--kernel");
    }

    // issue 12 §3: kerneld is the daemon's own command (contract.md §6), run in this JVM: the same options
    @Test
    void shouldShowTheDaemonsOptionsInKerneldHelp() {
        final ToolRun run = ToolRun.iokit4j("kerneld", "--help");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).startsWith("Usage: iokit4j kerneld ").contains("--socket=PATH").contains("--dext=PATH")
                .contains("--entitlements=FILE").contains("--driver-servers=WHERE")
                .contains("The iokit4j kernel daemon");
        assertThat(run.err()).isEmpty();
    }

    // issue 12 §3: --kernel picks the kernel on each subcommand; messages name the command as it was invoked
    @Test
    void shouldNameTheSubcommandInItsMessages() {
        final ToolRun run = ToolRun.iokit4j("call", "--kernel", "unix:/nonexistent/kerneld.sock", "-n", "Any",
                "-s", "0");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.err()).startsWith("iokit4j call: kIOReturnNotReady (0xE00002D8): kernel "
                + "unix:/nonexistent/kerneld.sock: no kernel daemon answers").hasLineCount(1);
    }

    @Test
    void shouldRefuseAMalformedTimeoutBeforeBooting() {
        final ToolRun run = ToolRun.iokit4j("call", "--no-discover", "-n", DRIVER, "-s", "2", "--async",
                "--timeout", "soon");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("iokit4j call: timeout=soon is not a positive duration (e.g. 500ms, 10s,"
                + " 2m)\n");
    }

    @Test
    void shouldRefuseANegativeStructureOutput() {
        final ToolRun run = ToolRun.iokit4j("call", "--no-discover", "--bundle", BUNDLE, "-n", DRIVER, "-s", "4",
                "--struct-output", "-1");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.err()).startsWith("iokit4j call: struct-output=-1 is outside 0..");
    }

    // issue 12 §3: the wait for a completion is bounded by --timeout, and says so with kIOReturnTimeout
    @Test
    void shouldStopWaitingForACompletionAfterTheTimeout() {
        final ToolRun run = ToolRun.iokit4j("call", "--no-discover", "--bundle", BUNDLE, "-n", DRIVER, "-s", "5",
                "--async", "--timeout", "300ms");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.out()).isEqualTo("scalar outputs: 0\nstructure output: 0 bytes\n");
        assertThat(run.err()).isEqualTo("iokit4j call: " + DRIVER + " selector 5 failed: kIOReturnTimeout"
                + " (0xE00002D6)\n  the call returned, but no completion arrived within --timeout 300ms (the driver"
                + " still holds the call's OSAction, or completes later: give a longer --timeout)\n");
    }
}
