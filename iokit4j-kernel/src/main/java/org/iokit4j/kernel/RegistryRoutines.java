package org.iokit4j.kernel;

import static org.iokit4j.IOReturn.kIOReturnBadArgument;

import java.util.Map;
import org.iokit4j.Failure;
import org.iokit4j.kernel.matching.Matching;
import org.iokit4j.kernel.notification.MatchingNotification;
import org.iokit4j.kernel.registry.IORegistry;
import org.iokit4j.kernel.registry.RegistryEntry;
import org.iokit4j.mach.MachPort;
import org.iokit4j.mach.MachTask;

/**
 * The registry's MIG routines: the main port, matching, iterators, names, properties, IDs and classes.
 *
 * <p>Every routine throws {@link KernelFault} for a broken rule; {@link Kernel} turns it into a value.
 *
 * <p><b>Concurrency.</b> Thread-safe (the registry is).
 */
final class RegistryRoutines {
    private final IORegistry registry;
    private final MachPort mainPort;

    RegistryRoutines(IORegistry registry, MachPort mainPort) {
        this.registry = registry;
        this.mainPort = mainPort;
    }

    Failure mainPort(MachTask task, int[] port) {
        port[0] = task.space().insertSend(mainPort);
        return null;
    }

    Failure getMatchingServices(MachTask task, Map<String, Object> matching, int[] iterator) {
        if (matching == null) {
            throw KernelFault.of(kIOReturnBadArgument, "matching is null");
        }
        final Matching.Copy copy = Matching.copy(matching);
        if (copy.failure() != null) {
            throw new KernelFault(copy.failure().within("malformed matching dictionary"));
        }
        final ServiceIterator found = new ServiceIterator(registry.matching(copy.dictionary()));
        iterator[0] = task.space().insertSend(MachPort.forKernelObject(found));
        return null;
    }

    Failure iteratorNext(MachTask task, int iterator, int[] object) {
        final RegistryEntry next = task.space().lookupKernelObject(iterator) instanceof MatchingNotification n
                ? n.next() : Lookups.lookup(task, iterator, ServiceIterator.class, "iterator").next();
        object[0] = next == null ? 0 : task.space().insertSend(next.port());
        return null;
    }

    Failure iteratorReset(MachTask task, int iterator) {
        if (task.space().lookupKernelObject(iterator) instanceof MatchingNotification) {
            return null; // a notification's iterator holds only what is new: nothing to rewind
        }
        Lookups.lookup(task, iterator, ServiceIterator.class, "iterator").reset();
        return null;
    }

    Failure getName(MachTask task, int entry, String[] name) {
        name[0] = Lookups.lookup(task, entry, RegistryEntry.class, "entry").name();
        return null;
    }

    Failure getID(MachTask task, int entry, long[] id) {
        id[0] = Lookups.lookup(task, entry, RegistryEntry.class, "entry").registryEntryID();
        return null;
    }

    Failure getClass(MachTask task, int object, String[] className) {
        final Object kobject = task.space().lookupKernelObject(object);
        if (kobject instanceof RegistryEntry entry) {
            className[0] = entry.ioClass();
        } else if (kobject instanceof MatchingNotification) {
            className[0] = "IOServiceUserNotification";
        } else if (kobject instanceof org.iokit4j.kernel.notification.InterestNotification) {
            className[0] = "IOServiceMessageUserNotification";
        } else if (kobject instanceof ServiceIterator) {
            className[0] = "IOUserIterator";
        } else {
            className[0] = Lookups.lookup(task, object, RegistryEntry.class, "object").ioClass();
        }
        return null;
    }
}
