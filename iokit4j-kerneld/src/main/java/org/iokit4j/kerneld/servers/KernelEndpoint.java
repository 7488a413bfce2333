package org.iokit4j.kerneld.servers;

import static org.iokit4j.link.DextProtocol.putFailure;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.iokit4j.Failure;
import org.iokit4j.link.DextProtocol;
import org.iokit4j.mach.SendRight;
import org.iokit4j.mig.CompletionTarget;
import org.iokit4j.mig.DextObject;
import org.iokit4j.mig.KernelObject;
import org.iokit4j.remote.FrameIn;
import org.iokit4j.remote.FrameOut;

/**
 * The kernel's end of a driver server's link: serves the server's calls into the kernel ({@link DextProtocol}: its
 * registry entries' properties, {@code RegisterService}, {@code Create}, client memory, completions) and keeps the
 * numbers both sides use for entries, objects and completion actions.
 *
 * <p><b>Concurrency.</b> Thread-safe: concurrent maps; completions arrive on the link's reader thread, in order.
 */
final class KernelEndpoint implements org.iokit4j.link.Link.Handler {
    private final ServerProcess server;
    private final AtomicLong nextEntry = new AtomicLong();
    private final AtomicLong nextAction = new AtomicLong();
    private final Map<KernelObject, Long> entryNumbers = new ConcurrentHashMap<>();
    private final Map<Long, KernelObject> entries = new ConcurrentHashMap<>();
    private final Map<Long, RemoteObject> objects = new ConcurrentHashMap<>();
    private final Map<Long, SendRight> actions = new ConcurrentHashMap<>();

    KernelEndpoint(ServerProcess server) {
        this.server = server;
    }

    /** Puts {@code entry} as its number (made on first mention) and name; {@code null} as 0. */
    FrameOut putEntry(FrameOut out, KernelObject entry) {
        if (entry == null) {
            return out.putLong(0).putString(null);
        }
        Long number = entryNumbers.get(entry);
        if (number == null) {
            forgetGoneEntries();
            number = entryNumbers.computeIfAbsent(entry, e -> {
                final long n = nextEntry.incrementAndGet();
                entries.put(n, e);
                return n;
            });
        }
        return out.putLong(number).putString(entry.name());
    }

    /**
     * Drops the numbers of entries that left the registry, here and in the server ({@link DextProtocol#FORGET_ENTRY}),
     * so neither side keeps a dead entry (and what it holds: a dead server's objects) for ever.
     */
    void forgetGoneEntries() {
        for (var numbered : entries.entrySet()) {
            if (numbered.getValue() instanceof org.iokit4j.kernel.registry.RegistryEntry entry
                    && entry.state() == org.iokit4j.kernel.registry.RegistryEntry.State.TERMINATED
                    && entries.remove(numbered.getKey(), entry)) {
                entryNumbers.remove(entry);
                try {
                    final var forget = server.link().oneway(DextProtocol.FORGET_ENTRY);
                    forget.out.putLong(numbered.getKey());
                    forget.send();
                } catch (org.iokit4j.link.LinkDown gone) {
                    return; // the server is gone: nothing of it to tidy
                }
            }
        }
    }

    /** {@return the stand-in of the server's object {@code number}, made once} */
    RemoteObject object(long number, boolean userClient) {
        return objects.computeIfAbsent(number, n -> new RemoteObject(n, userClient, server));
    }

    /** The object was freed: forget its number. */
    void forget(RemoteObject object) {
        objects.remove(object.number(), object);
    }

    /**
     * Hands the call's completion action to the server: {@return its number, or 0 for none} The kernel keeps the right
     * until the server releases it (then the action aborts, as when a driver drops its last reference); the action's
     * death is sent to the server, so the driver's {@code OSAction} sees it.
     */
    long putAction(SendRight completion) {
        if (completion == null) {
            return 0;
        }
        final long number = nextAction.incrementAndGet();
        actions.put(number, completion);
        completion.port().requestDeadName(() -> {
            if (actions.remove(number) != null) {
                try {
                    final var dead = server.link().oneway(DextProtocol.ACTION_DEAD);
                    dead.out.putLong(number);
                    dead.send();
                } catch (org.iokit4j.link.LinkDown gone) {
                    // the server is gone: its actions with it
                }
            }
        });
        return number;
    }

    @Override
    public void serve(int op, FrameIn in, FrameOut reply) throws IOException {
        switch (op) {
            case DextProtocol.PROPERTIES -> {
                final KernelObject entry = entry(in);
                reply.putValue(entry == null ? java.util.Map.of() : entry.properties());
            }
            case DextProtocol.REGISTER_SERVICE -> {
                final KernelObject entry = entry(in);
                putFailure(reply, entry == null ? gone() : entry.registerService());
            }
            case DextProtocol.CREATE -> {
                final KernelObject entry = entry(in);
                final String key = in.getString();
                if (entry == null) {
                    putFailure(reply, gone());
                } else {
                    create(entry, key, reply);
                }
            }
            case DextProtocol.CLIENT_MEMORY -> {
                final KernelObject entry = entry(in);
                final long address = in.getLong();
                final long length = in.getLong();
                if (entry == null) {
                    putFailure(reply, gone());
                } else {
                    clientMemory(entry, address, length, reply);
                }
            }
            case DextProtocol.COMPLETE -> complete(in.getLong(), in.getInt(), in.getLongs());
            case DextProtocol.RELEASE_ACTION -> {
                final SendRight right = actions.remove(in.getLong());
                if (right != null) {
                    right.release(); // the kernel sees no more senders and aborts the action
                }
            }
            case DextProtocol.SET_PROPERTIES, DextProtocol.REMOVE_PROPERTY, DextProtocol.SEARCH_PROPERTY,
                 DextProtocol.ENTRY_ID, DextProtocol.SET_NAME, DextProtocol.ENTRY_NAME,
                 DextProtocol.PROVIDER_PROPERTIES, DextProtocol.TERMINATE_SERVICE ->
                    EntryPropertyOps.serve(op, entry(in), server, in, reply);
            default -> throw new FrameIn.ProtocolException("unknown op " + op + " from driver server '"
                    + server.name() + "'");
        }
    }

    /** The server is gone: every action it held is released (each aborts). */
    void close() {
        for (Long number : actions.keySet()) {
            final SendRight right = actions.remove(number);
            if (right != null) {
                right.release();
            }
        }
        objects.clear();
    }

    /** {@return the entry numbered next in {@code in}, or {@code null} if the number names none (any more)} */
    private KernelObject entry(FrameIn in) throws FrameIn.ProtocolException {
        return entries.get(in.getLong());
    }

    private static Failure gone() {
        return Failure.of(org.iokit4j.IOReturn.kIOReturnNoDevice, "the registry entry has terminated and left the"
                + " registry");
    }

    private void create(KernelObject provider, String key, FrameOut reply) {
        final DextObject[] made = new DextObject[1];
        final Failure failure = provider.create(key, made);
        if (failure == null && !(made[0] instanceof RemoteObject remote && remote.server() == server)) {
            putFailure(reply, Failure.of(org.iokit4j.IOReturn.kIOReturnInternalError, "IOService::Create made %s,"
                    + " not an object of driver server '%s'", made[0], server.name()));
            return;
        }
        putFailure(reply, failure);
        if (failure == null) {
            reply.putLong(((RemoteObject) made[0]).number());
        }
    }

    private void clientMemory(KernelObject entry, long address, long length, FrameOut reply) {
        final MemorySegment[] memory = new MemorySegment[1];
        final Failure failure = entry.clientMemory(address, length, memory);
        if (failure != null) {
            putFailure(reply, failure);
            return;
        }
        final Failure unshareable = DextProtocol.unshareable(memory[0]);
        putFailure(reply, unshareable);
        if (unshareable == null) {
            DextProtocol.putMemory(reply, memory[0]);
        }
    }

    private void complete(long action, int status, long[] values) {
        final SendRight right = actions.get(action);
        if (right == null || !(right.port().kobject() instanceof CompletionTarget target)) {
            return; // aborted meanwhile: the driver's completion is dropped, as a dead port's would be
        }
        final long[] args = values == null ? new long[0] : values;
        final Failure dropped = target.complete(status, args, args.length);
        if (dropped != null) {
            org.iokit4j.Diagnostics.debug("a completion from driver server '" + server.name() + "' was dropped: "
                    + dropped);
        }
    }
}
