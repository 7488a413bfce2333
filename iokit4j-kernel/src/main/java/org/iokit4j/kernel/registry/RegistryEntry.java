package org.iokit4j.kernel.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.iokit4j.Failure;
import org.iokit4j.kernel.bundle.DriverBundle;
import org.iokit4j.kernel.matching.MatchCandidate;
import org.iokit4j.mach.MachPort;
import org.iokit4j.mig.DextObject;
import org.iokit4j.mig.DextServer;
import org.iokit4j.mig.KernelObject;

/**
 * One entry of the I/O Registry: a service (or user client) with its name, kernel class, properties and place in
 * the service plane; for a dext-backed service, the driver object that runs it.
 *
 * <p>Clients reach an entry through its {@link #port()}: each task that obtains the entry gets a send right
 * (an {@code io_object_t} name) to it. The driver object reaches it as a {@link KernelObject}.
 *
 * <p><b>Concurrency.</b> Thread-safe: state is volatile or in concurrent collections; the kernel orders
 * lifecycle changes.
 */
public final class RegistryEntry implements MatchCandidate, KernelObject {

    /** Where an entry is in its life. */
    public enum State {
        /** Created, not yet registered: invisible to matching. */
        INACTIVE,
        /** Registered: matching and clients can find it. */
        REGISTERED,
        /** Terminated: gone from matching; its connections fail. */
        TERMINATED
    }

    private final long id;
    private volatile String name;
    private final String ioClass;
    private final List<String> classChain;
    private final PropertyTable properties;
    private final RegistryEntry provider;
    /** Guards changes of {@link #childLinks}; readers read the volatile field. */
    private final Object linkLock = new Object();
    private volatile Links childLinks = new Links(List.of());
    private volatile Links parentLinks;
    private volatile String location;
    private final MachPort port;
    private final DriverBundle bundle;
    private final KernelCallbacks kernel;
    private volatile State state = State.INACTIVE;
    private volatile DextServer server;
    private volatile DextObject dext;

    RegistryEntry(long id, String name, String ioClass, List<String> classChain, Map<String, Object> properties,
                  RegistryEntry provider, DriverBundle bundle, KernelCallbacks kernel) {
        this.id = id;
        this.name = name;
        this.ioClass = ioClass;
        this.classChain = List.copyOf(classChain);
        this.properties = new PropertyTable(properties);
        this.provider = provider;
        this.bundle = bundle;
        this.kernel = kernel;
        this.port = MachPort.forKernelObject(this);
        this.location = properties.get(kIOLocationKey) instanceof String at ? at : null;
        this.parentLinks = new Links(provider == null ? List.of() : List.of(provider));
        if (provider != null) {
            provider.link(this);
        }
    }

    /** The property that gives a new entry its location ({@link #location()}), {@value}: XNU's {@code gIOLocationKey}. */
    public static final String kIOLocationKey = "IOLocation";

    /** What a driver object's calls on its entry need from the kernel. */
    public interface KernelCallbacks {
        /**
         * {@code RegisterService()} of {@code entry}.
         *
         * @param entry the entry to register.
         * @return {@code null}, or why registering failed.
         */
        Failure registerService(RegistryEntry entry);

        /**
         * {@code IOService::Create} with {@code entry} as provider.
         *
         * @param entry         the entry whose driver asked.
         * @param propertiesKey the key of the provider's property that holds the new object's properties.
         * @param result        receives the new object (a {@code DextObject[1]}).
         * @return {@code null}, or why the object could not be made.
         */
        Failure create(RegistryEntry entry, String propertiesKey, DextObject[] result);

        /**
         * {@code IOService::Terminate} of {@code entry} (XNU {@code terminate(kIOServiceTerminateNeedWillTerminate)}):
         * starts its termination and returns; it finishes on another thread.
         *
         * @param entry the entry to terminate.
         */
        default void terminate(RegistryEntry entry) {
        }

        /**
         * {@code CreateMemoryDescriptorFromClient} of the user client at {@code entry}: the client's bytes.
         *
         * @param entry   the user client's entry.
         * @param address the address in the client task.
         * @param length  how many bytes.
         * @param memory  receives the bytes (a {@code MemorySegment[1]}).
         * @return {@code null}, or why the bytes cannot be reached.
         */
        default Failure clientMemory(RegistryEntry entry, long address, long length,
                                     java.lang.foreign.MemorySegment[] memory) {
            return Failure.of(org.iokit4j.IOReturn.kIOReturnUnsupported, "%s has no client memory", entry.name());
        }
    }

    @Override
    public long registryEntryID() {
        return id;
    }

    @Override
    public String name() {
        return name;
    }

    /** {@return the kernel class ({@code IOClass}), e.g. {@code IOUserService}} */
    public String ioClass() {
        return ioClass;
    }

    @Override
    public List<String> classChain() {
        return classChain;
    }

    /**
     * {@inheritDoc}
     *
     * <p>A fresh, mutable deep copy ({@link PropertyCopies#copy}): the entry's table with what its driver published
     * ({@code IOUserServiceProperties}) merged over it, as an app's {@code IORegistryEntryCreateCFProperties} and a
     * driver's {@code CopyProperties} see them ({@link PropertyTable#merged}); matching sees the same (XNU
     * {@code IOService::_copyPropertiesForMatching} merges them too).
     */
    @Override
    public Map<String, Object> properties() {
        return PropertyCopies.copyMap(properties.merged());
    }

    /**
     * {@return property {@code key} of the entry's own table, or {@code null}} What the kernel reads for itself
     * ({@code getProperty}): a driver's published properties are not consulted, and the value is the registry's own
     * (never changed, never to be handed out: {@link #copyProperty} is for callers).
     *
     * @param key the property's name.
     */
    public Object property(String key) {
        return properties.get(key);
    }

    /**
     * {@return a fresh copy of property {@code key} as an app reads it, or {@code null}} The table first, then what the
     * driver published (XNU IOUserClient.cpp {@code IOCopyPropertyCompatible}); no key is made up (XNU's lookup has no
     * {@code IORegistryEntryID} or {@code IOClass} of its own: {@code IORegistryEntry::copyProperty}).
     *
     * @param key the property's name.
     */
    public Object copyProperty(String key) {
        return PropertyCopies.copy(properties.getCompatible(key));
    }

    /** {@return a fresh copy of the entry's own table, without merging ({@code dictionaryWithProperties})} */
    public Map<String, Object> propertyTable() {
        return PropertyCopies.copyMap(properties.snapshot());
    }

    /** {@return the keys of the entry's own table, in order ({@code copyPropertyKeys}): a new list} */
    public List<String> propertyKeys() {
        return properties.keys();
    }

    /**
     * Sets property {@code key} of the entry's own table (a frozen copy of {@code value}).
     *
     * @param key   the property's name.
     * @param value the value.
     */
    public void setProperty(String key, Object value) {
        properties.put(key, value);
    }

    /** {@return the entry's property table, for this package's driver calls} */
    PropertyTable table() {
        return properties;
    }

    @Override
    public boolean isRegistered() {
        return state == State.REGISTERED;
    }

    /** {@return the entry's state} */
    public State state() {
        return state;
    }

    /**
     * Moves the entry to {@link State#TERMINATED} unless it is there already.
     *
     * @return whether this call terminated it (exactly one caller wins).
     */
    public synchronized boolean markTerminated() {
        if (state == State.TERMINATED) {
            return false;
        }
        state = State.TERMINATED;
        return true;
    }

    /**
     * Moves the entry to {@link State#REGISTERED} unless it terminated.
     *
     * @return whether it is registered now.
     */
    public synchronized boolean markRegistered() {
        if (state == State.TERMINATED) {
            return false;
        }
        state = State.REGISTERED;
        return true;
    }

    /**
     * Moves the entry to {@code next}.
     *
     * @param next the state it moves to.
     */
    public synchronized void setState(State next) {
        this.state = next;
    }

    /** {@return the provider (parent in the service plane), or {@code null} for the root} */
    public RegistryEntry provider() {
        return provider;
    }

    /** {@return the children in the service plane} */
    public List<RegistryEntry> children() {
        return new ArrayList<>(childLinks.entries());
    }

    /** Takes the entry out of the service plane: its provider's children and its parent link (XNU {@code detach}). */
    void detach() {
        if (provider != null) {
            provider.unlink(this);
        }
        parentLinks = new Links(List.of());
    }

    private void link(RegistryEntry child) {
        synchronized (linkLock) {
            final List<RegistryEntry> more = new ArrayList<>(childLinks.entries());
            more.add(child);
            childLinks = new Links(more);
        }
    }

    private void unlink(RegistryEntry child) {
        synchronized (linkLock) {
            final List<RegistryEntry> fewer = new ArrayList<>(childLinks.entries());
            if (fewer.remove(child)) {
                childLinks = new Links(fewer);
            }
        }
    }

    /** {@return the entry's children in the service plane now, as one {@link Links} (compare it with {@code ==})} */
    public Links childLinks() {
        return childLinks;
    }

    /**
     * {@return the entry's parents in the service plane now: its provider while it is attached, none once it has
     * left the registry (terminated) and none for the root}
     */
    public Links parentLinks() {
        return parentLinks;
    }

    /** {@return whether the entry is in the service plane: it has a parent there (XNU {@code IORegistryEntry::inPlane})} */
    public boolean inPlane() {
        return !parentLinks.entries().isEmpty();
    }

    /**
     * {@return the provider as {@code IOService::getProvider} answers it: the parent in the service plane, but
     * {@code null} once the entry has left it, and {@code null} for the root's children, since the registry root is
     * no {@code IOService} (XNU IOService.cpp {@code getProvider}: "root is not an IOService")}
     */
    @Override
    public RegistryEntry parentService() {
        final List<RegistryEntry> parents = parentLinks.entries();
        final RegistryEntry parent = parents.isEmpty() ? null : parents.getFirst();
        return parent == null || parent.provider == null ? null : parent;
    }

    /**
     * {@return the entry's location in the service plane, or {@code null}: XNU {@code IORegistryEntry::getLocation}}
     * A family sets it for the nubs it publishes ({@code setLocation}: a PCI function's {@code "1f,3"}); iokit4j has
     * no families, so an entry takes it from the {@value #kIOLocationKey} string of the dictionary it was made from
     * (its personality, or the dictionary {@code IOService::Create} names), and the kernel may set it.
     */
    @Override
    public String location() {
        return location;
    }

    /**
     * Sets the entry's location in the service plane ({@code IORegistryEntry::setLocation}); {@code null} clears it.
     *
     * @param newLocation its location, or {@code null} for none.
     */
    public void setLocation(String newLocation) {
        this.location = newLocation;
    }

    /** {@inheritDoc} The path is resolved from this entry's registry root, as {@code IORegistryEntry::fromPath}. */
    @Override
    public boolean isAt(String path) {
        RegistryEntry root = this;
        while (root.provider != null) {
            root = root.provider;
        }
        return RegistryPaths.fromPath(root, path) == this;
    }

    /**
     * An entry's links to its children (or parents) in the service plane at one moment: an immutable list, replaced
     * by a new {@code Links} on every change, as XNU's link {@code OSArray} moves its update stamp on every change
     * ({@code OSCollection::haveUpdated}). Whoever kept one can tell whether the links changed since by comparing it
     * with the entry's current one ({@code !=}): how a {@link RegistryIterator} becomes invalid.
     */
    public static final class Links {
        private final List<RegistryEntry> entries;

        Links(List<RegistryEntry> entries) {
            this.entries = List.copyOf(entries);
        }

        /** {@return the linked entries, oldest link first} */
        public List<RegistryEntry> entries() {
            return entries;
        }
    }

    /** {@return the kernel object port clients get names for} */
    public MachPort port() {
        return port;
    }

    /** {@return the bundle whose personality made this entry, or {@code null} for kernel entries} */
    public DriverBundle bundle() {
        return bundle;
    }

    /** {@return the driver server running the entry's driver object, or {@code null}} */
    public DextServer server() {
        return server;
    }

    /** {@return the entry's driver object, or {@code null} for kernel-only entries} */
    public DextObject dext() {
        return dext;
    }

    /**
     * Binds the entry to its driver object.
     *
     * @param owner  the driver server that runs it.
     * @param object the driver's object for the entry.
     */
    public void bind(DextServer owner, DextObject object) {
        this.server = owner;
        this.dext = object;
    }

    @Override
    public Failure setProperties(DextServer caller, Map<String, Object> published) {
        return DriverProperties.set(this, caller, published);
    }

    @Override
    public Failure removeProperty(DextServer caller, String key) {
        return DriverProperties.remove(this, caller, key);
    }

    @Override
    public Failure searchProperty(String key, String plane, long options, Object[] property) {
        return DriverProperties.search(this, key, plane, options, property);
    }

    @Override
    public Failure setName(String newName) {
        if (newName == null) {
            return Failure.of(org.iokit4j.IOReturn.kIOReturnBadArgument, "name is null: SetName needs a name (in C,"
                    + " IOService::SetName_Impl would crash)");
        }
        this.name = newName;
        return null;
    }

    @Override
    public Failure providerProperties(List<String> keys, List<Map<String, Object>>[] chain) {
        chain[0] = DriverProperties.providerChain(this, keys);
        return null;
    }

    @Override
    public Failure terminate(DextServer caller, long options) {
        final Failure refused = DriverProperties.checkTerminate(this, caller, options);
        if (refused == null) {
            kernel.terminate(this);
        }
        return refused;
    }

    @Override
    public Failure registerService() {
        return kernel.registerService(this);
    }

    @Override
    public Failure create(String propertiesKey, DextObject[] result) {
        return kernel.create(this, propertiesKey, result);
    }

    @Override
    public Failure clientMemory(long address, long length, java.lang.foreign.MemorySegment[] memory) {
        return kernel.clientMemory(this, address, length, memory);
    }

    @Override
    public String toString() {
        return "RegistryEntry[" + id + " " + name + " <" + ioClass + "> " + state + "]";
    }
}
