package org.iokit4j.mig;

/**
 * A carrier: how this process reaches its default kernel (the transport SPI).
 *
 * <p>Found with {@link java.util.ServiceLoader}. The kernel a process uses is named by the system property
 * {@value #KERNEL_PROPERTY} or else the environment variable {@value #KERNEL_ENV} (contract §5, §6): {@code embedded}
 * (also the default when neither is set) boots a kernel in this JVM with every driver bundle on the class path;
 * {@code unix:PATH} reaches the kernel daemon listening on that Unix-domain socket. The first provider that
 * {@linkplain #serves serves} the name is used.
 */
public interface KernelProvider {
    /** The system property naming the kernel: {@code embedded} or {@code unix:PATH}. */
    String KERNEL_PROPERTY = "iokit4j.kernel";
    /** The environment variable read when {@value #KERNEL_PROPERTY} is not set. */
    String KERNEL_ENV = "IOKIT4J_KERNEL";

    /**
     * {@return whether this carrier reaches the kernel named {@code kernel} ({@code embedded}, {@code unix:PATH})}
     *
     * @param kernel the kernel.
     */
    boolean serves(String kernel);

    /**
     * {@return the default kernel named {@code kernel}: booted, or a carrier to it} A carrier may connect lazily; it
     * answers routines with failures when its kernel cannot be reached.
     *
     * @param kernel the kernel.
     */
    IOKitServer defaultKernel(String kernel);

    /**
     * {@return the kernel this process asked for}: {@value #KERNEL_PROPERTY}, else {@value #KERNEL_ENV}, else
     * {@code embedded}; blank counts as unset.
     */
    static String requested() {
        final String property = System.getProperty(KERNEL_PROPERTY);
        if (property != null && !property.isBlank()) {
            return property.strip();
        }
        final String environment = System.getenv(KERNEL_ENV);
        return environment != null && !environment.isBlank() ? environment.strip() : "embedded";
    }
}
