package org.iokit4j.tools;

import java.util.ArrayList;
import java.util.List;
import org.iokit4j.Failure;
import org.iokit4j.kernel.Kernel;

/**
 * A kernel a tool booted, with the bundles it could not read: what the tool reports under "problems:".
 *
 * @param kernel     the running kernel.
 * @param unreadable one line per {@code --bundle} that could not be read, naming the path and why.
 */
public record BootedKernel(Kernel kernel, List<String> unreadable) implements AutoCloseable {

    /** Copies {@code unreadable}. */
    public BootedKernel {
        unreadable = List.copyOf(unreadable);
    }

    /** {@return every problem, one line each: unreadable bundles, then the kernel's own problems} */
    public List<String> problems() {
        final List<String> all = new ArrayList<>(unreadable);
        for (Failure failure : kernel.problems()) {
            all.add(failure.toString());
        }
        return all;
    }

    /** Stops the kernel and its driver servers. */
    @Override
    public void close() {
        kernel.close();
    }
}
