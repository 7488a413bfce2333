package org.iokit4j.driverkit;

import static org.iokit4j.IOReturn.kIOReturnError;

import java.lang.reflect.InvocationTargetException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.iokit4j.Failure;
import org.iokit4j.Untrusted;
import org.iokit4j.dispatch.DispatchQueue;
import org.iokit4j.mach.MachTask;
import org.iokit4j.mig.DextObject;
import org.iokit4j.mig.DextServer;
import org.iokit4j.mig.KernelObject;

/**
 * One driver server (a dext process, {@code IOUserServerName}): its task, its default queue, and the driver
 * objects it made.
 *
 * <p><b>Concurrency.</b> Thread-safe; driver code runs on the objects' queues. {@link #terminate()} is an atomic
 * transition: of concurrent callers exactly one tears the server down.
 */
final class DriverServer implements DextServer {
    private final String name;
    private final MachTask task;
    private final ClassLoader loader;
    private final IODispatchQueue defaultQueue;
    private final Map<KernelObject, IOService> objects = new ConcurrentHashMap<>();
    private final Map<KernelObject, IOService> standIns = new ConcurrentHashMap<>();
    private final Map<IOService, ServiceAdapter> adapters = new ConcurrentHashMap<>();
    private final DriverServerCounters counters = new DriverServerCounters();
    private final AtomicBoolean terminated = new AtomicBoolean();

    DriverServer(String name, MachTask task, ClassLoader loader) {
        this(name, task, loader, TimerScheduler.shared());
    }

    /** A server whose queues read {@code clock} (the embedded host's {@link DriverClock}). */
    DriverServer(String name, MachTask task, ClassLoader loader, TimerScheduler clock) {
        this.name = name;
        this.task = task;
        this.loader = loader;
        this.defaultQueue = new IODispatchQueue(IOService.kIOServiceDefaultQueueName,
                DispatchQueue.create(name + ".Default"), clock);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Map<String, Long> statistics() {
        return counters.snapshot();
    }

    @Override
    public Failure instantiate(String userClass, KernelObject entry, DextObject[] object) {
        final Class<?> type;
        try {
            type = Class.forName(userClass, false, loader);
        } catch (ClassNotFoundException | LinkageError missing) {
            return UserClassProblems.notLoaded(userClass, name, missing);
        }
        final Failure wrongType = UserClassProblems.notAService(userClass, type);
        if (wrongType != null) {
            return wrongType;
        }
        final IOService service;
        try {
            service = (IOService) type.getConstructor().newInstance();
        } catch (NoSuchMethodException | IllegalAccessException | InstantiationException noConstructor) {
            return UserClassProblems.notConstructible(userClass, type, noConstructor);
        } catch (InvocationTargetException thrown) {
            counters.driverExceptions.increment();
            return Untrusted.caught("the constructor of '" + userClass + "'", kIOReturnError, thrown.getCause());
        } catch (Throwable thrown) { // a static initialiser that threw (ExceptionInInitializerError), or worse
            counters.driverExceptions.increment();
            return Untrusted.caught("making '" + userClass + "'", kIOReturnError, thrown);
        }
        service.attach(entry, this);
        final Failure refused = initialise(service, userClass);
        if (refused != null) {
            return refused;
        }
        objects.put(entry, service);
        final ServiceAdapter adapter = new ServiceAdapter(service, this);
        adapters.put(service, adapter);
        object[0] = adapter;
        return null;
    }

    @Override
    public void terminate() {
        if (!terminated.compareAndSet(false, true)) {
            return; // one caller tears down: a second would release the default queue twice
        }
        for (IOService service : List.copyOf(objects.values())) {
            release(service);
            service.lifecycle().stopFinished(); // the server is going away: a Stop still waiting gives up
        }
        objects.clear();
        standIns.clear();
        adapters.clear();
        defaultQueue.release();
        task.terminate();
    }

    @Override
    public void forget(KernelObject entry) {
        standIns.remove(entry);
    }

    IODispatchQueue defaultQueue() {
        return defaultQueue;
    }

    DriverServerCounters counters() {
        return counters;
    }

    /** {@return the driver object for a registry entry: the server's own, or a stand-in for one elsewhere} */
    IOService objectFor(KernelObject entry) {
        if (entry == null) {
            return null;
        }
        final IOService own = objects.get(entry);
        if (own != null) {
            return own;
        }
        return standIns.computeIfAbsent(entry, e -> {
            final IOService standIn = new IOService();
            standIn.attach(e, this);
            return standIn;
        });
    }

    /** {@return the kernel-facing adapter of an object this server made, or {@code null} (made with {@code new})} */
    ServiceAdapter adapterOf(IOService service) {
        return adapters.get(service);
    }

    IOService serviceOf(DextObject object) {
        return object instanceof ServiceAdapter adapter ? adapter.service() : null;
    }

    /** The kernel dropped the object: drop the server's reference too; {@code free()} runs when nothing holds it. */
    void release(IOService service) {
        adapters.remove(service);
        if (objects.values().remove(service) && !service.isFreed()) {
            service.lifecycle().releaseAfterStop(() -> {
                service.releaseQueues();
                service.release();
            });
        }
    }

    private Failure initialise(IOService service, String userClass) {
        try {
            return service.init() ? null : Failure.of(kIOReturnError, "%s.init() returned false", userClass);
        } catch (Throwable thrown) {
            counters.driverExceptions.increment();
            return Untrusted.caught(userClass + ".init()", kIOReturnError, thrown);
        }
    }

    @Override
    public String toString() {
        return "DriverServer[" + name + ", " + objects.size() + " objects]";
    }
}
