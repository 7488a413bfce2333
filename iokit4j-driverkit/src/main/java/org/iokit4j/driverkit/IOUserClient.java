package org.iokit4j.driverkit;

import static org.iokit4j.IOReturn.kIOReturnBadArgument;
import static org.iokit4j.IOReturn.kIOReturnNoCompletion;
import static org.iokit4j.IOReturn.kIOReturnNotReady;
import static org.iokit4j.IOReturn.kIOReturnUnsupported;

import java.lang.foreign.MemorySegment;
import org.iokit4j.Diagnostics;
import org.iokit4j.Failure;
import org.iokit4j.IOReturn;

/**
 * The driver end of a client's connection, DriverKit's {@code IOUserClient}: subclass it, and answer external
 * method calls in {@link #ExternalMethod}.
 *
 * <p>The runtime calls {@code ExternalMethod(selector, arguments, null, null, null)} on the queue named
 * {@link #kIOUserClientQueueNameExternalMethod} if set, else the object's default queue. The usual override picks
 * the entry for the selector from its table (rejecting selectors past its end) and calls
 * {@code super.ExternalMethod} with it; the base class checks the entry and calls its function (contract.md §3,
 * decided point 1):
 *
 * {@snippet :
 * @Override
 * public int ExternalMethod(long selector, IOUserClientMethodArguments arguments,
 *                           IOUserClientMethodDispatch dispatch, OSObject target, Object reference) {
 *     if (selector < METHODS.length) {
 *         dispatch = METHODS[(int) selector];
 *         if (target == null) {
 *             target = this;
 *         }
 *     }
 *     return super.ExternalMethod(selector, arguments, dispatch, target, reference);
 * }
 * }
 *
 * <p><b>Concurrency.</b> {@code ExternalMethod} runs serially on its queue; {@link #AsyncCompletion} may be called
 * from any thread.
 */
public class IOUserClient extends IOService {
    /** "Don't care" for a dispatch check: {@code 0xFFFFFFFF} as a C {@code uint32_t}. */
    public static final int kIOUserClientVariableStructureSize = 0xFFFFFFFF;
    /** At most 16 scalars each way. */
    public static final int kIOUserClientScalarArrayCountMax = 16;
    /** At most 16 arguments in a completion. */
    public static final int kIOUserClientAsyncArgumentsCountMax = 16;
    /** The queue name for external methods. */
    public static final String kIOUserClientQueueNameExternalMethod = "IOUserClientQueueExternalMethod";
    /** {@code CopyClientMemoryForType} option: the client maps the memory read-only. */
    public static final int kIOUserClientMemoryReadOnly = 0x1;

    /** At most this many ranges in {@link #CreateMemoryDescriptorFromClient}. */
    public static final int kIOUserClientMemorySegmentsCountMax = 32;

    private volatile boolean clientClosed;

    /** Creates a user client; the runtime calls {@code init()} next. */
    public IOUserClient() {
    }

    /**
     * Checks {@code arguments} against {@code dispatch} and calls its function.
     *
     * <p>Checks, in order, each failing with {@code kIOReturnBadArgument}: completion (0: must be absent;
     * {@code -1}: don't care; else must be present), scalar input count, structure input size (inline or
     * descriptor length), scalar output count (the caller's capacity) and structure output size
     * ({@code structureOutputMaximumSize}). {@code dispatch == null} → {@code kIOReturnUnsupported}; all checks
     * passed but no function → {@code kIOReturnNoCompletion}.
     *
     * @param selector  the method's number, as the app passed it.
     * @param arguments the call's inputs and outputs.
     * @param dispatch  the table entry to check and run, or {@code null} for none.
     * @param target    the object the entry's function runs on ({@code null}: this user client).
     * @param reference passed to the entry's function unchanged.
     * @return {@code kIOReturnSuccess}, or the code the app receives.
     */
    public int ExternalMethod(long selector, IOUserClientMethodArguments arguments,
                              IOUserClientMethodDispatch dispatch, OSObject target, Object reference) {
        if (dispatch == null) {
            return DispatchChecks.refuse(arguments, kIOReturnUnsupported, "selector=%d reached the base"
                    + " IOUserClient::ExternalMethod with dispatch=NULL: %s has no method for it (a selector past"
                    + " the end of its table, or an ExternalMethod that does not pass its table entry)",
                    selector, getClass().getName());
        }
        final int refused = DispatchChecks.check(selector, arguments, dispatch);
        if (refused != IOReturn.kIOReturnSuccess) {
            return refused;
        }
        if (dispatch.function() == null) {
            return DispatchChecks.refuse(arguments, kIOReturnNoCompletion, "selector=%d: every check passed but"
                    + " the dispatch entry has no function (kIOReturnNoCompletion lets a subclass handle it)",
                    selector);
        }
        return dispatch.function().invoke(target, reference, arguments);
    }

    /**
     * Sends a completion through {@code action} to the client's notification port: the status and the first
     * {@code asyncDataCount} values of {@code asyncData} (at most 16).
     *
     * <p>Returns nothing, as in DriverKit. A completion that cannot be delivered (the action was not retained past
     * {@code ExternalMethod} and was freed, the client closed, its port was destroyed, more than 16 arguments) is
     * dropped, counted and explained; nothing blocks.
     *
     * @param action         the completion action the call carried, retained by the driver.
     * @param status         the result the app's callback receives.
     * @param asyncData      the arguments the callback receives.
     * @param asyncDataCount how many of them to send (at most {@code kMaxAsyncArgs}).
     */
    public void AsyncCompletion(OSAction action, int status, long[] asyncData, int asyncDataCount) {
        Completions.send(this, action, status, asyncData, asyncDataCount);
    }

    /**
     * Gives the client memory of {@code type} to map ({@code IOConnectMapMemory64}, apple-semantics.md §6.5). The
     * default refuses with {@code kIOReturnUnsupported}. Return the same descriptor for the same type; only an
     * {@link IOBufferMemoryDescriptor} can be mapped into a client. Whatever the driver returns, the client sees
     * {@code kIOReturnBadArgument} on failure, with this method's code and reason in the explanation.
     *
     * @param options 0 in; set {@link #kIOUserClientMemoryReadOnly} for a read-only client mapping.
     * @param memory  receives the descriptor; its reference is consumed by the caller (retain yours first).
     * @param type    the {@code memoryType} the app passed to {@code IOConnectMapMemory64}.
     * @return {@code kIOReturnSuccess}, or why not (the base class: {@code kIOReturnUnsupported}).
     */
    public int CopyClientMemoryForType(long type, long[] options, IOMemoryDescriptor[] memory) {
        return Diagnostics.fail("IOUserClient::CopyClientMemoryForType", Failure.of(kIOReturnUnsupported,
                "%s does not override CopyClientMemoryForType: it shares no memory (type=%d)",
                getClass().getName(), type));
    }

    /**
     * Makes a descriptor over ranges of the client task's memory (apple-semantics.md §6.4). A Java client's
     * addresses are those {@code IOConnectMapMemory64} returned to it; the ranges must be contiguous.
     *
     * @param options       the direction: {@link IOMemoryDescriptor#kIOMemoryDirectionIn} (the driver writes),
     *                      {@code Out} (read-only) or {@code InOut}, optionally with
     *                      {@link IOMemoryDescriptor#kIOMemoryDisableCopyOnWrite}.
     * @param segmentsCount 1..{@value #kIOUserClientMemorySegmentsCountMax} entries of {@code segments}.
     * @param memory        receives the descriptor, an {@code IOMemoryDescriptor[1]} holding one reference.
     * @param segments      the client's address ranges.
     * @return {@code kIOReturnSuccess}; {@code kIOReturnBadArgument} for bad arrays, counts, directions or ranges
     *         the client has not mapped; {@code kIOReturnUnsupported} for non-contiguous ranges;
     *         {@code kIOReturnNotReady} once this user client has been stopped.
     */
    public int CreateMemoryDescriptorFromClient(long options, int segmentsCount, IOAddressSegment[] segments,
                                                IOMemoryDescriptor[] memory) {
        final String function = "IOUserClient::CreateMemoryDescriptorFromClient";
        final long direction = options & ~IOMemoryDescriptor.kIOMemoryDisableCopyOnWrite;
        if (memory == null || memory.length < 1 || segments == null || segmentsCount < 1
                || segmentsCount > kIOUserClientMemorySegmentsCountMax || segments.length < segmentsCount
                || direction < IOMemoryDescriptor.kIOMemoryDirectionIn
                || direction > IOMemoryDescriptor.kIOMemoryDirectionInOut) {
            return Diagnostics.fail(function, Failure.of(kIOReturnBadArgument, "options=0x%X, segmentsCount=%d,"
                    + " segments=%s, memory=%s: need a direction (1..3), 1..32 segments in the array and an"
                    + " IOMemoryDescriptor[1]", options, segmentsCount,
                    segments == null ? "null" : segments.length + " entries", memory == null ? "null" : "array"));
        }
        if (clientClosed || kernelObject() == null) {
            return Diagnostics.fail(function, Failure.of(kIOReturnNotReady, "%s has been stopped: its client's"
                    + " memory is no longer reachable"
                    + " (docs/large-buffers.md, \"Ownership and lifetimes\")", getClass().getName()));
        }
        long length = 0;
        for (int i = 0; i < segmentsCount; i++) {
            final IOAddressSegment range = segments[i];
            if (range == null || range.length() <= 0
                    || (i > 0 && range.address() != segments[0].address() + length)) {
                return Diagnostics.fail(function, Failure.of(range == null || range.length() <= 0
                        ? kIOReturnBadArgument : kIOReturnUnsupported, "segments[%d]=%s: each range needs a"
                        + " positive length, and ranges must follow each other (one contiguous mapping)", i, range));
            }
            length += range.length();
        }
        final MemorySegment[] bytes = new MemorySegment[1];
        final Failure failure = kernelObject().clientMemory(segments[0].address(), length, bytes);
        if (failure != null) {
            return Diagnostics.fail(function, failure);
        }
        memory[0] = IOMemoryDescriptor.overClient(bytes[0], (int) direction, this);
        return IOReturn.kIOReturnSuccess;
    }

    /** {@return whether the runtime stopped this user client (its client closed or died)} */
    boolean isClientClosed() {
        return clientClosed;
    }

    /** The client closed: descriptors over its memory end now, before {@code Stop} runs. */
    void markClientClosed() {
        clientClosed = true;
    }

    static int badArgument(IOUserClientMethodArguments arguments, String format, Object... values) {
        return DispatchChecks.refuse(arguments, kIOReturnBadArgument, format, values);
    }
}
