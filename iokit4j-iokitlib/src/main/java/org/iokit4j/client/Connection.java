package org.iokit4j.client;

import java.util.concurrent.atomic.AtomicBoolean;
import org.iokit4j.Failure;
import org.iokit4j.IOReturn;
import org.iokit4j.IOReturnException;
import org.iokit4j.mig.Caller;
import org.iokit4j.mig.MethodCall;
import org.iokit4j.mig.MethodReply;

/**
 * An open connection to a driver's user client: call its external methods with {@link #call(int)}.
 *
 * <p>Closing it ({@code IOServiceClose}) stops the driver's user client; calls afterwards throw
 * {@link IOReturnException} with {@code MACH_SEND_INVALID_DEST}. No thread belongs to a connection.
 *
 * <p><b>Concurrency.</b> Thread-safe: calls from several threads are serialised by the driver's queue.
 * {@link #close()} is idempotent.
 */
public final class Connection implements AutoCloseable {
    private final Caller caller;
    private final int name;
    private final AtomicBoolean closed = new AtomicBoolean();

    Connection(Caller caller, int name) {
        this.caller = caller;
        this.name = name;
    }

    /** {@return the connection's name in the caller's port space (its {@code io_connect_t})} */
    public int handle() {
        return name;
    }

    /** {@return the caller this connection belongs to} */
    public Caller caller() {
        return caller;
    }

    /**
     * {@return a builder for a call of external method {@code selector}}
     *
     * @param selector the external method's number.
     */
    public MethodCallBuilder call(int selector) {
        return new MethodCallBuilder(this, selector);
    }

    /** {@return whether {@link #close()} was called} */
    public boolean isClosed() {
        return closed.get();
    }

    /**
     * Maps the memory the driver shares for {@code memoryType} ({@code IOConnectMapMemory64}).
     *
     * @param readOnly   whether this view is read-only (the driver can make it read-only regardless).
     * @param memoryType the type the driver's {@code CopyClientMemoryForType} is asked for.
     * @return the mapping; close it to unmap (closing the connection unmaps it too).
     * @throws IOReturnException {@code kIOReturnBadArgument} when the driver refuses (its reason in the message),
     *                           {@code MACH_SEND_INVALID_DEST} once the connection is closed.
     */
    public MappedMemory map(int memoryType, boolean readOnly) {
        final long[] address = new long[1];
        final long[] size = new long[1];
        final Failure failure = caller.kernel().connectMapMemory(caller.task(), name, memoryType,
                caller.task().selfName(), address, size, 0x1 /* kIOMapAnywhere */);
        if (failure != null) {
            throw new IOReturnException(failure);
        }
        final java.lang.foreign.MemorySegment[] bytes = new java.lang.foreign.MemorySegment[1];
        final Failure unreachable = caller.kernel().vmResolve(caller.task(), address[0], size[0], bytes);
        if (unreachable != null) {
            throw new IOReturnException(unreachable);
        }
        return new MappedMemory(this, memoryType, address[0], readOnly ? bytes[0].asReadOnly() : bytes[0]);
    }

    Failure unmap(int memoryType, long address) {
        return caller.kernel().connectUnmapMemory(caller.task(), name, memoryType, caller.task().selfName(), address);
    }

    MethodReply send(MethodCall call) {
        final MethodReply reply = new MethodReply();
        caller.kernel().connectMethod(caller.task(), name, call, reply);
        if (!reply.succeeded()) {
            if (reply.pitfall != null) {
                org.iokit4j.Pitfalls.report(reply.pitfall, reply.explanation);
            }
            throw new IOReturnException(reply.failure());
        }
        return reply;
    }

    /**
     * Closes the connection ({@code IOServiceClose}): the driver's user client gets {@code Stop}. Idempotent.
     *
     * <p>Its async calls still waiting end with {@code kIOReturnAborted}: the kernel aborts the completion actions
     * the driver kept and reports each on its wake port, so every {@link NotificationPort} future of this connection
     * fails on that port's queue or run loop, after any completion the driver sent before the close.
     */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            final Failure failure = caller.kernel().serviceClose(caller.task(), name);
            caller.kernel().portDeallocate(caller.task(), name);
            if (failure != null && failure.code() != IOReturn.MACH_SEND_INVALID_DEST) {
                throw new IOReturnException(failure);
            }
        }
    }

    @Override
    public String toString() {
        return "Connection[" + Integer.toHexString(name) + (closed.get() ? ", closed]" : "]");
    }
}
