package org.iokit4j.kernel;

import static org.iokit4j.IOReturn.kIOReturnBadArgument;
import static org.iokit4j.IOReturn.kIOReturnNoDevice;
import static org.iokit4j.IOReturn.kIOReturnNotFound;

import java.util.List;
import java.util.Map;
import org.iokit4j.Failure;
import org.iokit4j.kernel.matching.Matching;
import org.iokit4j.kernel.registry.RegistryEntry;
import org.iokit4j.kernel.registry.RegistryIterator;
import org.iokit4j.kernel.registry.RegistryPaths;
import org.iokit4j.mach.MachPort;
import org.iokit4j.mach.MachTask;

/**
 * The registry's plane routines: the root, paths, names and locations in a plane, parents, children, registry
 * iterators, the recursive property search and {@code io_service_match_property_table}, each as XNU's
 * {@code is_io_registry_*} routine answers it (iokit/Kernel/IOUserClient.cpp).
 *
 * <p>An entry argument may name a registry entry or a connection (an {@code io_connect_t} is an
 * {@code IOUserClient}, itself a registry entry: XNU's {@code CHECK(IORegistryEntry, …)} accepts it); anything else
 * is {@code kIOReturnBadArgument}, a name the task does not hold {@code MACH_SEND_INVALID_DEST}. A plane is a name
 * ({@link RegistryPaths#isPlane}); a name the kernel has no plane for is answered as XNU answers when
 * {@code IORegistryEntry::getPlane} returns {@code NULL}, routine by routine, as each method says. A {@code null}
 * plane (which C cannot send) is {@code kIOReturnBadArgument}.
 *
 * <p>Every routine throws {@link KernelFault} for a broken rule; {@link Kernel} turns it into a value.
 *
 * <p><b>Concurrency.</b> Thread-safe (the registry is).
 */
final class PlaneRoutines {
    private final Kernel kernel;

    /** Routines on {@code kernel}'s registry; they read it at each call, so the kernel may make these first. */
    PlaneRoutines(Kernel kernel) {
        this.kernel = kernel;
    }

    /** {@code is_io_registry_get_root_entry}: the registry root ({@code Root}); the main port is the caller's check. */
    Failure rootEntry(MachTask task, int[] root) {
        root[0] = task.space().insertSend(kernel.registry().root().port());
        return null;
    }

    /**
     * {@code io_registry_entry_from_path}: the entry at {@code path} ({@link RegistryPaths}).
     *
     * @throws KernelFault {@code kIOReturnNotFound} if the path leads nowhere (what {@code
     *                     is_io_registry_entry_from_path_ool} answers; the in-band routine answers success with no
     *                     entry, and IOKitLib returns 0 either way).
     */
    Failure fromPath(MachTask task, String path, int[] entry) {
        final RegistryEntry found = RegistryPaths.fromPath(kernel.registry().root(), path);
        if (found == null) {
            throw KernelFault.of(kIOReturnNotFound, "no registry entry at path=\"%s\": a path is the plane's name,"
                    + " ':' and one /name or /name@location per entry from the top of the plane, e.g. %s:/"
                    + "IOUserResources (IORegistryEntry::fromPath)", path, RegistryPaths.kIOServicePlane);
        }
        entry[0] = task.space().insertSend(found.port());
        return null;
    }

    /**
     * {@code is_io_registry_entry_get_path}.
     *
     * @throws KernelFault {@code kIOReturnBadArgument} when {@code IORegistryEntry::getPath} fails: an unknown plane,
     *                     an entry no longer in the plane, a path longer than an {@code io_string_t}.
     */
    Failure getPath(MachTask task, int entryName, String plane, String[] path) {
        final RegistryEntry entry = Lookups.entry(task, entryName);
        final String written = RegistryPaths.path(kernel.registry().root(), entry, plane(plane));
        if (written == null) {
            throw KernelFault.of(kIOReturnBadArgument, "%s has no path in plane=\"%s\": %s (IORegistryEntry::getPath)",
                    entry.name(), plane, whyNoPath(entry, plane));
        }
        path[0] = written;
        return null;
    }

    /**
     * {@code is_io_registry_entry_get_name_in_plane}: the entry's name. iokit4j names no entry differently per plane
     * ({@code setName(name, plane)} is never called), so every plane, known or not, and {@code ""} (no plane) answer
     * the entry's name, as {@code IORegistryEntry::getName} falls back to it.
     */
    Failure nameInPlane(MachTask task, int entryName, String plane, String[] name) {
        plane(plane);
        name[0] = Lookups.entry(task, entryName).name();
        return null;
    }

    /**
     * {@code is_io_registry_entry_get_location_in_plane}: the entry's location; every plane, known or not, and
     * {@code ""} answer the one location an entry has, as {@code getLocation} falls back to it.
     *
     * @throws KernelFault {@code kIOReturnNotFound} if the entry has no location.
     */
    Failure locationInPlane(MachTask task, int entryName, String plane, String[] location) {
        plane(plane);
        final RegistryEntry entry = Lookups.entry(task, entryName);
        if (entry.location() == null) {
            throw KernelFault.of(kIOReturnNotFound, "%s has no location (an entry takes one from the IOLocation string"
                    + " of the dictionary it is made from)", entry.name());
        }
        location[0] = entry.location();
        return null;
    }

    /**
     * {@code is_io_registry_entry_get_child_iterator} (or {@code _parent_iterator} when {@code parents}): an iterator
     * over the entry's children (its parents) in the plane as they are now. For a plane the kernel does not have, XNU's
     * {@code getChildIterator(NULL)} makes no iterator and the routine still succeeds: {@code iterator[0]} is 0
     * ({@code MACH_PORT_NULL}).
     */
    Failure linkIterator(MachTask task, int entryName, String plane, boolean parents, int[] iterator) {
        final RegistryEntry entry = Lookups.entry(task, entryName);
        if (!RegistryPaths.isPlane(plane(plane))) {
            iterator[0] = 0;
            return null;
        }
        final List<RegistryEntry> links = (parents ? entry.parentLinks() : entry.childLinks()).entries();
        iterator[0] = task.space().insertSend(MachPort.forKernelObject(new ServiceIterator(links)));
        return null;
    }

    /**
     * {@code is_io_registry_create_iterator} (from the root, {@code entryName} 0) and
     * {@code is_io_registry_entry_create_iterator}: a {@link RegistryIterator} below the entry.
     *
     * @throws KernelFault {@code kIOReturnBadArgument} for a plane the kernel does not have (XNU's
     *                     {@code iterateOver} answers {@code NULL}).
     */
    Failure createIterator(MachTask task, int entryName, String plane, int options, int[] iterator) {
        final RegistryEntry from = entryName == 0 ? kernel.registry().root() : Lookups.entry(task, entryName);
        if (!RegistryPaths.isPlane(plane(plane))) {
            throw KernelFault.of(kIOReturnBadArgument, "plane=\"%s\" is no plane of the kernel (it has \"%s\""
                    + " only): IORegistryIterator::iterateOver makes no iterator", plane, RegistryPaths.kIOServicePlane);
        }
        final ServiceIterator walk = new ServiceIterator(new RegistryIterator(from, options));
        iterator[0] = task.space().insertSend(MachPort.forKernelObject(walk));
        return null;
    }

    /**
     * {@code is_io_registry_iterator_enter_entry} ({@code enter}) or {@code _exit_entry}.
     *
     * @throws KernelFault {@code kIOReturnBadArgument} for an iterator that is no registry iterator (XNU's
     *                     {@code CHECKLOCKED(IORegistryIterator, …)}); {@code kIOReturnNoDevice} for an exit at the
     *                     walk's bottom level.
     */
    Failure enterOrExit(MachTask task, int iterator, boolean enter) {
        final RegistryIterator walk = Lookups.lookup(task, iterator, ServiceIterator.class, "iterator").walk();
        if (walk == null) {
            throw KernelFault.of(kIOReturnBadArgument, "iterator=0x%08X is no registry iterator (enter and exit work"
                    + " on iterators from IORegistryCreateIterator or IORegistryEntryCreateIterator)", iterator);
        }
        if (enter) {
            walk.enterEntry();
        } else if (!walk.exitEntry()) {
            throw KernelFault.of(kIOReturnNoDevice, "iterator=0x%08X is at the level it started at: there is no"
                    + " entered level to exit (IORegistryIterator::exitEntry)", iterator);
        }
        return null;
    }

    /**
     * {@code is_io_registry_entry_in_plane}: whether the entry has a parent in the plane. For a plane the kernel does
     * not have (and {@code ""}), XNU asks whether the entry is in any plane, which here is the same question.
     */
    Failure inPlane(MachTask task, int entryName, String plane, boolean[] inPlane) {
        plane(plane);
        inPlane[0] = Lookups.entry(task, entryName).inPlane();
        return null;
    }

    /**
     * {@code is_io_registry_entry_get_property_bin_buf}: a fresh copy of property {@code key} of the entry, looked up
     * as a one-key read looks it up ({@code IOCopyPropertyCompatible}: the table, then what the dext published); if it has
     * none and {@code options} has {@code kIORegistryIterateRecursively} and {@code plane} is not {@code ""}, of the
     * first entry of a {@link RegistryIterator} walk from it with {@code options} (children, or with
     * {@code kIORegistryIterateParents} parents, depth first) that has one.
     *
     * @throws KernelFault {@code kIOReturnNotFound} if none has it (also when the plane is one the kernel does not
     *                     have: XNU makes no iterator for it).
     */
    Failure searchProperty(MachTask task, int entryName, String plane, String key, int options, Object[] value) {
        final RegistryEntry entry = Lookups.entry(task, entryName);
        if (key == null) {
            throw KernelFault.of(kIOReturnBadArgument, "key is null");
        }
        Object found = entry.copyProperty(key);
        if (found == null && (options & RegistryIterator.kIORegistryIterateRecursively) != 0
                && !plane(plane).isEmpty() && RegistryPaths.isPlane(plane)) {
            final RegistryIterator walk = new RegistryIterator(entry, options);
            for (RegistryEntry next = walk.next(); found == null && next != null; next = walk.next()) {
                found = next.copyProperty(key);
            }
        }
        if (found == null) {
            throw KernelFault.of(kIOReturnNotFound, "no property key=\"%s\" in %s%s", key, entry.name(),
                    (options & RegistryIterator.kIORegistryIterateRecursively) == 0 ? "" : " nor in the entries "
                            + ((options & RegistryIterator.kIORegistryIterateParents) != 0 ? "above" : "below")
                            + " it in plane=\"" + plane + "\"");
        }
        value[0] = found;
        return null;
    }

    /**
     * {@code io_service_match_property_table}: whether {@code service} matches {@code matching}, as
     * {@code IOService::passiveMatch} decides, registered or not.
     *
     * @throws KernelFault {@code kIOReturnBadArgument} for an entry that is no {@code IOService} (the root) and for a
     *                     dictionary C could not send ({@link Matching#copy}).
     */
    Failure matchPropertyTable(MachTask task, int serviceName, Map<String, Object> matching, boolean[] matches) {
        final RegistryEntry service = Lookups.entry(task, serviceName);
        if (!service.classChain().contains("IOService")) {
            throw KernelFault.of(kIOReturnBadArgument, "service=0x%08X names %s, an %s, not an IOService (XNU"
                    + " CHECK(IOService, …))", serviceName, service.name(), service.ioClass());
        }
        final Matching.Copy copy = Matching.copy(matching);
        if (copy.failure() != null) {
            throw new KernelFault(copy.failure().within("malformed matching dictionary"));
        }
        matches[0] = Matching.matchesIgnoringRegistration(copy.dictionary(), service, kernel.registry()::isResourcePublished);
        return null;
    }

    private String whyNoPath(RegistryEntry entry, String plane) {
        if (!RegistryPaths.isPlane(plane)) {
            return "the kernel has no such plane (it has \"" + RegistryPaths.kIOServicePlane + "\" only)";
        }
        return entry.inPlane() || entry == kernel.registry().root() ? "the path is longer than an io_string_t holds (509 bytes)"
                : "it is no longer in the plane (it terminated)";
    }

    /** {@return {@code plane}, checked: C cannot send a NULL plane} */
    private static String plane(String plane) {
        if (plane == null) {
            throw KernelFault.of(kIOReturnBadArgument, "plane is null: name a plane, e.g. kIOServicePlane"
                    + " (\"%s\")", RegistryPaths.kIOServicePlane);
        }
        return plane;
    }
}
