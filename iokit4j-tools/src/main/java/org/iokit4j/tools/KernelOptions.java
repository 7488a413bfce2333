package org.iokit4j.tools;

import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.net.URL;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.iokit4j.Failure;
import org.iokit4j.IOReturn;
import org.iokit4j.IOReturnException;
import org.iokit4j.Untrusted;
import org.iokit4j.mig.IOKitServer;
import org.iokit4j.mig.KernelProvider;
import picocli.CommandLine.Option;

/**
 * The options every tool shares to reach its kernel: which kernel ({@code --kernel}) and, for an embedded one, which
 * driver bundles it loads.
 *
 * <p>{@code --kernel embedded} boots a kernel in the tool's JVM that loads every {@code META-INF/driverkit/Info.plist}
 * on the class path (a dext jar added through {@code IOKIT4J_CLASSPATH} is found this way); {@code --bundle} adds
 * bundles by resource path and {@code --no-discover} turns discovery off. {@code --kernel unix:PATH} reaches the
 * kernel daemon listening at {@code PATH}, which loaded its own dexts: the bundle options are ignored there, with a
 * note on the error stream. The carrier is the first {@link KernelProvider} that serves the name ({@link Carriers}).
 *
 * <p><b>Concurrency.</b> Not thread-safe: picocli fills it, then one thread connects.
 */
public final class KernelOptions {
    /** The kernel name of the embedded carrier: a kernel booted in this JVM. */
    static final String EMBEDDED = "embedded";

    @Option(names = "--kernel", paramLabel = "KERNEL",
            description = "The kernel to act in: embedded (boot one in this JVM) or unix:PATH (the kernel daemon, "
                    + "iokit4j-kerneld, listening on that socket). Default: the iokit4j.kernel system property, else "
                    + "IOKIT4J_KERNEL, else embedded.")
    String kernel;

    @Option(names = "--bundle", paramLabel = "<resource>",
            description = "Embedded only: also load the bundle whose Info.plist is this class-path resource, e.g. "
                    + "bundles/echo/Info.plist (repeatable).")
    List<String> bundles = new ArrayList<>();

    @Option(names = "--no-discover",
            description = "Embedded only: do not load every META-INF/driverkit/Info.plist found on the class path.")
    boolean noDiscover;

    /** Makes the options with their defaults (the embedded kernel); picocli sets them from the arguments. */
    public KernelOptions() {
    }

    /** {@return the kernel named: {@code --kernel}, else {@link KernelProvider#requested()}} */
    String kernelName() {
        return kernel != null && !kernel.isBlank() ? kernel.strip() : KernelProvider.requested();
    }

    /** What a tool does with its kernel. */
    @FunctionalInterface
    interface Use {
        /**
         * {@return the tool's exit code}
         *
         * @throws IOReturnException if the kernel could not be used (it is reported as one line, exit code 1).
         */
        int with(ToolKernel kernel);
    }

    /**
     * Runs {@code use} with the kernel the options name ({@link #connect}) and closes the kernel after it. A kernel
     * that cannot be reached, or fails {@code use} with an {@link IOReturnException}, is reported as one line on
     * {@code err}, {@code tool}, the code and the carrier's explanation, never a stack trace.
     *
     * @return {@code use}'s exit code; 1 if the kernel could not be used; 2 if no carrier serves {@code --kernel}.
     */
    int use(String tool, PrintWriter err, Use use) {
        final ToolKernel kernel;
        try {
            kernel = connect(tool, err);
        } catch (IllegalArgumentException unusable) {
            err.println(tool + ": " + unusable.getMessage());
            return 2;
        } catch (IOReturnException unreachable) {
            return report(tool, unreachable, err);
        }
        try (kernel) {
            return use.with(kernel);
        } catch (IOReturnException unreachable) {
            return report(tool, unreachable, err);
        }
    }

    /** Reports {@code failure} as one line on {@code err}: the tool, the code and the explanation. {@return 1} */
    private static int report(String tool, IOReturnException failure, PrintWriter err) {
        err.println(tool + ": " + failure.failure().toString().replaceAll("\\R+", " "));
        return 1;
    }

    /**
     * Reaches the kernel the options name, through the first carrier that serves it. An embedded kernel boots
     * here (its drivers start before this returns); a {@code --bundle} that cannot be read does not stop the boot:
     * it is left out and listed among the problems. With any other kernel, bundle options are ignored and a note
     * saying so goes to {@code err}, prefixed with {@code tool}.
     *
     * @return the kernel; close it when done (an embedded kernel stops, a daemon's tasks end).
     * @throws IllegalArgumentException naming the kernel and the carriers there are, if no carrier serves it.
     * @throws IOReturnException         {@code kIOReturnNotReady} and why, if the carrier could not make the kernel.
     */
    ToolKernel connect(String tool, PrintWriter err) {
        final String name = kernelName();
        final KernelProvider carrier = Carriers.find(name);
        final boolean chooseBundles = !bundles.isEmpty() || noDiscover;
        if (chooseBundles && !EMBEDDED.equals(name)) {
            err.println(tool + ": --bundle and --no-discover are ignored with kernel " + name + ": the kernel"
                    + " daemon loads the dexts given with its own --dext");
        }
        if (!chooseBundles || !EMBEDDED.equals(name)) {
            return new ToolKernel(name, kernel(carrier, name, null), List.of(), Map.of());
        }
        return withBundles(carrier, name);
    }

    /** {@return an embedded kernel loading the bundles {@code --bundle} and {@code --no-discover} chose} */
    private ToolKernel withBundles(KernelProvider carrier, String name) {
        final ClassLoader loader = Thread.currentThread().getContextClassLoader() != null
                ? Thread.currentThread().getContextClassLoader() : KernelOptions.class.getClassLoader();
        final List<String> unreadable = new ArrayList<>();
        final Map<String, String> byLocation = new LinkedHashMap<>();
        final List<URL> found = new ArrayList<>();
        for (String path : bundles) {
            final URL url = loader.getResource(path.startsWith("/") ? path.substring(1) : path);
            if (url == null) {
                unreadable.add("--bundle " + path + ": there is no such resource on the class path");
                continue;
            }
            found.add(url);
            byLocation.put(url.toExternalForm(), path);
            try {
                byLocation.putIfAbsent(url.toURI().toString(), path); // how the kernel's problems name a file
            } catch (URISyntaxException notAUri) {
                // the URL form above is the only one
            }
        }
        final IOKitServer server = kernel(carrier, name, new BundleView(loader, !noDiscover, found));
        return new ToolKernel(name, server, unreadable, byLocation);
    }

    /**
     * {@return {@code carrier}'s kernel {@code name}, made with {@code view} as the context class loader if not null}
     * A carrier that throws is reported as a failure, not a stack trace.
     */
    private static IOKitServer kernel(KernelProvider carrier, String name, ClassLoader view) {
        final Thread thread = Thread.currentThread();
        final ClassLoader before = thread.getContextClassLoader();
        if (view != null) {
            thread.setContextClassLoader(view);
        }
        try {
            return carrier.defaultKernel(name);
        } catch (RuntimeException | Error broken) {
            throw new IOReturnException(Failure.of(IOReturn.kIOReturnNotReady, "the carrier %s could not make the"
                    + " kernel %s: %s", carrier.getClass().getName(), name, Untrusted.describe(broken)));
        } finally {
            thread.setContextClassLoader(before);
        }
    }
}
