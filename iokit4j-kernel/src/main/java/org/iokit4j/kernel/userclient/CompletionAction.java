package org.iokit4j.kernel.userclient;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.LongAdder;
import org.iokit4j.Diagnostics;
import org.iokit4j.Failure;
import org.iokit4j.IOReturn;
import org.iokit4j.mach.MachMessage;
import org.iokit4j.mach.MachPort;
import org.iokit4j.mach.SendRight;
import org.iokit4j.mig.CompletionTarget;
import org.iokit4j.wire.AsyncCompletionLayout;

/**
 * The kernel half of one async call's completion {@code OSAction} ({@code IOUserClient::KernelCompletion}):
 * the wake port's send right and the call's 8 reference slots (apple-semantics.md §6.3).
 *
 * <p>The driver server holds send rights to {@link #port()}; when the last goes (the driver released the action,
 * or never retained it past {@code ExternalMethod}) the action is <em>aborted</em>: the wake port's right is
 * released and the slots are zeroed, so a later completion sends nothing. Each completion becomes exactly one
 * message laid out as §4.2 on the wake port, queued without bound as {@code sendAsyncResult64} does.
 *
 * <p><b>Concurrency.</b> Thread-safe: completions may come from any driver thread; none blocks.
 */
public final class CompletionAction implements CompletionTarget {
    private final UserClient client;
    private final long[] reference;
    private final MachPort port;
    private static final VarHandle ABORTED;
    private static final VarHandle FAILURE_LOGGED;

    static {
        try {
            final MethodHandles.Lookup lookup = MethodHandles.lookup();
            ABORTED = lookup.findVarHandle(CompletionAction.class, "aborted", boolean.class);
            FAILURE_LOGGED = lookup.findVarHandle(CompletionAction.class, "failureLogged", boolean.class);
        } catch (ReflectiveOperationException impossible) {
            throw new ExceptionInInitializerError(impossible);
        }
    }

    /** One action per async call: plain fields with VarHandles, not Atomic* objects, keep it small. */
    private volatile boolean aborted;
    private volatile boolean failureLogged;
    private final CompletionCounters counters;
    private volatile SendRight wake;

    CompletionAction(UserClient client, SendRight wake, long[] reference, CompletionCounters counters) {
        this.client = client;
        this.wake = wake;
        this.reference = reference;
        this.counters = counters;
        this.port = MachPort.forKernelObject(this);
        this.port.requestNoSenders(this::abort);
    }

    /** {@return the kernel object port the driver's {@code OSAction} sends through} */
    public MachPort port() {
        return port;
    }

    /** {@return whether the action was aborted (its last driver reference went away)} */
    public boolean isAborted() {
        return aborted;
    }

    @Override
    public Failure complete(int status, long[] args, int count) {
        final Failure refused = refusal(count);
        if (refused != null) {
            counters.dropped.increment();
            return refused;
        }
        final SendRight right = wake;
        final byte[] message = AsyncCompletionLayout.encode(reference, status, args, count);
        final int sent = right == null ? IOReturn.MACH_SEND_INVALID_DEST : right.send(MachMessage.of(message), true);
        if (sent != IOReturn.kIOReturnSuccess) {
            counters.dropped.increment();
            final Failure failure = Failure.of(sent, "the completion could not be queued on the client's wake port"
                    + " (%s): the notification port was destroyed, so it is dropped", IOReturn.describe(sent));
            if (FAILURE_LOGGED.compareAndSet(this, false, true)) {
                Diagnostics.debug(failure.toString()); // logged once per reference, as the kernel does
            }
            return failure;
        }
        counters.sent.increment();
        return null;
    }

    /**
     * Aborts the action (§6.3 "Abort"): the last driver reference went away, or the client closed. Releases the wake
     * port, zeroes the slots and kills the action's port, so the driver's {@code OSAction} sees a dead name.
     */
    void abort() {
        if (ABORTED.compareAndSet(this, false, true)) {
            final SendRight right = wake;
            wake = null;
            if (right != null) {
                right.release();
            }
            java.util.Arrays.fill(reference, 0);
            client.forget(this);
            port.invalidate();
        }
    }

    private Failure refusal(int count) {
        if (count < 0 || count > AsyncCompletionLayout.kMaxAsyncArgs) {
            return Failure.of(IOReturn.kIOReturnMessageTooLarge, "asyncDataCount=%d: a completion carries 0..16"
                    + " values; nothing was sent (apple-semantics.md §4.2, §10.10)", count);
        }
        if (aborted) {
            return Failure.of(IOReturn.kIOReturnAborted, "the action was aborted: the driver released its last"
                    + " reference (or never retained it past ExternalMethod), so the kernel dropped the wake port");
        }
        if (client.isClosed()) {
            return Failure.of(IOReturn.kIOReturnNotOpen, "the client closed its connection: a completion for a"
                    + " closed user client is dropped (stop using saved actions in Stop)");
        }
        return null;
    }

    /** Completions the kernel sent and dropped. */
    public static final class CompletionCounters {
        final LongAdder sent = new LongAdder();
        final LongAdder dropped = new LongAdder();

        /** {@return completions queued on wake ports} */
        public long sent() {
            return sent.sum();
        }

        /** {@return completions dropped (aborted action, closed client, destroyed port, too many values)} */
        public long dropped() {
            return dropped.sum();
        }
    }
}
