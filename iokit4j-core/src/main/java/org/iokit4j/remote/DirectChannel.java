package org.iokit4j.remote;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.iokit4j.Diagnostics;
import org.iokit4j.Failure;
import org.iokit4j.IOReturn;
import org.iokit4j.Untrusted;
import org.iokit4j.link.DextProtocol;
import org.iokit4j.mig.MethodCall;
import org.iokit4j.mig.MethodReply;
import org.iokit4j.ring.MessageHandler;
import org.iokit4j.ring.RingException;
import org.iokit4j.ring.RingFile;
import org.iokit4j.ring.RingListener;
import org.iokit4j.ring.RingOptions;

/**
 * The direct path of one connection (issue 10 §2, §3): a shared-memory ring between this app and the driver server of
 * the connection's user client. The app's synchronous calls on the connection go over it, straight to the driver
 * server, which runs the same per-call rules as the kernel ({@code CallRules}) and answers on the ring; the daemon
 * brokered it once ({@link Op#DIRECT_ATTACH}) and is not on the calls. Any number of the app's threads may call at
 * once; each waits for its own reply by the process's {@linkplain org.iokit4j.ring.WaitStrategy waiting strategy}
 * ({@code iokit4j.wait}: spin, backoff (default), block).
 *
 * <p>What goes elsewhere: async calls (the kernel makes their completion action and checks the wake port, a right
 * in the name space the daemon keeps for the app) and calls whose memory is not in a shared region (the daemon
 * stages it) take the daemon's path, as does every call once the ring has ended.
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
    private volatile RingFile ring;

    private DirectChannel(String name) {
        this.name = name;
    }

    /** A thread's reusable encoding buffers. */
    private static final class Buffers {
        final FrameOut out = new FrameOut();
        final UnsafeBuffer view = new UnsafeBuffer(0, 0);
    }

    /** A call waiting for its reply. */
    private static final class Slot {
        final MethodReply reply;
        volatile boolean done;

        Slot(MethodReply reply) {
            this.reply = reply;
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
            final DirectChannel channel = new DirectChannel("connection 0x" + Integer.toHexString(connect));
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
        if (current == null || DextProtocol.unshareable(call) != null) {
            return false;
        }
        if (current.peerGone()) { // its server died: the daemon's path knows the connection is offline now
            close();
            return false;
        }
        final long id = ids.incrementAndGet();
        final Slot slot = new Slot(reply);
        waiting.put(id, slot);
        try {
            final Buffers buffers = BUFFERS.get();
            DextProtocol.putCall(buffers.out.begin(DextProtocol.RING_CALL).putLong(id), call);
            final ByteBuffer body = buffers.out.body();
            buffers.view.wrap(body, 0, body.remaining());
            current.send(DextProtocol.RING_CALL, buffers.view, 0, body.remaining());
        } catch (RingException | IllegalArgumentException notSent) {
            waiting.remove(id);
            return false;
        }
        try {
            current.awaitUntil(() -> slot.done, null);
        } catch (RingException ended) {
            if (ended.ended()) {
                close(); // later calls take the daemon's path, which knows what became of the connection
            }
            if (waiting.remove(id) != null) {
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

    @Override
    public void onMessage(int type, DirectBuffer buffer, int index, int length) {
        final byte[] bytes = new byte[length];
        buffer.getBytes(index, bytes);
        final FrameIn in = FrameIn.wrap(ByteBuffer.wrap(bytes));
        try {
            final Slot slot = waiting.remove(in.getLong());
            if (slot != null) {
                DextProtocol.reply(in, slot.reply);
                slot.done = true;
            }
        } catch (FrameIn.ProtocolException malformed) {
            Diagnostics.warn(name + ": a malformed reply on the direct ring: " + malformed.getMessage());
            close();
        }
    }

    /** Closes the ring: calls still waiting end, later calls take the daemon's path. Idempotent. */
    @Override
    public void close() {
        final RingFile current = ring;
        ring = null;
        if (current != null) {
            current.close();
        }
    }
}
