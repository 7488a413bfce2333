package org.iokit4j.kernel;

import static org.iokit4j.IOReturn.MACH_SEND_INVALID_RIGHT;
import static org.iokit4j.IOReturn.kIOReturnBadArgument;
import static org.iokit4j.IOReturn.kIOReturnNotFound;
import static org.iokit4j.IOReturn.kIOReturnUnsupported;

import java.util.List;
import org.iokit4j.Failure;
import org.iokit4j.kernel.registry.KernelIterator;
import org.iokit4j.kernel.registry.RegistryEntry;
import org.iokit4j.kernel.userclient.AsyncRequestRules;
import org.iokit4j.kernel.userclient.UserClient;
import org.iokit4j.mach.MachTask;

/**
 * The object and connection routines of issue 11: {@code io_object_conforms_to}, {@code io_object_get_retain_count},
 * {@code io_object_get_superclass}, {@code io_object_get_bundle_identifier}, {@code io_iterator_is_valid},
 * {@code io_connect_get_service} and {@code io_connect_set_notification_port} (XNU iokit/Kernel/IOUserClient.cpp).
 *
 * <p>An {@code io_object_t} routine takes a service, registry entry or iterator: MIG turns its port into the object
 * with {@code iokit_lookup_object_port}, which finds nothing behind a port of another kind ({@code IKOT_IOKIT_CONNECT}
 * for a connection, the main port's, a task's: osfmk/device/device.defs, iokit_rpc.c), and the routine then answers
 * {@code kIOReturnBadArgument}. An {@code io_connect_t} routine takes a connection ({@code CHECK(IOUserClient)}).
 * A name the task does not hold fails earlier, in Mach: {@code MACH_SEND_INVALID_DEST}.
 *
 * <p><b>Concurrency.</b> Thread-safe; every routine runs on the caller's thread and never blocks.
 */
final class ObjectRoutines {
    private final Kernel kernel;
    private final ClassTable classes;

    ObjectRoutines(Kernel kernel) {
        this.kernel = kernel;
        this.classes = new ClassTable(kernel.catalogue());
    }

    /** {@code is_io_object_conforms_to}: whether {@code className} is on the object's class chain (metaCast). */
    Failure conformsTo(MachTask task, int object, String className, boolean[] conforms) {
        final Object kobject = object(task, object, "object");
        if (className == null) {
            throw KernelFault.of(kIOReturnBadArgument, "className is null: it names the class to test against");
        }
        conforms[0] = classChain(kobject).contains(className);
        return null;
    }

    /**
     * {@code is_io_object_get_retain_count}: the references the kernel holds on the object ({@code getRetainCount}).
     * For a registry entry they are the ones XNU takes: its provider's link to it and each child's link
     * ({@code attachToParent} retains both ends), its driver server's ({@code IOUserServer::fServices}) while a
     * live driver runs it, the registry's for the root ({@code gRegistryRoot}), and its port's while any task names
     * it ({@code IOMachPort} holds one however many names there are). An iterator is held by its port alone (MIG's
     * {@code iokit_make_object_port} consumes the routine's reference): 1.
     */
    Failure retainCount(MachTask task, int object, int[] count) {
        final Object kobject = object(task, object, "object");
        count[0] = kobject instanceof RegistryEntry entry ? retainCount(entry) : 1;
        return null;
    }

    private int retainCount(RegistryEntry entry) {
        final RegistryEntry provider = entry.provider();
        int count = entry.children().size();
        if (provider != null && provider.children().contains(entry)) {
            count++;
        }
        if (entry == kernel.registry().root()) {
            count++;
        }
        if (entry.dext() != null && entry.state() != RegistryEntry.State.TERMINATED) {
            count++;
        }
        if (entry.port().sendRights() > 0) {
            count++;
        }
        return count;
    }

    /** {@code is_io_object_get_superclass}: {@link ClassTable#superclass}; {@code kIOReturnNotFound} if none. */
    Failure superclass(MachTask task, String className, String[] superclass) {
        final String found = className == null ? null : classes.superclass(className);
        if (found == null) {
            throw notFound(className, classes.isKnown(className == null ? "" : className)
                    ? "it is the root of the class tree and has no superclass" : null);
        }
        superclass[0] = found;
        return null;
    }

    /** {@code is_io_object_get_bundle_identifier}: {@link ClassTable#bundleIdentifier}; else not found. */
    Failure bundleIdentifier(MachTask task, String className, String[] bundleIdentifier) {
        final String found = className == null ? null : classes.bundleIdentifier(className);
        if (found == null) {
            throw notFound(className, null);
        }
        bundleIdentifier[0] = found;
        return null;
    }

    private static KernelFault notFound(String className, String why) {
        if (className == null) {
            return KernelFault.of(kIOReturnBadArgument, "className is null (obj_name must name a class)");
        }
        return KernelFault.of(kIOReturnNotFound, "class '%s': %s", className, why != null ? why : "no kernel class"
                + " or loaded driver class has that name (OSMetaClass::copyMetaClassWithName finds none)");
    }

    /** {@code is_io_iterator_is_valid}: {@code CHECK(OSIterator)}, then its {@link KernelIterator#isValid()}. */
    Failure iteratorIsValid(MachTask task, int iterator, boolean[] valid) {
        if (!(object(task, iterator, "iterator") instanceof KernelIterator it)) {
            throw KernelFault.of(kIOReturnBadArgument, "iterator=0x%08X names %s, not an iterator (XNU"
                    + " CHECK(OSIterator))", iterator, Lookups.describe(task.space().lookupKernelObject(iterator)));
        }
        valid[0] = it.isValid();
        return null;
    }

    /**
     * {@code is_io_connect_get_service}: a new name for the service the connection was opened on (a send right the
     * caller releases), or {@code kIOReturnUnsupported} if it has none.
     */
    Failure connectGetService(MachTask task, int connect, int[] service) {
        final UserClient client = Lookups.openClient(task, connect, "connect");
        final RegistryEntry provider = client.entry().provider();
        if (provider == null) {
            throw KernelFault.of(kIOReturnUnsupported, "connect=0x%08X: its user client %s has no service",
                    connect, client.entry().name());
        }
        service[0] = task.space().insertSend(provider.port());
        return null;
    }

    /**
     * {@code is_io_connect_set_notification_port}: in the order a message meets them, the connection must be a live
     * name ({@code MACH_SEND_INVALID_DEST}), {@code port} must be {@code MACH_PORT_NULL} or a receive right of the task
     * (it travels as {@code mach_port_make_send_t}: {@code MACH_SEND_INVALID_RIGHT}), the name must be a connection
     * ({@code kIOReturnBadArgument}); then the user client's {@code registerNotificationPort} answers, which for a
     * dext's user client is {@code kIOReturnUnsupported}: {@code IOUserUserClient} (iokit/Kernel/IOUserServer.cpp)
     * does not override {@code IOUserClient::registerNotificationPort}, whose body is {@code return
     * kIOReturnUnsupported}, and DriverKit's {@code IOUserClient} has no method a driver could implement it with.
     * Nothing is kept: MIG destroys the made send right when the routine fails.
     */
    Failure connectSetNotificationPort(MachTask task, int connect, int type, int port, long reference) {
        Lookups.lookup(task, connect, Object.class, "connect"); // only a dead or unknown name fails here
        if (port != 0 && task.space().lookupReceive(port) == null) {
            final Failure invalid = AsyncRequestRules.explainInvalid(task.space(), port);
            throw KernelFault.of(MACH_SEND_INVALID_RIGHT, "port: %s", invalid.explanation());
        }
        final UserClient client = Lookups.openClient(task, connect, "connect");
        throw KernelFault.of(kIOReturnUnsupported, "IOConnectSetNotificationPort(type=%d) on %s: a dext's user client"
                + " (IOUserUserClient) does not implement registerNotificationPort, so IOUserClient's answers"
                + " kIOReturnUnsupported (XNU IOUserClient.cpp, IOUserServer.cpp); deliver events with async calls"
                + " (IOConnectCallAsync*Method) and AsyncCompletion instead", type, client.entry().name());
    }

    /**
     * {@return the IOKit object {@code name} sends to} (MIG's {@code iokit_lookup_object_port}).
     *
     * @throws KernelFault {@code MACH_SEND_INVALID_DEST} for a name the task does not hold;
     *                     {@code kIOReturnBadArgument} for a name of another kind (a connection, the main port, a
     *                     task).
     */
    static Object object(MachTask task, int name, String what) {
        final Object kobject = task.space().lookupKernelObject(name);
        if (kobject instanceof RegistryEntry || kobject instanceof KernelIterator) {
            return kobject;
        }
        if (kobject == null) {
            return Lookups.lookup(task, name, RegistryEntry.class, what); // throws MACH_SEND_INVALID_DEST
        }
        throw KernelFault.of(kIOReturnBadArgument, "%s=0x%08X names %s, which is no io_object_t: the object"
                + " functions take services, registry entries and iterators (MIG's iokit_lookup_object_port finds no"
                + " IKOT_IOKIT_OBJECT behind %s's port, osfmk/device/iokit_rpc.c)", what, name,
                Lookups.describe(kobject), kobject instanceof UserClient ? "a connection (io_connect_t)" : "its");
    }

    /** {@return the kernel classes of an object {@link #object} returned, its own first} */
    static List<String> classChain(Object kobject) {
        return kobject instanceof RegistryEntry entry ? entry.classChain() : ((KernelIterator) kobject).classChain();
    }
}
