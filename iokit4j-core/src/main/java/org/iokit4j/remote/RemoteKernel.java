package org.iokit4j.remote;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.iokit4j.Diagnostics;
import org.iokit4j.Failure;
import org.iokit4j.IOReturn;
import org.iokit4j.IOReturnException;
import org.iokit4j.Pitfall;
import org.iokit4j.mach.ReceiveRight;
import org.iokit4j.mach.TaskHandle;
import org.iokit4j.mig.IOKitServer;
import org.iokit4j.mig.MethodCall;
import org.iokit4j.mig.MethodReply;

/**
 * The daemon carrier ({@code unix:PATH}): every {@link IOKitServer} routine as a request and reply over a
 * Unix-domain socket to {@code iokit4j-kerneld}, which runs it in the task it keeps for this process.
 *
 * <p>A routine never throws and never hangs on a daemon that is gone: a daemon that cannot be reached answers
 * {@code kIOReturnNotReady}, one that goes away mid-call {@code MACH_SEND_INVALID_DEST} (the task died with it) or
 * {@code kIOReturnIPCError}, each with the socket and the reason. The next routine after the daemon came back makes
 * a new task there ({@link RemoteTask}).
 *
 * <p>Entitlements are the daemon's to grant (by the connecting user, from its {@code --entitlements} file):
 * {@link #createTask}'s are ignored. Memory over 4096 bytes travels as the daemon's shared-memory regions: one this
 * task mapped is named without a copy, any other segment is staged ({@link Staging}).
 *
 * <p><b>Concurrency.</b> Thread-safe: each routine takes a call connection of its own.
 */
public final class RemoteKernel implements IOKitServer {
    private final Path socket;
    private final RemoteTask defaultTask;

    /** A carrier to the daemon listening at {@code socket}; nothing connects until the first routine. */
    public RemoteKernel(Path socket) {
        this.socket = socket;
        this.defaultTask = new RemoteTask(socket, processName());
    }

    /** {@return the daemon's socket} */
    public Path socket() {
        return socket;
    }

    @Override
    public TaskHandle defaultTask() {
        return defaultTask;
    }

    /** {@inheritDoc} The daemon grants entitlements by the connecting user: {@code entitlements} are ignored. */
    @Override
    public TaskHandle createTask(String name, Map<String, Object> entitlements) {
        return new RemoteTask(socket, name);
    }

    /** Ends {@code task} in the daemon (its user clients stop, its ports die), as a process exiting would. */
    public static void terminate(TaskHandle task) {
        if (task instanceof RemoteTask remote) {
            remote.terminate();
        }
    }

    @Override
    public Failure mainPort(TaskHandle task, int[] port) {
        return call(task, "IOMainPort", Op.MAIN_PORT, out -> { }, in -> port[0] = in.getInt());
    }

    @Override
    public Failure getMatchingServices(TaskHandle task, Map<String, Object> matching, int[] iterator) {
        return call(task, "IOServiceGetMatchingServices", Op.GET_MATCHING_SERVICES, out -> out.putValue(matching),
                in -> iterator[0] = in.getInt());
    }

    @Override
    public Failure iteratorNext(TaskHandle task, int iterator, int[] object) {
        return call(task, "IOIteratorNext", Op.ITERATOR_NEXT, out -> out.putInt(iterator),
                in -> object[0] = in.getInt());
    }

    @Override
    public Failure iteratorReset(TaskHandle task, int iterator) {
        return call(task, "IOIteratorReset", Op.ITERATOR_RESET, out -> out.putInt(iterator), in -> { });
    }

    @Override
    public Failure registryEntryGetName(TaskHandle task, int entry, String[] name) {
        return call(task, "IORegistryEntryGetName", Op.ENTRY_GET_NAME, out -> out.putInt(entry),
                in -> name[0] = in.getString());
    }

    @Override
    public Failure registryEntryGetProperty(TaskHandle task, int entry, String key, Object[] value) {
        return call(task, "IORegistryEntryCreateCFProperty", Op.ENTRY_GET_PROPERTY,
                out -> out.putInt(entry).putString(key), in -> value[0] = in.getValue());
    }

    @Override
    public Failure registryEntryGetID(TaskHandle task, int entry, long[] id) {
        return call(task, "IORegistryEntryGetRegistryEntryID", Op.ENTRY_GET_ID, out -> out.putInt(entry),
                in -> id[0] = in.getLong());
    }

    @Override
    public Failure registryEntryGetProperties(TaskHandle task, int entry, Map<String, Object>[] properties) {
        return call(task, "IORegistryEntryCreateCFProperties", Op.ENTRY_GET_PROPERTIES, out -> out.putInt(entry),
                in -> properties[0] = in.getMap());
    }

    @Override
    public Failure registryEntrySetProperties(TaskHandle task, int entry, Object properties) {
        return call(task, "IORegistryEntrySetCFProperties", Op.ENTRY_SET_PROPERTIES,
                out -> out.putInt(entry).putValue(properties), in -> { });
    }

    @Override
    public Failure objectGetClass(TaskHandle task, int object, String[] className) {
        return call(task, "IOObjectGetClass", Op.OBJECT_GET_CLASS, out -> out.putInt(object),
                in -> className[0] = in.getString());
    }

    @Override
    public Failure serviceOpen(TaskHandle task, int service, int owningTask, int type, int[] connect) {
        final Failure failure = call(task, "IOServiceOpen", Op.SERVICE_OPEN, out -> out.putInt(service)
                .putInt(owningTask).putInt(type), in -> connect[0] = in.getInt());
        if (failure == null) {
            final Session session = remote(task).session();
            try {
                final DirectChannel channel = DirectChannel.open(session, connect[0]);
                if (channel != null) {
                    session.direct.put(connect[0], channel);
                }
            } catch (LinkageError noRings) { // Agrona missing from the class path: the daemon's path serves
                Diagnostics.debug("no direct path: " + noRings);
            }
        }
        return failure;
    }

    @Override
    public Failure serviceClose(TaskHandle task, int connect) {
        try {
            final DirectChannel channel = remote(task).session().direct.remove(connect);
            if (channel != null) {
                channel.close();
            }
        } catch (IOReturnException unreachable) {
            // the daemon is gone: the routine below says so
        }
        return call(task, "IOServiceClose", Op.SERVICE_CLOSE, out -> out.putInt(connect), in -> { });
    }

    /**
     * {@inheritDoc} A call on a connection with a direct path goes straight to its driver server over a shared-memory
     * ring ({@link DirectChannel}), and so do an async call's completions; the calls it cannot carry (see there) go
     * through the daemon.
     */
    @Override
    public void connectMethod(TaskHandle task, int connect, MethodCall call, MethodReply reply) {
        try {
            final Session session = remote(task).session();
            final DirectChannel channel = session.direct.get(connect);
            if (channel != null && channel.call(call, reply)) {
                session.directCalls.increment();
                return;
            }
        } catch (IOReturnException unreachable) {
            // no session: the daemon's path explains it
        }
        MethodCalls.send(task, connect, call, reply);
    }

    @Override
    public Failure connectMapMemory(TaskHandle task, int connect, int memoryType, int intoTask, long[] address,
                                    long[] size, int options) {
        return call(task, "IOConnectMapMemory64", Op.MAP_MEMORY, out -> out.putInt(connect).putInt(memoryType)
                .putInt(intoTask).putInt(options), in -> {
                    address[0] = in.getLong();
                    size[0] = in.getLong();
                });
    }

    @Override
    public Failure connectUnmapMemory(TaskHandle task, int connect, int memoryType, int fromTask, long address) {
        final long[] released = new long[1];
        final Failure failure = call(task, "IOConnectUnmapMemory64", Op.UNMAP_MEMORY, out -> out.putInt(connect)
                .putInt(memoryType).putInt(fromTask).putLong(address), in -> released[0] = in.getLong());
        if (failure == null && released[0] != 0) {
            remote(task).existing().regions.unmap(released[0]);
        }
        return failure;
    }

    @Override
    public Failure serviceAddNotification(TaskHandle task, String type, Map<String, Object> matching, int wakePort,
                                          long[] reference, int[] notification) {
        return call(task, "IOServiceAddMatchingNotification", Op.ADD_NOTIFICATION, out -> out.putString(type)
                .putValue(matching).putInt(wakePort).putLongs(reference), in -> notification[0] = in.getInt());
    }

    @Override
    public Failure serviceAddInterestNotification(TaskHandle task, int service, String type, int wakePort,
                                                  long[] reference, int[] notification) {
        return call(task, "IOServiceAddInterestNotification", Op.ADD_INTEREST, out -> out.putInt(service)
                .putString(type).putInt(wakePort).putLongs(reference), in -> notification[0] = in.getInt());
    }

    // ---- the registry's planes (issue 11) ----

    @Override
    public Failure registryGetRootEntry(TaskHandle task, int[] root) {
        return call(task, "IORegistryGetRootEntry", Op.REGISTRY_ROOT, out -> { }, in -> root[0] = in.getInt());
    }

    @Override
    public Failure registryEntryFromPath(TaskHandle task, String path, int[] entry) {
        return call(task, "IORegistryEntryFromPath", Op.ENTRY_FROM_PATH, out -> out.putString(path),
                in -> entry[0] = in.getInt());
    }

    @Override
    public Failure registryEntryGetPath(TaskHandle task, int entry, String plane, String[] path) {
        return call(task, "IORegistryEntryGetPath", Op.ENTRY_GET_PATH, out -> out.putInt(entry).putString(plane),
                in -> path[0] = in.getString());
    }

    @Override
    public Failure registryEntryGetNameInPlane(TaskHandle task, int entry, String plane, String[] name) {
        return call(task, "IORegistryEntryGetNameInPlane", Op.ENTRY_NAME_IN_PLANE,
                out -> out.putInt(entry).putString(plane), in -> name[0] = in.getString());
    }

    @Override
    public Failure registryEntryGetLocationInPlane(TaskHandle task, int entry, String plane, String[] location) {
        return call(task, "IORegistryEntryGetLocationInPlane", Op.ENTRY_LOCATION_IN_PLANE,
                out -> out.putInt(entry).putString(plane), in -> location[0] = in.getString());
    }

    @Override
    public Failure registryEntryGetChildIterator(TaskHandle task, int entry, String plane, int[] iterator) {
        return call(task, "IORegistryEntryGetChildIterator", Op.ENTRY_CHILD_ITERATOR,
                out -> out.putInt(entry).putString(plane), in -> iterator[0] = in.getInt());
    }

    @Override
    public Failure registryEntryGetParentIterator(TaskHandle task, int entry, String plane, int[] iterator) {
        return call(task, "IORegistryEntryGetParentIterator", Op.ENTRY_PARENT_ITERATOR,
                out -> out.putInt(entry).putString(plane), in -> iterator[0] = in.getInt());
    }

    @Override
    public Failure registryCreateIterator(TaskHandle task, String plane, int options, int[] iterator) {
        return call(task, "IORegistryCreateIterator", Op.REGISTRY_CREATE_ITERATOR,
                out -> out.putString(plane).putInt(options), in -> iterator[0] = in.getInt());
    }

    @Override
    public Failure registryEntryCreateIterator(TaskHandle task, int entry, String plane, int options,
                                               int[] iterator) {
        return call(task, "IORegistryEntryCreateIterator", Op.ENTRY_CREATE_ITERATOR,
                out -> out.putInt(entry).putString(plane).putInt(options), in -> iterator[0] = in.getInt());
    }

    @Override
    public Failure registryIteratorEnterEntry(TaskHandle task, int iterator) {
        return call(task, "IORegistryIteratorEnterEntry", Op.ITERATOR_ENTER, out -> out.putInt(iterator), in -> { });
    }

    @Override
    public Failure registryIteratorExitEntry(TaskHandle task, int iterator) {
        return call(task, "IORegistryIteratorExitEntry", Op.ITERATOR_EXIT, out -> out.putInt(iterator), in -> { });
    }

    @Override
    public Failure registryEntryInPlane(TaskHandle task, int entry, String plane, boolean[] inPlane) {
        return call(task, "IORegistryEntryInPlane", Op.ENTRY_IN_PLANE, out -> out.putInt(entry).putString(plane),
                in -> inPlane[0] = in.getBoolean());
    }

    @Override
    public Failure registryEntrySearchProperty(TaskHandle task, int entry, String plane, String key, int options,
                                               Object[] value) {
        return call(task, "IORegistryEntrySearchCFProperty", Op.ENTRY_SEARCH_PROPERTY, out -> out.putInt(entry)
                .putString(plane).putString(key).putInt(options), in -> value[0] = in.getValue());
    }

    @Override
    public Failure serviceMatchPropertyTable(TaskHandle task, int service, Map<String, Object> matching,
                                             boolean[] matches) {
        return call(task, "IOServiceMatchPropertyTable", Op.MATCH_PROPERTY_TABLE,
                out -> out.putInt(service).putValue(matching), in -> matches[0] = in.getBoolean());
    }

    @Override
    public List<Failure> problems(TaskHandle task) {
        final List<Failure> problems = new ArrayList<>();
        final Failure failure = call(task, "kernel problems", Op.KERNEL_PROBLEMS, out -> { }, in -> {
            final int count = in.getInt();
            for (int i = 0; i < count; i++) {
                problems.add(new Failure(in.getInt(), in.getString()));
            }
        });
        return failure == null ? List.copyOf(problems) : List.of(failure);
    }

    // ---- port operations ----

    @Override
    public int portAllocateReceive(TaskHandle task, ReceiveRight[] right) {
        final int[] name = new int[1];
        final Failure failure = call(task, "mach_port_allocate", Op.PORT_ALLOCATE, out -> { },
                in -> name[0] = in.getInt());
        if (failure != null) {
            return failure.code() == IOReturn.KERN_RESOURCE_SHORTAGE ? failure.code()
                    : IOReturn.KERN_RESOURCE_SHORTAGE;
        }
        right[0] = remote(task).existing().addPort(name[0]);
        return IOReturn.kIOReturnSuccess;
    }

    @Override
    public ReceiveRight portReceiveRight(TaskHandle task, int name) {
        final Session session = task instanceof RemoteTask remote ? remote.existing() : null;
        final Mailbox mailbox = session == null ? null : session.port(name);
        return mailbox == null || mailbox.isDead() ? null : mailbox;
    }

    @Override
    public int portDeallocate(TaskHandle task, int name) {
        return code(call(task, "mach_port_deallocate", Op.PORT_DEALLOCATE, out -> out.putInt(name), in -> { }));
    }

    @Override
    public int portDestroyReceive(TaskHandle task, int name) {
        final int code = code(call(task, "mach_port_mod_refs", Op.PORT_DESTROY, out -> out.putInt(name), in -> { }));
        final Session session = task instanceof RemoteTask remote ? remote.existing() : null;
        if (session != null) {
            session.removePort(name);
            for (long region : session.staging.forget(name)) { // async calls through it complete no more
                session.releaseRegion(region);
            }
        }
        return code;
    }

    @Override
    public int portType(TaskHandle task, int name) {
        final int[] type = new int[1];
        return call(task, "mach_port_type", Op.PORT_TYPE, out -> out.putInt(name), in -> type[0] = in.getInt())
                == null ? type[0] : 0;
    }

    @Override
    public int portSendRefs(TaskHandle task, int name) {
        final int[] refs = new int[1];
        return call(task, "mach_port_get_refs", Op.PORT_SEND_REFS, out -> out.putInt(name),
                in -> refs[0] = in.getInt()) == null ? refs[0] : 0;
    }

    @Override
    public Failure vmResolve(TaskHandle task, long address, long size, MemorySegment[] bytes) {
        return call(task, "vm resolve", Op.VM_RESOLVE, out -> out.putLong(address).putLong(size), in -> {
            final long id = in.getLong();
            final Path path = Path.of(in.getString());
            final long regionSize = in.getLong();
            final long offset = in.getLong();
            bytes[0] = remote(task).existing().regions.map(id, path, regionSize).mapping().segment()
                    .asSlice(offset, size);
        });
    }

    @Override
    public Failure memoryAllocate(TaskHandle task, long size, MemorySegment[] memory) {
        final ClientRegions.Region[] region = new ClientRegions.Region[1];
        final Failure failure = call(task, "memory allocate", Op.SHARED_ALLOCATE, out -> out.putLong(size),
                in -> region[0] = remote(task).existing().regions.map(in, size));
        if (failure == null) {
            memory[0] = region[0].mapping().segment();
        }
        return failure;
    }

    @Override
    public Failure memoryRelease(TaskHandle task, MemorySegment memory) {
        final Session session = task instanceof RemoteTask remote ? remote.existing() : null;
        final ClientRegions.Region region = session == null ? null : session.regions.find(memory);
        if (region == null || region.address() != memory.address()) {
            return Failure.of(IOReturn.kIOReturnBadArgument, "memory=%s is not memory this task allocated with"
                    + " memoryAllocate, or it was given back already", memory);
        }
        return session.releaseRegion(region.id());
    }

    // ---- objects and connections (issue 11) ----

    @Override
    public Failure objectConformsTo(TaskHandle task, int object, String className, boolean[] conforms) {
        return call(task, "IOObjectConformsTo", Op.OBJECT_CONFORMS_TO, out -> out.putInt(object)
                .putString(className), in -> conforms[0] = in.getBoolean());
    }

    @Override
    public Failure objectGetRetainCount(TaskHandle task, int object, int[] retainCount) {
        return call(task, "IOObjectGetKernelRetainCount", Op.OBJECT_RETAIN_COUNT, out -> out.putInt(object),
                in -> retainCount[0] = in.getInt());
    }

    @Override
    public Failure objectGetSuperclass(TaskHandle task, String className, String[] superclass) {
        return call(task, "IOObjectCopySuperclassForClass", Op.OBJECT_SUPERCLASS, out -> out.putString(className),
                in -> superclass[0] = in.getString());
    }

    @Override
    public Failure objectGetBundleIdentifier(TaskHandle task, String className, String[] bundleIdentifier) {
        return call(task, "IOObjectCopyBundleIdentifierForClass", Op.OBJECT_BUNDLE_IDENTIFIER,
                out -> out.putString(className), in -> bundleIdentifier[0] = in.getString());
    }

    @Override
    public Failure iteratorIsValid(TaskHandle task, int iterator, boolean[] valid) {
        return call(task, "IOIteratorIsValid", Op.ITERATOR_IS_VALID, out -> out.putInt(iterator),
                in -> valid[0] = in.getBoolean());
    }

    @Override
    public Failure connectGetService(TaskHandle task, int connect, int[] service) {
        return call(task, "IOConnectGetService", Op.CONNECT_GET_SERVICE, out -> out.putInt(connect),
                in -> service[0] = in.getInt());
    }

    @Override
    public Failure connectSetNotificationPort(TaskHandle task, int connect, int type, int port, long reference) {
        return call(task, "IOConnectSetNotificationPort", Op.CONNECT_SET_NOTIFICATION_PORT, out -> out.putInt(connect)
                .putInt(type).putInt(port).putLong(reference), in -> { });
    }

    @Override
    public Failure serviceGetBusyState(TaskHandle task, int service, int[] busyState) {
        return call(task, "IOServiceGetBusyState", Op.SERVICE_BUSY_STATE, out -> out.putInt(service),
                in -> busyState[0] = in.getInt());
    }

    @Override
    public Failure serviceWaitQuiet(TaskHandle task, int service, long timeoutNanos) {
        return call(task, "IOServiceWaitQuiet", Op.SERVICE_WAIT_QUIET, out -> out.putInt(service)
                .putLong(timeoutNanos), in -> { });
    }

    @Override
    public Failure registryGetBusyState(TaskHandle task, int[] busyState) {
        return call(task, "IOKitGetBusyState", Op.REGISTRY_BUSY_STATE, out -> { }, in -> busyState[0] = in.getInt());
    }

    @Override
    public Failure registryWaitQuiet(TaskHandle task, long timeoutNanos) {
        return call(task, "IOKitWaitQuiet", Op.REGISTRY_WAIT_QUIET, out -> out.putLong(timeoutNanos), in -> { });
    }

    /**
     * {@inheritDoc} A connection whose last name goes here (its last send right: {@code IOConnectRelease}) loses its
     * direct path too, so a later call on the name is the daemon's to answer.
     */
    @Override
    public int portModRefs(TaskHandle task, int name, int right, int delta) {
        if (right == org.iokit4j.mach.IpcSpace.MACH_PORT_RIGHT_RECEIVE && delta == -1) {
            return portDestroyReceive(task, name); // the session forgets the port's mailbox and staging too
        }
        final int code = code(call(task, "mach_port_mod_refs", Op.PORT_MOD_REFS, out -> out.putInt(name)
                .putInt(right).putInt(delta), in -> { }));
        final Session session = task instanceof RemoteTask remote ? remote.existing() : null;
        if (code == IOReturn.kIOReturnSuccess && delta < 0 && session != null && session.direct.containsKey(name)
                && portType(task, name) == 0) {
            final DirectChannel channel = session.direct.remove(name);
            if (channel != null) {
                channel.close();
            }
        }
        return code;
    }

    // ---- the plumbing ----

    /** Writes a routine's request. */
    @FunctionalInterface
    interface Request {
        void put(FrameOut out);
    }

    /** Reads a successful routine's outputs. */
    @FunctionalInterface
    interface Response {
        void get(FrameIn in) throws FrameIn.ProtocolException;
    }

    /**
     * Runs one routine: its request on a call connection of the task's session, the reply's code, then (on
     * success) its outputs. {@return {@code null} or the failure} Never throws.
     */
    Failure call(TaskHandle task, String routine, int op, Request request, Response response) {
        final Session session;
        try {
            session = remote(task).session();
        } catch (IOReturnException unreachable) {
            return unreachable.failure();
        }
        return session.call(routine, op, request, response);
    }

    /**
     * {@return how many calls of {@code task} went straight to a driver server over a shared-memory ring (the direct
     * path), not through the daemon} For tests and dashboards.
     */
    public static long directCalls(TaskHandle task) {
        return remote(task).session().directCalls.sum();
    }

    static RemoteTask remote(TaskHandle task) {
        if (task instanceof RemoteTask remote) {
            return remote;
        }
        throw new IOReturnException(IOReturn.kIOReturnBadArgument, "task=" + task + " is not a task of a kernel"
                + " daemon carrier");
    }

    private static int code(Failure failure) {
        return failure == null ? IOReturn.kIOReturnSuccess : failure.code();
    }

    private static String processName() {
        final ProcessHandle self = ProcessHandle.current();
        return "pid " + self.pid() + self.info().command().map(command -> " (" + Path.of(command).getFileName() + ")")
                .orElse("");
    }

    @Override
    public String toString() {
        return "RemoteKernel[unix:" + socket + "]";
    }

    /** Pitfalls travel as their ordinal; {@return the pitfall or {@code null}} */
    static Pitfall pitfall(int ordinal) {
        final Pitfall[] all = Pitfall.values();
        return ordinal >= 0 && ordinal < all.length ? all[ordinal] : null;
    }
}
