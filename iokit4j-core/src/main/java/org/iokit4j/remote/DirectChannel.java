package org.iokit4j.remote;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.iokit4j.Diagnostics;
import org.iokit4j.Failure;
import org.iokit4j.IOReturn;
import org.iokit4j.Untrusted;
import org.iokit4j.link.DextProtocol;
import org.iokit4j.mach.MachMessage;
import org.iokit4j.wire.ActionAbortedLayout;
import org.iokit4j.wire.AsyncCompletionLayout;
import org.iokit4j.mig.MethodCall;
import org.iokit4j.mig.MethodReply;
import org.iokit4j.ring.MessageHandler;
import org.iokit4j.ring.RingException;
import org.iokit4j.ring.RingFile;
import org.iokit4j.ring.RingListener;
import org.iokit4j.ring.RingOptions;

/**
 * The direct path of one connection (issue 10 §2, §3): a shared-memory ring between this app and the driver server of
 * the connection's user client. The app's calls on the connection go over it, straight to the driver server, which
 * runs the same per-call rules as the kernel ({@code CallRules}) and answers on the ring; the daemon brokered it once
 * ({@link Op#DIRECT_ATTACH}) and is not on the calls. Any number of the app's threads may call at once; each waits for
 * its own reply by the process's {@linkplain org.iokit4j.ring.WaitStrategy waiting strategy} ({@code iokit4j.wait}:
 * spin, backoff (default), block).
 *
 * <p><b>Async calls and completions.</b> An async call whose wake port is a receive right of this task goes over the
 * ring too; the driver server makes its completion action, each {@code AsyncCompletion} comes back over the ring and
 * is queued on the wake port here, as the kernel queues it ({@code AsyncCompletionLayout}, the kernel's slot 0, the
 * port's queue limit), and the action's abort becomes iokit4j's abort notice by the kernel's rules (once, after the
 * call returned successfully, only if it never completed or asked for one on every abort): the driver dropped it
 * ({@code kAbortReasonReleased}), the app closed the connection ({@code kAbortReasonClientClosed}), the driver server
 * closed the ring because the user client went ({@code kAbortReasonServiceTerminated}) or died
 * ({@code kAbortReasonServerDied}, so a waiting Java-layer call ends with {@code MIG_SERVER_DIED}). Completions arrive
 * when no call waits, so a connection that made an async call keeps a reader thread of its own (in {@code spin} mode
 * it spins a core).
 *
 * <p>What goes elsewhere: an async call with {@code MACH_PORT_NULL} or a name that is no receive right of this task
 * (the kernel refuses or explains it: the seed's pitfall), a call whose memory is not in a shared region (the daemon
 * stages it), and every call once the ring has ended.
 *
 * <p><b>Failure.</b> A call the ring cannot carry before it is sent goes by the daemon instead ({@link #call} returns
 * {@code false}); one already sent ends with what the daemon's path would have answered: {@code MIG_SERVER_DIED} when
 * the driver server died ({@code PEER_DIED}), {@code kIOReturnNotReady} when the connection closed meanwhile.
 *
 * <p><b>Concurrency.</b> Thread-safe.
 */
final class DirectChannel implements MessageHandler, AutoCloseable {
    /** {@value}: {@code false} turns the direct path off (every call takes the daemon's path). */
    static final String ENABLED_PROPERTY = "iokit4j.direct";
    /** How long an app waits for the driver server to take its ring. */
    private static final Duration ATTACH_TIMEOUT = Duration.ofSeconds(10);
    /** As the server's: a call or a reply is at most ~4.3 KiB. */
    private static final int RING_CAPACITY = 64 << 10;
    private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);
    private static volatile boolean unavailable;

    private final String name;
    private final AtomicLong ids = new AtomicLong();
    private final ConcurrentHashMap<Long, Slot> waiting = new ConcurrentHashMap<>();
    /** The async calls whose completion action the driver may still hold, by call. */
    private final ConcurrentHashMap<Long, Action> actions = new ConcurrentHashMap<>();
    private final Session session;
    private volatile RingFile ring;
    private volatile Thread receiver;
    /** Why the ring ended, as the abort reason the actions still pending get (0 while it has not ended). */
    private volatile int endReason;

    private DirectChannel(String name, Session session) {
        this.name = name;
        this.session = session;
    }

    /**
     * An async call's completion action as the app sees it: where its completions go, and the rules of its abort
     * notice (once, after the call returned successfully, only if it never completed or asked for one on every
     * abort: {@link ActionAbortedLayout}), as the kernel's completion action keeps them on the daemon's path.
     */
    private static final class Action {
        final Mailbox port;
        final long[] reference = new long[AsyncCompletionLayout.kOSAsyncRef64Count];
        final boolean noticeOnEveryAbort;
        long completions;
        boolean replied;
        boolean failed;
        int abortReason;

        Action(Mailbox port, long[] callReference) {
            this.port = port;
            System.arraycopy(callReference, 0, reference, 0, Math.min(callReference.length, reference.length));
            this.noticeOnEveryAbort = reference[0] == ActionAbortedLayout.kNoticeOnEveryAbort;
            reference[0] = (port.name() & 0xFFFFFFF0L) | 1; // slot 0 is the kernel's (§3): kIOUCAsync64Flag
        }
    }

    /** A thread's reusable encoding and decoding buffers. */
    private static final class Buffers {
        final FrameOut out = new FrameOut();
        final UnsafeBuffer view = new UnsafeBuffer(0, 0);
        /** Where a message this thread reads is copied to be decoded (a message is at most an eighth of a ring). */
        final byte[] in = new byte[RING_CAPACITY / 8];
        final ByteBuffer inBuffer = ByteBuffer.wrap(in);
        final FrameIn reader = FrameIn.wrap(inBuffer);
        /** The thread's slot for its calls (one that finds it armed makes its own). */
        final Slot slot = new Slot();
    }

    /**
     * A call waiting for its reply; its own wait condition. Reused by its thread call after call: a slot is in
     * {@code waiting} from its call's send until the reply is read (or the call fails), and the call returns only
     * after both, so no reader can still hold it when the thread's next call arms it again. It is armed (holds a
     * reply) exactly while a call uses it.
     */
    private static final class Slot implements BooleanSupplier {
        MethodReply reply;
        volatile boolean done;

        Slot arm(MethodReply reply) {
            this.reply = reply;
            this.done = false;
            return this;
        }

        boolean armed() {
            return reply != null;
        }

        @Override
        public boolean getAsBoolean() {
            return done;
        }
    }

    /**
     * Makes the ring of connection {@code connect} and has the daemon attach its driver server to it.
     *
     * @return the channel, or {@code null} when the connection has no direct path (its driver runs in the daemon), or
     *         this JVM cannot map rings (logged once, with the fix).
     */
    static DirectChannel open(Session session, int connect) {
        if (unavailable || !Boolean.parseBoolean(System.getProperty(ENABLED_PROPERTY, "true"))) {
            return null;
        }
        final RingListener listener;
        try {
            listener = RingFile.listen(RingOptions.defaults().withCapacity(RING_CAPACITY));
        } catch (RuntimeException | LinkageError cannot) {
            unavailable = true;
            Diagnostics.warn("iokit4j: calls to driver servers take the kernel daemon's path: this JVM cannot make a"
                    + " shared-memory ring (" + Untrusted.describe(cannot) + "). Start it with --add-exports"
                    + " java.base/jdk.internal.misc=ALL-UNNAMED (Agrona's rings need it on Java 25)");
            return null;
        }
        try {
            final Failure refused = session.call("IOServiceOpen (direct path)", Op.DIRECT_ATTACH,
                    out -> out.putInt(connect).putString(listener.path().toString()), in -> { });
            if (refused != null) {
                if (refused.code() != IOReturn.kIOReturnUnsupported) {
                    Diagnostics.debug("connection 0x" + Integer.toHexString(connect) + " has no direct path: " + refused);
                }
                return null;
            }
            final DirectChannel channel = new DirectChannel("connection 0x" + Integer.toHexString(connect), session);
            channel.ring = listener.accept(channel, ATTACH_TIMEOUT);
            return channel;
        } catch (RuntimeException failed) {
            Diagnostics.debug("connection 0x" + Integer.toHexString(connect) + ": no direct path: " + failed);
            return null;
        } finally {
            listener.close();
        }
    }

    /**
     * Makes {@code call} over the ring and fills {@code reply}.
     *
     * @return {@code false} if the call was not sent (the ring ended, or its memory lies in no shared region): make it
     *         by the daemon's path instead; {@code true} once {@code reply} holds its outcome.
     */
    boolean call(MethodCall call, MethodReply reply) {
        final RingFile current = ring;
        if (current == null) {
            return false;
        }
        final Mailbox wake = call.isAsync() ? session.port(call.wakePort()) : null;
        if (call.isAsync() && (call.wakePort() == 0 || wake == null || wake.isDead())) {
            return false; // no completion, or a wake port this task holds no receive right to: the kernel explains it
        }
        if (current.peerGone()) { // its server died: the daemon's path knows the connection is offline now
            close(ActionAbortedLayout.kAbortReasonServerDied);
            return false;
        }
        final Buffers buffers = BUFFERS.get();
        // armed: this thread's call is still waiting, so this one was made from inside it (not by iokit4j itself)
        final Slot slot = (buffers.slot.armed() ? new Slot() : buffers.slot).arm(reply);
        try {
            return call(current, call, reply, wake, buffers, slot);
        } finally {
            slot.reply = null;
        }
    }

    private boolean call(RingFile current, MethodCall call, MethodReply reply, Mailbox wake, Buffers buffers,
                         Slot slot) {
        final Long id = ids.incrementAndGet(); // boxed once: the key of waiting and actions
        try {
            DextProtocol.putCall(buffers.out.begin(DextProtocol.RING_CALL).putLong(id), call);
        } catch (org.iokit4j.IOReturnException unshareable) {
            return false; // memory in no shared region: the daemon's path stages it
        }
        waiting.put(id, slot);
        if (wake != null) {
            actions.put(id, new Action(wake, call.reference()));
            startReceiver(current);
        }
        try {
            current.send(DextProtocol.RING_CALL, buffers.out.wrapBody(buffers.view), 0, buffers.view.capacity());
        } catch (RingException | IllegalArgumentException notSent) {
            waiting.remove(id);
            actions.remove(id);
            return false;
        }
        try {
            current.awaitUntil(slot, null);
        } catch (RingException ended) {
            if (ended.ended()) {
                close(reasonOf(ended)); // later calls take the daemon's path, which knows what became of the connection
            }
            if (waiting.remove(id) != null) {
                final Action failedCall = actions.remove(id); // a failed call gets no notice: the caller learns here
                if (failedCall != null) {
                    failedCall.failed = true;
                }
                reply.fail(ended.reason() == RingException.Reason.PEER_DIED
                        ? Failure.of(IOReturn.MIG_SERVER_DIED, "%s: the driver server died during the call (%s)",
                                name, ended.getMessage())
                        : Failure.of(IOReturn.kIOReturnNotReady, "%s: the connection closed while the call waited"
                                + " (%s)", name, ended.getMessage()));
                return true;
            }
            while (!slot.done) {
                Thread.onSpinWait(); // the reply is being filled by the thread that read it
            }
        }
        return true;
    }

    /**
     * In place: a reply, completion or abort is read where it lies in the ring (copied out first, below) and consumed
     * after; handling one never waits on the ring (it fills a waiting call's reply or queues on a wake port).
     */
    @Override
    public boolean inPlace() {
        return true;
    }

    @Override
    public void onMessage(int type, DirectBuffer buffer, int index, int length) {
        final Buffers buffers = BUFFERS.get();
        final boolean fits = length <= RING_CAPACITY / 8;
        final byte[] bytes = fits ? buffers.in : new byte[length];
        buffer.getBytes(index, bytes, 0, length); // every field is read out before anything else runs
        final FrameIn in = fits ? buffers.reader.rewrap(buffers.inBuffer.clear().limit(length))
                : FrameIn.wrap(ByteBuffer.wrap(bytes, 0, length));
        try {
            final long id = in.getLong();
            switch (type) {
                case DextProtocol.RING_REPLY -> replied(id, in);
                case DextProtocol.RING_COMPLETION -> completed(id, in.getInt(), in.getLongs());
                case DextProtocol.RING_ABORT -> aborted(id, in.getInt());
                default -> throw new FrameIn.ProtocolException("a message of unknown type " + type);
            }
        } catch (FrameIn.ProtocolException malformed) {
            Diagnostics.warn(name + ": a malformed reply on the direct ring: " + malformed.getMessage());
            close();
        }
    }

    private void replied(long callId, FrameIn in) throws FrameIn.ProtocolException {
        final Long id = callId;
        final Slot slot = waiting.remove(id);
        if (slot == null) {
            return;
        }
        DextProtocol.reply(in, slot.reply);
        final Action action = actions.isEmpty() ? null : actions.get(id);
        if (action != null) {
            synchronized (action) {
                action.replied = true;
                action.failed = !slot.reply.succeeded();
            }
            if (action.failed) {
                actions.remove(id, action);
            } else if (action.abortReason != 0) {
                finishAbort(id, action, action.abortReason);
            }
        }
        slot.done = true;
    }

    /** One completion: queued on the wake port as the kernel queues it ({@code AsyncCompletion}, §4.2). */
    private void completed(long id, int status, long[] values) {
        final Action action = actions.get(id);
        if (action == null) {
            return;
        }
        final long[] args = values == null ? new long[0] : values;
        synchronized (action) {
            if (action.port.offerLocal(MachMessage.of(AsyncCompletionLayout.encode(action.reference, status, args,
                    args.length)))) {
                action.completions++;
            } else {
                Diagnostics.debug(name + ": a completion was dropped: its wake port is gone or full");
            }
        }
    }

    /** The driver dropped the action: the notice comes once the call has returned (and only if it succeeded). */
    private void aborted(long id, int reason) {
        final Action action = actions.get(id);
        if (action == null) {
            return;
        }
        final boolean now;
        synchronized (action) {
            now = action.replied;
            action.abortReason = reason;
        }
        if (now) {
            finishAbort(id, action, reason);
        }
    }

    private void finishAbort(long id, Action action, int reason) {
        if (!actions.remove(id, action)) {
            return;
        }
        synchronized (action) {
            if (!action.failed && (action.completions == 0 || action.noticeOnEveryAbort)) {
                action.port.offerLocal(MachMessage.of(ActionAbortedLayout.encode(action.reference, reason,
                        action.completions)));
            }
        }
    }

    /**
     * Reads the ring on a thread of its own while async calls may still complete: completions arrive when no call
     * waits. It ends with the ring; then every action still pending is aborted with why the ring ended.
     */
    private void startReceiver(RingFile current) {
        if (receiver != null) {
            return;
        }
        synchronized (this) {
            if (receiver == null) {
                receiver = Thread.ofPlatform().daemon().name("iokit4j direct " + name).start(() -> {
                    try {
                        current.receive();
                    } catch (RingException ended) {
                        close(reasonOf(ended)); // the server closed the ring (its user client went) or died
                    }
                    abortAll(endReason);
                });
            }
        }
    }

    private void abortAll(int reason) {
        for (var pending : actions.entrySet()) {
            final Action action = pending.getValue();
            synchronized (action) {
                if (!action.replied) {
                    action.failed = true; // its call ends with the ring's failure instead
                }
            }
            finishAbort(pending.getKey(), action, reason);
        }
    }

    /**
     * Closes the ring: calls still waiting end, later calls take the daemon's path, and the actions still pending
     * are aborted ({@code kAbortReasonClientClosed}: the app closed the connection). Idempotent.
     */
    @Override
    public void close() {
        close(ActionAbortedLayout.kAbortReasonClientClosed);
    }

    private void close(int reason) {
        synchronized (this) {
            if (endReason == 0) {
                endReason = reason;
            }
        }
        final RingFile current = ring;
        ring = null;
        if (current != null) {
            current.close();
            if (receiver == null) {
                abortAll(endReason);
            }
        }
    }

    /** {@return the abort reason for a ring that ended so}: its server died, or it closed the ring (its client went) */
    private static int reasonOf(RingException ended) {
        return ended.reason() == RingException.Reason.PEER_DIED ? ActionAbortedLayout.kAbortReasonServerDied
                : ActionAbortedLayout.kAbortReasonServiceTerminated;
    }
}
