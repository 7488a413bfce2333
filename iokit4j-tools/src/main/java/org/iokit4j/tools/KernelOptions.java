package org.iokit4j.tools;

import java.util.ArrayList;
import java.util.List;
import org.iokit4j.kernel.Kernel;
import org.iokit4j.kernel.bundle.BundleException;
import org.iokit4j.kernel.bundle.BundleLoader;
import picocli.CommandLine.Option;

/**
 * The options every tool shares to boot its embedded kernel: which driver bundles to load.
 *
 * <p>By default the kernel loads every {@code META-INF/driverkit/Info.plist} on the class path (a dext jar added
 * through {@code IOKIT4J_CLASSPATH} is found this way); {@code --bundle} adds bundles by resource path and
 * {@code --no-discover} turns discovery off.
 *
 * <p><b>Concurrency.</b> Not thread-safe: picocli fills it, then one thread boots.
 */
public final class KernelOptions {
    @Option(names = "--bundle", paramLabel = "<resource>",
            description = "Also load the bundle whose Info.plist is this class-path resource, e.g. "
                    + "bundles/echo/Info.plist (repeatable).")
    List<String> bundles = new ArrayList<>();

    @Option(names = "--no-discover",
            description = "Do not load every META-INF/driverkit/Info.plist found on the class path.")
    boolean noDiscover;

    /**
     * Boots a kernel named {@code name} with the chosen bundles. A bundle named with {@code --bundle} that cannot
     * be read does not stop the boot: it is left out and listed among the problems, with the kernel's own.
     *
     * @return the running kernel and what went wrong while booting it; close it when done.
     */
    public BootedKernel boot(String name) {
        final ClassLoader loader = Thread.currentThread().getContextClassLoader() != null
                ? Thread.currentThread().getContextClassLoader() : KernelOptions.class.getClassLoader();
        final Kernel.Builder builder = Kernel.builder().name(name).classLoader(loader)
                .discoverClassPath(!noDiscover);
        final List<String> unreadable = new ArrayList<>();
        for (String path : bundles) {
            try {
                builder.bundle(BundleLoader.loadFrom(path, loader));
            } catch (BundleException broken) {
                unreadable.add("--bundle " + path + ": " + broken.getMessage());
            }
        }
        return new BootedKernel(builder.boot(), unreadable);
    }
}
