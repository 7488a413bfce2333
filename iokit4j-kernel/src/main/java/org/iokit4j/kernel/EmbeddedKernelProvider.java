package org.iokit4j.kernel;

import org.iokit4j.mig.IOKitServer;
import org.iokit4j.mig.KernelProvider;

/**
 * Provides the process's default kernel: an embedded {@link Kernel} loading every driver bundle on the class
 * path, booted on first use. Found through {@link java.util.ServiceLoader}.
 *
 * <p>The system property {@value #KERNEL_PROPERTY} (or the environment variable {@value #KERNEL_ENV}) would name a
 * kernel daemon to use instead (contract.md §5). This build has no daemon transport, so a process that sets
 * either fails at the first IOKit call with an explanation rather than silently running embedded.
 *
 * <p><b>Concurrency.</b> Thread-safe. Each {@link #defaultKernel()} boots a new kernel: the process's one default is
 * the first, which {@code Caller} keeps (and, if the boot fails, replaces with an explanation of why).
 */
public final class EmbeddedKernelProvider implements KernelProvider {
    /** Names a kernel daemon to connect to instead of booting an embedded kernel. */
    public static final String KERNEL_PROPERTY = "iokit4j.kernel";
    /** The environment variable form of {@link #KERNEL_PROPERTY}. */
    public static final String KERNEL_ENV = "IOKIT4J_KERNEL";

    /** Creates the provider (the service loader does). */
    public EmbeddedKernelProvider() {
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalStateException if {@value #KERNEL_PROPERTY} or {@value #KERNEL_ENV} asks for a kernel daemon.
     */
    @Override
    public IOKitServer defaultKernel() {
        final String daemon = requestedDaemon(System.getProperty(KERNEL_PROPERTY), System.getenv(KERNEL_ENV));
        if (daemon != null) {
            throw new IllegalStateException(daemon + " asks for a kernel daemon, but this iokit4j build runs"
                    + " embedded only (no daemon transport on the class path): unset it to use the embedded kernel");
        }
        return boot();
    }

    /** {@return which setting asks for a daemon, as {@code name=value}, or {@code null} for none} */
    static String requestedDaemon(String property, String environment) {
        if (property != null && !property.isBlank()) {
            return KERNEL_PROPERTY + "=" + property;
        }
        if (environment != null && !environment.isBlank()) {
            return KERNEL_ENV + "=" + environment;
        }
        return null;
    }

    /** Boots a kernel each time; {@code Caller} keeps the one it got, so the process boots once. */
    private static Kernel boot() {
        return Kernel.builder().name("default").boot();
    }
}
