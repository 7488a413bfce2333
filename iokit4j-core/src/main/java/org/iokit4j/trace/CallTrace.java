package org.iokit4j.trace;

import org.iokit4j.IOReturn;
import org.iokit4j.mig.MethodCall;
import org.iokit4j.mig.MethodReply;

/**
 * Fills and commits an {@link ExternalMethodEvent} from a finished call, so every carrier records the same fields
 * the same way.
 *
 * <p><b>Concurrency.</b> Stateless.
 */
public final class CallTrace {
    /** {@code io_async_ref64_t}'s callout slot ({@code kIOAsyncCalloutFuncIndex}): what links a completion. */
    private static final int CALLOUT_SLOT = 1;

    private CallTrace() {
    }

    /**
     * Ends {@code event} (from {@link ExternalMethodEvent#beginIfEnabled()}) for {@code call}, answered by
     * {@code reply}, and commits it if the recording's threshold keeps it. Does nothing for a {@code null} event.
     *
     * @param event           the started event, or {@code null} when none was wanted.
     * @param call            the call as it arrived.
     * @param reply           its reply, final.
     * @param connection      the connection's name as the caller's space knows it, or a word for the path.
     * @param userClientClass the user client's class.
     * @param driverServer    its driver server's name.
     * @param carrier         {@code kernel} or {@code direct}.
     */
    public static void end(ExternalMethodEvent event, MethodCall call, MethodReply reply, String connection,
                           String userClientClass, String driverServer, String carrier) {
        if (event == null) {
            return;
        }
        event.end();
        if (!event.shouldCommit()) {
            return;
        }
        event.selector = call.selector();
        event.connection = connection;
        event.userClientClass = userClientClass;
        event.driverServer = driverServer;
        event.carrier = carrier;
        event.returnCode = reply.code;
        event.returnCodeName = IOReturn.name(reply.code);
        event.explanation = reply.succeeded() ? null : reply.explanation;
        event.scalarInputCount = call.scalarInput().length;
        event.scalarOutputCount = reply.succeeded() ? reply.scalarOutputCount : 0;
        event.structureInputSize = call.structureInput() != null ? call.structureInput().length
                : call.structureInputMemory() != null ? call.structureInputMemory().byteSize() : 0;
        event.structureOutputSize = !reply.succeeded() ? 0 : reply.structureOutput != null
                ? reply.structureOutput.length : Math.max(reply.structureOutputSize, 0);
        event.descriptors = call.structureInputMemory() != null || call.structureOutputMemory() != null;
        event.async = call.isAsync();
        event.asyncReference = call.isAsync() && call.reference() != null && call.reference().length > CALLOUT_SLOT
                ? call.reference()[CALLOUT_SLOT] : 0;
        event.commit();
    }
}
