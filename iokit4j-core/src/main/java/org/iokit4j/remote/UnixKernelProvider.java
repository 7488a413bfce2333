package org.iokit4j.remote;

import java.nio.file.Path;
import org.iokit4j.mig.IOKitServer;
import org.iokit4j.mig.KernelProvider;

/**
 * The daemon carrier's provider: serves {@code unix:PATH}, a kernel daemon ({@code iokit4j-kerneld}) listening on
 * the Unix-domain socket {@code PATH}. Nothing connects until the first IOKit call.
 */
public final class UnixKernelProvider implements KernelProvider {
    /** The scheme this carrier serves. */
    public static final String SCHEME = "unix:";

    /** Creates the provider (the service loader does). */
    public UnixKernelProvider() {
    }

    @Override
    public boolean serves(String kernel) {
        return kernel.startsWith(SCHEME) && kernel.length() > SCHEME.length();
    }

    @Override
    public IOKitServer defaultKernel(String kernel) {
        return new RemoteKernel(Path.of(kernel.substring(SCHEME.length())).toAbsolutePath());
    }
}
