package org.iokit4j.kernel;

import java.util.Map;
import java.util.function.Supplier;
import org.iokit4j.Failure;
import org.iokit4j.kernel.registry.RegistryEntry;
import org.iokit4j.kernel.userclient.UserClient;
import org.iokit4j.mach.MachTask;
import org.iokit4j.mach.TaskHandle;
import org.iokit4j.mig.IOKitServer;
import org.iokit4j.mig.MethodCall;
import org.iokit4j.mig.MethodReply;

/**
 * The kernel's MIG routines, each crossing the trap boundary ({@link #trap}) into the class that answers it: matching
 * and the registry ({@link RegistryRoutines}), opening and calling connections ({@link ConnectRoutines}), shared
 * memory ({@link MemoryRoutines}), notifications ({@link org.iokit4j.kernel.notification.NotificationCenter}),
 * properties ({@link PropertyRoutines}), the registry's planes ({@link PlaneRoutines}), objects ({@link
 * ObjectRoutines}) and busy state ({@link BusyRoutines}). A part of {@link Kernel}, its only subclass, kept apart so
 * that each file stays one idea: {@link Kernel} boots and owns the kernel's state, this class maps routines to the
 * classes that answer them.
 *
 * <p><b>Concurrency.</b> As {@link Kernel}: thread-safe, every routine runs on the caller's thread.
 */
abstract sealed class KernelRoutines implements IOKitServer permits Kernel {

    /** {@return what answers matching and the registry's basic routines} */
    abstract RegistryRoutines registryRoutines();

    /** {@return what answers opening, closing and calling connections} */
    abstract ConnectRoutines connectRoutines();

    /** {@return what answers mapping shared memory} */
    abstract MemoryRoutines memoryRoutines();

    /** {@return the notification centre} */
    public abstract org.iokit4j.kernel.notification.NotificationCenter notifications();

    /** {@return what answers the property routines} */
    abstract PropertyRoutines properties();

    /** {@return what answers the plane routines} */
    abstract PlaneRoutines planes();

    /** {@return what answers the object and connection routines} */
    abstract ObjectRoutines objects();

    /** {@return what answers busy state and wait-quiet} */
    abstract BusyRoutines busy();

    // ---- matching, the registry, connections, memory, notifications ----

    @Override
    public Failure mainPort(TaskHandle task, int[] port) {
        return trap(() -> registryRoutines().mainPort(own(task), port));
    }

    @Override
    public Failure getMatchingServices(TaskHandle task, Map<String, Object> matching, int[] iterator) {
        return trap(() -> registryRoutines().getMatchingServices(own(task), matching, iterator));
    }

    @Override
    public Failure iteratorNext(TaskHandle task, int iterator, int[] object) {
        return trap(() -> registryRoutines().iteratorNext(own(task), iterator, object));
    }

    @Override
    public Failure iteratorReset(TaskHandle task, int iterator) {
        return trap(() -> registryRoutines().iteratorReset(own(task), iterator));
    }

    @Override
    public Failure registryEntryGetName(TaskHandle task, int entry, String[] entryName) {
        return trap(() -> registryRoutines().getName(own(task), entry, entryName));
    }

    @Override
    public Failure registryEntryGetID(TaskHandle task, int entry, long[] id) {
        return trap(() -> registryRoutines().getID(own(task), entry, id));
    }

    @Override
    public Failure objectGetClass(TaskHandle task, int object, String[] className) {
        return trap(() -> registryRoutines().getClass(own(task), object, className));
    }

    @Override
    public Failure serviceOpen(TaskHandle task, int service, int owningTask, int type, int[] connect) {
        return trap(() -> connectRoutines().open(own(task), service, owningTask, type, connect));
    }

    @Override
    public Failure serviceClose(TaskHandle task, int connect) {
        return trap(() -> connectRoutines().close(own(task), connect));
    }

    @Override
    public Failure serviceAddNotification(TaskHandle task, String type, Map<String, Object> matching, int wakePort,
                                          long[] reference, int[] notification) {
        return trap(() -> notifications().addMatching(own(task), type, matching, wakePort, reference, notification));
    }

    @Override
    public Failure serviceAddInterestNotification(TaskHandle task, int service, String type, int wakePort,
                                                  long[] reference, int[] notification) {
        return trap(() -> notifications().addInterest(own(task), Lookups.lookup(own(task), service, RegistryEntry.class,
                "service"), type, wakePort, reference, notification));
    }

    @Override
    public void connectMethod(TaskHandle task, int connect, MethodCall call, MethodReply reply) {
        final org.iokit4j.trace.ExternalMethodEvent event = org.iokit4j.trace.ExternalMethodEvent.beginIfEnabled();
        try { // the trap boundary, inline: this is the hot path of every call
            connectRoutines().method(own(task), connect, call, reply);
        } catch (KernelFault fault) {
            reply.fail(fault.failure());
        } catch (Throwable unexpected) {
            reply.fail(unexpected(unexpected));
        }
        if (event != null) { // a recording wants it (docs/observability.md)
            ConnectRoutines.trace(event, task, connect, call, reply);
        }
    }

    /**
     * Attaches the direct path of connection {@code connect} of {@code task} (issue 10 §2): its driver server connects
     * to the ring the app made at {@code ringPath} and answers the app's synchronous calls on that connection there.
     *
     * @param task     the calling task.
     * @param connect  the task's name for the connection.
     * @param ringPath the shared-memory ring file the app and the driver server exchange calls over.
     * @return {@code null}, or why not: the connection's failures ({@code MACH_SEND_INVALID_DEST}, offline), or
     *         {@code kIOReturnUnsupported} for a driver in the kernel's process.
     */
    public Failure connectAttachDirect(TaskHandle task, int connect, String ringPath) {
        return trap(() -> {
            final UserClient client = Lookups.openClient(own(task), connect, "connection");
            final Failure offline = client.offline();
            return offline != null ? offline : client.entry().dext().attachDirect(ringPath);
        });
    }

    @Override
    public Failure connectMapMemory(TaskHandle task, int connect, int memoryType, int intoTask, long[] address,
                                    long[] size, int options) {
        return trap(() -> memoryRoutines().map(own(task), connect, memoryType, intoTask, address, size));
    }

    @Override
    public Failure connectUnmapMemory(TaskHandle task, int connect, int memoryType, int fromTask, long address) {
        return trap(() -> memoryRoutines().unmap(own(task), connect, memoryType, fromTask, address));
    }

    // ---- properties both ways (issue 11): PropertyRoutines ----

    @Override
    public Failure registryEntryGetProperty(TaskHandle task, int entry, String key, Object[] value) {
        return trap(() -> properties().getProperty(own(task), entry, key, value));
    }

    @Override
    public Failure registryEntryGetProperties(TaskHandle task, int entry, Map<String, Object>[] properties) {
        return trap(() -> properties().getProperties(own(task), entry, properties));
    }

    @Override
    public Failure registryEntrySetProperties(TaskHandle task, int entry, Object properties) {
        return trap(() -> properties().setProperties(own(task), entry, properties));
    }

    // ---- the registry's planes (issue 11): PlaneRoutines ----

    @Override
    public Failure registryGetRootEntry(TaskHandle task, int[] root) {
        return trap(() -> planes().rootEntry(own(task), root));
    }

    @Override
    public Failure registryEntryFromPath(TaskHandle task, String path, int[] entry) {
        return trap(() -> planes().fromPath(own(task), path, entry));
    }

    @Override
    public Failure registryEntryGetPath(TaskHandle task, int entry, String plane, String[] path) {
        return trap(() -> planes().getPath(own(task), entry, plane, path));
    }

    @Override
    public Failure registryEntryGetNameInPlane(TaskHandle task, int entry, String plane, String[] entryName) {
        return trap(() -> planes().nameInPlane(own(task), entry, plane, entryName));
    }

    @Override
    public Failure registryEntryGetLocationInPlane(TaskHandle task, int entry, String plane, String[] location) {
        return trap(() -> planes().locationInPlane(own(task), entry, plane, location));
    }

    @Override
    public Failure registryEntryGetChildIterator(TaskHandle task, int entry, String plane, int[] iterator) {
        return trap(() -> planes().linkIterator(own(task), entry, plane, false, iterator));
    }

    @Override
    public Failure registryEntryGetParentIterator(TaskHandle task, int entry, String plane, int[] iterator) {
        return trap(() -> planes().linkIterator(own(task), entry, plane, true, iterator));
    }

    @Override
    public Failure registryCreateIterator(TaskHandle task, String plane, int options, int[] iterator) {
        return trap(() -> planes().createIterator(own(task), 0, plane, options, iterator));
    }

    @Override
    public Failure registryEntryCreateIterator(TaskHandle task, int entry, String plane, int options,
                                               int[] iterator) {
        return trap(() -> planes().createIterator(own(task), entry, plane, options, iterator));
    }

    @Override
    public Failure registryIteratorEnterEntry(TaskHandle task, int iterator) {
        return trap(() -> planes().enterOrExit(own(task), iterator, true));
    }

    @Override
    public Failure registryIteratorExitEntry(TaskHandle task, int iterator) {
        return trap(() -> planes().enterOrExit(own(task), iterator, false));
    }

    @Override
    public Failure registryEntryInPlane(TaskHandle task, int entry, String plane, boolean[] inPlane) {
        return trap(() -> planes().inPlane(own(task), entry, plane, inPlane));
    }

    @Override
    public Failure registryEntrySearchProperty(TaskHandle task, int entry, String plane, String key, int options,
                                               Object[] value) {
        return trap(() -> planes().searchProperty(own(task), entry, plane, key, options, value));
    }

    @Override
    public Failure serviceMatchPropertyTable(TaskHandle task, int service, Map<String, Object> matching,
                                             boolean[] matches) {
        return trap(() -> planes().matchPropertyTable(own(task), service, matching, matches));
    }

    // ---- objects and connections (issue 11): ObjectRoutines, BusyRoutines ----

    @Override
    public Failure objectConformsTo(TaskHandle task, int object, String className, boolean[] conforms) {
        return trap(() -> objects().conformsTo(own(task), object, className, conforms));
    }

    @Override
    public Failure objectGetRetainCount(TaskHandle task, int object, int[] retainCount) {
        return trap(() -> objects().retainCount(own(task), object, retainCount));
    }

    @Override
    public Failure objectGetSuperclass(TaskHandle task, String className, String[] superclass) {
        return trap(() -> objects().superclass(own(task), className, superclass));
    }

    @Override
    public Failure objectGetBundleIdentifier(TaskHandle task, String className, String[] bundleIdentifier) {
        return trap(() -> objects().bundleIdentifier(own(task), className, bundleIdentifier));
    }

    @Override
    public Failure iteratorIsValid(TaskHandle task, int iterator, boolean[] valid) {
        return trap(() -> objects().iteratorIsValid(own(task), iterator, valid));
    }

    @Override
    public Failure connectGetService(TaskHandle task, int connect, int[] service) {
        return trap(() -> objects().connectGetService(own(task), connect, service));
    }

    @Override
    public Failure connectSetNotificationPort(TaskHandle task, int connect, int type, int port, long reference) {
        return trap(() -> objects().connectSetNotificationPort(own(task), connect, type, port, reference));
    }

    @Override
    public Failure serviceGetBusyState(TaskHandle task, int service, int[] busyState) {
        return trap(() -> busy().serviceBusyState(own(task), service, busyState));
    }

    @Override
    public Failure serviceWaitQuiet(TaskHandle task, int service, long timeoutNanos) {
        return trap(() -> busy().serviceWaitQuiet(own(task), service, timeoutNanos));
    }

    @Override
    public Failure registryGetBusyState(TaskHandle task, int[] busyState) {
        return trap(() -> busy().rootBusyState(own(task), busyState));
    }

    @Override
    public Failure registryWaitQuiet(TaskHandle task, long timeoutNanos) {
        return trap(() -> busy().rootWaitQuiet(own(task), timeoutNanos));
    }

    /**
     * The trap boundary every routine crosses: a {@link KernelFault} is the routine's failure; any other throwable
     * (a task's name space gone mid-call, a bug of ours) is answered as {@code kIOReturnInternalError} with its
     * explanation, never thrown at the caller (issue 8: no exception crosses a task boundary).
     */
    static Failure trap(Supplier<Failure> routine) {
        try {
            return routine.get();
        } catch (KernelFault fault) {
            return fault.failure();
        } catch (Throwable unexpected) {
            return unexpected(unexpected);
        }
    }

    /** {@return the kernel's own task behind {@code handle}} A handle from another carrier is the caller's mistake. */
    static MachTask own(TaskHandle handle) {
        if (handle instanceof MachTask task) {
            return task;
        }
        throw new KernelFault(Failure.of(org.iokit4j.IOReturn.kIOReturnBadArgument, "task=%s is not a task of an"
                + " embedded kernel (a handle from another carrier)", handle));
    }

    static Failure unexpected(Throwable thrown) {
        return org.iokit4j.Untrusted.caught("the kernel routine", org.iokit4j.IOReturn.kIOReturnInternalError, thrown);
    }
}
