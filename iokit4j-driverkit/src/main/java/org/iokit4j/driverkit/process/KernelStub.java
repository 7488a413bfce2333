package org.iokit4j.driverkit.process;

import java.lang.foreign.MemorySegment;
import java.util.Map;
import org.iokit4j.Failure;
import org.iokit4j.IOReturn;
import org.iokit4j.IOReturnException;
import org.iokit4j.link.DextProtocol;
import org.iokit4j.link.Link;
import org.iokit4j.link.LinkDown;
import org.iokit4j.link.LinkFault;
import org.iokit4j.mig.DextObject;
import org.iokit4j.mig.KernelObject;
import org.iokit4j.remote.FrameIn;

/**
 * A registry entry as a driver server in its own process reaches it: each call is a request to the kernel over the
 * link. The name travels with the entry's number; everything else is asked for.
 *
 * <p>A kernel that cannot be reached (the daemon died: this process is about to exit) answers
 * {@code kIOReturnNotReady} with why.
 *
 * <p><b>Concurrency.</b> Thread-safe (stateless but for its identity).
 */
final class KernelStub implements KernelObject {
    private final long number;
    private final String name;
    private final ServerEndpoint endpoint;

    KernelStub(long number, String name, ServerEndpoint endpoint) {
        this.number = number;
        this.name = name;
        this.endpoint = endpoint;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Map<String, Object> properties() {
        try {
            final FrameIn reply = request(DextProtocol.PROPERTIES).call();
            return reply.getMap();
        } catch (LinkDown | LinkFault | FrameIn.ProtocolException unreachable) {
            throw new IOReturnException(IOReturn.kIOReturnNotReady, "the properties of " + name + " cannot be read: "
                    + unreachable.getMessage());
        }
    }

    @Override
    public Failure registerService() {
        try {
            return DextProtocol.failure(request(DextProtocol.REGISTER_SERVICE).call());
        } catch (LinkDown | LinkFault | FrameIn.ProtocolException unreachable) {
            return unreachable("RegisterService", unreachable);
        }
    }

    @Override
    public Failure create(String propertiesKey, DextObject[] result) {
        try {
            final Link.Request request = request(DextProtocol.CREATE);
            request.out.putString(propertiesKey);
            final FrameIn reply = request.call();
            final Failure failure = DextProtocol.failure(reply);
            if (failure == null) {
                result[0] = endpoint.object(reply.getLong());
            }
            return failure;
        } catch (LinkDown | LinkFault | FrameIn.ProtocolException unreachable) {
            return unreachable("IOService::Create", unreachable);
        }
    }

    @Override
    public Failure clientMemory(long address, long length, MemorySegment[] memory) {
        try {
            final Link.Request request = request(DextProtocol.CLIENT_MEMORY);
            request.out.putLong(address).putLong(length);
            final FrameIn reply = request.call();
            final Failure failure = DextProtocol.failure(reply);
            if (failure == null) {
                memory[0] = DextProtocol.memory(reply, endpoint.regions());
            }
            return failure;
        } catch (LinkDown | LinkFault | FrameIn.ProtocolException unreachable) {
            return unreachable("CreateMemoryDescriptorFromClient", unreachable);
        } catch (IOReturnException unmappable) {
            return unmappable.failure();
        }
    }

    @Override
    public String toString() {
        return "KernelStub[" + number + " " + name + "]";
    }

    private Link.Request request(int op) {
        final Link.Request request = endpoint.link().request(op);
        request.out.putLong(number);
        return request;
    }

    private Failure unreachable(String what, Exception why) {
        return Failure.of(IOReturn.kIOReturnNotReady, "%s of %s: the kernel cannot be reached: %s", what, name,
                why.getMessage());
    }
}
