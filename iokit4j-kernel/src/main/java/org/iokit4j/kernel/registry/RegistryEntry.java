package org.iokit4j.kernel.registry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
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
    private final String name;
    private final String ioClass;
    private final List<String> classChain;
    private final Map<String, Object> properties;
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
        this.properties = java.util.Collections.synchronizedMap(new LinkedHashMap<>(properties));
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

    @Override
    public Map<String, Object> properties() {
        synchronized (properties) {
            return Map.copyOf(new LinkedHashMap<>(properties));
        }
    }

    /** {@return property {@code key}, or {@code null}} */
    public Object property(String key) {
        return properties.get(key);
    }

    /** Sets property {@code key}. */
    public void setProperty(String key, Object value) {
        properties.put(key, value);
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
