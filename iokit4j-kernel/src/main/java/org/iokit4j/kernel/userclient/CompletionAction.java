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
 * message laid out as §4.2 on the wake port, sent as {@code IOUserClient::sendAsyncResult64} sends it.
 *
 * <p><b>When the client does not keep up</b> (docs/async-completions.md). {@code sendAsyncResult64} sends with
 * {@code mach_msg_send_from_kernel}, whose {@code MACH_SEND_ALWAYS} queues past the wake port's queue limit, up to
 * {@link MachPort#QLIMIT_KERNEL} (65,534) messages; from there the send fails with {@code MACH_SEND_NO_BUFFER}
 * and the message is destroyed (XNU iokit/Kernel/IOUserClient.cpp {@code _sendAsyncResult64}, osfmk/ipc/ipc_mqueue.c
 * {@code ipc_mqueue_send_locked}). This class does the same. Every completion the driver hands over ends in
 * exactly one of {@link CompletionCounters#sent()} and {@link CompletionCounters#dropped()}; drops at the limit are
 * also counted in {@link CompletionCounters#overflowed()}. XNU logs a failed send once per reference
 * ({@code kIOUCAsyncErrorLoggedFlag} in slot 0); here an overflow is logged as a warning at most once per reference
 * and at most once per stall of the wake port ({@link MachPort#claimOverflowReport()}), so a flood of dropped
 * completions writes one line, not one per message. A completion to a destroyed wake port is dropped too: XNU's
 * {@code ipc_kmsg_send} destroys it and reports success to the kernel; here it is counted and explained
 * ({@code MACH_SEND_INVALID_DEST}, at debug level, once per reference).
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
        if (sent == IOReturn.kIOReturnSuccess) {
            counters.sent.increment();
            return null;
        }
        counters.dropped.increment();
        return sent == IOReturn.MACH_SEND_NO_BUFFER ? overflowed(right.port()) : undeliverable(sent);
    }

    /** The wake port holds {@code QLIMIT_KERNEL} messages: dropped, counted, warned once per reference and stall. */
    private Failure overflowed(MachPort wakePort) {
        counters.overflowed.increment();
        final Failure failure = Failure.of(IOReturn.MACH_SEND_NO_BUFFER, "a completion for %s was dropped: the"
                + " client's wake port already holds %d messages (MACH_PORT_QLIMIT_KERNEL), so its callbacks are not"
                + " keeping up; the kernel drops completions until they catch up, as XNU's sendAsyncResult64 does."
                + " Every drop is counted in Kernel.completions().overflowed() (this warning is given once per stall)."
                + " Fix: return from completion callbacks promptly, or complete less often", client,
                MachPort.QLIMIT_KERNEL);
        if (!failureLogged && wakePort.claimOverflowReport() && FAILURE_LOGGED.compareAndSet(this, false, true)) {
            Diagnostics.warn(failure.toString());
        }
        return failure;
    }

    private Failure undeliverable(int sent) {
        final Failure failure = Failure.of(sent, "the completion could not be queued on the client's wake port"
                + " (%s): the notification port was destroyed, so it is dropped", IOReturn.describe(sent));
        if (FAILURE_LOGGED.compareAndSet(this, false, true)) {
            Diagnostics.debug(failure.toString()); // logged once per reference, as the kernel does
        }
        return failure;
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

    /**
     * Completions the kernel sent and dropped. Exact accounting: each completion a driver hands to the kernel adds
     * one to {@link #sent()} or one to {@link #dropped()}, never both; {@link #overflowed()} is the part of
     * {@code dropped} that a full wake port refused.
     *
     * <p><b>Concurrency.</b> Thread-safe; the sums are exact once the senders are quiet.
     */
    public static final class CompletionCounters {
        final LongAdder sent = new LongAdder();
        final LongAdder dropped = new LongAdder();
        final LongAdder overflowed = new LongAdder();

        /** {@return completions queued on wake ports} */
        public long sent() {
            return sent.sum();
        }

        /**
         * {@return completions dropped (aborted action, closed client, destroyed port, too many values, full wake
         * port)}
         */
        public long dropped() {
            return dropped.sum();
        }

        /**
         * {@return completions dropped because the wake port already held {@link MachPort#QLIMIT_KERNEL} messages
         * ({@code MACH_SEND_NO_BUFFER}): the client's callbacks did not keep up}
         */
        public long overflowed() {
            return overflowed.sum();
        }
    }
}
