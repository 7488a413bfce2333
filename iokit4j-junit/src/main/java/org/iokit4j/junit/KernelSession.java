package org.iokit4j.junit;

import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.iokit4j.driverkit.EmbeddedDextHost;
import org.iokit4j.kernel.Kernel;
import org.iokit4j.kernel.bundle.BundleException;
import org.iokit4j.mach.MachTask;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/**
 * One booted kernel of an {@link IOKitTest} (per test method or per class), with its manual clock if it has one.
 * Closing it closes the kernel: every driver server and task stops.
 *
 * <p><b>Concurrency.</b> Thread-safe; {@link #close()} is idempotent.
 */
final class KernelSession implements AutoCloseable {
    private final Kernel kernel;
    private final ManualClock clock;
    private final Setup setup;
    private final AtomicBoolean closed = new AtomicBoolean();

    private KernelSession(Kernel kernel, ManualClock clock, Setup setup) {
        this.kernel = kernel;
        this.clock = clock;
        this.setup = setup;
    }

    /**
     * Boots a kernel as {@code setup} says, named {@code kernelName}.
     *
     * @throws ExtensionConfigurationException naming the path, for a named bundle that cannot be read.
     */
    static KernelSession boot(Setup setup, String kernelName) {
        final ManualClock clock = setup.manualClock() ? new ManualClock() : null;
        final Kernel.Builder builder = Kernel.builder().name(kernelName).classLoader(setup.loader())
                .discoverClassPath(setup.bundles().isEmpty()).appEntitlements(setup.entitlements());
        if (clock != null) {
            builder.dextHost(new EmbeddedDextHost(clock.driverClock()));
        }
        for (String bundle : setup.bundles()) {
            builder.bundle(bundle);
        }
        try {
            return new KernelSession(builder.boot(), clock, setup);
        } catch (BundleException unreadable) {
            throw new ExtensionConfigurationException("@IOKitTest(bundles = " + setup.bundles() + "): a bundle"
                    + " cannot be loaded: " + unreadable.getMessage() + ". Bundles are class-path resources, e.g."
                    + " \"bundles/echo/Info.plist\" for src/test/resources/bundles/echo/Info.plist", unreadable);
        }
    }

    /** {@return the kernel} */
    Kernel kernel() {
        return kernel;
    }

    /** {@return the manual clock, or {@code null} when the driver servers read the system clock} */
    ManualClock clock() {
        return clock;
    }

    /** {@return a new task of this kernel, named {@code taskName}, with the test's entitlements} */
    TestTask newTask(String taskName) {
        final Map<String, Object> entitlements = setup.entitlements();
        final MachTask task = kernel.createTask(taskName, entitlements);
        return new TestTask(this, task);
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            kernel.close();
        }
    }

    @Override
    public String toString() {
        return "KernelSession[" + kernel + (clock == null ? "" : ", " + clock) + "]";
    }
}
