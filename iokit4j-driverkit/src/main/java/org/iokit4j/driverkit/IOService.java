package org.iokit4j.driverkit;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.iokit4j.Diagnostics;
import org.iokit4j.Failure;
import org.iokit4j.IOReturn;
import org.iokit4j.mig.DextObject;
import org.iokit4j.mig.KernelObject;

/**
 * A driver's service, DriverKit's {@code IOService}: subclass it, name the subclass as {@code IOUserClass} in
 * the bundle's {@code Info.plist}, and the runtime makes, starts and stops it.
 *
 * <p>The runtime constructs the class with its public no-argument constructor, calls {@code init()}, then
 * {@link #Start} with its provider. A service becomes visible to matching only after {@link #RegisterService()}.
 * Every method runs on the object's dispatch queue: the server's default queue unless the driver set another
 * with {@link #SetDispatchQueue}.
 *
 * <p><b>Concurrency.</b> The runtime serialises calls into the object on its queue.
 */
public class IOService extends OSObject {
    /** {@code kIOServiceDefaultQueueName}: the name of an object's default queue. */
    public static final String kIOServiceDefaultQueueName = "Default";
    /** {@code kIOServiceSearchPropertyParents}: {@link #SearchProperty} looks at the providers too. */
    public static final long kIOServiceSearchPropertyParents = 1;

    private final Map<String, IODispatchQueue> queues = new ConcurrentHashMap<>();
    private final StopLifecycle lifecycle = new StopLifecycle();
    private volatile KernelObject kernelObject;
    private volatile DriverServer server;
    private volatile IOService provider;

    /** Creates a service; the runtime calls {@code init()} next. */
    public IOService() {
    }

    /**
     * Starts the service on {@code provider}. Override it (call {@code super.Start(provider)} first, as dexts do).
     *
     * @param provider the provider the service was matched to.
     * @return {@code kIOReturnSuccess}, or an error: the service is then not started and is removed.
     */
    public int Start(IOService provider) {
        return IOReturn.kIOReturnSuccess;
    }

    /**
     * Stops the service. Override it to cancel what it runs (actions, sources, queues), then call
     * {@code super.Stop(provider)}: at once, or later from the last cancel handler, as DriverKit's samples do.
     *
     * <p>The runtime frees the object only after this base method has run, so cancel handlers still find the
     * object alive and no callback runs after {@link #free()} (contract.md "More of the DriverKit runtime").
     *
     * @param provider the provider the service was started with.
     * @return {@code kIOReturnSuccess}; a subclass calls {@code super.Stop} last.
     */
    public int Stop(IOService provider) {
        lifecycle.stopFinished();
        return IOReturn.kIOReturnSuccess;
    }

    /**
     * Makes a user client of {@code type} for a client that called {@code IOServiceOpen}: usually
     * {@code Create(this, "UserClientProperties", client)}. The default refuses with {@code kIOReturnUnsupported}.
     *
     * @param type       the {@code type} the app passed to {@code IOServiceOpen}.
     * @param userClient receives the new user client (an {@code IOUserClient[1]}).
     * @return {@code kIOReturnSuccess}, or why not: the base class refuses with {@code kIOReturnUnsupported}.
     */
    public int NewUserClient(int type, IOUserClient[] userClient) {
        return Diagnostics.fail("IOService::NewUserClient", Failure.of(IOReturn.kIOReturnUnsupported,
                "%s does not override NewUserClient: it offers no user clients", getClass().getName()));
    }

    /**
     * Publishes the service: matching (and clients) can find it from now on.
     *
     * @return {@code kIOReturnSuccess}, or why not.
     */
    public int RegisterService() {
        final KernelObject entry = kernelObject;
        if (entry == null) {
            return notAttached("RegisterService");
        }
        final Failure failure = entry.registerService();
        return failure == null ? IOReturn.kIOReturnSuccess : Diagnostics.fail("IOService::RegisterService", failure);
    }

    /**
     * Makes a new service from the dictionary under {@code propertiesKey} in {@code provider}'s properties (its
     * {@code IOUserClass} is instantiated in this server) and starts it on {@code provider}.
     *
     * @param result        receives the new service, an {@code IOService[1]}.
     * @param provider      the provider of the new object, usually {@code this}.
     * @param propertiesKey the key of the provider's property holding the new object's dictionary, e.g.
     *                      {@code UserClientProperties}.
     * @return {@code kIOReturnSuccess}, or why not: e.g. {@code kIOReturnBadArgument} for a dictionary that names no
     *         class, or a user client class that is no {@code IOUserClient}.
     */
    public int Create(IOService provider, String propertiesKey, IOService[] result) {
        if (provider == null || propertiesKey == null || result == null || result.length < 1) {
            return Diagnostics.fail("IOService::Create", Failure.of(IOReturn.kIOReturnBadArgument,
                    "provider, propertiesKey and result (an IOService[1]) must not be null"));
        }
        final KernelObject entry = provider.kernelObject;
        final DriverServer owner = provider.server;
        if (entry == null || owner == null) {
            return notAttached("Create");
        }
        final DextObject[] created = new DextObject[1];
        final Failure failure = entry.create(propertiesKey, created);
        if (failure != null) {
            return Diagnostics.fail("IOService::Create", failure);
        }
        result[0] = owner.serviceOf(created[0]);
        return IOReturn.kIOReturnSuccess;
    }

    /**
     * {@code ClientCrashed(client, options)}: the driver server of {@code client}, a service this one provides for, died
     * (its process exited or was killed). Sent by the kernel to each provider living outside the dead server, before
     * the client's services terminate (XNU {@code IOUserServer::clientClose}). Runs on this object's default queue.
     *
     * @param client  the crashed server's service (a stand-in: its driver is gone).
     * @param options 0.
     * @return the base implementation's {@code kIOReturnUnsupported}, as DriverKit's ({@code IOService::ClientCrashed_Impl}).
     */
    public int ClientCrashed(IOService client, long options) {
        return IOReturn.kIOReturnUnsupported;
    }

    /**
     * Sets the queue named {@code name} for this object: {@code "Default"} for everything, or
     * {@code IOUserClient.kIOUserClientQueueNameExternalMethod} for external methods.
     *
     * @param name  the queue's name: {@code kIOServiceDefaultQueueName} or one the class declares.
     * @param queue the queue that runs the methods declared for that name.
     * @return {@code kIOReturnSuccess}, or why not.
     */
    public int SetDispatchQueue(String name, IODispatchQueue queue) {
        if (name == null || queue == null) {
            return Diagnostics.fail("IOService::SetDispatchQueue", Failure.of(IOReturn.kIOReturnBadArgument,
                    "name=%s, queue=%s: neither may be null", name, queue));
        }
        queue.retain();
        final IODispatchQueue previous = queues.put(name, queue);
        if (previous != null) {
            previous.release();
        }
        return IOReturn.kIOReturnSuccess;
    }

    /**
     * Copies the queue named {@code name} into {@code queue[0]} (retained: release it when done).
     *
     * @param name  the queue's name, e.g. {@code kIOServiceDefaultQueueName}.
     * @param queue receives the queue, retained (an {@code IODispatchQueue[1]}); release it when done.
     * @return {@code kIOReturnSuccess}, or {@code kIOReturnNotFound} if no such queue is set.
     */
    public int CopyDispatchQueue(String name, IODispatchQueue[] queue) {
        if (name == null || queue == null || queue.length < 1) {
            return Diagnostics.fail("IOService::CopyDispatchQueue", Failure.of(IOReturn.kIOReturnBadArgument,
                    "name and queue (an IODispatchQueue[1]) must not be null"));
        }
        final IODispatchQueue found = queueNamed(name);
        if (found == null) {
            return Diagnostics.fail("IOService::CopyDispatchQueue", Failure.of(IOReturn.kIOReturnNotFound,
                    "%s has no dispatch queue named '%s'", getClass().getName(), name));
        }
        found.retain();
        queue[0] = found;
        return IOReturn.kIOReturnSuccess;
    }

    // ---- properties and the registry (issue 11; DriverKit IOService.iig, XNU IOUserServer.cpp *_Impl) ----

    /**
     * Publishes {@code properties} on this service: apps read them with {@code IORegistryEntryCreateCFProperty} and
     * {@code IORegistryEntryCreateCFProperties}, drivers with {@link #CopyProperties(OSDictionary[])} and
     * {@link #SearchProperty}. They are merged into what the driver published before (XNU
     * {@code IOService::SetProperties_Impl} keeps them in the entry's {@code IOUserServiceProperties}); they never
     * replace the registry's own properties (the personality's keys): an app reading one key gets the registry's value
     * first, while the dictionary of all properties shows the driver's over it, as on Apple's systems. The dictionary
     * is read during the call; the driver keeps its reference.
     *
     * @param properties the properties to publish, merged into what the service published before.
     * @return {@code kIOReturnSuccess}; {@code kIOReturnUnsupported} for {@code null} or a service this server does
     *         not run (a provider's stand-in: its class's {@code setProperties} refuses); {@code kIOReturnBadArgument}
     *         for a dictionary holding something that is no container.
     */
    public int SetProperties(OSDictionary properties) {
        return ServiceProperties.setProperties(this, properties);
    }

    /**
     * Copies the service's properties into {@code properties[0]}: a new dictionary (retained: release it) of the
     * registry's properties with what the driver published merged over them (XNU
     * {@code IOService::CopyProperties_Local}). A personality's {@code <real>} and {@code <date>} values are left out
     * (no container holds them).
     *
     * @param properties receives a new dictionary of the service's properties (an {@code OSDictionary[1]}); release it.
     * @return {@code kIOReturnSuccess}; {@code kIOReturnBadArgument} for a missing out-array.
     */
    public int CopyProperties(OSDictionary[] properties) {
        return ServiceProperties.copyProperties(this, properties);
    }

    /**
     * Finds property {@code name} of this service into {@code property[0]} (a new container, retained; {@code null}
     * when not found), as XNU's {@code IOService::SearchProperty_Impl}: this service's registry properties, then with
     * {@link #kIOServiceSearchPropertyParents} those of each provider up {@code plane} ({@code "IOService"}; another
     * plane searches this service only); then, if nothing was found, what the driver published on this service.
     *
     * @param name     the property's name.
     * @param plane    the plane to search up, {@code "IOService"}.
     * @param options  {@code kIOServiceSearchPropertyParents} to search the providers too, or 0.
     * @param property receives the value, retained (an {@code OSContainer[1]}); {@code null} if none.
     * @return {@code kIOReturnSuccess}; {@code kIOReturnNotFound}; {@code kIOReturnBadArgument} for a null name or a
     *         missing out-array.
     */
    public int SearchProperty(String name, String plane, long options, OSContainer[] property) {
        return ServiceProperties.searchProperty(this, name, plane, options, property);
    }

    /**
     * Removes property {@code name} from what the driver published (XNU {@code IOService::RemoveProperty_Impl}); the
     * registry's own properties stay.
     *
     * @param name the name of a property the service published.
     * @return {@code kIOReturnSuccess}, also for a key that was not there; {@code kIOReturnNotFound} if the driver
     *         never published a property on this service; {@code kIOReturnUnsupported} for a null name or a service
     *         this server does not run.
     */
    public int RemoveProperty(String name) {
        final KernelObject entry = kernelObject;
        return entry == null ? notAttached("RemoveProperty")
                : ServiceProperties.result("RemoveProperty", entry.removeProperty(server, name));
    }

    /**
     * The service's registry entry ID into {@code registryEntryID[0]}: what {@code IORegistryEntryGetRegistryEntryID}
     * gives an app and {@code IORegistryEntryIDMatching} matches (XNU {@code IOService::GetRegistryEntryID_Impl}).
     *
     * @param registryEntryID receives the registry entry ID (a {@code long[1]}).
     * @return {@code kIOReturnSuccess}; {@code kIOReturnBadArgument} for a missing out-array.
     */
    public int GetRegistryEntryID(long[] registryEntryID) {
        return ServiceProperties.registryEntryID(this, registryEntryID);
    }

    /**
     * Renames the service's registry entry (XNU {@code IOService::SetName_Impl}: {@code setName}): what
     * {@code IORegistryEntryGetName} answers and {@code IOServiceNameMatching} finds from now on.
     *
     * @param name the new name.
     * @return {@code kIOReturnSuccess}; {@code kIOReturnBadArgument} for a null name.
     */
    public int SetName(String name) {
        final KernelObject entry = kernelObject;
        return entry == null ? notAttached("SetName") : ServiceProperties.result("SetName", entry.setName(name));
    }

    /**
     * The service's registry entry name into {@code name[0]} (a new {@link OSString}, retained: release it).
     *
     * @param name receives the name, retained (an {@code OSString[1]}).
     * @return {@code kIOReturnSuccess}; {@code kIOReturnBadArgument} for a missing out-array.
     */
    public int CopyName(OSString[] name) {
        return ServiceProperties.copyName(this, name);
    }

    /**
     * {@return the provider passed to {@link #Start}} As DriverKit's runtime does, the object caches it; {@code null}
     * before {@code Start} and for a provider's stand-in.
     */
    public IOService GetProvider() {
        return provider;
    }

    /**
     * Copies the properties of this service and each of its providers (up to the root's child: the root is no
     * {@code IOService}) into {@code properties[0]}: a new array (retained) of dictionaries, this service's first (XNU
     * {@code IOService::CopyProviderProperties_Impl}). Each is the entry's {@code IOSupportedProperties} dictionary
     * if it has one, else its registry properties; with
     * {@code propertyKeys}, only those keys; {@code IOClass} there is the entry's kernel class chain (e.g.
     * {@code ("IOUserService","IOService","IORegistryEntry","OSObject")}) when {@code propertyKeys} is {@code null} or
     * lists it.
     *
     * @param propertyKeys the keys to copy, or {@code null} for all.
     * @param properties   receives an array of one dictionary per entry from this one up its providers (an {@code
     *                   OSArray[1]}).
     * @return {@code kIOReturnSuccess}; {@code kIOReturnBadArgument} for a missing out-array.
     */
    public int CopyProviderProperties(OSArray propertyKeys, OSArray[] properties) {
        return ServiceProperties.providerProperties(this, propertyKeys, properties);
    }

    /**
     * Starts terminating this service, as its provider going away would (XNU {@code IOService::Terminate_Impl}): the
     * call returns at once; then apps' interest notifications get {@code kIOMessageServiceIsTerminated}, its user
     * clients close, its driver gets {@link #Stop}, it leaves the registry and terminated notifications fire.
     *
     * @param options 0 (no options are defined).
     * @return {@code kIOReturnSuccess}; {@code kIOReturnUnsupported} for other options; {@code kIOReturnNotPermitted}
     *         for a service this server does not run.
     */
    public int Terminate(long options) {
        final KernelObject entry = kernelObject;
        return entry == null ? notAttached("Terminate")
                : ServiceProperties.result("Terminate", entry.terminate(server, options));
    }

    /**
     * {@return a copy of this service's registry properties (its personality's keys and what the driver published)}
     * A Java convenience beside {@link #CopyProperties(OSDictionary[])}: the values in contract.md §7's types.
     */
    public Map<String, Object> CopyProperties() {
        final KernelObject entry = kernelObject;
        return entry == null ? Map.of() : entry.properties();
    }

    /** {@return the registry entry's name now} A Java convenience beside {@link #CopyName}. */
    public String GetName() {
        final KernelObject entry = kernelObject;
        return entry == null ? getClass().getSimpleName() : entry.name();
    }

    IODispatchQueue queueNamed(String name) {
        final IODispatchQueue queue = queues.get(name);
        if (queue != null || !kIOServiceDefaultQueueName.equals(name)) {
            return queue;
        }
        final DriverServer owner = server;
        return owner == null ? null : owner.defaultQueue();
    }

    void startedOn(IOService startProvider) {
        this.provider = startProvider;
    }

    void attach(KernelObject entry, DriverServer owner) {
        this.kernelObject = entry;
        this.server = owner;
    }

    KernelObject kernelObject() {
        return kernelObject;
    }

    DriverServer server() {
        return server;
    }

    StopLifecycle lifecycle() {
        return lifecycle;
    }

    void releaseQueues() {
        queues.values().forEach(IODispatchQueue::release);
        queues.clear();
    }

    int notAttached(String function) {
        return Diagnostics.fail("IOService::" + function, Failure.of(IOReturn.kIOReturnNotAttached,
                "%s is not attached to the registry: only objects the runtime made (from a personality or"
                        + " IOService::Create) can do this", getClass().getName()));
    }
}
