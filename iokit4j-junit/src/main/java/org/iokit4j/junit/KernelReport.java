package org.iokit4j.junit;

import java.util.List;
import org.iokit4j.Diagnostics;
import org.iokit4j.Failure;
import org.iokit4j.kernel.Kernel;
import org.iokit4j.kernel.registry.RegistryEntry;

/**
 * What the kernel knew when a test failed, added to the failure as a suppressed exception (so it prints under the
 * failure's stack trace, which stays the test's own) and published as the report entry {@value #REPORT_KEY}: the
 * kernel's boot and run problems ({@link Kernel#problems()}), the test thread's last failure
 * ({@link Diagnostics#lastFailure()}), the registered services, the test task, and the manual clock if any.
 *
 * <p><b>Concurrency.</b> Immutable once made.
 */
public final class KernelReport extends RuntimeException {
    /** The key of the report entry the extension publishes with the same text. */
    public static final String REPORT_KEY = "iokit4j.kernel";

    private static final long serialVersionUID = 1L;

    /** Makes a report carrying {@code text}. */
    KernelReport(String text) {
        super(text, null, false, false); // no stack trace: it is a report, not a place in the code
    }

    /** {@return the text of the report on {@code session}'s kernel, for a test running as {@code task} (or null)} */
    static String text(KernelSession session, TestTask task) {
        final Kernel kernel = session.kernel();
        final StringBuilder text = new StringBuilder("what iokit4j's kernel '").append(kernel.name())
                .append("' knew when the test failed (docs/testing.md):");
        final Failure last = Diagnostics.lastFailure();
        text.append("\n  last failure on the test thread (Diagnostics.lastFailure()): ")
                .append(last == null ? "none" : last);
        final List<Failure> problems = kernel.problems();
        text.append("\n  kernel problems (Kernel.problems()): ").append(problems.isEmpty() ? "none" : problems.size());
        for (Failure problem : problems) {
            text.append("\n    - ").append(problem);
        }
        text.append("\n  registered services: ").append(registered(kernel));
        if (task != null) {
            text.append("\n  test task: ").append(task.task().name()).append(", entitlements ")
                    .append(task.task().entitlements());
        }
        if (session.clock() != null) {
            text.append("\n  manual clock: ").append(session.clock());
        }
        return text.toString();
    }

    /** {@return the names of the kernel's registered driver services, oldest first} */
    static List<String> registered(Kernel kernel) {
        return kernel.registryEntries().stream().filter(e -> e.isRegistered() && e.dext() != null)
                .map(RegistryEntry::name).toList();
    }
}
