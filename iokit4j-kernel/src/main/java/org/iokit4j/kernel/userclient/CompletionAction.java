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
import org.iokit4j.wire.ActionAbortedLayout;
import org.iokit4j.wire.AsyncCompletionLayout;

/**
 * The kernel half of one async call's completion {@code OSAction} ({@code IOUserClient::KernelCompletion}):
 * the wake port's send right and the call's 8 reference slots (apple-semantics.md §6.3).
 *
 * <p>The driver server holds send rights to {@link #port()}; when the last goes (the driver released the action,
 * or never retained it past {@code ExternalMethod}), or the client closes, the action is <em>aborted</em>: the
 * wake port's right is released and the slots are zeroed, so a later completion sends nothing. Each completion
 * becomes exactly one message laid out as §4.2 on the wake port, sent as {@code IOUserClient::sendAsyncResult64}
 * sends it. On abort the kernel also queues iokit4j's private notice ({@link ActionAbortedLayout}) when the action
 * never completed, or when the call asked for one on every abort; IOKitLib's dispatcher ignores it as Apple's does
 * (§4.3 step 1), the Java layer fails the call's future with it.
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
 * ({@code MACH_SEND_INVALID_DEST}, at debug level, once per reference). The abort notice is sent the same way and
 * meets the same limit: one a full wake port refuses is counted in {@link CompletionCounters#noticesDropped()}, and
 * a Java-layer future it would have ended waits until its port closes.
 *
 * <p><b>Concurrency.</b> Thread-safe and lock-free; nothing blocks. The whole state is one {@code int}: an
 * <em>aborted</em> bit, the abort's reason, and the number of completions <em>in flight</em> (entered, not yet
 * left). Its transitions are compare-and-set, so:
 * <ul>
 *   <li><b>Who runs what.</b> {@link #complete} runs on any driver thread (several may complete one action at
 *       once). {@link #abort} runs on the thread that released the action's last send right (a driver thread, or
 *       the driver's queue right after {@code ExternalMethod}) or on the thread closing the client. The call that
 *       made the action counts as in flight from {@link #callStarted} to {@link #callEnded} (on the calling thread),
 *       as the kernel holds the action while {@code ExternalMethod} runs. The abort's work (the notice, releasing
 *       the wake right, zeroing the slots, killing {@link #port()}) runs exactly once, on whichever of those
 *       threads takes the state to <em>aborted with nothing in flight</em>: the aborting thread if nothing was in
 *       flight, else the last completion or the call to leave.</li>
 *   <li><b>Exactly one wins.</b> A completion that entered before the abort is sent; one that arrives after it
 *       is refused with {@code kIOReturnAborted} and sends nothing. A completion never reads zeroed slots and
 *       never sends on a released right.</li>
 *   <li><b>Happens-before.</b> Everything a completion did (its message queued on the wake port, the sent
 *       count) happens-before the abort's work, through the state's volatile read-modify-write; so the notice
 *       is queued after every completion of the action, and a receiver sees them in that order. The slots and
 *       the wake right are written only in the constructor and in the abort's work. The call's outcome is written
 *       before the call leaves, so the abort's work sees it: a failed call sends no notice.</li>
 *   <li><b>Past the wake port</b> (the rest of the completion path, for the record). Queuing a message on the wake
 *       port happens-before its receipt (the port's monitor), so everything the driver did before
 *       {@code AsyncCompletion} is visible to the client's callback. The client's dispatcher runs callbacks on the
 *       thread delivering the port (its dispatch queue's worker, or the thread running its run loop), one at a time
 *       in queue order, with the port's task bound as the caller. Nothing on this path blocks the driver.</li>
 * </ul>
 */
public final class CompletionAction implements CompletionTarget {
    private static final int ABORTED = 0x8000_0000;
    private static final int REASON_SHIFT = 24;
    private static final int REASON_MASK = 0x7F << REASON_SHIFT;
    private static final int IN_FLIGHT_MASK = (1 << REASON_SHIFT) - 1;

    private static final VarHandle STATE;
    private static final VarHandle SENT;
    private static final VarHandle FAILURE_LOGGED;

    static {
        try {
            final MethodHandles.Lookup lookup = MethodHandles.lookup();
            STATE = lookup.findVarHandle(CompletionAction.class, "state", int.class);
            SENT = lookup.findVarHandle(CompletionAction.class, "sent", long.class);
            FAILURE_LOGGED = lookup.findVarHandle(CompletionAction.class, "failureLogged", boolean.class);
        } catch (ReflectiveOperationException impossible) {
            throw new ExceptionInInitializerError(impossible);
        }
    }

    private final UserClient client;
    private final long[] reference;
    private final MachPort port;
    private final CompletionCounters counters;
    private final SendRight wake;
    private final boolean noticeOnEveryAbort;

    /** One action per async call: plain fields with VarHandles, not Atomic* objects, keep it small. */
    private volatile int state;
    /** Completions queued on the wake port. */
    private volatile long sent;
    private volatile boolean failureLogged;
    /** Set before the call's own hold ends, so before any abort can finish: see {@link #callEnded}. */
    private volatile boolean callFailed;

    /**
     * Creates the action of one call.
     *
     * @param reference          the 8 slots, slot 0 already the kernel's; owned by the action from now on.
     * @param noticeOnEveryAbort whether the call asked for the notice even after completions
     *                           ({@link ActionAbortedLayout#kNoticeOnEveryAbort}).
     */
    CompletionAction(UserClient client, SendRight wake, long[] reference, CompletionCounters counters,
                     boolean noticeOnEveryAbort) {
        this.client = client;
        this.wake = wake;
        this.reference = reference;
        this.counters = counters;
        this.noticeOnEveryAbort = noticeOnEveryAbort;
        this.port = MachPort.forKernelObject(this);
        this.port.requestNoSenders(() -> abort(ActionAbortedLayout.kAbortReasonReleased));
    }

    /** {@return the kernel object port the driver's {@code OSAction} sends through} */
    public MachPort port() {
        return port;
    }

    /** {@return whether the action was aborted (its last driver reference went away, or the client closed)} */
    public boolean isAborted() {
        return (state & ABORTED) != 0;
    }

    @Override
    public Failure complete(int status, long[] args, int count) {
        if (count < 0 || count > AsyncCompletionLayout.kMaxAsyncArgs) {
            counters.dropped.increment();
            return Failure.of(IOReturn.kIOReturnMessageTooLarge, "asyncDataCount=%d: a completion carries 0..16"
                    + " values; nothing was sent (docs/async-completions.md, \"Pitfalls and their fixes\")", count);
        }
        if (!enter()) {
            counters.dropped.increment();
            return Failure.of(IOReturn.kIOReturnAborted, "the action was aborted: the driver released its last"
                    + " reference (or never retained it past ExternalMethod), or the client closed, so the kernel"
                    + " dropped the wake port");
        }
        try {
            return send(status, args, count);
        } finally {
            leave();
        }
    }

    /**
     * Aborts the action (§6.3 "Abort"): the last driver reference went away, or the client closed. Once no
     * completion is in flight: queues the notice if one is due, releases the wake port, zeroes the slots and kills
     * the action's port, so the driver's {@code OSAction} sees a dead name. Only the first abort counts.
     *
     * @param reason an {@link ActionAbortedLayout} {@code kAbortReason*} value.
     */
    void abort(int reason) {
        int current;
        do {
            current = state;
            if ((current & ABORTED) != 0) {
                return;
            }
        } while (!STATE.compareAndSet(this, current, current | ABORTED | (reason << REASON_SHIFT)));
        if ((current & IN_FLIGHT_MASK) == 0) {
            finishAbort(reason);
        }
    }

    /**
     * The call that made the action is in the kernel: until {@link #callEnded}, an abort waits to finish, as the
     * kernel holds its own reference to the action while {@code ExternalMethod} runs (apple-semantics.md §6.3).
     */
    void callStarted() {
        if (!enter()) {
            throw new IllegalStateException("callStarted on an aborted action: " + this);
        }
    }

    /**
     * The call returned to the client. A failed call sends no notice: the caller learns the failure from the call
     * itself (and an abort notice queued before the reply would contradict it).
     */
    void callEnded(boolean failed) {
        if (failed) {
            callFailed = true;
        }
        leave();
    }

    private boolean enter() {
        int current;
        do {
            current = state;
            if ((current & ABORTED) != 0) {
                return false;
            }
            if ((current & IN_FLIGHT_MASK) == IN_FLIGHT_MASK) {
                throw new IllegalStateException("more than " + IN_FLIGHT_MASK + " completions in flight on " + this);
            }
        } while (!STATE.compareAndSet(this, current, current + 1));
        return true;
    }

    private void leave() {
        final int before = (int) STATE.getAndAdd(this, -1);
        if ((before & ABORTED) != 0 && (before & IN_FLIGHT_MASK) == 1) { // the last one out finishes the abort
            finishAbort((before & REASON_MASK) >>> REASON_SHIFT);
        }
    }

    private Failure send(int status, long[] args, int count) {
        if (client.isClosed()) {
            counters.dropped.increment();
            return Failure.of(IOReturn.kIOReturnNotOpen, "the client closed its connection: a completion for a"
                    + " closed user client is dropped (stop using saved actions in Stop)");
        }
        final byte[] message = AsyncCompletionLayout.encode(reference, status, args, count);
        final int result = wake.send(MachMessage.of(message), true);
        if (result == IOReturn.kIOReturnSuccess) {
            SENT.getAndAdd(this, 1L);
            counters.sent.increment();
            return null;
        }
        counters.dropped.increment();
        return result == IOReturn.MACH_SEND_NO_BUFFER ? overflowed(wake.port()) : undeliverable(result);
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

    /** Runs once, with no completion in flight and none able to enter. */
    private void finishAbort(int reason) {
        final long completions = sent;
        if (!callFailed && (completions == 0 || noticeOnEveryAbort)) {
            final int result = wake.send(MachMessage.of(ActionAbortedLayout.encode(reference, reason, completions)),
                    true);
            if (result == IOReturn.kIOReturnSuccess) {
                counters.notices.increment();
            } else if (result == IOReturn.MACH_SEND_NO_BUFFER) { // a destroyed port needs no notice: nobody waits
                counters.noticesDropped.increment();
                Diagnostics.debug("the action-aborted notice for " + client + " was dropped: the wake port holds"
                        + " MACH_PORT_QLIMIT_KERNEL messages; a Java-layer future waiting for it ends when its port"
                        + " closes");
            }
        }
        wake.release();
        java.util.Arrays.fill(reference, 0);
        client.forget(this);
        port.invalidate();
    }

    @Override
    public String toString() {
        final int current = state;
        return "CompletionAction[" + ((current & ABORTED) != 0 ? "aborted, " : "") + "inFlight="
                + (current & IN_FLIGHT_MASK) + ", sent=" + sent + "]";
    }

    /**
     * Completions the kernel sent and dropped, and the abort notices it sent. Exact accounting: each completion a
     * driver hands to the kernel adds one to {@link #sent()} or one to {@link #dropped()}, never both;
     * {@link #overflowed()} is the part of {@code dropped} that a full wake port refused. Each notice due adds one to
     * {@link #notices()} or, refused by a full wake port, to {@link #noticesDropped()} (a notice to a destroyed port
     * counts in neither: nobody waits for it).
     *
     * <p><b>Concurrency.</b> Thread-safe; the sums are exact once the senders are quiet.
     */
    public static final class CompletionCounters {
        final LongAdder sent = new LongAdder();
        final LongAdder dropped = new LongAdder();
        final LongAdder overflowed = new LongAdder();
        final LongAdder notices = new LongAdder();
        final LongAdder noticesDropped = new LongAdder();

        /** Makes counters at zero. */
        public CompletionCounters() {
        }

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

        /** {@return action-aborted notices queued on wake ports ({@link ActionAbortedLayout})} */
        public long notices() {
            return notices.sum();
        }

        /** {@return action-aborted notices a full wake port refused ({@code MACH_SEND_NO_BUFFER})} */
        public long noticesDropped() {
            return noticesDropped.sum();
        }
    }
}
