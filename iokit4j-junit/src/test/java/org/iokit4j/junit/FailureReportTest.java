package org.iokit4j.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iokit4j.iokitlib.IOKitLib.IOServiceOpen;
import static org.iokit4j.iokitlib.IOKitLib.kIOReturnSuccess;
import static org.iokit4j.iokitlib.IOKitLib.mach_task_self;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The failure report (issue 12 deliverable 2: "on failure prints the kernel's problems and the last failures"): a test
 * that fails keeps its own failure, with the kernel's problems, the test thread's last failure, the registered services
 * and the task added to it as a suppressed {@link KernelReport} and published as a report entry.
 */
class FailureReportTest {

    /** Fails on purpose after a faithful call failed, in a kernel with one driver that could not be made. */
    @IOKitTest(bundles = {"META-INF/driverkit/Info.plist", "bundles/broken/Info.plist"}, manualClock = true)
    static class FailingExample {
        @Test
        void fails() {
            final int[] connect = new int[1];
            assertThat(IOServiceOpen(0x4242, mach_task_self(), 0, connect)).isNotEqualTo(kIOReturnSuccess);
            assertThat("the driver's answer").as("the test's own assertion").isEqualTo("another answer");
        }
    }

    /** Fails in {@code @BeforeEach}: the report is added there too. */
    @IOKitTest(bundles = "META-INF/driverkit/Info.plist")
    static class FailingSetUpExample {
        @BeforeEach
        void setUp() {
            throw new IllegalStateException("set-up failed on purpose");
        }

        @Test
        void neverRuns() {
            throw new AssertionError("not reached");
        }
    }

    @Test
    void keepsTheTestsOwnFailureAndAddsWhatTheKernelKnew() {
        final ExampleRuns run = ExampleRuns.of(FailingExample.class);

        final Throwable failure = run.onlyFailure();
        assertThat(failure).as("the failure is the test's own, not swallowed or wrapped")
                .isInstanceOf(AssertionError.class).hasMessageContaining("the test's own assertion");
        assertThat(failure.getSuppressed()).singleElement().isInstanceOf(KernelReport.class);
        final String report = failure.getSuppressed()[0].getMessage();
        assertThat(report)
                .contains("kernel 'FailingExample.fails'")
                .contains("last failure on the test thread (Diagnostics.lastFailure()): ")
                .contains("IOServiceOpen")
                .contains("kernel problems (Kernel.problems()): 1")
                .contains("org.iokit4j.junit.tick.NoSuchDriver")
                .contains("registered services: [org.iokit4j.junit.tick.TickDriver]")
                .contains("test task: test.fails")
                .contains("manual clock: ManualClock[now=1000000000 ns, 0 armed]");
        assertThat(run.reportEntries()).as("published for the build's report too")
                .containsExactly(java.util.Map.of(KernelReport.REPORT_KEY, report));
    }

    @Test
    void reportsAFailingLifecycleMethodToo() {
        final ExampleRuns run = ExampleRuns.of(FailingSetUpExample.class);

        final Throwable failure = run.onlyFailure();
        assertThat(failure).isInstanceOf(IllegalStateException.class).hasMessage("set-up failed on purpose");
        assertThat(failure.getSuppressed()).singleElement().isInstanceOf(KernelReport.class)
                .extracting(Throwable::getMessage).asString()
                .contains("kernel problems (Kernel.problems()): none")
                .contains("last failure on the test thread (Diagnostics.lastFailure()): none");
    }
}
