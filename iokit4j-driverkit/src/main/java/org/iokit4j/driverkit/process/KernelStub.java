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

    /** {@inheritDoc} Asked of the kernel (a driver may have renamed the entry); the name it had if unreachable. */
    @Override
    public String name() {
        try {
            final String now = request(DextProtocol.ENTRY_NAME).call().getString();
            return now == null ? name : now;
        } catch (LinkDown | LinkFault | FrameIn.ProtocolException unreachable) {
            return name;
        }
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

    // ---- properties and the registry (issue 11): each a request to the kernel's KernelEndpoint ----

    @Override
    public long registryEntryID() {
        try {
            return request(DextProtocol.ENTRY_ID).call().getLong();
        } catch (LinkDown | LinkFault | FrameIn.ProtocolException unreachable) {
            return 0;
        }
    }

    @Override
    public Failure setProperties(org.iokit4j.mig.DextServer caller, Map<String, Object> properties) {
        return ask("SetProperties", DextProtocol.SET_PROPERTIES, request -> request.out.putValue(properties), null);
    }

    @Override
    public Failure removeProperty(org.iokit4j.mig.DextServer caller, String key) {
        return ask("RemoveProperty", DextProtocol.REMOVE_PROPERTY, request -> request.out.putString(key), null);
    }

    @Override
    public Failure searchProperty(String key, String plane, long options, Object[] property) {
        return ask("SearchProperty", DextProtocol.SEARCH_PROPERTY,
                request -> request.out.putString(key).putString(plane).putLong(options),
                reply -> property[0] = reply.getValue());
    }

    @Override
    public Failure setName(String newName) {
        return ask("SetName", DextProtocol.SET_NAME, request -> request.out.putString(newName), null);
    }

    @Override
    @SuppressWarnings("unchecked")
    public Failure providerProperties(java.util.List<String> keys, java.util.List<Map<String, Object>>[] properties) {
        return ask("CopyProviderProperties", DextProtocol.PROVIDER_PROPERTIES, request -> request.out.putValue(keys),
                reply -> properties[0] = (java.util.List<Map<String, Object>>) reply.getValue());
    }

    @Override
    public Failure terminate(org.iokit4j.mig.DextServer caller, long options) {
        return ask("Terminate", DextProtocol.TERMINATE_SERVICE, request -> request.out.putLong(options), null);
    }

    /** Writes a request's arguments after the entry. */
    private interface Arguments {
        void put(Link.Request request);
    }

    /** Reads a successful reply's values. */
    private interface Results {
        void get(FrameIn reply) throws FrameIn.ProtocolException;
    }

    /**
     * One request and its failure (or {@code kIOReturnNotReady} if the kernel cannot be reached). The arguments are
     * property values ({@link org.iokit4j.mig.PropertyValues#serialized}), which the link always carries.
     */
    private Failure ask(String what, int op, Arguments arguments, Results results) {
        try {
            final Link.Request request = request(op);
            arguments.put(request);
            final FrameIn reply = request.call();
            final Failure failure = DextProtocol.failure(reply);
            if (failure == null && results != null) {
                results.get(reply);
            }
            return failure;
        } catch (LinkDown | LinkFault | FrameIn.ProtocolException unreachable) {
            return unreachable("IOService::" + what, unreachable);
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
