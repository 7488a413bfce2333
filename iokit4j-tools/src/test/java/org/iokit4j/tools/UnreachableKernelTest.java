package org.iokit4j.tools;

import static org.assertj.core.api.Assertions.assertThat;

import org.iokit4j.mig.KernelProvider;
import org.junit.jupiter.api.Test;

/**
 * A kernel the tools cannot reach (issue 9, deliverable 6; contract.md §6: a daemon that is not there is a failing
 * call with an explanation): one line with the code and the carrier's explanation, exit code 1, no stack trace; a
 * kernel no carrier serves is an unusable argument, named with the carriers there are.
 */
class UnreachableKernelTest {
    private static final String NO_DAEMON = "unix:/nonexistent/kerneld.sock";

    private static void assertOneLineExplanation(ToolRun run, String tool) {
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.out()).as(run.toString()).isEmpty();
        assertThat(run.err()).as(run.toString())
                .startsWith(tool + ": kIOReturnNotReady (0xE00002D8): kernel " + NO_DAEMON
                        + ": no kernel daemon answers at /nonexistent/kerneld.sock")
                .endsWith("\n").hasLineCount(1).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void shouldExplainInOneLineThatIoregFindsNoDaemon() {
        assertOneLineExplanation(ToolRun.of(new Ioreg(), "--kernel", NO_DAEMON, "-l"), "ioreg");
    }

    @Test
    void shouldExplainInOneLineThatIocallFindsNoDaemon() {
        assertOneLineExplanation(ToolRun.of(new Iocall(), "--kernel", NO_DAEMON, "-n", "AnyDriver", "-s", "0"),
                "iocall");
    }

    // contract.md §5: without --kernel, the tools reach the kernel iokit4j.kernel names, as every app does
    @Test
    void shouldTakeTheKernelFromTheSystemPropertyByDefault() {
        final String before = System.getProperty(KernelProvider.KERNEL_PROPERTY);
        System.setProperty(KernelProvider.KERNEL_PROPERTY, NO_DAEMON);
        try {
            assertOneLineExplanation(ToolRun.of(new Ioreg()), "ioreg");
        } finally {
            if (before == null) {
                System.clearProperty(KernelProvider.KERNEL_PROPERTY);
            } else {
                System.setProperty(KernelProvider.KERNEL_PROPERTY, before);
            }
        }
    }

    @Test
    void shouldNameTheValueAndTheCarriersWhenNoneServesIt() {
        final ToolRun run = ToolRun.of(new Ioreg(), "--kernel", "tcp:localhost:1");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.err()).as(run.toString())
                .startsWith("ioreg: no carrier serves the kernel 'tcp:localhost:1' (--kernel,")
                .contains("org.iokit4j.remote.UnixKernelProvider (unix:PATH)")
                .contains("org.iokit4j.kernel.EmbeddedKernelProvider (embedded)").hasLineCount(1);
    }
}
