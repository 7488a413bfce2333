package org.iokit4j.kernel.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
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
    private final List<RegistryEntry> children = new CopyOnWriteArrayList<>();
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
        if (provider != null) {
            provider.children.add(this);
        }
    }

    /** What a driver object's calls on its entry need from the kernel. */
    public interface KernelCallbacks {
        /** {@code RegisterService()} of {@code entry}. */
        Failure registerService(RegistryEntry entry);

        /** {@code IOService::Create} with {@code entry} as provider. */
        Failure create(RegistryEntry entry, String propertiesKey, DextObject[] result);

        /**
         * {@code IOService::Terminate} of {@code entry} (XNU {@code terminate(kIOServiceTerminateNeedWillTerminate)}):
         * starts its termination and returns; it finishes on another thread.
         */
        default void terminate(RegistryEntry entry) {
        }

        /** {@code CreateMemoryDescriptorFromClient} of the user client at {@code entry}: the client's bytes. */
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
     */
    public Object property(String key) {
        return properties.get(key);
    }

    /**
     * {@return a fresh copy of property {@code key} as an app reads it, or {@code null}} The table first, then what the
     * driver published (XNU IOUserClient.cpp {@code IOCopyPropertyCompatible}); no key is made up (XNU's lookup has no
     * {@code IORegistryEntryID} or {@code IOClass} of its own: {@code IORegistryEntry::copyProperty}).
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

    /** Sets property {@code key} of the entry's own table (a frozen copy of {@code value}). */
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

    /** Moves the entry to {@code next}. */
    public synchronized void setState(State next) {
        this.state = next;
    }

    /** {@return the provider (parent in the service plane), or {@code null} for the root} */
    public RegistryEntry provider() {
        return provider;
    }

    /** {@return the children in the service plane} */
    public List<RegistryEntry> children() {
        return new ArrayList<>(children);
    }

    void detach() {
        if (provider != null) {
            provider.children.remove(this);
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

    /** Binds the entry to its driver object. */
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
