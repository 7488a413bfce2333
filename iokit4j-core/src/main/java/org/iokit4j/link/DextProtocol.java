package org.iokit4j.link;

import java.lang.foreign.MemorySegment;
import org.iokit4j.Failure;
import org.iokit4j.IOReturn;
import org.iokit4j.IOReturnException;
import org.iokit4j.Pitfall;
import org.iokit4j.memory.SharedMapping;
import org.iokit4j.mig.MethodCall;
import org.iokit4j.mig.MethodReply;
import org.iokit4j.remote.FrameIn;
import org.iokit4j.remote.FrameOut;
import org.iokit4j.remote.Replies;

/**
 * The kernel ↔ driver-server protocol over a {@link Link}: the operations (the IIG methods each side calls on the
 * other) and the encodings both sides share.
 *
 * <p>Objects are named by numbers: the server numbers the driver objects it makes ({@code object}), the kernel the
 * registry entries it shows the server ({@code entry}, sent with the entry's name) and the completion actions it
 * hands over ({@code action}). Memory over 4096 bytes travels as the shared-memory file that holds it, an offset and
 * a length ({@link SharedMapping#containing}): both processes map the same pages, nothing is copied.
 *
 * <p><b>Concurrency.</b> Stateless.
 */
public final class DextProtocol {
    /** Kernel → server: {@code entry name userClass} → failure, object, isUserClient. */
    public static final int INSTANTIATE = 1;
    /** Kernel → server: {@code object provider-entry provider-name} → failure. */
    public static final int START = 2;
    /** Kernel → server: {@code object provider-entry provider-name} → failure. */
    public static final int STOP = 3;
    /** Kernel → server: {@code object type} → failure, user-client object. */
    public static final int NEW_USER_CLIENT = 4;
    /** Kernel → server: {@code object action call…} → the reply. */
    public static final int EXTERNAL_METHOD = 5;
    /** Kernel → server: {@code object type} → failure, options, file, size. */
    public static final int COPY_CLIENT_MEMORY = 6;
    /** Kernel → server: {@code object} → nothing. */
    public static final int FREE = 7;
    /** Kernel → server: → the counters. */
    public static final int STATISTICS = 8;
    /** Kernel → server: stop every object and exit. */
    public static final int TERMINATE = 9;
    /** Kernel → server, one-way: {@code action}: the kernel aborted the action (its port died). */
    public static final int ACTION_DEAD = 10;
    /** Kernel → server: {@code object client-entry client-name} → failure. */
    public static final int CLIENT_CRASHED = 11;
    /**
     * Kernel → server, one-way: {@code entry}: the entry left the registry; the server drops its stand-in, and the
     * number names nothing any more (a late use of it is answered {@code kIOReturnNoDevice}, the link stays up).
     */
    public static final int FORGET_ENTRY = 13;

    /**
     * Kernel → server: {@code object path} → failure. Connects to the ring an app made at {@code path} for its
     * connection to user client {@code object}: the app's synchronous calls then come straight to the server over it
     * (the direct path, issue 10 §2, §3).
     */
    public static final int ATTACH_RING = 12;

    /** Ring message, app → server: {@code callId call…} (the call's fields as {@link #putCall} writes them). */
    public static final int RING_CALL = 1;
    /** Ring message, server → app: {@code callId reply…} ({@link #putReply}). */
    public static final int RING_REPLY = 2;
    /** Ring message, server → app: {@code callId status values}: one completion of that async call. */
    public static final int RING_COMPLETION = 3;
    /**
     * Ring message, server → app: {@code callId reason}: the driver released the async call's completion action (an
     * {@code ActionAbortedLayout} {@code kAbortReason*}); no completion follows.
     */
    public static final int RING_ABORT = 4;

    /** Server → kernel: {@code entry} → the entry's properties. */
    public static final int PROPERTIES = 20;
    /** Server → kernel: {@code entry} → failure. */
    public static final int REGISTER_SERVICE = 21;
    /** Server → kernel: {@code entry key} → failure, the new object. */
    public static final int CREATE = 22;
    /** Server → kernel: {@code entry address length} → failure, file, offset, length. */
    public static final int CLIENT_MEMORY = 23;
    /** Server → kernel, one-way: {@code action status values}: one completion. */
    public static final int COMPLETE = 24;
    /** Server → kernel, one-way: {@code action}: the server released its last reference to the action. */
    public static final int RELEASE_ACTION = 25;

    /** Server → kernel: {@code entry properties} → failure ({@code IOService::SetProperties}). */
    public static final int SET_PROPERTIES = 26;
    /** Server → kernel: {@code entry name} → failure ({@code IOService::RemoveProperty}). */
    public static final int REMOVE_PROPERTY = 27;
    /** Server → kernel: {@code entry name plane options} → failure, value ({@code IOService::SearchProperty}). */
    public static final int SEARCH_PROPERTY = 28;
    /** Server → kernel: {@code entry} → the registry entry ID ({@code IOService::GetRegistryEntryID}). */
    public static final int ENTRY_ID = 29;
    /** Server → kernel: {@code entry name} → failure ({@code IOService::SetName}). */
    public static final int SET_NAME = 30;
    /** Server → kernel: {@code entry} → the entry's name now ({@code IOService::CopyName}). */
    public static final int ENTRY_NAME = 31;
    /** Server → kernel: {@code entry keys} → failure, dictionaries ({@code IOService::CopyProviderProperties}). */
    public static final int PROVIDER_PROPERTIES = 32;
    /** Server → kernel: {@code entry options} → failure ({@code IOService::Terminate}). */
    public static final int TERMINATE_SERVICE = 33;

    private DextProtocol() {
    }

    /** Puts {@code failure} (or success). */
    public static FrameOut putFailure(FrameOut out, Failure failure) {
        return Replies.put(out, failure);
    }

    /** {@return the failure, or {@code null} for success} */
    public static Failure failure(FrameIn in) throws FrameIn.ProtocolException {
        return Replies.failure(in);
    }

    /**
     * {@return why {@code segment} cannot be named to another process, or {@code null} if it can (or is {@code null})}
     * Memory another process can map lies in a shareable region ({@link SharedMapping#containing}).
     */
    public static Failure unshareable(MemorySegment segment) {
        if (segment == null || SharedMapping.containing(segment) != null) {
            return null;
        }
        return Failure.of(IOReturn.kIOReturnUnsupported, "memory of %d bytes at 0x%x lies in no shared region, so a"
                + " driver server in another process cannot reach it", segment.byteSize(), segment.address());
    }

    /** {@return why the memory of {@code call} cannot reach another process, or {@code null}} */
    public static Failure unshareable(MethodCall call) {
        final Failure input = unshareable(call.structureInputMemory());
        return input != null ? input : unshareable(call.structureOutputMemory());
    }

    /**
     * Puts {@code segment} as the shared file that holds it, its offset and length, or nothing ({@code null}).
     *
     * @throws IOReturnException ({@code kIOReturnUnsupported}) for memory no other process can map: a heap segment,
     *                           or native memory that is not a shareable region's.
     */
    public static FrameOut putMemory(FrameOut out, MemorySegment segment) {
        if (segment == null) {
            return out.putString(null);
        }
        final SharedMapping mapping = SharedMapping.containing(segment);
        if (mapping == null) {
            throw new IOReturnException(unshareable(segment));
        }
        return out.putString(mapping.memory().file().orElseThrow().toString()).putLong(mapping.size())
                .putLong(segment.address() - mapping.address()).putLong(segment.byteSize());
    }

    /** {@return the memory {@link #putMemory} named, mapped through {@code regions}, or {@code null}} */
    public static MemorySegment memory(FrameIn in, Regions regions) throws FrameIn.ProtocolException {
        final String file = in.getString();
        if (file == null) {
            return null;
        }
        final long size = in.getLong();
        final long offset = in.getLong();
        final long length = in.getLong();
        if (offset < 0 || length < 0 || offset > size - length) {
            throw new FrameIn.ProtocolException("offset=" + offset + ", length=" + length + " outside a region of "
                    + size + " bytes");
        }
        return regions.map(java.nio.file.Path.of(file), size).asSlice(offset, length);
    }

    /** A call's {@link #putCall} flag: it has inline structure input. */
    private static final int HAS_STRUCTURE = 1;
    /** A call's flag: it has structure input in memory (a descriptor's). */
    private static final int HAS_INPUT_MEMORY = 2;
    /** A call's flag: it has structure output in memory. */
    private static final int HAS_OUTPUT_MEMORY = 4;
    /** A call's flag: it is asynchronous (a wake port and a reference follow). */
    private static final int IS_ASYNC = 8;

    /**
     * Puts {@code call}: the selector, a byte of flags saying which optional parts follow, the scalars, the inline
     * structure if any, the input memory if any ({@link #putMemory}), the output capacities, the output memory if any,
     * and the wake port and reference of an async call. Parts a call lacks take no bytes, so a synchronous scalar
     * call with a few scalars fits in the one cache line of a ring record (issue 10 §6: 49 bytes with its id for two
     * scalars in, where a record holds 56).
     */
    public static FrameOut putCall(FrameOut out, MethodCall call) {
        final int flags = (call.structureInput() != null ? HAS_STRUCTURE : 0)
                | (call.structureInputMemory() != null ? HAS_INPUT_MEMORY : 0)
                | (call.structureOutputMemory() != null ? HAS_OUTPUT_MEMORY : 0)
                | (call.isAsync() || call.wakePort() != 0 ? IS_ASYNC : 0);
        out.putLong(call.selector()).putByte(flags).putLongs(call.scalarInput());
        if ((flags & HAS_STRUCTURE) != 0) {
            out.putBytes(call.structureInput());
        }
        if ((flags & HAS_INPUT_MEMORY) != 0) {
            putMemory(out, call.structureInputMemory());
        }
        out.putInt(call.scalarOutputCapacity()).putLong(call.structureOutputCapacity());
        if ((flags & HAS_OUTPUT_MEMORY) != 0) {
            putMemory(out, call.structureOutputMemory());
        }
        if ((flags & IS_ASYNC) != 0) {
            out.putInt(call.wakePort()).putLongs(call.reference());
        }
        return out;
    }

    /** {@return the call {@link #putCall} wrote} */
    public static MethodCall call(FrameIn in, Regions regions) throws FrameIn.ProtocolException {
        final long selector = in.getLong();
        final int flags = in.getByte();
        if ((flags & ~(HAS_STRUCTURE | HAS_INPUT_MEMORY | HAS_OUTPUT_MEMORY | IS_ASYNC)) != 0) {
            throw new FrameIn.ProtocolException("a call with unknown flags 0x" + Integer.toHexString(flags));
        }
        final long[] scalars = in.getLongs();
        final byte[] structure = (flags & HAS_STRUCTURE) != 0 ? in.getBytes() : null;
        final MemorySegment inputMemory = (flags & HAS_INPUT_MEMORY) != 0 ? memory(in, regions) : null;
        final int scalarCapacity = in.getInt();
        final long structureCapacity = in.getLong();
        final MemorySegment outputMemory = (flags & HAS_OUTPUT_MEMORY) != 0 ? memory(in, regions) : null;
        final boolean async = (flags & IS_ASYNC) != 0;
        return new MethodCall(selector, scalars == null ? new long[0] : scalars, structure, inputMemory,
                scalarCapacity, structureCapacity, outputMemory, async ? in.getInt() : 0, async ? in.getLongs() : null);
    }

    /** Puts {@code reply}. */
    public static FrameOut putReply(FrameOut out, MethodReply reply) {
        putFailure(out, reply.failure()).putByte(reply.pitfall == null ? 0 : reply.pitfall.ordinal() + 1);
        return out.putLongs(reply.scalarOutput, Math.clamp(reply.scalarOutputCount, 0, 16))
                .putInt(reply.scalarOutputCount).putBytes(reply.structureOutput).putLong(reply.structureOutputSize);
    }

    /** Fills {@code reply} with what {@link #putReply} wrote. */
    public static void reply(FrameIn in, MethodReply reply) throws FrameIn.ProtocolException {
        final Failure failure = failure(in);
        if (failure != null) {
            reply.fail(failure);
        } else {
            reply.code = IOReturn.kIOReturnSuccess;
            reply.explanation = null;
        }
        final int pitfall = in.getByte();
        reply.pitfall = pitfall == 0 || pitfall > Pitfall.values().length ? null : Pitfall.values()[pitfall - 1];
        in.getLongsInto(reply.scalarOutput);
        reply.scalarOutputCount = in.getInt();
        reply.structureOutput = in.getBytes();
        reply.structureOutputSize = in.getLong();
    }
}
