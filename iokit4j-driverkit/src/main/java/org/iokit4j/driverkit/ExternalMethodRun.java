package org.iokit4j.driverkit;

import static org.iokit4j.IOReturn.kIOReturnError;

import org.iokit4j.Diagnostics;
import org.iokit4j.Failure;
import org.iokit4j.IOReturn;
import org.iokit4j.Untrusted;
import org.iokit4j.mach.SendRight;
import org.iokit4j.mig.MethodCall;
import org.iokit4j.mig.MethodReply;
import org.iokit4j.trace.DriverMethodEvent;

/**
 * One external method call inside the driver server: builds {@link IOUserClientMethodArguments} as the kernel
 * fills Apple's (apple-semantics.md §6.1), calls {@code ExternalMethod(selector, args, null, null, null)}, and
 * puts the outcome into the reply.
 *
 * <p>The call's completion {@link OSAction} holds one reference, the system's, for the duration of
 * {@code ExternalMethod}; it is released here afterwards, so an action the driver did not retain is freed and
 * the kernel aborts it (§6.3).
 *
 * <p>No {@code ExternalMethod} starts once the user client's {@code Stop} has begun (issue 8 race 9): a call that
 * passed the connection look-up before {@code IOServiceClose} but reaches the queue after {@code Stop} began is
 * refused with {@code kIOReturnNotReady}, what XNU's {@code IOUserServer::rpc} answers for a kernel-to-dext call to
 * an object its server stopped ({@code queueForObject} finds {@code kIODispatchQueueStopped}, so no send port); a
 * call for a freed user client is refused with {@code kIOReturnAborted}. The driver never sees either. A call
 * admitted holds a reference on the user client until {@code ExternalMethod} returns, as the dext runtime holds
 * the target of a message it dispatches: a {@code Stop} that runs meanwhile on another queue does not free the
 * object under it.
 *
 * <p><b>Concurrency.</b> Runs once, on the user client's ExternalMethod queue; the admission check and
 * {@link StopLifecycle#beginStop()} are ordered by the lifecycle's monitor.
 */
final class ExternalMethodRun implements Runnable {
    private final IOUserClient client;
    private final MethodCall call;
    private final SendRight completion;
    private final MethodReply reply;
    private final DriverServerCounters counters;

    ExternalMethodRun(IOUserClient client, MethodCall call, SendRight completion, MethodReply reply,
                      DriverServerCounters counters) {
        this.client = client;
        this.call = call;
        this.completion = completion;
        this.reply = reply;
        this.counters = counters;
    }

    @Override
    public void run() {
        final DriverMethodEvent event = DriverMethodEvent.beginIfEnabled();
        Failure refused = refusal();
        if (refused == null && !client.tryRetain()) {
            refused = freed();
        }
        if (refused != null) {
            abandon();
            reply.fail(refused);
        } else {
            try {
                invoke();
            } finally {
                client.release(); // the hold taken above: the last reference frees the client here, after the call
            }
        }
        if (event != null) {
            trace(event);
        }
    }

    /** Ends and commits the driver queue's part of the call (docs/observability.md). */
    private void trace(DriverMethodEvent event) {
        event.end();
        if (event.shouldCommit()) {
            event.selector = call.selector();
            event.userClientClass = client.getClass().getName();
            event.returnCode = reply.code;
            event.returnCodeName = IOReturn.name(reply.code);
            event.async = completion != null;
            event.commit();
        }
    }

    /**
     * {@return why this call may not start now, or {@code null}}: {@code kIOReturnNotReady} once the user client's
     * {@code Stop} has begun, {@code kIOReturnAborted} once it was freed.
     */
    Failure refusal() {
        if (client.lifecycle().hasBegun()) {
            return Failure.of(IOReturn.kIOReturnNotReady, "ExternalMethod(selector=%d) of %s refused: its Stop has"
                    + " begun (the connection was closed, or its service terminated, while this call was on its"
                    + " way); no ExternalMethod starts after Stop, and XNU answers kIOReturnNotReady for a call to a"
                    + " stopped dext object (IOUserServer::rpc)", call.selector(), client.getClass().getName());
        }
        return client.isFreed() ? freed() : null;
    }

    private Failure freed() {
        return Failure.of(IOReturn.kIOReturnAborted, "ExternalMethod(selector=%d) dropped: %s was freed; the"
                + " runtime never calls a freed object", call.selector(), client.getClass().getName());
    }

    private void invoke() {
        final IOUserClientMethodArguments args = arguments();
        // the objects the system made: the driver may replace the fields (with a sub-descriptor, say), but the
        // system's references are on these
        final OSAction action = args.completion;
        final IOMemoryDescriptor input = args.structureInputDescriptor;
        final IOMemoryDescriptor output = args.structureOutputDescriptor;
        final Failure earlier = Diagnostics.lastFailure(); // a failure older than this call explains nothing in it
        int code;
        try {
            code = client.ExternalMethod(call.selector(), args, null, null, null);
            if (code != IOReturn.kIOReturnSuccess) {
                reply.fail(new Failure(code, explain(code, args, earlier)));
                reply.pitfall = args.pitfall;
                return;
            }
        } catch (Throwable thrown) {
            counters.driverExceptions.increment();
            reply.fail(Untrusted.caught("ExternalMethod(selector=" + call.selector() + ") of "
                    + client.getClass().getName(), kIOReturnError, thrown));
            return;
        } finally {
            if (action != null) {
                action.release(); // the system's reference: held only while ExternalMethod runs
            }
            releaseSystemReference(input);
            releaseSystemReference(output);
        }
        reply.code = IOReturn.kIOReturnSuccess;
        reply.scalarOutputCount = args.scalarOutputCount;
        if (args.structureOutput != null) {
            reply.structureOutput = args.structureOutput.bytes();
            reply.structureOutputSize = reply.structureOutput.length;
        } else if (call.structureOutputMemory() != null) {
            reply.structureOutputSize = call.structureOutputCapacity();
        }
    }

    /** The call never ran (its queue refused it): the completion's system reference goes away all the same. */
    void abandon() {
        if (completion != null) {
            completion.release();
        }
    }

    /** Descriptors, like the completion, are the driver's past the call only if it retained them (point 3). */
    private static void releaseSystemReference(IOMemoryDescriptor descriptor) {
        if (descriptor != null && !descriptor.isFreed()) {
            descriptor.release();
        }
    }

    private IOUserClientMethodArguments arguments() {
        final IOUserClientMethodArguments args = new IOUserClientMethodArguments();
        args.selector = call.selector();
        args.completion = completion == null ? null : OSAction.forCompletion(completion);
        args.asyncWithoutWakePort = call.isAsync() && call.wakePort() == 0;
        args.scalarInput = call.scalarInput();
        args.scalarInputCount = call.scalarInput().length;
        if (call.structureInput() != null) {
            args.structureInput = OSData.adopt(call.structureInput());
        } else if (call.structureInputMemory() != null) {
            args.structureInputDescriptor = IOMemoryDescriptor.overClient(call.structureInputMemory(),
                    IOMemoryDescriptor.kIOMemoryDirectionOut, client);
        }
        args.scalarOutput = reply.scalarOutput;
        args.scalarOutputCount = call.scalarOutputCapacity();
        if (call.structureOutputMemory() != null) {
            args.structureOutputDescriptor = IOMemoryDescriptor.overClient(call.structureOutputMemory(),
                    IOMemoryDescriptor.kIOMemoryDirectionIn, client);
            args.structureOutputMaximumSize = call.structureOutputMemory().byteSize();
        } else if (call.structureOutputCapacity() == -3) {
            args.structureOutputMaximumSize = 0xFFFFFFFFL;
        } else {
            args.structureOutputMaximumSize = call.structureOutputCapacity();
        }
        return args;
    }

    private String explain(int code, IOUserClientMethodArguments args, Failure earlier) {
        if (args.refusal != null) {
            return args.refusal;
        }
        final Failure recorded = Diagnostics.lastFailure();
        final Failure last = recorded == earlier ? null : recorded;
        return String.format("ExternalMethod(selector=%d) of %s returned %s%s", call.selector(),
                client.getClass().getName(), IOReturn.describe(code),
                last != null && last.code() == code ? " (" + last.explanation() + ")" : "");
    }
}
