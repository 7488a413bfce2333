package org.iokit4j.mig;

/**
 * Finds the process's default kernel: the embedded one, or a proxy to a kernel daemon.
 *
 * <p>Found with {@link java.util.ServiceLoader}; the first provider present wins. The embedded kernel's
 * provider boots it (loading every driver bundle on the class path) on the first call.
 */
public interface KernelProvider {

    /** {@return the default kernel, booted if this is the first call} */
    IOKitServer defaultKernel();
}
