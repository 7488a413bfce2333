package org.iokit4j.mig;

import org.iokit4j.Failure;
import org.iokit4j.mach.SendRight;
import org.iokit4j.memory.SharedMemory;

/**
 * A driver object in a driver server, as the kernel calls it (the kernel half of an IIG interface).
 *
 * <p>Each call runs the driver's method on the object's dispatch queue (on the caller's thread when that
 * queue is idle) and never throws: a driver exception becomes a {@link Failure} with
 * {@code kIOReturnError} (or the code it carries) and an explanation, and the driver keeps running.
 *
 * <p><b>Concurrency.</b> Thread-safe; serialisation is the object's queue's job.
 */
public interface DextObject {

    /**
     * {@code Start(provider)}. The driver sees {@code provider} as an {@code IOService}: its own object if it lives
     * in the same server, else a stand-in for that registry entry.
     *
     * @param provider the provider.
     * @return {@code null}, or the routine's failure with its explanation.
     */
    Failure start(KernelObject provider);

    /**
     * {@code Stop(provider)}.
     *
     * @param provider the provider.
     * @return {@code null}, or the routine's failure with its explanation.
     */
    Failure stop(KernelObject provider);

    /** {@return whether the object is a user client ({@code IOUserClient} or a subclass)} */
    boolean isUserClient();

    /**
     * {@code NewUserClient(type, &userClient)}.
     *
     * @param type       the type.
     * @param userClient receives the user client (a {@code DextObject[1]}).
     * @return {@code null}, or the routine's failure with its explanation.
     */
    Failure newUserClient(int type, DextObject[] userClient);

    /**
     * {@code ExternalMethod}: runs the user client's method for {@code call} and fills {@code reply}.
     *
     * @param completion the call's completion action (a send right to the kernel's completion port), or
     *                   {@code null} when the call carried no wake port. The driver side owns it from here on.
     * @param call       the call.
     * @param reply      the reply being built.
     */
    void externalMethod(MethodCall call, SendRight completion, MethodReply reply);

    /**
     * {@code CopyClientMemoryForType(type, &options, &memory)}: the memory the user client shares with its client
     * for {@code type}, as a core {@link SharedMemory} holding one reference that the caller now owns.
     *
     * @param options in: 0; out: {@code kIOUserClientMemoryReadOnly} (1) if the client must map it read-only.
     * @param type    the type.
     * @param memory  the shared memory.
     * @return {@code null}, or the driver's refusal with its own code and reason.
     */
    default Failure copyClientMemoryForType(long type, long[] options, SharedMemory[] memory) {
        return Failure.of(org.iokit4j.IOReturn.kIOReturnUnsupported, "%s shares no memory", this);
    }

    /**
     * {@code ClientCrashed(client, 0)}: the driver server of {@code client}, a service this object is the provider
     * of, died (XNU {@code IOUserServer::clientClose} tells each provider that lives outside the dead server).
     *
     * @param client the user client.
     * @return {@code null}, or the driver's failure (DriverKit's default returns {@code kIOReturnUnsupported}).
     */
    default Failure clientCrashed(KernelObject client) {
        return null;
    }

    /**
     * Attaches the direct path (issue 10 §2): the driver server of this user client connects to the shared-memory ring
     * an app made at {@code ringPath}, and answers that app's synchronous calls on this user client over it, without
     * the kernel in between. Only a driver server in a process of its own has one.
     *
     * @param ringPath the ring file.
     * @return {@code null}, or why not ({@code kIOReturnUnsupported} where there is no direct path).
     */
    default Failure attachDirect(String ringPath) {
        return Failure.of(org.iokit4j.IOReturn.kIOReturnUnsupported, "%s runs in the kernel's process: calls to it"
                + " take the kernel's path", this);
    }

    /** {@return the driver object's class, for traces (docs/observability.md)} */
    default String className() {
        return getClass().getName();
    }

    /** {@return the name of the driver server that runs it ({@code IOUserServerName}), for traces, or {@code null}} */
    default String serverName() {
        return null;
    }

    /** Releases the kernel's reference: the driver object is freed once nothing else holds it. */
    void free();
}
