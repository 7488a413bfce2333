package org.iokit4j.driverkit.process;

import static org.iokit4j.link.DextProtocol.putFailure;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.iokit4j.Failure;
import org.iokit4j.link.DextProtocol;
import org.iokit4j.link.Link;
import org.iokit4j.link.Regions;
import org.iokit4j.mach.MachPort;
import org.iokit4j.memory.SharedMemory;
import org.iokit4j.mig.DextObject;
import org.iokit4j.mig.DextServer;
import org.iokit4j.mig.MethodCall;
import org.iokit4j.mig.MethodReply;
import org.iokit4j.remote.FrameIn;
import org.iokit4j.remote.FrameOut;

/**
 * The driver server's end of the link: serves the kernel's calls ({@link DextProtocol}) on the server's objects, and
 * keeps the numbers both sides use for them.
 *
 * <p><b>Concurrency.</b> Thread-safe: the link runs requests on several threads at once (nested ones on the waiting
 * thread); the tables are concurrent maps.
 */
final class ServerEndpoint implements Link.Handler, AutoCloseable {
    private final DextServer server;
    private final Regions regions = new Regions();
    private final DirectServer direct = new DirectServer(regions);
    private final AtomicLong nextObject = new AtomicLong();
    private final Map<Long, DextObject> objects = new ConcurrentHashMap<>();
    private final Map<DextObject, Long> numbers = new ConcurrentHashMap<>();
    private final Map<Long, List<SharedMemory>> handedOut = new ConcurrentHashMap<>();
    private final Map<Long, KernelStub> entries = new ConcurrentHashMap<>();
    private final Map<Long, MachPort> actions = new ConcurrentHashMap<>();
    private volatile Link link;

    ServerEndpoint(DextServer server) {
        this.server = server;
    }

    void attach(Link kernel) {
        this.link = kernel;
    }

    Link link() {
        return link;
    }

    Regions regions() {
        return regions;
    }

    /** {@return the object numbered {@code number}, or {@code null}} */
    DextObject object(long number) {
        return objects.get(number);
    }

    @Override
    public void serve(int op, FrameIn in, FrameOut reply) throws IOException {
        switch (op) {
            case DextProtocol.INSTANTIATE -> instantiate(in, reply);
            case DextProtocol.START -> putFailure(reply, object(in).start(entry(in)));
            case DextProtocol.STOP -> putFailure(reply, object(in).stop(entry(in)));
            case DextProtocol.CLIENT_CRASHED -> putFailure(reply, object(in).clientCrashed(entry(in)));
            case DextProtocol.NEW_USER_CLIENT -> newUserClient(in, reply);
            case DextProtocol.EXTERNAL_METHOD -> externalMethod(in, reply);
            case DextProtocol.COPY_CLIENT_MEMORY -> copyClientMemory(in, reply);
            case DextProtocol.FREE -> free(in.getLong());
            case DextProtocol.STATISTICS -> reply.putValue(server.statistics());
            case DextProtocol.TERMINATE -> server.terminate();
            case DextProtocol.ATTACH_RING -> {
                final DextObject client = object(in);
                putFailure(reply, direct.attach(client, java.nio.file.Path.of(in.getString())));
            }
            case DextProtocol.FORGET_ENTRY -> {
                final KernelStub gone = entries.remove(in.getLong());
                if (gone != null) {
                    server.forget(gone);
                }
            }
            case DextProtocol.ACTION_DEAD -> {
                final MachPort port = actions.remove(in.getLong());
                if (port != null) {
                    port.invalidate(); // the driver's OSAction sees a dead name: its aborted handler runs
                }
            }
            default -> throw new FrameIn.ProtocolException("unknown op " + op + " from the kernel");
        }
    }

    @Override
    public void close() {
        direct.close();
        regions.close();
        handedOut.values().forEach(list -> list.forEach(SharedMemory::release));
        handedOut.clear();
    }

    /** {@return the stand-in of the entry named next in {@code in} (number, then name), made on first mention} */
    KernelStub entry(FrameIn in) throws FrameIn.ProtocolException {
        final long number = in.getLong();
        final String name = in.getString();
        return number == 0 ? null : entries.computeIfAbsent(number, n -> new KernelStub(n, name, this));
    }

    private DextObject object(FrameIn in) throws FrameIn.ProtocolException {
        final long number = in.getLong();
        final DextObject object = objects.get(number);
        if (object == null) {
            throw new FrameIn.ProtocolException("no driver object numbered " + number);
        }
        return object;
    }

    private void instantiate(FrameIn in, FrameOut reply) throws FrameIn.ProtocolException {
        final KernelStub entry = entry(in);
        final String userClass = in.getString();
        final DextObject[] made = new DextObject[1];
        final Failure failure = server.instantiate(userClass, entry, made);
        putFailure(reply, failure);
        if (failure == null) {
            final long number = nextObject.incrementAndGet();
            objects.put(number, made[0]);
            numbers.put(made[0], number);
            reply.putLong(number).putBoolean(made[0].isUserClient());
        }
    }

    private void newUserClient(FrameIn in, FrameOut reply) throws FrameIn.ProtocolException {
        final DextObject provider = object(in);
        final DextObject[] made = new DextObject[1];
        final Failure failure = provider.newUserClient(in.getInt(), made);
        final Long number = made[0] == null ? null : numbers.get(made[0]);
        putFailure(reply, failure != null || number != null ? failure : Failure.of(org.iokit4j.IOReturn.kIOReturnError,
                "NewUserClient returned an object the kernel never asked this server to make"));
        if (failure == null && number != null) {
            reply.putLong(number);
        }
    }

    private void externalMethod(FrameIn in, FrameOut reply) throws FrameIn.ProtocolException {
        final DextObject client = object(in);
        final long action = in.getLong();
        final MethodCall call = DextProtocol.call(in, regions);
        final MethodReply result = new MethodReply();
        client.externalMethod(call, action == 0 ? null : completion(action), result);
        DextProtocol.putReply(reply, result);
    }

    /**
     * {@return a send right to a port of this process standing for the kernel's completion action {@code number}}: its
     * completions go to the kernel; when the driver drops its last right the kernel is told, so it aborts the action;
     * when the kernel aborts it the port dies here.
     */
    private org.iokit4j.mach.SendRight completion(long number) {
        final MachPort port = MachPort.forKernelObject(new CompletionStub(number, this));
        actions.put(number, port);
        port.requestNoSenders(() -> {
            if (actions.remove(number, port)) {
                try {
                    final Link.Request release = link.oneway(DextProtocol.RELEASE_ACTION);
                    release.out.putLong(number);
                    release.send();
                } catch (org.iokit4j.link.LinkDown gone) {
                    // the kernel is gone: nothing to release there
                }
            }
        });
        return port.makeSend();
    }

    private void copyClientMemory(FrameIn in, FrameOut reply) throws FrameIn.ProtocolException {
        final long number = in.getLong();
        final DextObject client = objects.get(number);
        if (client == null) {
            throw new FrameIn.ProtocolException("no driver object numbered " + number);
        }
        final long[] options = {0};
        final SharedMemory[] memory = new SharedMemory[1];
        final Failure failure = client.copyClientMemoryForType(in.getLong(), options, memory);
        if (failure == null && memory[0].file().isEmpty()) {
            memory[0].release();
            putFailure(reply, Failure.of(org.iokit4j.IOReturn.kIOReturnUnsupported, "the driver's memory has no file"
                    + " the kernel can open (not made shareable)"));
            return;
        }
        putFailure(reply, failure);
        if (failure == null) {
            // kept until the object is freed: the kernel and its apps open the file meanwhile
            handedOut.computeIfAbsent(number, n -> new CopyOnWriteArrayList<>()).add(memory[0]);
            reply.putLong(options[0]).putString(memory[0].file().orElseThrow().toString()).putLong(memory[0].size());
        }
    }

    private void free(long number) {
        final DextObject object = objects.remove(number);
        if (object != null) {
            numbers.remove(object);
            direct.forget(object);
            object.free();
        }
        final List<SharedMemory> memory = handedOut.remove(number);
        if (memory != null) {
            memory.forEach(SharedMemory::release);
        }
    }
}
