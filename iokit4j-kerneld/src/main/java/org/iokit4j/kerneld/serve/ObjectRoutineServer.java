package org.iokit4j.kerneld.serve;

import org.iokit4j.IOReturn;
import org.iokit4j.kernel.Kernel;
import org.iokit4j.mach.IpcSpace;
import org.iokit4j.mach.MachTask;
import org.iokit4j.remote.FrameIn;
import org.iokit4j.remote.FrameOut;
import org.iokit4j.remote.Op;
import org.iokit4j.remote.Replies;

/**
 * The daemon's half of the object and connection routines (issue 11, {@code Op} 90..101): each read from the request,
 * run in the app's task by the embedded kernel's own routine, and answered as {@code RemoteKernel} reads it.
 *
 * <p><b>Concurrency.</b> Stateless; runs on the call connection's thread, which the wait routines block until quiet.
 */
final class ObjectRoutineServer {
    private ObjectRoutineServer() {
    }

    /** Runs routine {@code op} read from {@code in} in {@code session}'s task; writes its reply into {@code out}. */
    static void serve(Kernel kernel, DaemonSession session, int op, FrameIn in, FrameOut out)
            throws FrameIn.ProtocolException {
        final MachTask task = session.task;
        final int[] number = new int[1];
        final String[] text = new String[1];
        final boolean[] flag = new boolean[1];
        switch (op) {
            case Op.OBJECT_CONFORMS_TO -> {
                final int object = in.getInt();
                Replies.put(out, kernel.objectConformsTo(task, object, in.getString(), flag)).putBoolean(flag[0]);
            }
            case Op.OBJECT_RETAIN_COUNT -> Replies.put(out, kernel.objectGetRetainCount(task, in.getInt(), number))
                    .putInt(number[0]);
            case Op.OBJECT_SUPERCLASS -> Replies.put(out, kernel.objectGetSuperclass(task, in.getString(), text))
                    .putString(text[0]);
            case Op.OBJECT_BUNDLE_IDENTIFIER -> Replies.put(out, kernel.objectGetBundleIdentifier(task, in.getString(),
                    text)).putString(text[0]);
            case Op.ITERATOR_IS_VALID -> Replies.put(out, kernel.iteratorIsValid(task, in.getInt(), flag))
                    .putBoolean(flag[0]);
            case Op.CONNECT_GET_SERVICE -> Replies.put(out, kernel.connectGetService(task, in.getInt(), number))
                    .putInt(number[0]);
            case Op.CONNECT_SET_NOTIFICATION_PORT -> {
                final int connect = in.getInt();
                final int type = in.getInt();
                final int port = in.getInt();
                Replies.put(out, kernel.connectSetNotificationPort(task, connect, type, port, in.getLong()));
            }
            case Op.SERVICE_BUSY_STATE -> Replies.put(out, kernel.serviceGetBusyState(task, in.getInt(), number))
                    .putInt(number[0]);
            case Op.SERVICE_WAIT_QUIET -> {
                final int service = in.getInt();
                Replies.put(out, kernel.serviceWaitQuiet(task, service, in.getLong()));
            }
            case Op.REGISTRY_BUSY_STATE -> Replies.put(out, kernel.registryGetBusyState(task, number))
                    .putInt(number[0]);
            case Op.REGISTRY_WAIT_QUIET -> Replies.put(out, kernel.registryWaitQuiet(task, in.getLong()));
            case Op.PORT_MOD_REFS -> {
                final int name = in.getInt();
                final int right = in.getInt();
                final int delta = in.getInt();
                if (right == IpcSpace.MACH_PORT_RIGHT_RECEIVE && delta == -1) {
                    session.pump.forget(name); // as PORT_DESTROY: the port's messages stop being pushed
                }
                final int code = kernel.portModRefs(task, name, right, delta);
                out.putInt(code).putString(code == 0 ? null : IOReturn.name(code));
            }
            default -> throw new FrameIn.ProtocolException("unknown object routine " + op);
        }
    }
}
