package org.iokit4j.kernel;

import org.iokit4j.mig.IOKitServer;
import org.iokit4j.mig.KernelProvider;

/**
 * Provides the process's default kernel: an embedded {@link Kernel} loading every driver bundle on the class
 * path, booted on first use. Found through {@link java.util.ServiceLoader}.
 *
 * <p><b>Concurrency.</b> Thread-safe; boots once.
 */
public final class EmbeddedKernelProvider implements KernelProvider {

    /** Creates the provider (the service loader does). */
    public EmbeddedKernelProvider() {
    }

    @Override
    public IOKitServer defaultKernel() {
        return Holder.KERNEL;
    }

    private static final class Holder {
        static final Kernel KERNEL = Kernel.builder().name("default").boot();
    }
}
