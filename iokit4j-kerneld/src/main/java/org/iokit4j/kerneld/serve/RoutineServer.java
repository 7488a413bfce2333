package org.iokit4j.kerneld.serve;

import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.Map;
import org.iokit4j.Failure;
import org.iokit4j.IOReturn;
import org.iokit4j.kernel.Kernel;
import org.iokit4j.mach.MachTask;
import org.iokit4j.memory.SharedMemory;
import org.iokit4j.memory.VmMap;
import org.iokit4j.mig.MethodCall;
import org.iokit4j.mig.MethodReply;
import org.iokit4j.remote.FrameIn;
import org.iokit4j.remote.FrameOut;
import org.iokit4j.remote.Op;
import org.iokit4j.remote.Replies;

/**
 * Runs the routines an app sends on a call connection, in the app's task, and writes their replies: the daemon's
 * half of {@code org.iokit4j.remote.RemoteKernel}, op for op.
 *
 * <p>Every routine is the embedded kernel's own, so codes and explanations are the same as embedded. The app's
 * request is not trusted: a malformed frame is a {@link FrameIn.ProtocolException} (the connection closes); a region
 * ID or range the task does not hold is {@code kIOReturnBadArgument}.
 *
 * <p><b>Concurrency.</b> One per call connection, on its thread.
 */
final class RoutineServer {
    private final Kernel kernel;
    private final DaemonSession session;
    private final MachTask task;
    private final MethodReply reply = new MethodReply();

    RoutineServer(Kernel kernel, DaemonSession session) {
        this.kernel = kernel;
        this.session = session;
        this.task = session.task;
    }

    /** Runs routine {@code op} read from {@code in}; writes its reply into {@code out}. */
    void serve(int op, FrameIn in, FrameOut out) throws FrameIn.ProtocolException {
        switch (op) {
            case Op.CONNECT_METHOD -> connectMethod(in, out);
            case Op.MAIN_PORT -> {
                final int[] port = new int[1];
                ok(out, kernel.mainPort(task, port)).putInt(port[0]);
            }
            case Op.GET_MATCHING_SERVICES -> {
                final Map<String, Object> matching = in.getMap();
                final int[] iterator = new int[1];
                ok(out, kernel.getMatchingServices(task, matching, iterator)).putInt(iterator[0]);
            }
            case Op.ITERATOR_NEXT -> {
                final int[] object = new int[1];
                ok(out, kernel.iteratorNext(task, in.getInt(), object)).putInt(object[0]);
            }
            case Op.ITERATOR_RESET -> ok(out, kernel.iteratorReset(task, in.getInt()));
            case Op.ENTRY_GET_NAME -> {
                final String[] name = new String[1];
                ok(out, kernel.registryEntryGetName(task, in.getInt(), name)).putString(name[0]);
            }
            case Op.ENTRY_GET_PROPERTY -> {
                final int entry = in.getInt();
                final Object[] value = new Object[1];
                ok(out, kernel.registryEntryGetProperty(task, entry, in.getString(), value)).putValue(value[0]);
            }
            case Op.ENTRY_GET_ID -> {
                final long[] id = new long[1];
                ok(out, kernel.registryEntryGetID(task, in.getInt(), id)).putLong(id[0]);
            }
            case Op.OBJECT_GET_CLASS -> {
                final String[] name = new String[1];
                ok(out, kernel.objectGetClass(task, in.getInt(), name)).putString(name[0]);
            }
            case Op.SERVICE_OPEN -> {
                final int service = in.getInt();
                final int owningTask = in.getInt();
                final int[] connect = new int[1];
                ok(out, kernel.serviceOpen(task, service, owningTask, in.getInt(), connect)).putInt(connect[0]);
            }
            case Op.SERVICE_CLOSE -> ok(out, kernel.serviceClose(task, in.getInt()));
            case Op.MAP_MEMORY -> {
                final int connect = in.getInt();
                final int type = in.getInt();
                final int into = in.getInt();
                final long[] address = new long[1];
                final long[] size = new long[1];
                ok(out, kernel.connectMapMemory(task, connect, type, into, address, size, in.getInt()))
                        .putLong(address[0]).putLong(size[0]);
            }
            case Op.UNMAP_MEMORY -> unmapMemory(in, out);
            case Op.ADD_NOTIFICATION -> {
                final String type = in.getString();
                final Map<String, Object> matching = in.getMap();
                final int wakePort = in.getInt();
                final int[] notification = new int[1];
                ok(out, kernel.serviceAddNotification(task, type, matching, wakePort, in.getLongs(), notification))
                        .putInt(notification[0]);
            }
            case Op.ADD_INTEREST -> {
                final int service = in.getInt();
                final String type = in.getString();
                final int wakePort = in.getInt();
                final int[] notification = new int[1];
                ok(out, kernel.serviceAddInterestNotification(task, service, type, wakePort, in.getLongs(),
                        notification)).putInt(notification[0]);
            }
            case Op.PORT_ALLOCATE -> portAllocate(out);
            case Op.PORT_DEALLOCATE -> code(out, kernel.portDeallocate(task, in.getInt()));
            case Op.PORT_DESTROY -> {
                final int name = in.getInt();
                session.pump.forget(name);
                code(out, kernel.portDestroyReceive(task, name));
            }
            case Op.PORT_TYPE -> ok(out, null).putInt(kernel.portType(task, in.getInt()));
            case Op.PORT_SEND_REFS -> ok(out, null).putInt(kernel.portSendRefs(task, in.getInt()));
            case Op.VM_RESOLVE -> vmResolve(in.getLong(), in.getLong(), out);
            case Op.SHARED_ALLOCATE -> sharedAllocate(in.getLong(), out);
            case Op.DIRECT_ATTACH -> ok(out, kernel.connectAttachDirect(task, in.getInt(), in.getString()));
            case Op.SHARED_RELEASE -> {
                final long id = in.getLong();
                ok(out, session.regions.release(id) ? null : Failure.of(IOReturn.kIOReturnBadArgument, "region %d"
                        + " is not one task '%s' holds", id, task.name()));
            }
            case Op.KERNEL_PROBLEMS -> {
                final List<Failure> problems = kernel.problems();
                ok(out, null).putInt(problems.size());
                problems.forEach(problem -> out.putInt(problem.code()).putString(problem.explanation()));
            }
            case Op.REGISTRY_ROOT, Op.ENTRY_FROM_PATH, Op.ENTRY_GET_PATH, Op.ENTRY_NAME_IN_PLANE,
                 Op.ENTRY_LOCATION_IN_PLANE, Op.ENTRY_CHILD_ITERATOR, Op.ENTRY_PARENT_ITERATOR,
                 Op.REGISTRY_CREATE_ITERATOR, Op.ENTRY_CREATE_ITERATOR, Op.ITERATOR_ENTER, Op.ITERATOR_EXIT,
                 Op.ENTRY_IN_PLANE, Op.ENTRY_SEARCH_PROPERTY, Op.MATCH_PROPERTY_TABLE ->
                    PlaneRoutineServer.serve(kernel, task, op, in, out);
            case Op.ENTRY_GET_PROPERTIES -> {
                @SuppressWarnings("unchecked")
                final Map<String, Object>[] properties = new Map[1];
                ok(out, kernel.registryEntryGetProperties(task, in.getInt(), properties)).putValue(properties[0]);
            }
            case Op.ENTRY_SET_PROPERTIES -> {
                final int entry = in.getInt();
                ok(out, kernel.registryEntrySetProperties(task, entry, in.getValue()));
            }
            case Op.OBJECT_CONFORMS_TO, Op.OBJECT_RETAIN_COUNT, Op.OBJECT_SUPERCLASS, Op.OBJECT_BUNDLE_IDENTIFIER,
                 Op.ITERATOR_IS_VALID, Op.CONNECT_GET_SERVICE, Op.CONNECT_SET_NOTIFICATION_PORT, Op.SERVICE_BUSY_STATE,
                 Op.SERVICE_WAIT_QUIET, Op.REGISTRY_BUSY_STATE, Op.REGISTRY_WAIT_QUIET, Op.PORT_MOD_REFS ->
                    ObjectRoutineServer.serve(kernel, session, op, in, out);
            default -> throw new FrameIn.ProtocolException("unknown routine " + op);
        }
    }

    private void connectMethod(FrameIn in, FrameOut out) throws FrameIn.ProtocolException {
        final int connect = in.getInt();
        final long selector = in.getLong();
        final long[] scalarInput = in.getLongs();
        final byte[] structureInput = in.getBytes();
        final MemorySegment inputMemory = memory(in);
        final int scalarOutputCapacity = in.getInt();
        final long structureOutputCapacity = in.getLong();
        final MemorySegment outputMemory = memory(in);
        final int wakePort = in.getInt();
        final long[] reference = in.getLongs();
        final MethodReply answer = reply;
        answer.code = 0;
        answer.explanation = null;
        answer.pitfall = null;
        answer.scalarOutputCount = 0;
        answer.structureOutput = null;
        answer.structureOutputSize = 0;
        if (inputMemory == MISSING || outputMemory == MISSING) {
            answer.fail(Failure.of(IOReturn.kIOReturnBadArgument, "a structure buffer names a region or range"
                    + " task '%s' does not hold", task.name()));
        } else {
            kernel.connectMethod(task, connect, new MethodCall(selector, scalarInput == null ? new long[0]
                    : scalarInput, structureInput, inputMemory, scalarOutputCapacity, structureOutputCapacity,
                    outputMemory, wakePort, reference), answer);
        }
        Replies.put(out, answer.failure()).putByte(answer.pitfall == null ? -1 : answer.pitfall.ordinal())
                .putLongs(answer.scalarOutput, Math.min(answer.scalarOutputCount, 16))
                .putBytes(answer.structureOutput).putLong(answer.structureOutputSize);
    }

    /** A region the task does not hold: a segment standing for "refuse the call". */
    private static final MemorySegment MISSING = MemorySegment.ofArray(new byte[0]);

    private MemorySegment memory(FrameIn in) throws FrameIn.ProtocolException {
        final long region = in.getLong();
        final long offset = in.getLong();
        final long length = in.getLong();
        if (region == 0) {
            return null;
        }
        final MemorySegment slice = session.regions.slice(region, offset, length);
        return slice == null ? MISSING : slice;
    }

    private void unmapMemory(FrameIn in, FrameOut out) throws FrameIn.ProtocolException {
        final int connect = in.getInt();
        final int type = in.getInt();
        final int from = in.getInt();
        final long address = in.getLong();
        final VmMap.Region before = task.vm().regionAt(address);
        final Failure failure = kernel.connectUnmapMemory(task, connect, type, from, address);
        long released = 0;
        if (failure == null && before != null && task.vm().regionAt(address) == null) {
            final SessionRegions.Entry entry = session.regions.find(before.mapping().memory());
            if (entry != null && session.regions.release(entry.id())) {
                released = entry.id();
            }
        }
        ok(out, failure).putLong(released);
    }

    private void portAllocate(FrameOut out) {
        final org.iokit4j.mach.ReceiveRight[] right = new org.iokit4j.mach.ReceiveRight[1];
        final int code = kernel.portAllocateReceive(task, right);
        if (code != IOReturn.kIOReturnSuccess) {
            code(out, code);
            return;
        }
        session.pump.watch(right[0].name());
        ok(out, null).putInt(right[0].name());
    }

    private void vmResolve(long address, long size, FrameOut out) {
        final VmMap.Region region = task.vm().regionCovering(address, size);
        final SharedMemory memory = region == null ? null : region.mapping().memory();
        if (memory == null || memory.file().isEmpty()) {
            ok(out, Failure.of(IOReturn.kIOReturnBadArgument, "address=0x%x, size=%d is not inside a mapping task"
                    + " '%s' holds (IOConnectMapMemory64)%s", address, size, task.name(), memory == null ? ""
                    : ": the region has no file another process can open"));
            return;
        }
        final SessionRegions.Entry entry = session.regions.name(memory);
        ok(out, null).putLong(entry.id()).putString(memory.file().orElseThrow().toString()).putLong(memory.size())
                .putLong(address - region.address());
    }

    private void sharedAllocate(long size, FrameOut out) {
        try {
            final SessionRegions.Entry entry = session.regions.allocate(size);
            ok(out, null).putLong(entry.id()).putString(entry.mapping().memory().link().orElseThrow().toString());
        } catch (org.iokit4j.IOReturnException refused) {
            ok(out, refused.failure());
        }
    }

    private static FrameOut ok(FrameOut out, Failure failure) {
        return Replies.put(out, failure);
    }

    private static void code(FrameOut out, int code) {
        out.putInt(code).putString(code == 0 ? null : IOReturn.name(code));
    }
}
