package org.iokit4j.kernel;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.iokit4j.Failure;
import org.iokit4j.kernel.registry.RegistryEntry;
import org.iokit4j.mig.DextServer;

/**
 * What the kernel does when a driver server dies (issue 10, after XNU {@code IOUserServer::clientClose}):
 *
 * <ol>
 *   <li>the services terminate, oldest first, in {@link Termination}'s order: interest notifications get
 *       {@code kIOMessageServiceIsTerminated}, terminated notifications fire; their open connections stay open but
 *       answer {@code kIOReturnOffline} ({@code UserClient#serverDied}), and the completion actions they held are
 *       aborted, so waiting calls end with {@code MIG_SERVER_DIED}; no {@code Stop} is sent to the dead process (XNU
 *       skips it once {@code serverDied} is set);</li>
 *   <li>each provider of the dead server's services that lives elsewhere gets {@code ClientCrashed(service, 0)}
 *       (once per provider, after the apps were told);</li>
 *   <li>the server is started again by the kernel's {@link RestartPolicy}, and the providers are matched again
 *       ({@code kIOServiceTerminateWithRematch}): apps see {@code kIOFirstMatchNotification} for the new
 *       instances.</li>
 * </ol>
 *
 * <p><b>Concurrency.</b> Stateless; runs on the thread that learnt of the death (the server's link reader).
 */
final class ServerDeath {
    private ServerDeath() {
    }

    static void handle(Kernel kernel, DextServer server, Failure death) {
        kernel.problem(death);
        final List<RegistryEntry> services = new ArrayList<>();
        final Set<RegistryEntry> providers = new LinkedHashSet<>();
        for (RegistryEntry entry : kernel.registryEntries()) {
            if (entry.server() == server && entry.state() != RegistryEntry.State.TERMINATED) {
                services.add(entry);
                kernel.catalogue().released(entry);
            }
        }
        for (RegistryEntry service : services) {
            Termination.terminate(kernel, service, death); // first: the apps waiting on it learn at once
        }
        for (RegistryEntry service : services) {
            final RegistryEntry provider = service.provider();
            if (provider != null && provider.server() != server && providers.add(provider)) {
                tellProvider(kernel, provider, service);
            }
        }
        final Failure refused = kernel.restarts().died(server.name(), () -> {
            for (RegistryEntry provider : providers) {
                if (provider.isRegistered()) {
                    kernel.catalogue().rematch(provider);
                }
            }
        });
        if (refused != null) {
            kernel.problem(refused);
        }
    }

    private static void tellProvider(Kernel kernel, RegistryEntry provider, RegistryEntry client) {
        if (provider.dext() == null) {
            return; // a kernel nub (IOUserResources): no driver to tell
        }
        final Failure failure = provider.dext().clientCrashed(client);
        if (failure != null && failure.code() != org.iokit4j.IOReturn.kIOReturnUnsupported) {
            kernel.problem(failure.within("ClientCrashed of " + provider.name()));
        }
    }
}
