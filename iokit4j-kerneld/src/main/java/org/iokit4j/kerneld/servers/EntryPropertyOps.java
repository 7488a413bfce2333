package org.iokit4j.kerneld.servers;

import static org.iokit4j.link.DextProtocol.putFailure;

import java.util.List;
import java.util.Map;
import org.iokit4j.Failure;
import org.iokit4j.link.DextProtocol;
import org.iokit4j.mig.KernelObject;
import org.iokit4j.remote.FrameIn;
import org.iokit4j.remote.FrameOut;

/**
 * The kernel's end of a driver server's property and registry calls on an entry ({@link DextProtocol#SET_PROPERTIES}
 * to {@link DextProtocol#TERMINATE_SERVICE}): each is the entry's own {@link KernelObject} method, called with the
 * server as the caller, so the kernel, not the server, says whose entry it is.
 *
 * <p><b>Concurrency.</b> Stateless.
 */
final class EntryPropertyOps {
    private EntryPropertyOps() {
    }

    /**
     * Serves {@code op} for {@code entry} ({@code null}: the number names no entry any more) from {@code server}.
     *
     * @throws FrameIn.ProtocolException for a malformed request (the link goes down).
     */
    @SuppressWarnings("unchecked")
    static void serve(int op, KernelObject entry, ServerProcess server, FrameIn in, FrameOut reply)
            throws FrameIn.ProtocolException {
        switch (op) {
            case DextProtocol.SET_PROPERTIES -> {
                final Map<String, Object> properties = in.getMap();
                putFailure(reply, entry == null ? gone() : entry.setProperties(server, properties));
            }
            case DextProtocol.REMOVE_PROPERTY -> {
                final String key = in.getString();
                putFailure(reply, entry == null ? gone() : entry.removeProperty(server, key));
            }
            case DextProtocol.SEARCH_PROPERTY -> {
                final String key = in.getString();
                final String plane = in.getString();
                final long options = in.getLong();
                final Object[] found = new Object[1];
                final Failure failure = entry == null ? gone() : entry.searchProperty(key, plane, options, found);
                putFailure(reply, failure);
                if (failure == null) {
                    reply.putValue(found[0]);
                }
            }
            case DextProtocol.ENTRY_ID -> reply.putLong(entry == null ? 0 : entry.registryEntryID());
            case DextProtocol.SET_NAME -> {
                final String name = in.getString();
                putFailure(reply, entry == null ? gone() : entry.setName(name));
            }
            case DextProtocol.ENTRY_NAME -> reply.putString(entry == null ? null : entry.name());
            case DextProtocol.PROVIDER_PROPERTIES -> {
                final Object keys = in.getValue();
                final List<Map<String, Object>>[] chain = new List[1];
                final Failure failure = entry == null ? gone() : keys != null && !(keys instanceof List<?>)
                        ? Failure.of(org.iokit4j.IOReturn.kIOReturnBadArgument, "the keys are no array")
                        : entry.providerProperties((List<String>) keys, chain);
                putFailure(reply, failure);
                if (failure == null) {
                    reply.putValue(chain[0]);
                }
            }
            case DextProtocol.TERMINATE_SERVICE -> {
                final long options = in.getLong();
                putFailure(reply, entry == null ? gone() : entry.terminate(server, options));
            }
            default -> throw new FrameIn.ProtocolException("op " + op + " is no entry property call");
        }
    }

    private static Failure gone() {
        return Failure.of(org.iokit4j.IOReturn.kIOReturnNoDevice, "the registry entry has terminated and left the"
                + " registry");
    }
}
