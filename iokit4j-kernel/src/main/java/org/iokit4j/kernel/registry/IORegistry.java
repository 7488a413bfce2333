package org.iokit4j.kernel.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.iokit4j.kernel.bundle.DriverBundle;
import org.iokit4j.kernel.matching.Matching;

/**
 * The I/O Registry of one kernel: every entry by ID, the service plane from the root, and the published
 * resources that {@code IOResourceMatch} looks at.
 *
 * <p>The root has two children made at boot: {@code IOResources} and {@code IOUserResources}, the provider of
 * dexts whose {@code IOProviderClass} is {@code IOUserResources}.
 *
 * <p><b>Concurrency.</b> Thread-safe.
 */
public final class IORegistry {
    private static final Map<String, List<String>> KERNEL_CLASSES = Map.of(
            "IORegistryEntry", List.of("IORegistryEntry", "OSObject"),
            "IOService", List.of("IOService", "IORegistryEntry", "OSObject"),
            "IOResources", List.of("IOResources", "IOService", "IORegistryEntry", "OSObject"),
            "IOUserResources", List.of("IOUserResources", "IOService", "IORegistryEntry", "OSObject"),
            "IOUserService", List.of("IOUserService", "IOService", "IORegistryEntry", "OSObject"),
            "IOUserClient", List.of("IOUserClient", "IOService", "IORegistryEntry", "OSObject"),
            "IOUserUserClient", List.of("IOUserUserClient", "IOUserClient", "IOService", "IORegistryEntry",
                    "OSObject"));

    private final AtomicLong ids = new AtomicLong(0x100000100L);
    private final Map<Long, RegistryEntry> entries = new ConcurrentHashMap<>();
    private final Set<String> resources = ConcurrentHashMap.newKeySet();
    private final RegistryEntry.KernelCallbacks kernel;
    private final RegistryEntry root;
    private final RegistryEntry userResources;

    /**
     * Creates a registry with its root, {@code IOResources} and {@code IOUserResources}.
     *
     * @param kernel what the entries call back into the kernel for.
     */
    public IORegistry(RegistryEntry.KernelCallbacks kernel) {
        this.kernel = kernel;
        this.root = newEntry("Root", "IORegistryEntry", Map.of(), null, null, null);
        final RegistryEntry ioResources = newEntry("IOResources", "IOResources", Map.of(), root, null, null);
        ioResources.setState(RegistryEntry.State.REGISTERED);
        this.userResources = newEntry("IOUserResources", "IOUserResources", Map.of(), root, null, null);
        resources.add("IOKit"); // published by every kernel: IOResourceMatch = IOKit always matches
    }

    /** {@return the registry root} */
    public RegistryEntry root() {
        return root;
    }

    /** {@return the {@code IOUserResources} nub that {@code IOUserResources} personalities attach to} */
    public RegistryEntry userResources() {
        return userResources;
    }

    /**
     * Makes a new, inactive entry.
     *
     * @param ioClass    the kernel class; its ancestry comes from the kernel's class table (unknown: IOService's).
     * @param userClass  the driver's {@code IOUserClass}, also matchable as a class name, or {@code null}.
     * @param name       the entry's name.
     * @param properties its properties (copied and frozen).
     * @param provider   its provider, or {@code null} for none.
     * @param bundle     the bundle whose personality made it, or {@code null}.
     * @return the new entry, attached to {@code provider}, not yet registered.
     */
    public RegistryEntry newEntry(String name, String ioClass, Map<String, Object> properties,
                                  RegistryEntry provider, DriverBundle bundle, String userClass) {
        final List<String> chain = new ArrayList<>();
        if (userClass != null) {
            chain.add(userClass);
            chain.add(userClass.substring(userClass.lastIndexOf('.') + 1));
        }
        chain.addAll(KERNEL_CLASSES.getOrDefault(ioClass, withBase(ioClass)));
        final RegistryEntry entry = new RegistryEntry(ids.getAndIncrement(), name, ioClass, chain, properties,
                provider, bundle, kernel);
        entries.put(entry.registryEntryID(), entry);
        return entry;
    }

    /**
     * Removes a terminated entry from the registry and its provider's children.
     *
     * @param entry the registry entry.
     */
    public void remove(RegistryEntry entry) {
        entry.setState(RegistryEntry.State.TERMINATED);
        entry.detach();
        entries.remove(entry.registryEntryID());
        entry.port().invalidate();
    }

    /**
     * Removes a terminated service from the registry and its provider's children, but keeps its port alive: names
     * clients still hold (from iterators and termination notifications) can read its name, ID and properties, as
     * a terminated IOService stays readable until its last reference goes. Matching no longer finds it, and it
     * cannot be opened.
     *
     * @param entry the registry entry.
     */
    public void unregister(RegistryEntry entry) {
        entry.markTerminated();
        entry.detach();
        entries.remove(entry.registryEntryID());
    }

    /**
     * {@return the registered entries matching {@code matching}, oldest first}
     *
     * @param matching the matching dictionary.
     */
    public List<RegistryEntry> matching(Map<String, Object> matching) {
        final List<RegistryEntry> found = new ArrayList<>();
        for (RegistryEntry entry : entries.values()) {
            if (entry.isRegistered() && Matching.matches(matching, entry, resources::contains)) {
                found.add(entry);
            }
        }
        found.sort(java.util.Comparator.comparingLong(RegistryEntry::registryEntryID));
        return found;
    }

    /**
     * {@return the entry with {@code id}, or {@code null}}
     *
     * @param id the registry entry ID.
     */
    public RegistryEntry byID(long id) {
        return entries.get(id);
    }

    /** {@return every entry, oldest first} */
    public List<RegistryEntry> all() {
        final List<RegistryEntry> all = new ArrayList<>(entries.values());
        all.sort(java.util.Comparator.comparingLong(RegistryEntry::registryEntryID));
        return all;
    }

    /**
     * {@return whether resource {@code name} was published}
     *
     * @param name the resource's name.
     */
    public boolean isResourcePublished(String name) {
        return resources.contains(name);
    }

    /**
     * Publishes resource {@code name} ({@code IOResourceMatch} finds it from now on).
     *
     * @param name the resource's name.
     */
    public void publishResource(String name) {
        resources.add(name);
    }

    // ---- objects (issue 11): busy counts and the kernel's class table ----

    private final BusyState busy = new BusyState();

    /** {@return the busy counts of this registry's entries} */
    public BusyState busy() {
        return busy;
    }

    /**
     * {@return the chains of the kernel classes this registry knows without a driver, each class first and
     * {@code OSObject} last} ({@code IOService}, {@code IOUserService}, {@code IOUserUserClient}, …)
     */
    public static java.util.Collection<List<String>> kernelClassChains() {
        return KERNEL_CLASSES.values();
    }

    private static List<String> withBase(String ioClass) {
        return List.of(ioClass, "IOService", "IORegistryEntry", "OSObject");
    }
}
