package org.iokit4j.kerneld.servers;

import org.iokit4j.Failure;
import org.iokit4j.IOReturn;
import org.iokit4j.link.DextProtocol;
import org.iokit4j.link.Link;
import org.iokit4j.link.LinkDown;
import org.iokit4j.link.LinkFault;
import org.iokit4j.mach.SendRight;
import org.iokit4j.memory.SharedMemory;
import org.iokit4j.mig.DextObject;
import org.iokit4j.mig.KernelObject;
import org.iokit4j.mig.MethodCall;
import org.iokit4j.mig.MethodReply;
import org.iokit4j.remote.FrameIn;

/**
 * A driver object in a driver server of its own process, as the kernel calls it: each call is a request over the
 * server's link, run there exactly as the embedded runtime runs it (its queue, its checks, its explanations).
 *
 * <p>Once the server has died, calls are answered at once: {@code Stop} and {@code free} have nothing left to do
 * (XNU skips {@code Stop} for a dead server's services, {@code serverDied}); the others fail with
 * {@code MIG_SERVER_DIED} and the death's explanation.
 *
 * <p><b>Concurrency.</b> Thread-safe.
 */
final class RemoteObject implements DextObject {
    private final long number;
    private final boolean userClient;
    private final ServerProcess server;

    RemoteObject(long number, boolean userClient, ServerProcess server) {
        this.number = number;
        this.userClient = userClient;
        this.server = server;
    }

    long number() {
        return number;
    }

    ServerProcess server() {
        return server;
    }

    @Override
    public boolean isUserClient() {
        return userClient;
    }

    @Override
    public Failure start(KernelObject provider) {
        return withEntry(DextProtocol.START, "Start", provider);
    }

    @Override
    public Failure stop(KernelObject provider) {
        return server.death() != null ? null : withEntry(DextProtocol.STOP, "Stop", provider);
    }

    @Override
    public Failure clientCrashed(KernelObject client) {
        return withEntry(DextProtocol.CLIENT_CRASHED, "ClientCrashed", client);
    }

    @Override
    public Failure newUserClient(int type, DextObject[] made) {
        try {
            final Link.Request request = request(DextProtocol.NEW_USER_CLIENT);
            request.out.putInt(type);
            final FrameIn reply = request.call();
            final Failure failure = DextProtocol.failure(reply);
            if (failure == null) {
                made[0] = server.endpoint().object(reply.getLong(), true);
            }
            return failure;
        } catch (LinkDown | LinkFault | FrameIn.ProtocolException failed) {
            return server.failure("NewUserClient", failed);
        }
    }

    @Override
    public void externalMethod(MethodCall call, SendRight completion, MethodReply reply) {
        final Failure unshareable = DextProtocol.unshareable(call);
        if (unshareable != null) {
            if (completion != null) {
                completion.release();
            }
            reply.fail(unshareable);
            return;
        }
        try {
            final Link.Request request = request(DextProtocol.EXTERNAL_METHOD);
            request.out.putLong(server.endpoint().putAction(completion));
            DextProtocol.putCall(request.out, call);
            DextProtocol.reply(request.call(), reply);
        } catch (LinkDown | LinkFault | FrameIn.ProtocolException failed) {
            reply.fail(server.failure("ExternalMethod(selector=" + call.selector() + ")", failed));
        }
    }

    @Override
    public Failure copyClientMemoryForType(long type, long[] options, SharedMemory[] memory) {
        try {
            final Link.Request request = request(DextProtocol.COPY_CLIENT_MEMORY);
            request.out.putLong(type);
            final FrameIn reply = request.call();
            final Failure failure = DextProtocol.failure(reply);
            if (failure == null) {
                options[0] = reply.getLong();
                final String file = reply.getString();
                memory[0] = SharedMemory.open(java.nio.file.Path.of(file), reply.getLong());
            }
            return failure;
        } catch (LinkDown | LinkFault | FrameIn.ProtocolException failed) {
            return server.failure("CopyClientMemoryForType", failed);
        } catch (org.iokit4j.IOReturnException unopenable) {
            return unopenable.failure().within("CopyClientMemoryForType of driver server '" + server.name() + "'");
        }
    }

    @Override
    public Failure attachDirect(String ringPath) {
        try {
            final Link.Request request = request(DextProtocol.ATTACH_RING);
            request.out.putString(ringPath);
            return DextProtocol.failure(request.call());
        } catch (LinkDown | LinkFault | FrameIn.ProtocolException failed) {
            return server.failure("attaching the direct path", failed);
        }
    }

    @Override
    public void free() {
        server.endpoint().forget(this);
        if (server.death() != null) {
            return;
        }
        try {
            request(DextProtocol.FREE).call();
        } catch (LinkDown | LinkFault gone) {
            // nothing left to free there
        }
    }

    @Override
    public String toString() {
        return "RemoteObject[" + number + " in " + server + "]";
    }

    private Link.Request request(int op) {
        final Link.Request request = server.link().request(op);
        request.out.putLong(number);
        return request;
    }

    private Failure withEntry(int op, String what, KernelObject entry) {
        try {
            final Link.Request request = request(op);
            server.endpoint().putEntry(request.out, entry);
            return DextProtocol.failure(request.call());
        } catch (LinkDown | LinkFault | FrameIn.ProtocolException failed) {
            return server.failure(what, failed);
        } finally {
            server.endpoint().forgetGoneEntries(); // e.g. ClientCrashed named a service that has terminated since
        }
    }
}
