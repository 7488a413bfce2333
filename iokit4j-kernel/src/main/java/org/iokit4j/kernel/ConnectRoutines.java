package org.iokit4j.kernel;

import static org.iokit4j.IOReturn.kIOReturnError;
import static org.iokit4j.IOReturn.kIOReturnNoDevice;
import static org.iokit4j.IOReturn.kIOReturnUnsupported;

import org.iokit4j.Failure;
import org.iokit4j.kernel.registry.RegistryEntry;
import org.iokit4j.kernel.userclient.CompletionAction;
import org.iokit4j.kernel.bundle.BundleLoader;
import org.iokit4j.kernel.userclient.Entitlements;
import org.iokit4j.kernel.userclient.UserClient;
import org.iokit4j.mach.MachTask;
import org.iokit4j.mig.DextObject;
import org.iokit4j.mig.MethodCall;
import org.iokit4j.mig.MethodReply;

/**
 * Opening, closing and calling user clients: {@code io_service_open_extended}, {@code io_service_close} and
 * {@code io_connect_method} (apple-semantics.md §5.1, §6.6, §9).
 *
 * <p><b>Concurrency.</b> Thread-safe.
 */
final class ConnectRoutines {
    private final Kernel kernel;
    private final CompletionAction.CompletionCounters completions;

    ConnectRoutines(Kernel kernel, CompletionAction.CompletionCounters completions) {
        this.kernel = kernel;
        this.completions = completions;
    }

    Failure open(MachTask task, int serviceName, int owningTask, int type, int[] connect) {
        final RegistryEntry service = Lookups.lookup(task, serviceName, RegistryEntry.class, "service");
        Lookups.requireSelf(task, owningTask, "owningTask");
        if (service.state() == RegistryEntry.State.TERMINATED) {
            throw KernelFault.of(kIOReturnNoDevice, "%s has terminated: it can no longer be opened", service.name());
        }
        final DextObject provider = service.dext();
        if (provider == null) {
            throw KernelFault.of(kIOReturnUnsupported, "%s is a kernel object with no driver: it has no user client"
                    + " class to open (docs/calls.md, \"Open and close\")", service.name());
        }
        final DextObject[] made = new DextObject[1];
        final Failure refused = provider.newUserClient(type, made);
        if (refused != null) {
            return refused.within("NewUserClient(type=" + type + ") of " + service.name());
        }
        if (made[0] == null) { // XNU is_io_service_open_extended: success with no IOUserClient is kIOReturnError
            throw KernelFault.of(kIOReturnError, "%s.NewUserClient(type=%d) returned kIOReturnSuccess but no user"
                    + " client (XNU is_io_service_open_extended: \"client should always be a IOUserClient\")",
                    service.name(), type);
        }
        final RegistryEntry entry = kernel.entryOf(made[0]);
        final Failure rejected = entry == null || !made[0].isUserClient()
                ? Failure.of(kIOReturnUnsupported, "%s.NewUserClient made %s, not an IOUserClient (its IOUserClass"
                + " must extend org.iokit4j.driverkit.IOUserClient)", service.name(),
                entry == null ? "an object the kernel does not know" : entry.name())
                : Entitlements.check(new Entitlements.App(task.name(), task.entitlements(),
                kernel.entitlementsSource(task)), bundleID(service), service.bundle() == null ? java.util.Map.of()
                : service.bundle().entitlements(), dextEntitlementsFile(service), entry.properties());
        if (rejected != null) {
            if (entry != null) {
                discard(entry, service);
            }
            return rejected;
        }
        final UserClient client = new UserClient(entry, task, completions, () -> discard(entry, service));
        kernel.opened(client);
        connect[0] = task.space().insertSend(client.port());
        return null;
    }

    Failure close(MachTask task, int connect) {
        Lookups.lookup(task, connect, UserClient.class, "connect").close();
        return null;
    }

    void method(MachTask task, int connect, MethodCall call, MethodReply reply) {
        final Object kobject = task.space().lookupKernelObject(connect);
        if (kobject instanceof UserClient client && !client.isClosed()) {
            client.call(task.space(), call, reply);
            return;
        }
        try {
            Lookups.openClient(task, connect, "connection");
        } catch (KernelFault fault) {
            reply.fail(fault.failure());
        }
    }

    /**
     * Ends and commits a call's {@link org.iokit4j.trace.ExternalMethodEvent} (the kernel carrier: embedded, or the
     * daemon's thread), naming the connection's user client and driver server when the connection is still known.
     */
    static void trace(org.iokit4j.trace.ExternalMethodEvent event, org.iokit4j.mach.TaskHandle task, int connect,
                      MethodCall call, MethodReply reply) {
        String userClientClass = null;
        String server = null;
        if (task instanceof MachTask owner
                && owner.space().lookupKernelObject(connect) instanceof UserClient client) {
            userClientClass = client.entry().name(); // its IOUserClass, as the registry names it
            server = client.entry().server() == null ? null : client.entry().server().name();
        }
        org.iokit4j.trace.CallTrace.end(event, call, reply, "0x" + Integer.toHexString(connect).toUpperCase(java.util.Locale.ROOT), userClientClass, server,
                "kernel");
    }

    /** Stops and frees a user client's driver object and drops its entry (Stop, then free, §6.6). */
    private void discard(RegistryEntry entry, RegistryEntry provider) {
        final DextObject object = entry.dext();
        kernel.forget(entry);
        final Failure stopped = object.stop(provider);
        if (stopped != null) {
            kernel.problem(stopped.within("Stop of user client " + entry.name()));
        }
        object.free();
    }

    /** {@return the dext's entitlements file: {@code Entitlements.plist} beside its {@code Info.plist}} */
    private static String dextEntitlementsFile(RegistryEntry service) {
        if (service.bundle() == null) {
            return "the dext's " + BundleLoader.ENTITLEMENTS_PLIST + " (beside its Info.plist)";
        }
        final String info = service.bundle().location().toString();
        return info.substring(0, info.lastIndexOf('/') + 1) + BundleLoader.ENTITLEMENTS_PLIST;
    }

    private static String bundleID(RegistryEntry service) {
        final Object id = service.property("CFBundleIdentifier");
        return id instanceof String s ? s : service.bundle() == null ? "?" : service.bundle().bundleIdentifier();
    }
}
