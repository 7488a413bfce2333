package org.iokit4j.client;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.iokit4j.Diagnostics;
import org.iokit4j.Failure;
import org.iokit4j.IOReturn;
import org.iokit4j.IOReturnException;
import org.iokit4j.mig.CallBuffers;
import org.iokit4j.mig.MethodCall;
import org.iokit4j.mig.MethodReply;

/**
 * One external method call being put together: inputs, output capacities, then {@link #invoke()}.
 *
 * {@snippet :
 * MethodResult r = connection.call(kMethodSum).scalars(2, 3).scalarOutputs(1).invoke();
 * byte[] echoed = connection.call(kMethodEcho).structure(bytes).structureOutput(64).invoke().structure();
 * Completion done = connection.call(kMethodStart).scalars(7).invokeAsync(port).join();
 * }
 *
 * <p>Structures up to 4096 bytes travel inline (copied); larger ones are passed as your own memory, which the
 * driver sees through a memory descriptor (apple-semantics.md §2.2). Output capacities must equal what the
 * driver's dispatch table checks, exactly (§10.5). Async calls pass a {@link NotificationPort}'s wake port and a
 * reference naming the Java layer's callout, so every completion arrives whole, whatever its argument count.
 *
 * <p><b>Concurrency.</b> Not thread-safe: build and invoke on one thread.
 */
public final class MethodCallBuilder {
    private static final long[] NONE = new long[0];

    private final Connection connection;
    private final int selector;
    private long[] scalars = NONE;
    private byte[] structure;
    private MemorySegment structureMemory;
    private int scalarOutputs;
    private long structureOutputCapacity;
    private MemorySegment structureOutputMemory;

    MethodCallBuilder(Connection connection, int selector) {
        this.connection = connection;
        this.selector = selector;
    }

    /**
     * Sets the scalar inputs (at most 16).
     *
     * @param values the scalar inputs.
     * @return this builder.
     * @throws IOReturnException {@code MIG_ARRAY_TOO_LARGE} for more than 16, as the MIG client stub refuses them
     *                           (apple-semantics.md §2.3): nothing is sent.
     */
    public MethodCallBuilder scalars(long... values) {
        if (values.length > 16) {
            throw new IOReturnException(IOReturn.MIG_ARRAY_TOO_LARGE, "scalars=" + values.length + " exceed 16:"
                    + " at most 16 scalar inputs travel inline (io_scalar_inband64_t,"
                    + " docs/calls.md, \"Synchronous calls\");"
                    + " nothing was sent");
        }
        this.scalars = values;
        return this;
    }

    /**
     * Sets the input structure; over 4096 bytes it travels as memory (no copy through the message).
     *
     * @param bytes the structure input, copied when the call is made.
     * @return this builder.
     */
    public MethodCallBuilder structure(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        if (bytes.length > 4096) {
            return structure(MemorySegment.ofArray(bytes));
        }
        this.structure = bytes;
        this.structureMemory = null;
        return this;
    }

    /**
     * Sets the input structure from {@code segment}; over 4096 bytes it is shared with the driver, not copied.
     *
     * @param segment the structure input.
     * @return this builder.
     */
    public MethodCallBuilder structure(MemorySegment segment) {
        Objects.requireNonNull(segment, "segment");
        if (segment.byteSize() > 4096) {
            this.structureMemory = segment;
            this.structure = null;
        } else {
            this.structure = segment.toArray(ValueLayout.JAVA_BYTE);
            this.structureMemory = null;
        }
        return this;
    }

    /**
     * Sets the scalar output capacity (0..16): the driver's {@code checkScalarOutputCount} must equal it.
     *
     * @param capacity how many scalar outputs the driver may return.
     * @return this builder.
     */
    public MethodCallBuilder scalarOutputs(int capacity) {
        if (capacity < 0 || capacity > 16) {
            throw new IllegalArgumentException("scalarOutputs=" + capacity + " is outside 0..16");
        }
        this.scalarOutputs = capacity;
        return this;
    }

    /**
     * Sets the inline structure output capacity (0..4096 bytes): the driver's {@code checkStructureOutputSize} must
     * equal it. For larger outputs pass your buffer with {@link #structureOutput(MemorySegment)}.
     *
     * @param capacity how many bytes the driver may return; over 4096 they travel as a memory descriptor.
     * @return this builder.
     */
    public MethodCallBuilder structureOutput(long capacity) {
        if (capacity < 0 || capacity > 4096) {
            throw new IllegalArgumentException("structureOutput=" + capacity + " is outside 0..4096: for more,"
                    + " pass your own buffer with structureOutput(MemorySegment)");
        }
        this.structureOutputCapacity = capacity;
        this.structureOutputMemory = null;
        return this;
    }

    /**
     * Sets the structure output to {@code buffer}: over 4096 bytes the driver writes straight into it (through a
     * descriptor, shared); up to 4096 bytes the output is copied back into it when the call returns.
     *
     * @param buffer where the driver writes; over 4096 bytes it travels as a memory descriptor over these bytes.
     * @return this builder.
     */
    public MethodCallBuilder structureOutput(MemorySegment buffer) {
        Objects.requireNonNull(buffer, "buffer");
        this.structureOutputCapacity = buffer.byteSize();
        this.structureOutputMemory = buffer;
        return this;
    }

    /**
     * Makes the call and waits for the driver's external method to return.
     *
     * @return the call's outputs.
     * @throws IOReturnException with the code and explanation, if the call fails; {@code MIG_ARRAY_TOO_LARGE} if
     *                           the driver returned more scalars than {@link #scalarOutputs(int)} allowed.
     */
    public MethodResult invoke() {
        return result(connection.send(build(0, null)));
    }

    /**
     * Makes the call asynchronously: the driver's external method returns as for {@link #invoke()}, and its first
     * completion ({@code AsyncCompletion}) completes the future, on the thread that delivers {@code port}'s
     * messages (its dispatch queue or run loop), as {@code port}'s task. A completion with a failing status still
     * completes the future normally: check {@link Completion#succeeded()}. The synchronous outputs are not kept;
     * use {@link #invokeAsync(NotificationPort, Consumer)} to get them.
     *
     * <p>The future always ends. Besides the completion and a failing call, it fails with {@code kIOReturnAborted}
     * and the reason in the message when the call can no longer complete: the driver released the call's
     * {@code OSAction} without completing it (or never retained it past {@code ExternalMethod}), the connection
     * was closed, or the service terminated (these three on {@code port}'s thread, after any completion the driver
     * sent before), or {@code port} was closed or died with its task (on the thread that closed it).
     *
     * @param port the notification port the completion arrives on.
     * @return a future that completes exceptionally with {@link IOReturnException}: the call's own failure (e.g.
     *         {@code kIOReturnBadArgument} for a method declared synchronous), or {@code kIOReturnAborted} as above.
     * @throws IllegalStateException if {@code port} is closed.
     */
    public CompletableFuture<Completion> invokeAsync(NotificationPort port) {
        Objects.requireNonNull(port, "port");
        final CompletableFuture<Completion> future = new CompletableFuture<>();
        final long token = port.openRoute(future::complete, future::completeExceptionally, true, describe());
        try {
            connection.send(build(port.machPort(), port.reference(token, true)));
        } catch (IOReturnException failure) {
            port.closeRoute(token);
            future.completeExceptionally(failure);
        } catch (RuntimeException bug) {
            port.closeRoute(token);
            throw bug;
        }
        return future;
    }

    /**
     * Makes the call asynchronously for a driver that completes many times (a stream of events):
     * {@code onEachCompletion} gets every completion, in order, on the thread that delivers {@code port}'s
     * messages, as {@code port}'s task. The stream ends, and {@code onEachCompletion} is forgotten, when the
     * kernel aborts the call's {@code OSAction} (the driver released it, the connection closed, the service
     * terminated; after every completion the driver sent) or when {@code port} closes.
     *
     * @param port             the notification port the completion arrives on.
     * @param onEachCompletion runs for each completion, on the port's queue.
     * @return the synchronous part's outputs, as {@link #invoke()} returns them.
     * @throws IOReturnException if the call itself fails (then {@code onEachCompletion} is never called).
     * @throws IllegalStateException if {@code port} is closed.
     */
    public MethodResult invokeAsync(NotificationPort port, Consumer<Completion> onEachCompletion) {
        Objects.requireNonNull(port, "port");
        Objects.requireNonNull(onEachCompletion, "onEachCompletion");
        final long token = port.openRoute(onEachCompletion, ended -> Diagnostics.debug("the stream of "
                + ended.getMessage()), false, describe());
        try {
            return result(connection.send(build(port.machPort(), port.reference(token, false))));
        } catch (RuntimeException failure) {
            port.closeRoute(token);
            throw failure;
        }
    }

    /**
     * Makes the call asynchronously as {@link #invokeAsync(NotificationPort, Consumer)} does, and also says when the
     * call can complete no more: {@code onEnd} gets {@code kIOReturnAborted} and the reason (the driver released the
     * call's {@code OSAction}, the connection closed, the service terminated, or {@code port} closed), after every
     * completion the driver sent, on the thread that ended it. A tool that waits for a first completion uses it to
     * stop waiting with the kernel's reason instead of a timeout.
     *
     * @param port             the notification port the completions arrive on.
     * @param onEachCompletion runs for each completion, on the port's queue.
     * @param onEnd            runs once when no completion can come any more, with the code that says why.
     * @return the synchronous part's outputs, as {@link #invoke()} returns them.
     * @throws IOReturnException if the call itself fails (then neither consumer is called).
     * @throws IllegalStateException if {@code port} is closed.
     */
    public MethodResult invokeAsync(NotificationPort port, Consumer<Completion> onEachCompletion,
                                    Consumer<IOReturnException> onEnd) {
        Objects.requireNonNull(port, "port");
        Objects.requireNonNull(onEachCompletion, "onEachCompletion");
        Objects.requireNonNull(onEnd, "onEnd");
        final long token = port.openRoute(onEachCompletion, onEnd, false, describe());
        try {
            return result(connection.send(build(port.machPort(), port.reference(token, false))));
        } catch (RuntimeException failure) {
            port.closeRoute(token);
            throw failure;
        }
    }

    private String describe() {
        return "selector=" + Integer.toUnsignedLong(selector) + " on " + connection;
    }

    private MethodResult result(MethodReply reply) {
        if (reply.scalarOutputCount > scalarOutputs) {
            throw new IOReturnException(IOReturn.MIG_ARRAY_TOO_LARGE, "selector=" + Integer.toUnsignedLong(selector)
                    + ": the driver returned scalarOutputCount=" + reply.scalarOutputCount + " but scalarOutputs="
                    + scalarOutputs + " (the capacity): the MIG client stub refuses a reply larger than the caller's"
                    + " count (docs/calls.md, \"Synchronous calls\")");
        }
        final long[] scalarsOut = Arrays.copyOf(reply.scalarOutput, reply.scalarOutputCount);
        final byte[] bytes = reply.structureOutput == null ? new byte[0] : reply.structureOutput;
        if (structureOutputMemory != null && structureOutputCapacity <= 4096 && bytes.length > 0) {
            MemorySegment.copy(bytes, 0, structureOutputMemory, ValueLayout.JAVA_BYTE, 0, bytes.length);
        }
        return new MethodResult(scalarsOut, bytes, reply.structureOutputSize);
    }

    /**
     * Builds the call.
     *
     * @throws IOReturnException {@code kIOReturnBadArgument} if a buffer is closed, another thread's or, for output,
     *                           read-only ({@link CallBuffers}): before anything is sent.
     */
    MethodCall build(int wakePort, long[] reference) {
        Failure bad = structureMemory == null ? null : CallBuffers.checkReadable("structure", structureMemory);
        if (bad == null && structureOutputMemory != null) {
            bad = CallBuffers.checkWritable("structureOutput", structureOutputMemory);
        }
        if (bad != null) {
            throw new IOReturnException(bad.within("selector=" + Integer.toUnsignedLong(selector)));
        }
        final boolean large = structureOutputCapacity > 4096;
        // every call carries its own copies: what the driver does to them never reaches the caller or a next call
        return new MethodCall(Integer.toUnsignedLong(selector), scalars.length == 0 ? NONE : scalars.clone(),
                structure == null ? null : structure.clone(), structureMemory, scalarOutputs,
                structureOutputCapacity, large ? structureOutputMemory : null, wakePort, reference);
    }
}
