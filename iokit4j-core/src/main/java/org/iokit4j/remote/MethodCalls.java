package org.iokit4j.remote;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import org.iokit4j.Failure;
import org.iokit4j.IOReturn;
import org.iokit4j.IOReturnException;
import org.iokit4j.mach.TaskHandle;
import org.iokit4j.mig.MethodCall;
import org.iokit4j.mig.MethodReply;

/**
 * {@code io_connect_method} over the daemon carrier: the hot path, written out by hand, with the memory over 4096
 * bytes named or staged.
 *
 * <p>Memory inside a region of the daemon's that this task mapped (an {@code IOConnectMapMemory64} mapping, or a
 * region the app allocated from the daemon) travels as the region's ID and an offset: the driver reaches the same
 * pages, nothing is copied. Any other segment (heap, or native memory of the app's own) is staged through a region
 * made for the call: input copied in before, output copied back when the call returns (success or not, as the
 * driver may have written either way) and, for an async call, again before each of its completions is delivered.
 *
 * <p><b>Concurrency.</b> Stateless; each call runs on its calling thread.
 */
final class MethodCalls {
    private MethodCalls() {
    }

    /** A segment as the daemon names it: a region, an offset in it, the length; and the stand-in if staged. */
    private record Handle(long region, long offset, long length, MemorySegment staged) {
        static final Handle NONE = new Handle(0, 0, 0, null);
    }

    static void send(TaskHandle task, int connect, MethodCall call, MethodReply reply) {
        final Session session;
        final CallChannel channel;
        try {
            session = RemoteKernel.remote(task).session();
            channel = session.take();
        } catch (IOReturnException unreachable) {
            reply.fail(unreachable.failure());
            return;
        }
        Handle input = Handle.NONE;
        Handle output = Handle.NONE;
        boolean keepOutput = false;
        try {
            input = handle(session, channel, call.structureInputMemory());
            if (input.staged() != null) {
                MemorySegment.copy(call.structureInputMemory(), 0, input.staged(), 0, input.length());
            }
            output = handle(session, channel, call.structureOutputMemory());
            final FrameOut out = channel.out.begin(Op.CONNECT_METHOD).putInt(connect).putLong(call.selector())
                    .putLongs(call.scalarInput()).putBytes(call.structureInput());
            put(out, input).putInt(call.scalarOutputCapacity()).putLong(call.structureOutputCapacity());
            put(out, output).putInt(call.wakePort()).putLongs(call.reference());
            channel.call();
            final FrameIn in = channel.in;
            final Failure failure = Replies.failure(in);
            if (failure != null) {
                reply.fail(failure);
            } else {
                reply.code = IOReturn.kIOReturnSuccess;
                reply.explanation = null;
            }
            reply.pitfall = RemoteKernel.pitfall(in.getByte());
            reply.scalarOutputCount = in.getLongsInto(reply.scalarOutput);
            reply.structureOutput = in.getBytes();
            reply.structureOutputSize = in.getLong();
            if (output.staged() != null) {
                MemorySegment.copy(output.staged(), 0, call.structureOutputMemory(), 0, output.length());
                if (call.isAsync() && call.wakePort() != 0 && failure == null) {
                    keepOutput = true;
                    session.staging.keep(new Staging.Pending(call.wakePort(), call.reference().clone(),
                            output.staged(), call.structureOutputMemory(), output.region()));
                }
            }
            free(session, channel, input);
            if (!keepOutput) {
                free(session, channel, output);
            }
            session.release(channel);
        } catch (IOException broken) {
            reply.fail(session.broken(channel, "IOConnectCallMethod", broken));
        } catch (IOReturnException refused) { // a staging region the daemon could not make or this side map
            reply.fail(refused.failure());
            session.release(channel);
        }
    }

    /** {@return how {@code segment} travels: none, a region this task mapped, or a new staging region} */
    private static Handle handle(Session session, CallChannel channel, MemorySegment segment) throws IOException {
        if (segment == null) {
            return Handle.NONE;
        }
        final ClientRegions.Region region = session.regions.find(segment);
        if (region != null) {
            return new Handle(region.id(), segment.address() - region.address(), segment.byteSize(), null);
        }
        channel.out.begin(Op.SHARED_ALLOCATE).putLong(segment.byteSize());
        channel.call();
        final Failure failure = Replies.failure(channel.in);
        if (failure != null) {
            throw new IOReturnException(failure);
        }
        final ClientRegions.Region staging = session.regions.map(channel.in, segment.byteSize());
        return new Handle(staging.id(), 0, segment.byteSize(), staging.mapping().segment());
    }

    /** Gives a staging region back to the daemon (it deletes the file) and unmaps it here. */
    static void free(Session session, CallChannel channel, long region) throws IOException {
        session.regions.unmap(region);
        channel.out.begin(Op.SHARED_RELEASE).putLong(region);
        channel.call();
        Replies.failure(channel.in); // an ID the daemon forgot already (its task ended) needs nothing more
    }

    private static void free(Session session, CallChannel channel, Handle handle) throws IOException {
        if (handle.staged() != null) {
            free(session, channel, handle.region());
        }
    }

    private static FrameOut put(FrameOut out, Handle handle) {
        return out.putLong(handle.region()).putLong(handle.offset()).putLong(handle.length());
    }
}
