package org.iokit4j.driverkit;

import static org.iokit4j.IOReturn.kIOReturnError;
import static org.iokit4j.IOReturn.kIOReturnUnsupported;

import java.util.function.IntSupplier;
import org.iokit4j.Diagnostics;
import org.iokit4j.Failure;
import org.iokit4j.IOReturn;
import org.iokit4j.IOReturnException;
import org.iokit4j.Untrusted;
import org.iokit4j.mach.SendRight;
import org.iokit4j.memory.SharedMemory;
import org.iokit4j.mig.DextObject;
import org.iokit4j.mig.KernelObject;
import org.iokit4j.mig.MethodCall;
import org.iokit4j.mig.MethodReply;

/**
 * Receives the kernel's calls for one driver object and runs them on the object's queue (the kernel → dext half
 * of DriverKit's IIG interfaces).
 *
 * <p>Nothing the driver throws leaves here ({@link Untrusted}): it becomes {@code kIOReturnError} (or the code an
 * {@link IOReturnException} carries) with an explanation, is counted, and the driver keeps running.
 *
 * <p><b>Concurrency.</b> Thread-safe; the object's queue serialises the driver code.
 */
final class ServiceAdapter implements DextObject {
    private final IOService service;
    private final DriverServer server;

    ServiceAdapter(IOService service, DriverServer server) {
        this.service = service;
        this.server = server;
    }

    IOService service() {
        return service;
    }

    @Override
    public Failure clientCrashed(KernelObject client) {
        final IOService clientObject = server.objectFor(client);
        return onQueue("ClientCrashed", () -> service.ClientCrashed(clientObject, 0));
    }

    @Override
    public boolean isUserClient() {
        return service instanceof IOUserClient;
    }

    @Override
    public Failure start(KernelObject provider) {
        final IOService providerObject = server.objectFor(provider);
        service.startedOn(providerObject); // DriverKit caches the provider for GetProvider (IOService.iig)
        return onQueue("Start", () -> service.Start(providerObject));
    }

    @Override
    public Failure stop(KernelObject provider) {
        if (service instanceof IOUserClient client) {
            client.markClientClosed();
        }
        final IOService providerObject = server.objectFor(provider);
        service.lifecycle().beginStop();
        final Failure failure = onQueue("Stop", () -> service.Stop(providerObject));
        if (failure != null) {
            service.lifecycle().stopFinished(); // a failed Stop will not call super.Stop: free it all the same
        } else if (service.lifecycle().isWaitingForSuperStop()) {
            Diagnostics.debug(service.getClass().getName() + "::Stop returned before super.Stop: the runtime frees"
                    + " the object once its cancel handlers call super.Stop");
        }
        return failure;
    }

    @Override
    public Failure newUserClient(int type, DextObject[] userClient) {
        final IOUserClient[] made = new IOUserClient[1];
        final Failure failure = onQueue("NewUserClient", () -> service.NewUserClient(type, made));
        if (failure != null) {
            return failure;
        }
        if (made[0] == null) { // XNU: serviceNewUserClient passes the success on, is_io_service_open_extended refuses it
            return Failure.of(kIOReturnError, "%s.NewUserClient(type=%d) returned kIOReturnSuccess but no user"
                    + " client: XNU's is_io_service_open_extended answers kIOReturnError (\"client should always be a"
                    + " IOUserClient\"); set userClient[0] from Create(this, \"UserClientProperties\", client)",
                    service.getClass().getName(), type);
        }
        final ServiceAdapter adapter = server.adapterOf(made[0]);
        if (adapter == null) {
            return Failure.of(kIOReturnUnsupported, "%s.NewUserClient(type=%d) returned a %s the runtime did not make:"
                    + " make user clients with Create(this, \"UserClientProperties\", client), not with new",
                    service.getClass().getName(), type, made[0].getClass().getName());
        }
        userClient[0] = adapter;
        return null;
    }

    @Override
    public void externalMethod(MethodCall call, SendRight completion, MethodReply reply) {
        final IOUserClient client = (IOUserClient) service;
        IODispatchQueue queue = client.queueNamed(IOUserClient.kIOUserClientQueueNameExternalMethod);
        if (queue == null) {
            queue = client.queueNamed(IOService.kIOServiceDefaultQueueName);
        }
        final ExternalMethodRun run = new ExternalMethodRun(client, call, completion, reply, server.counters());
        Failure refused = run.refusal(); // checked again when the call reaches the queue: that check is the gate
        if (refused == null && queue.isCancelled()) {
            refused = Failure.of(IOReturn.kIOReturnAborted, "ExternalMethod(selector=%d) dropped: %s was cancelled"
                    + " and takes no more work", call.selector(), queue);
        }
        if (refused != null) {
            run.abandon();
            reply.fail(refused);
            return;
        }
        try {
            runOn(queue, run);
        } catch (IllegalStateException blocked) {
            run.abandon();
            reply.fail(Failure.of(kIOReturnError, "ExternalMethod could not run on %s: %s", queue,
                    blocked.getMessage()));
        }
    }

    @Override
    public Failure copyClientMemoryForType(long type, long[] options, SharedMemory[] memory) {
        if (!(service instanceof IOUserClient client)) {
            return Failure.of(kIOReturnUnsupported, "%s is not a user client", service.getClass().getName());
        }
        final IOMemoryDescriptor[] made = new IOMemoryDescriptor[1];
        final long[] driverOptions = {0};
        final Failure failure = onQueue("CopyClientMemoryForType",
                () -> client.CopyClientMemoryForType(type, driverOptions, made));
        final IOMemoryDescriptor descriptor = made[0];
        try {
            if (failure != null || descriptor == null) {
                return failure;
            }
            final SharedMemory shared = descriptor.isFreed() ? null : descriptor.sharedMemory();
            if (shared == null) {
                return Failure.of(kIOReturnUnsupported, "%s.CopyClientMemoryForType(type=%d) returned %s: only an"
                        + " IOBufferMemoryDescriptor the driver still holds can be mapped into a client",
                        service.getClass().getName(), type, descriptor);
            }
            memory[0] = shared.retain();
            options[0] = driverOptions[0];
            return null;
        } finally {
            if (descriptor != null && !descriptor.isFreed()) {
                descriptor.release(); // the reference CopyClientMemoryForType handed over is consumed (§6.5 step 2)
            }
        }
    }

    @Override
    public String className() {
        return service.getClass().getName();
    }

    @Override
    public String serverName() {
        return server.name();
    }

    @Override
    public void free() {
        server.release(service);
    }

    /**
     * Runs {@code work} on {@code queue}: inline when this thread is already running that queue's work (a kernel
     * call nested inside a driver call, e.g. {@code Start} of an object the driver is creating, as DriverKit's IPC
     * nests), else with {@code sync} (on this thread when the queue is idle).
     */
    private static void runOn(IODispatchQueue queue, Runnable work) {
        if (queue.dispatchQueue().isCurrent()) {
            work.run();
        } else {
            queue.dispatchQueue().sync(work);
        }
    }

    /**
     * Runs {@code body} on the object's default queue; a failure code or exception becomes a Failure. The driver's
     * own explanation of a failing code (what its faithful calls recorded as the last failure while it ran) is read
     * on the thread that ran it, which is the queue's worker when the queue was busy.
     */
    private Failure onQueue(String method, IntSupplier body) {
        final String where = service.getClass().getName() + "::" + method;
        final int[] code = new int[1];
        final Failure[] thrown = new Failure[1];
        final Failure[] recorded = new Failure[1];
        final IODispatchQueue queue = service.queueNamed(IOService.kIOServiceDefaultQueueName);
        try {
            runOn(queue, () -> {
                final Failure earlier = Diagnostics.lastFailure();
                try {
                    code[0] = body.getAsInt();
                    final Failure last = Diagnostics.lastFailure();
                    recorded[0] = last == earlier ? null : last;
                } catch (Throwable e) {
                    server.counters().driverExceptions.increment();
                    thrown[0] = Untrusted.caught(where, kIOReturnError, e);
                }
            });
        } catch (IllegalStateException blocked) {
            return Failure.of(kIOReturnError, "%s could not run on %s: %s", where, queue, blocked.getMessage());
        }
        if (thrown[0] != null) {
            return thrown[0];
        }
        if (code[0] != IOReturn.kIOReturnSuccess) {
            final Failure last = recorded[0];
            return Failure.of(code[0], "%s returned %s%s", where, IOReturn.describe(code[0]),
                    last != null && last.code() == code[0] ? " (" + last.explanation() + ")" : "");
        }
        return null;
    }
}
