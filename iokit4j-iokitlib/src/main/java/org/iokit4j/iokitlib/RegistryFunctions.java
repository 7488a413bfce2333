package org.iokit4j.iokitlib;

import java.util.Map;
import org.iokit4j.IOReturn;

/**
 * IOKitLib's registry functions: the root, planes, paths, names and locations, parents, children, registry iterators,
 * the recursive property search and {@code IOServiceMatchPropertyTable} (issue 11, contract.md §7). Call them as
 * {@code IOKitLib.X} (or through {@code import static org.iokit4j.iokitlib.IOKitLib.*}): {@link IOKitLib} inherits
 * them, so one static import still gives a C port every function. They follow the rules of {@link IOKitLib}'s class
 * comment (Apple's codes, the reason recorded as the thread's last failure, nothing thrown for a bad argument).
 *
 * <p><b>The registry.</b> One plane exists, the service plane {@link #kIOServicePlane}: each service under its
 * provider, user clients under their service. Its top is the registry root ({@link #IORegistryGetRootEntry},
 * named {@code Root}), whose children are {@code IOResources} and {@code IOUserResources}; dexts matched on
 * {@code IOUserResources} are its children. A path is {@code IOService:} and one {@code /name} (or
 * {@code /name@location}) per entry from the top down: {@code IOService:/IOUserResources/com.example.Driver}; the root
 * is {@code IOService:/} (on a Mac that is the platform expert device below the root, which iokit4j does not have:
 * every other path is as on a Mac). An entry's location comes from the {@code IOLocation} string of the dictionary it
 * was made from (its personality, or the one {@code IOService::Create} names).
 *
 * <p><b>Other planes</b> do not exist here, and each function answers for one as IOKitLib and XNU answer for a plane
 * the kernel does not have: {@link #IORegistryEntryGetPath}, {@link #IORegistryCreateIterator} and
 * {@link #IORegistryEntryCreateIterator} fail with {@code kIOReturnBadArgument}; {@link #IORegistryEntryGetChildIterator}
 * and {@link #IORegistryEntryGetParentIterator} succeed with no iterator (0), so {@link #IORegistryEntryGetChildEntry}
 * and {@link #IORegistryEntryGetParentEntry} answer {@code kIOReturnNoDevice}; {@link #IORegistryEntryInPlane} asks
 * whether the entry is in any plane; names and locations are the entry's own; a search finds only the entry's own
 * property. A {@code null} plane, which C cannot send to MIG, is {@code kIOReturnBadArgument}, except where IOKitLib
 * replaces it ({@link #IORegistryEntryGetNameInPlane}, {@link #IORegistryEntryGetLocationInPlane}, a search that is not
 * recursive).
 *
 * <p><b>Registry iterators</b> ({@link #IORegistryCreateIterator}, {@link #IORegistryEntryCreateIterator}) walk the
 * plane below an entry (never returning it): without {@link #kIORegistryIterateRecursively}, its children (with
 * {@link #kIORegistryIterateParents}, its parents), and {@link #IORegistryIteratorEnterEntry} after an
 * {@code IOIteratorNext} descends into the entry returned, {@link #IORegistryIteratorExitEntry} comes back up;
 * recursively, every entry below, depth first, each before its children. {@code IOIteratorNext} answers 0 at the end
 * of a level. If the links being walked change, the iterator becomes invalid ({@code IOIteratorIsValid} is false)
 * until {@code IOIteratorReset}. Child and parent iterators ({@link #IORegistryEntryGetChildIterator}) are a snapshot:
 * always valid.
 *
 * <p><b>Concurrency.</b> Every function is thread-safe.
 */
public abstract class RegistryFunctions extends SerializeFunctions {
    /** The service plane's name, {@value} ({@code kIOServicePlane}). */
    public static final String kIOServicePlane = "IOService";
    /** A registry iterator walks every entry below, not only one level ({@code kIORegistryIterateRecursively}). */
    public static final int kIORegistryIterateRecursively = 0x00000001;
    /** A registry iterator walks towards the root, through parents ({@code kIORegistryIterateParents}). */
    public static final int kIORegistryIterateParents = 0x00000002;

    RegistryFunctions() {
    }

    /**
     * {@code IORegistryGetRootEntry}: the registry root, {@code Root} (XNU {@code is_io_registry_get_root_entry}).
     *
     * @param mainPort {@code kIOMainPortDefault} (0) or this task's main port.
     * @return the root's name (released by the caller), or 0: the last failure says why ({@code
     *         MACH_SEND_INVALID_DEST} for a {@code mainPort} the task does not hold, {@code kIOReturnNotPrivileged}
     *         for one naming another object).
     */
    public static int IORegistryGetRootEntry(int mainPort) {
        return RegistryCalls.rootEntry(mainPort);
    }

    /**
     * {@code IORegistryEntryFromPath}: the entry at {@code path}, e.g. {@code IOService:/IOUserResources/Name} (what
     * {@link #IORegistryEntryGetPath} writes leads back to the entry). Paths longer than an {@code io_string_t}
     * (511 bytes) are cut there, as MIG's stub cuts them.
     *
     * @param mainPort {@code kIOMainPortDefault}, or a main port from {@code IOMainPort}.
     * @param path     the path, e.g. {@code IOService:/IOUserResources/com.example.Driver}.
     * @return the entry's name (released by the caller), or 0: the last failure says why ({@code kIOReturnNotFound}
     *         for a path that leads nowhere: no plane prefix, an unknown plane, no leading {@code /}, a component no
     *         child matches, a trailing {@code /}; {@code kIOReturnBadArgument} for a null path; the main port's codes
     *         as for {@link #IORegistryGetRootEntry}).
     */
    public static int IORegistryEntryFromPath(int mainPort, String path) {
        return RegistryCalls.fromPath(mainPort, path);
    }

    /**
     * {@code IORegistryEntryGetPath}: the entry's path in {@code plane} into {@code path[0]}.
     *
     * @param entry the registry entry: a service, the root, or a connection (a user client is an entry).
     * @param plane the plane's name: {@code kIOServicePlane}, the one plane iokit4j has.
     * @param path  the path, e.g. {@code IOService:/IOUserResources/com.example.Driver}.
     * @return {@code kIOReturnSuccess}; {@code kIOReturnBadArgument} for a plane the kernel does not have, an entry no
     *         longer in the plane (terminated), a path over 509 bytes (XNU {@code is_io_registry_entry_get_path}), a
     *         null plane or a missing out-array; {@code MACH_SEND_INVALID_DEST} for a name the task does not hold.
     */
    public static int IORegistryEntryGetPath(int entry, String plane, String[] path) {
        return RegistryCalls.getPath(entry, plane, path);
    }

    /**
     * {@code IORegistryEntryCopyPath}: the entry's path in {@code plane} as a new string, or {@code null}: IOKitUser's
     * {@code IORegistryEntryCopyPath} over {@link #IORegistryEntryGetPath}, whose failure is the thread's last
     * failure. (Apple retries a path too long for an {@code io_string_t} with an out-of-line routine; iokit4j's paths
     * are limited to 509 bytes by the same check, so such an entry gives {@code null} with the reason.)
     *
     * @param entry the registry entry: a service, the root, or a connection (a user client is an entry).
     * @param plane the plane's name: {@code kIOServicePlane}, the one plane iokit4j has.
     * @return the path, or {@code null} with the reason as the thread's last failure.
     */
    public static String IORegistryEntryCopyPath(int entry, String plane) {
        final String[] path = new String[1];
        return RegistryCalls.getPath(entry, plane, path) == IOReturn.kIOReturnSuccess ? path[0] : null;
    }

    /**
     * {@code IORegistryEntryCopyFromPath}: the entry at {@code path}, as {@link #IORegistryEntryFromPath} (IOKitUser
     * sends the same routine for a path that fits an {@code io_string_t}).
     *
     * @param mainPort {@code kIOMainPortDefault}, or a main port from {@code IOMainPort}.
     * @param path     the path, e.g. {@code IOService:/IOUserResources/com.example.Driver}.
     * @return the entry's name (released by the caller), or 0 with the reason as the last failure.
     */
    public static int IORegistryEntryCopyFromPath(int mainPort, String path) {
        return RegistryCalls.fromPath(mainPort, path);
    }

    /**
     * {@code IORegistryEntryGetNameInPlane}: the entry's name in {@code plane} into {@code name[0]}; every plane (and
     * {@code null}, which IOKitLib sends as {@code ""}) answers the entry's name, as no entry is named per plane.
     *
     * @param entry the registry entry: a service, the root, or a connection (a user client is an entry).
     * @param plane the plane's name: {@code kIOServicePlane}, the one plane iokit4j has.
     * @param name  receives the name (a {@code String[1]}).
     * @return {@code kIOReturnSuccess}; {@code MACH_SEND_INVALID_DEST} for a name the task does not hold;
     *         {@code kIOReturnBadArgument} for a name of another kind of object or a missing out-array.
     */
    public static int IORegistryEntryGetNameInPlane(int entry, String plane, String[] name) {
        return RegistryCalls.nameOrLocation("IORegistryEntryGetNameInPlane", entry, plane, name, false);
    }

    /**
     * {@code IORegistryEntryGetLocationInPlane}: the entry's location into {@code location[0]} (any plane, or
     * {@code null}, answers its one location).
     *
     * @param entry    the registry entry: a service, the root, or a connection (a user client is an entry).
     * @param plane    the plane's name: {@code kIOServicePlane}, the one plane iokit4j has.
     * @param location receives the location (a {@code String[1]}).
     * @return {@code kIOReturnSuccess}; {@code kIOReturnNotFound} if the entry has no location (XNU
     *         {@code is_io_registry_entry_get_location_in_plane}); the codes of {@link #IORegistryEntryGetNameInPlane}.
     */
    public static int IORegistryEntryGetLocationInPlane(int entry, String plane, String[] location) {
        return RegistryCalls.nameOrLocation("IORegistryEntryGetLocationInPlane", entry, plane, location, true);
    }

    /**
     * {@code IORegistryEntryGetParentEntry}: the entry's provider in {@code plane} into {@code parent[0]} (released by
     * the caller), taken from {@link #IORegistryEntryGetParentIterator} as IOKitLib does.
     *
     * @param entry  the registry entry: a service, the root, or a connection (a user client is an entry).
     * @param plane  the plane's name: {@code kIOServicePlane}, the one plane iokit4j has.
     * @param parent receives the parent's name (an {@code int[1]}), released by the caller.
     * @return {@code kIOReturnSuccess}; {@code kIOReturnNoDevice} if it has none (the root, a terminated entry, a
     *         plane the kernel does not have); the codes of {@link #IORegistryEntryGetParentIterator}.
     */
    public static int IORegistryEntryGetParentEntry(int entry, String plane, int[] parent) {
        return RegistryCalls.linkEntry("IORegistryEntryGetParentEntry", entry, plane, true, parent);
    }

    /**
     * {@code IORegistryEntryGetParentIterator}: an iterator over the entry's parents in {@code plane} as they are now
     * (one: its provider); for a plane the kernel does not have, success with {@code iterator[0]} = 0 (XNU makes no
     * iterator and still succeeds).
     *
     * @param entry    the registry entry: a service, the root, or a connection (a user client is an entry).
     * @param plane    the plane's name: {@code kIOServicePlane}, the one plane iokit4j has.
     * @param iterator receives the iterator (an {@code int[1]}), released by the caller.
     * @return {@code kIOReturnSuccess}; {@code MACH_SEND_INVALID_DEST} for a name the task does not hold;
     *         {@code kIOReturnBadArgument} for a name of another kind of object, a null plane or a missing out-array.
     */
    public static int IORegistryEntryGetParentIterator(int entry, String plane, int[] iterator) {
        return RegistryCalls.linkIterator("IORegistryEntryGetParentIterator", entry, plane, true, iterator);
    }

    /**
     * {@code IORegistryEntryGetChildEntry}: the entry's first child in {@code plane} into {@code child[0]} (released
     * by the caller).
     *
     * @param entry the registry entry: a service, the root, or a connection (a user client is an entry).
     * @param plane the plane's name: {@code kIOServicePlane}, the one plane iokit4j has.
     * @param child receives the first child's name (an {@code int[1]}), released by the caller.
     * @return {@code kIOReturnSuccess}; {@code kIOReturnNoDevice} if it has none; the codes of
     *         {@link #IORegistryEntryGetChildIterator}.
     */
    public static int IORegistryEntryGetChildEntry(int entry, String plane, int[] child) {
        return RegistryCalls.linkEntry("IORegistryEntryGetChildEntry", entry, plane, false, child);
    }

    /**
     * {@code IORegistryEntryGetChildIterator}: an iterator over the entry's children in {@code plane} as they are now,
     * oldest first; as {@link #IORegistryEntryGetParentIterator} for other planes.
     *
     * @param entry    the registry entry: a service, the root, or a connection (a user client is an entry).
     * @param plane    the plane's name: {@code kIOServicePlane}, the one plane iokit4j has.
     * @param iterator receives the iterator (an {@code int[1]}), released by the caller.
     * @return the codes of {@link #IORegistryEntryGetParentIterator}.
     */
    public static int IORegistryEntryGetChildIterator(int entry, String plane, int[] iterator) {
        return RegistryCalls.linkIterator("IORegistryEntryGetChildIterator", entry, plane, false, iterator);
    }

    /**
     * {@code IORegistryCreateIterator}: a registry iterator below the root (see the class comment).
     *
     * @param options  {@link #kIORegistryIterateRecursively}, {@link #kIORegistryIterateParents}.
     * @param mainPort {@code kIOMainPortDefault}, or a main port from {@code IOMainPort}.
     * @param plane    the plane's name: {@code kIOServicePlane}, the one plane iokit4j has.
     * @param iterator receives the iterator (an {@code int[1]}), released by the caller.
     * @return {@code kIOReturnSuccess}; {@code kIOReturnBadArgument} for a plane the kernel does not have, a null
     *         plane or a missing out-array; the main port's codes as for {@link #IORegistryGetRootEntry}.
     */
    public static int IORegistryCreateIterator(int mainPort, String plane, int options, int[] iterator) {
        return RegistryCalls.createIterator(mainPort, plane, options, iterator);
    }

    /**
     * {@code IORegistryEntryCreateIterator}: a registry iterator below {@code entry} (see the class comment).
     *
     * @param entry    the registry entry: a service, the root, or a connection (a user client is an entry).
     * @param plane    the plane's name: {@code kIOServicePlane}, the one plane iokit4j has.
     * @param options  {@code kIORegistryIterateRecursively}, {@code kIORegistryIterateParents}, or 0.
     * @param iterator receives the iterator (an {@code int[1]}), released by the caller.
     * @return {@code kIOReturnSuccess}; {@code kIOReturnBadArgument} as for {@link #IORegistryCreateIterator} and for a
     *         name of another kind of object; {@code MACH_SEND_INVALID_DEST} for a name the task does not hold.
     */
    public static int IORegistryEntryCreateIterator(int entry, String plane, int options, int[] iterator) {
        return RegistryCalls.entryCreateIterator(entry, plane, options, iterator);
    }

    /**
     * {@code IORegistryIteratorEnterEntry}: the next {@code IOIteratorNext} returns the first child of the entry
     * returned last.
     *
     * @param iterator the iterator's name.
     * @return {@code kIOReturnSuccess}; {@code kIOReturnBadArgument} for an iterator that is no registry iterator;
     *         {@code MACH_SEND_INVALID_DEST} for a name the task does not hold.
     */
    public static int IORegistryIteratorEnterEntry(int iterator) {
        return RegistryCalls.enterOrExit(iterator, true);
    }

    /**
     * {@code IORegistryIteratorExitEntry}: back to the level above, after the entry entered last.
     *
     * @param iterator the iterator's name.
     * @return {@code kIOReturnSuccess}; {@code kIOReturnNoDevice} at the level the iterator started at (XNU
     *         {@code is_io_registry_iterator_exit_entry}); the codes of {@link #IORegistryIteratorEnterEntry}.
     */
    public static int IORegistryIteratorExitEntry(int iterator) {
        return RegistryCalls.enterOrExit(iterator, false);
    }

    /**
     * {@code IORegistryEntryInPlane}: whether the entry is attached in {@code plane} (has a parent there: the root has
     * none, nor has a terminated entry).
     *
     * @param entry the registry entry: a service, the root, or a connection (a user client is an entry).
     * @param plane the plane's name: {@code kIOServicePlane}, the one plane iokit4j has.
     * @return the answer, or {@code false} with the reason as the last failure (a name the task does not hold, a null
     *         plane).
     */
    public static boolean IORegistryEntryInPlane(int entry, String plane) {
        return RegistryCalls.inPlane(entry, plane);
    }

    /**
     * {@code IORegistryEntrySearchCFProperty}: a fresh copy of property {@code key} (contract.md §7 types) of the
     * entry or, with {@link #kIORegistryIterateRecursively}, of the first entry of a walk below it (with
     * {@link #kIORegistryIterateParents}, above it, up to the root) in {@code plane} that has it.
     *
     * @param allocator ignored ({@code kCFAllocatorDefault}).
     * @param entry     the registry entry: a service, the root, or a connection (a user client is an entry).
     * @param plane     the plane's name: {@code kIOServicePlane}, the one plane iokit4j has.
     * @param key       the property's name.
     * @param options   {@code kIORegistryIterateRecursively}, {@code kIORegistryIterateParents}, or 0.
     * @return the value, or {@code null}: none has it ({@code kIOReturnNotFound} as the last failure), or a bad
     *         argument (a null key, a null plane when searching recursively, a name the task does not hold).
     */
    public static Object IORegistryEntrySearchCFProperty(int entry, String plane, String key, Object allocator,
                                                         int options) {
        return RegistryCalls.search(entry, plane, key, options);
    }

    /**
     * {@code IOServiceMatchPropertyTable}: whether {@code service} matches {@code matching}, registered or not
     * ({@code IOService::passiveMatch}), into {@code matches[0]}. Every matching key of
     * {@code IOServiceGetMatchingServices} is honoured, {@code IOPropertyExistsMatch}, {@code IOParentMatch},
     * {@code IOPathMatch}, {@code IOLocationMatch} and {@code IONameMatch} with an array included; a key of the wrong
     * type is treated as XNU's {@code matchInternal} treats it (docs/properties-and-registry.md).
     *
     * @param service  the service's name.
     * @param matching the matching dictionary ({@code IOServiceMatching}, {@code IOServiceNameMatching}, …).
     * @param matches  receives whether it matches (a {@code boolean[1]}).
     * @return {@code kIOReturnSuccess}; {@code kIOReturnBadArgument} for a null or malformed dictionary (a null key or
     *         value, a key that is not a String, a cycle), a missing out-array, or an entry that is no
     *         {@code IOService} (the root); {@code MACH_SEND_INVALID_DEST} for a name the task does not hold.
     */
    public static int IOServiceMatchPropertyTable(int service, Map<String, Object> matching, boolean[] matches) {
        return RegistryCalls.matchPropertyTable(service, matching, matches);
    }
}
