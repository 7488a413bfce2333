package org.iokit4j.kernel;

import org.iokit4j.mig.IOKitServer;
import org.iokit4j.mig.KernelProvider;

/**
 * The embedded carrier's provider: serves {@code embedded} (the default when neither {@code iokit4j.kernel} nor
 * {@code IOKIT4J_KERNEL} is set) with a {@link Kernel} in this JVM loading every driver bundle on the class path,
 * booted on first use. Found through {@link java.util.ServiceLoader}.
 *
 * <p><b>Concurrency.</b> Thread-safe. Each {@link #defaultKernel} boots a new kernel: the process's one default is
 * the first, which {@code Caller} keeps (and, if the boot fails, replaces with an explanation of why).
 */
public final class EmbeddedKernelProvider implements KernelProvider {
    /** The kernel name this provider serves. */
    public static final String EMBEDDED = "embedded";

    /** Creates the provider (the service loader does). */
    public EmbeddedKernelProvider() {
    }

    @Override
    public boolean serves(String kernel) {
        return EMBEDDED.equals(kernel);
    }

    /** Boots a kernel each time; {@code Caller} keeps the one it got, so the process boots once. */
    @Override
    public IOKitServer defaultKernel(String kernel) {
        return Kernel.builder().name("default").boot();
    }
}
