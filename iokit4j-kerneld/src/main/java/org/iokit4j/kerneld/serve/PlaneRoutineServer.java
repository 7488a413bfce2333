package org.iokit4j.kerneld.serve;

import java.util.Map;
import org.iokit4j.kernel.Kernel;
import org.iokit4j.mach.MachTask;
import org.iokit4j.remote.FrameIn;
import org.iokit4j.remote.FrameOut;
import org.iokit4j.remote.Op;
import org.iokit4j.remote.Replies;

/**
 * The daemon's half of the registry's plane routines (issue 11, {@code Op} 70..83): each read from the request, run
 * in the app's task by the embedded kernel's own routine, and answered as {@code RemoteKernel} reads it.
 *
 * <p><b>Concurrency.</b> Stateless; runs on the call connection's thread.
 */
final class PlaneRoutineServer {
    private PlaneRoutineServer() {
    }

    /** Runs plane routine {@code op} read from {@code in} in {@code task}; writes its reply into {@code out}. */
    static void serve(Kernel kernel, MachTask task, int op, FrameIn in, FrameOut out) throws FrameIn.ProtocolException {
        final int[] name = new int[1];
        final String[] text = new String[1];
        switch (op) {
            case Op.REGISTRY_ROOT -> Replies.put(out, kernel.registryGetRootEntry(task, name)).putInt(name[0]);
            case Op.ENTRY_FROM_PATH -> Replies.put(out, kernel.registryEntryFromPath(task, in.getString(), name))
                    .putInt(name[0]);
            case Op.ENTRY_GET_PATH -> Replies.put(out, kernel.registryEntryGetPath(task, in.getInt(), in.getString(),
                    text)).putString(text[0]);
            case Op.ENTRY_NAME_IN_PLANE -> Replies.put(out, kernel.registryEntryGetNameInPlane(task, in.getInt(),
                    in.getString(), text)).putString(text[0]);
            case Op.ENTRY_LOCATION_IN_PLANE -> Replies.put(out, kernel.registryEntryGetLocationInPlane(task,
                    in.getInt(), in.getString(), text)).putString(text[0]);
            case Op.ENTRY_CHILD_ITERATOR -> Replies.put(out, kernel.registryEntryGetChildIterator(task, in.getInt(),
                    in.getString(), name)).putInt(name[0]);
            case Op.ENTRY_PARENT_ITERATOR -> Replies.put(out, kernel.registryEntryGetParentIterator(task, in.getInt(),
                    in.getString(), name)).putInt(name[0]);
            case Op.REGISTRY_CREATE_ITERATOR -> Replies.put(out, kernel.registryCreateIterator(task, in.getString(),
                    in.getInt(), name)).putInt(name[0]);
            case Op.ENTRY_CREATE_ITERATOR -> Replies.put(out, kernel.registryEntryCreateIterator(task, in.getInt(),
                    in.getString(), in.getInt(), name)).putInt(name[0]);
            case Op.ITERATOR_ENTER -> Replies.put(out, kernel.registryIteratorEnterEntry(task, in.getInt()));
            case Op.ITERATOR_EXIT -> Replies.put(out, kernel.registryIteratorExitEntry(task, in.getInt()));
            case Op.ENTRY_IN_PLANE -> {
                final boolean[] inPlane = new boolean[1];
                Replies.put(out, kernel.registryEntryInPlane(task, in.getInt(), in.getString(), inPlane))
                        .putBoolean(inPlane[0]);
            }
            case Op.ENTRY_SEARCH_PROPERTY -> {
                final Object[] value = new Object[1];
                Replies.put(out, kernel.registryEntrySearchProperty(task, in.getInt(), in.getString(), in.getString(),
                        in.getInt(), value)).putValue(value[0]);
            }
            case Op.MATCH_PROPERTY_TABLE -> {
                final int service = in.getInt();
                final Map<String, Object> matching = in.getMap();
                final boolean[] matches = new boolean[1];
                Replies.put(out, kernel.serviceMatchPropertyTable(task, service, matching, matches))
                        .putBoolean(matches[0]);
            }
            default -> throw new FrameIn.ProtocolException("unknown plane routine " + op);
        }
    }
}
