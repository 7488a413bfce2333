package org.iokit4j.driverkit;

import static org.iokit4j.IOReturn.kIOReturnBadArgument;
import static org.iokit4j.IOReturn.kIOReturnNoCompletion;
import static org.iokit4j.IOReturn.kIOReturnUnsupported;

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
     */
    public void AsyncCompletion(OSAction action, int status, long[] asyncData, int asyncDataCount) {
        Completions.send(this, action, status, asyncData, asyncDataCount);
    }

    /**
     * Gives the client memory of {@code type} to map ({@code IOConnectMapMemory64}). The default refuses.
     *
     * @param options the caller's options in, {@link #kIOUserClientMemoryReadOnly} may be set on the way out.
     * @param memory  receives the descriptor; its reference is consumed by the caller.
     */
    public int CopyClientMemoryForType(long type, long[] options, IOMemoryDescriptor[] memory) {
        return org.iokit4j.Diagnostics.fail("IOUserClient::CopyClientMemoryForType", org.iokit4j.Failure.of(
                kIOReturnUnsupported, "%s does not override CopyClientMemoryForType: it shares no memory (type=%d)",
                getClass().getName(), type));
    }

    static int badArgument(IOUserClientMethodArguments arguments, String format, Object... values) {
        return DispatchChecks.refuse(arguments, kIOReturnBadArgument, format, values);
    }
}
