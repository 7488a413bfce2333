package org.iokit4j.driverkit.process;

import org.iokit4j.Failure;
import org.iokit4j.IOReturn;
import org.iokit4j.link.DextProtocol;
import org.iokit4j.link.Link;
import org.iokit4j.link.LinkDown;
import org.iokit4j.mig.CompletionTarget;

/**
 * A call's completion action as a driver server in its own process holds it: {@code AsyncCompletion} is a one-way
 * message to the kernel, which queues the completion on the client's wake port (or drops and counts it, as it does
 * for a driver in its own process). Completions of one server reach the kernel in the order they were sent.
 *
 * <p><b>Concurrency.</b> Thread-safe; never blocks on the kernel.
 */
record CompletionStub(long number, ServerEndpoint endpoint) implements CompletionTarget {
    @Override
    public Failure complete(int status, long[] args, int count) {
        if (count < 0 || count > 16) {
            return Failure.of(IOReturn.kIOReturnMessageTooLarge, "asyncDataCount=%d is outside 0..16", count);
        }
        try {
            final Link.Request message = endpoint.link().oneway(DextProtocol.COMPLETE);
            message.out.putLong(number).putInt(status).putLongs(args, count);
            message.send();
            return null;
        } catch (LinkDown gone) {
            return Failure.of(IOReturn.kIOReturnNotReady, "the kernel cannot be reached: %s", gone.reason());
        }
    }
}
