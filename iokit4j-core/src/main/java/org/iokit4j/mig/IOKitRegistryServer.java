package org.iokit4j.mig;

import java.util.Map;
import org.iokit4j.Failure;
import org.iokit4j.mach.TaskHandle;

/**
 * The part of {@link IOKitServer} that reads the registry's planes and carries properties both ways (issue 11): root,
 * paths, names and locations in a plane, links, registry iterators, property search and
 * {@code IOServiceMatchPropertyTable}, and {@code io_registry_entry_get_properties_bin_buf}/{@code _set_properties}.
 * Each answers as XNU's {@code is_io_registry_*} routine (iokit/Kernel/IOUserClient.cpp) answers; a kernel that does
 * not implement one answers {@link #unanswered}. Kept apart so that each file stays readable; implement
 * {@link IOKitServer}, which extends it.
 *
 * <p><b>Concurrency.</b> As {@link IOKitServer}: every routine may be called from any thread.
 */
public interface IOKitRegistryServer {

    /**
     * {@return what a routine this kernel does not implement answers} {@link IOKitServer#unanswered} gives
     * {@code kIOReturnUnsupported} and why.
     *
     * @param routine the MIG routine's name.
     */
    Failure unanswered(String routine);

    // ---- the registry's planes (issue 11): root, paths, names and locations in a plane, links, iterators ----
    // Each answers as XNU's is_io_registry_* routine (iokit/Kernel/IOUserClient.cpp); a kernel that does not
    // implement one answers unanswered(routine). Planes are names; C cannot send a null one (kIOReturnBadArgument).

    /**
     * {@code io_registry_get_root_entry}: the registry root ({@code Root}).
     *
     * @param task the calling task.
     * @param root receives the root's name (an {@code int[1]}).
     * @return {@code null}, or the routine's failure with its explanation.
     */
    default Failure registryGetRootEntry(TaskHandle task, int[] root) {
        return unanswered("io_registry_get_root_entry");
    }

    /**
     * {@code io_registry_entry_from_path}: the entry at {@code path}, or {@code kIOReturnNotFound}.
     *
     * @param task  the calling task.
     * @param path  the path.
     * @param entry receives the entry's name (an {@code int[1]}).
     * @return {@code null}, or the routine's failure with its explanation.
     */
    default Failure registryEntryFromPath(TaskHandle task, String path, int[] entry) {
        return unanswered("io_registry_entry_from_path");
    }

    /**
     * {@code io_registry_entry_get_path}: {@code kIOReturnBadArgument} if the entry has no path in the plane.
     *
     * @param task  the calling task.
     * @param entry the task's name for the registry entry.
     * @param plane the plane's name.
     * @param path  receives the path (a {@code String[1]}).
     * @return {@code null}, or the routine's failure with its explanation.
     */
    default Failure registryEntryGetPath(TaskHandle task, int entry, String plane, String[] path) {
        return unanswered("io_registry_entry_get_path");
    }

    /**
     * {@code io_registry_entry_get_name_in_plane} ({@code ""}: no plane).
     *
     * @param task  the calling task.
     * @param entry the task's name for the registry entry.
     * @param plane the plane's name.
     * @param name  receives the name (a {@code String[1]}).
     * @return {@code null}, or the routine's failure with its explanation.
     */
    default Failure registryEntryGetNameInPlane(TaskHandle task, int entry, String plane, String[] name) {
        return unanswered("io_registry_entry_get_name_in_plane");
    }

    /**
     * {@code io_registry_entry_get_location_in_plane}: {@code kIOReturnNotFound} if the entry has none.
     *
     * @param task     the calling task.
     * @param entry    the task's name for the registry entry.
     * @param plane    the plane's name.
     * @param location receives the location (a {@code String[1]}).
     * @return {@code null}, or the routine's failure with its explanation.
     */
    default Failure registryEntryGetLocationInPlane(TaskHandle task, int entry, String plane, String[] location) {
        return unanswered("io_registry_entry_get_location_in_plane");
    }

    /**
     * {@code io_registry_entry_get_child_iterator}: 0 (and success) for a plane the kernel does not have.
     *
     * @param task     the calling task.
     * @param entry    the task's name for the registry entry.
     * @param plane    the plane's name.
     * @param iterator receives the iterator's name (an {@code int[1]}).
     * @return {@code null}, or the routine's failure with its explanation.
     */
    default Failure registryEntryGetChildIterator(TaskHandle task, int entry, String plane, int[] iterator) {
        return unanswered("io_registry_entry_get_child_iterator");
    }

    /**
     * {@code io_registry_entry_get_parent_iterator}: 0 (and success) for a plane the kernel does not have.
     *
     * @param task     the calling task.
     * @param entry    the task's name for the registry entry.
     * @param plane    the plane's name.
     * @param iterator receives the iterator's name (an {@code int[1]}).
     * @return {@code null}, or the routine's failure with its explanation.
     */
    default Failure registryEntryGetParentIterator(TaskHandle task, int entry, String plane, int[] iterator) {
        return unanswered("io_registry_entry_get_parent_iterator");
    }

    /**
     * {@code io_registry_create_iterator}: a registry iterator from the root; the main port is the caller's check.
     *
     * @param task     the calling task.
     * @param plane    the plane's name.
     * @param options  the options.
     * @param iterator receives the iterator's name (an {@code int[1]}).
     * @return {@code null}, or the routine's failure with its explanation.
     */
    default Failure registryCreateIterator(TaskHandle task, String plane, int options, int[] iterator) {
        return unanswered("io_registry_create_iterator");
    }

    /**
     * {@code io_registry_entry_create_iterator}: a registry iterator from {@code entry}.
     *
     * @param task     the calling task.
     * @param entry    the task's name for the registry entry.
     * @param plane    the plane's name.
     * @param options  the options.
     * @param iterator receives the iterator's name (an {@code int[1]}).
     * @return {@code null}, or the routine's failure with its explanation.
     */
    default Failure registryEntryCreateIterator(TaskHandle task, int entry, String plane, int options,
                                                int[] iterator) {
        return unanswered("io_registry_entry_create_iterator");
    }

    /**
     * {@code io_registry_iterator_enter_entry}: {@code kIOReturnBadArgument} for no registry iterator.
     *
     * @param task     the calling task.
     * @param iterator the task's name for the iterator.
     * @return {@code null}, or the routine's failure with its explanation.
     */
    default Failure registryIteratorEnterEntry(TaskHandle task, int iterator) {
        return unanswered("io_registry_iterator_enter_entry");
    }

    /**
     * {@code io_registry_iterator_exit_entry}: {@code kIOReturnNoDevice} at the level the walk started at.
     *
     * @param task     the calling task.
     * @param iterator the task's name for the iterator.
     * @return {@code null}, or the routine's failure with its explanation.
     */
    default Failure registryIteratorExitEntry(TaskHandle task, int iterator) {
        return unanswered("io_registry_iterator_exit_entry");
    }

    /**
     * {@code io_registry_entry_in_plane}.
     *
     * @param task    the calling task.
     * @param entry   the task's name for the registry entry.
     * @param plane   the plane's name.
     * @param inPlane receives whether it is (a {@code boolean[1]}).
     * @return {@code null}, or the routine's failure with its explanation.
     */
    default Failure registryEntryInPlane(TaskHandle task, int entry, String plane, boolean[] inPlane) {
        return unanswered("io_registry_entry_in_plane");
    }

    /**
     * {@code io_registry_entry_get_property_bin_buf} with a plane and options: a fresh copy of property {@code key}
     * of {@code entry} or, with {@code kIORegistryIterateRecursively} and a plane, of the first entry below (above,
     * with {@code kIORegistryIterateParents}) that has it; {@code kIOReturnNotFound} if none has.
     *
     * @param task    the calling task.
     * @param entry   the task's name for the registry entry.
     * @param plane   the plane's name.
     * @param key     the property's name.
     * @param options the options.
     * @param value   receives a fresh copy of the value (an {@code Object[1]}).
     * @return {@code null}, or the routine's failure with its explanation.
     */
    default Failure registryEntrySearchProperty(TaskHandle task, int entry, String plane, String key, int options,
                                                Object[] value) {
        return unanswered("io_registry_entry_get_property_bin_buf");
    }

    /**
     * {@code io_service_match_property_table_bin}: whether {@code service} matches {@code matching}.
     *
     * @param task     the calling task.
     * @param service  the task's name for the service.
     * @param matching the matching dictionary.
     * @param matches  receives whether it matches (a {@code boolean[1]}).
     * @return {@code null}, or the routine's failure with its explanation.
     */
    default Failure serviceMatchPropertyTable(TaskHandle task, int service, Map<String, Object> matching,
                                              boolean[] matches) {
        return unanswered("io_service_match_property_table_bin");
    }

    // ---- properties both ways (issue 11): io_registry_entry_get_properties_bin_buf, ..._set_properties ----

    /**
     * {@code io_registry_entry_get_properties_bin_buf} ({@code IORegistryEntryCreateCFProperties}): every property of
     * {@code entry}, a fresh copy the caller owns (contract.md §7 types; maps and lists mutable). A dext's own
     * properties ({@code SetProperties}, kept under {@code IOUserServiceProperties}) are merged over the entry's
     * table, as XNU does.
     *
     * @param entry      a registry entry or a connection (a user client is a registry entry).
     * @param properties receives the dictionary, a {@code Map[1]}; untouched on failure.
     * @param task       the calling task.
     * @return {@code null}; {@code MACH_SEND_INVALID_DEST} for a name the task does not hold; {@code
     *         kIOReturnBadArgument} for a name of another kind of object; {@code kIOReturnUnsupported} where the
     *         carrier has no such routine.
     */
    default Failure registryEntryGetProperties(TaskHandle task, int entry, Map<String, Object>[] properties) {
        return unanswered("io_registry_entry_get_properties_bin_buf");
    }

    /**
     * {@code io_registry_entry_set_properties} ({@code IORegistryEntrySetCFProperties}): hands {@code properties}
     * to the entry's {@code setProperties}, as XNU's routine does; what each kind of entry answers is the kernel's
     * (a dext's services and user clients: {@code kIOReturnUnsupported}).
     *
     * @param properties the value as {@link PropertyValues#serialized} makes it (usually a dictionary).
     * @param task       the calling task.
     * @param entry      the task's name for the registry entry.
     * @return {@code null}, or the kernel's or the entry's code: {@code kIOReturnMessageTooLarge} for more than
     *         {@link PropertyValues#MAX_SERIALIZED_SIZE} serialized bytes, {@code kIOReturnBadArgument} for a value
     *         that is no property value, {@code MACH_SEND_INVALID_DEST} for a name the task does not hold.
     */
    default Failure registryEntrySetProperties(TaskHandle task, int entry, Object properties) {
        return unanswered("io_registry_entry_set_properties");
    }
}
