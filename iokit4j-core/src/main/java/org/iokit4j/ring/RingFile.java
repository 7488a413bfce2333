package org.iokit4j.ring;

import java.lang.invoke.VarHandle;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;
import org.iokit4j.memory.SharedMapping;
import org.iokit4j.memory.SharedMemory;

/**
 * A duplex message channel between exactly two processes over one memory-mapped file: two Agrona
 * {@link ManyToOneRingBuffer many-to-one rings}, one per direction ({@link RingFileLayout}), so any number of
 * threads on either side may send, and a Unix-domain socket beside it for wake-ups and for noticing that the peer
 * ended ({@link WakeSocket}). Messages are a positive type id and bytes; nothing here knows what they mean.
 *
 * <p><b>Making one.</b> One process {@link #listen}s: it makes the file ({@link SharedMemory#createShareable}:
 * {@code 0600}, in the per-user {@code 0700} directory) and a socket beside it, and hands the file's
 * {@link RingListener#path()} to the other, which {@link #connect}s; the listener's {@link RingListener#accept}
 * then returns the owner's end, after removing both names: from then on nothing of the ring is left in the file
 * system, whatever happens to either process.
 *
 * <p><b>Receiving.</b> Messages go to the {@link MessageHandler} given when the end was made, on whichever thread of
 * this process reads the ring: a receiver thread running {@link #receive()}, a thread waiting for a reply with
 * {@link #awaitUntil}, or a thread stepping by hand with {@link #poll}. One thread reads at a time (messages are
 * handled in order, one at a time), except that a handler that waits on this ring reads the next messages itself
 * (nested calls). A thread waiting for a condition that another thread's handler makes true is woken by that thread.
 * Only waiting threads read: a process that sends more than a ring holds without waiting for replies, or whose
 * handler sends, keeps a receiver thread, or a send (a handler's included) waits for room until its timeout.
 * Waiting follows this end's {@link WaitStrategy} (see the package comment for choosing one).
 *
 * <p><b>Failures.</b> Local misuse throws {@link IllegalArgumentException} (a message type id outside
 * 1..{@link #MAX_MSG_TYPE_ID}, a message
 * longer than {@link #maxMessageLength()}). Everything else is a {@link RingException} naming its
 * {@link RingException.Reason}: a full ring that stays full for the {@link RingOptions#sendTimeout()}
 * ({@code TIMEOUT}), an interrupted wait ({@code INTERRUPTED}), and the end of the ring: this side
 * {@linkplain #close() closed} it ({@code CLOSED}), the peer closed it ({@code PEER_CLOSED}) or its process died
 * ({@code PEER_DIED}). When the ring ends, every waiting thread of this process fails with the reason within about
 * 100 ms (in practice: at once if it was closed here or in {@code BLOCK} mode, within about 10 ms otherwise), and
 * every later operation fails with the same reason. A message sent just before the peer died may be lost.
 *
 * <p><b>Concurrency.</b> Thread-safe: {@link #send} from any thread; {@link #awaitUntil}, {@link #poll} and
 * {@link #receive()} from any threads, one of which reads at a time; {@link #close()} from any thread, a handler
 * included, idempotent. The mapping stays mapped until the last thread inside an operation has left
 * ({@link Lifetime}). A message's bytes, written before its send returns, are visible to the handler that
 * receives it (Agrona's release-acquire order).
 */
public final class RingFile implements AutoCloseable {
    /** How long a thread blocked or sleeping in {@code BLOCK} mode waits at most before it looks again. */
    static final long BLOCK_RECHECK_NANOS = 100_000_000L;
    /** The largest message type id: the bits above it carry a record's padding ({@link RingFileLayout}). */
    public static final int MAX_MSG_TYPE_ID = RingFileLayout.MAX_MSG_TYPE_ID;
    /** The most messages one turn of a wait reads before it looks at its condition again. */
    private static final int DRAIN_LIMIT = 64;

    private final SharedMemory memory;
    private final SharedMapping mapping;
    private final boolean owner;
    private final RingOptions options;
    private final UnsafeBuffer header;
    private final RingBuffer outbound;
    private final WakeSocket socket;
    private final PeerWatch peer;
    private final boolean peerBlocks;
    private final Lifetime lifetime;
    /** The threads sleeping in a wait, which a reader wakes after handling messages. */
    private final Set<Thread> sleepers = ConcurrentHashMap.newKeySet();
    private final InboundReader reader;
    /** Whether a thread is blocked (or about to block) on the socket, in {@code BLOCK} mode. */
    private final AtomicBoolean socketReader = new AtomicBoolean();

    /**
     * Wraps a mapped ring file whose header is complete (both PIDs and strategies written) and a connected socket;
     * takes over the mapping, one reference to {@code memory} and the socket.
     */
    RingFile(SharedMemory memory, SharedMapping mapping, boolean owner, WakeSocket socket, RingOptions options,
             MessageHandler handler) {
        this.memory = memory;
        this.mapping = mapping;
        this.owner = owner;
        this.options = options;
        Objects.requireNonNull(handler, "handler");
        this.socket = socket;
        final long address = mapping.address();
        this.header = new UnsafeBuffer(address, RingFileLayout.HEADER_LENGTH);
        final int capacity = options.capacity();
        final int ringLength = RingFileLayout.ringLength(capacity);
        this.outbound = new ManyToOneRingBuffer(new UnsafeBuffer(address
                + RingFileLayout.ringOffset(owner, capacity), ringLength));
        this.reader = new InboundReader(new ManyToOneRingBuffer(new UnsafeBuffer(address
                + RingFileLayout.ringOffset(!owner, capacity), ringLength)), handler, this::wakeSleepersIfAny);
        this.peer = new PeerWatch(header, !owner, header.getLongVolatile(RingFileLayout.pidOffset(!owner)));
        // a BACKOFF peer blocks too once idle (Backoff.idle): only a spinning peer never needs a wake-up
        this.peerBlocks = header.getIntVolatile(RingFileLayout.strategyOffset(!owner)) != WaitStrategy.SPIN.ordinal();
        this.lifetime = new Lifetime(this::release);
    }

    /**
     * Makes a ring file and its socket and waits for no one yet: hand {@link RingListener#path()} to the peer
     * process, which calls {@link #connect}, then call {@link RingListener#accept}.
     *
     * @param options the capacity of each direction and how this process waits.
     * @throws org.iokit4j.IOReturnException as {@link SharedMemory#createShareable} does.
     * @throws RingException {@link RingException.Reason#SETUP} if the socket cannot be made (nothing is left).
     */
    public static RingListener listen(RingOptions options) {
        return RingListener.listen(options);
    }

    /**
     * Connects to the ring file another process of this user made with {@link #listen}.
     *
     * @param file    the listener's {@link RingListener#path()}.
     * @param options how this process waits (the capacity is the file's; {@code options.capacity()} is ignored).
     * @param handler what receives the messages the peer sends.
     * @return this side's end of the ring.
     * @throws org.iokit4j.IOReturnException as {@link SharedMemory#open} does (no such file, not private).
     * @throws RingException {@link RingException.Reason#SETUP} if the file is not a ring file, already has its
     *                       peer, or its socket cannot be reached (nothing is left open).
     */
    public static RingFile connect(Path file, RingOptions options, MessageHandler handler) {
        return Rendezvous.connect(file, options, handler);
    }

    /** {@return whether this end made the file ({@link #listen}) rather than {@linkplain #connect connected}} */
    public boolean isOwner() {
        return owner;
    }

    /** {@return how this end's threads wait} */
    public WaitStrategy strategy() {
        return options.strategy();
    }

    /** {@return the bytes each direction holds} */
    public int capacity() {
        return options.capacity();
    }

    /** {@return the longest message {@link #send} takes: an eighth of the capacity} */
    public int maxMessageLength() {
        return outbound.maxMsgLength();
    }

    /** {@return the peer process's PID} */
    public long peerPid() {
        return peer.pid();
    }

    /** {@return how many times the handler threw (each caught, counted, logged)} */
    public long handlerFailures() {
        return reader.failures();
    }

    /** {@return whether the ring is still open: neither closed here nor known to be closed or dead at the peer} */
    public boolean isOpen() {
        return !lifetime.ended();
    }

    /**
     * {@return whether the peer is known to be gone}: it closed its end, or (looked up at most every 10 ms, on every
     * 16th ask) its process no longer runs. Cheap enough to ask before each send; a peer that died in the last few
     * milliseconds, or asks ago, may still count as there.
     */
    public boolean peerGone() {
        return peer.gone(false) != null;
    }

    /** Sends {@code bytes} as one message of type {@code msgTypeId}, as {@link #send(int, DirectBuffer, int, int)}. */
    public void send(int msgTypeId, byte[] bytes) {
        send(msgTypeId, new UnsafeBuffer(bytes), 0, bytes.length);
    }

    /**
     * Sends {@code length} bytes of {@code source} from {@code index} as one message of type {@code msgTypeId}.
     * Returns as soon as the message is in the ring (wakes the peer first if it blocks); if the ring is full it waits
     * for room by this end's strategy ({@code SPIN} spins, the others back off), at most
     * {@link RingOptions#sendTimeout()}.
     *
     * @throws IllegalArgumentException naming the value if {@code msgTypeId} is outside 1..{@link #MAX_MSG_TYPE_ID} or
     *                                  {@code length > }{@link #maxMessageLength()}.
     * @throws RingException            {@code TIMEOUT} if the ring stayed full (the message is not sent);
     *                                  {@code INTERRUPTED} if interrupted while waiting for room (not sent);
     *                                  {@code CLOSED}, {@code PEER_CLOSED}, {@code PEER_DIED} if the ring ended.
     */
    public void send(int msgTypeId, DirectBuffer source, int index, int length) {
        if (msgTypeId < 1 || msgTypeId > MAX_MSG_TYPE_ID) {
            throw new IllegalArgumentException("msgTypeId=" + msgTypeId + " must be in 1.." + MAX_MSG_TYPE_ID);
        }
        if (length > outbound.maxMsgLength() || length < 0) {
            throw new IllegalArgumentException("length=" + length + " does not fit this ring: maxMessageLength="
                    + outbound.maxMsgLength() + " (an eighth of capacity=" + options.capacity() + ")");
        }
        lifetime.enter();
        try {
            if (peer.closed()) {
                throw fail(peer.gone(true));
            }
            if (!offer(msgTypeId, source, index, length)) {
                awaitRoom(msgTypeId, source, index, length);
            }
            wakePeer();
        } finally {
            lifetime.exit();
        }
    }

    /**
     * Reads up to {@code limit} waiting messages and hands them to the handler, on the calling thread: one step of
     * a receive loop driven by hand. Never waits; reads nothing while another thread of this process reads.
     *
     * @return how many messages it handled.
     * @throws RingException {@code CLOSED}, {@code PEER_CLOSED} or {@code PEER_DIED} if the ring ended.
     */
    public int poll(int limit) {
        lifetime.enter();
        try {
            final int handled = reader.drain(limit);
            final RingException gone = handled > 0 ? null : peer.gone(false);
            if (gone != null) {
                throw fail(gone);
            }
            return handled;
        } finally {
            lifetime.exit();
        }
    }

    /**
     * Waits until {@code condition} holds (a reply arrived), reading and handling messages meanwhile when no other
     * thread of this process does, and waiting by this end's strategy otherwise. Returns at once if it holds.
     *
     * @param condition checked on the calling thread, often; it must be cheap and must not throw.
     * @param timeout   how long to wait at most; {@code null} for no limit.
     * @throws RingException {@code TIMEOUT} if {@code timeout} passed; {@code INTERRUPTED} if the thread was
     *                       interrupted; {@code CLOSED}, {@code PEER_CLOSED}, {@code PEER_DIED} if the ring ended.
     */
    public void awaitUntil(BooleanSupplier condition, Duration timeout) {
        if (condition.getAsBoolean()) {
            return;
        }
        final long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
        lifetime.enter();
        try {
            await(condition, deadline, timeout);
        } finally {
            lifetime.exit();
        }
    }

    /**
     * Reads and handles messages on the calling thread until the ring ends: a receiver thread's loop (give it a
     * platform thread of its own in {@code SPIN} mode). Returns normally when this side closes the ring.
     *
     * @throws RingException {@code PEER_CLOSED} or {@code PEER_DIED} when the peer ended it; {@code INTERRUPTED} if
     *                       the thread was interrupted.
     */
    public void receive() {
        try {
            awaitUntil(() -> false, null);
        } catch (RingException ended) {
            if (ended.reason() != RingException.Reason.CLOSED) {
                throw ended;
            }
        }
    }

    /**
     * Closes this end: the peer sees {@code PEER_CLOSED}, every waiting thread here fails with {@code CLOSED}, and
     * the socket is closed at once; the mapping goes when the last thread inside an operation leaves. Idempotent;
     * nothing to do after the ring ended otherwise.
     */
    @Override
    public void close() {
        try {
            lifetime.enter();
        } catch (RingException ended) {
            return;
        }
        try {
            fail(new RingException(RingException.Reason.CLOSED, "this side (pid=" + ProcessHandle.current().pid()
                    + ") closed the ring"));
        } finally {
            lifetime.exit();
        }
    }

    private void await(BooleanSupplier condition, long deadline, Duration timeout) {
        final WaitStrategy strategy = options.strategy();
        final Backoff backoff = new Backoff(strategy == WaitStrategy.SPIN, strategy == WaitStrategy.BACKOFF);
        int turns = 0;
        while (true) {
            if (reader.drain(DRAIN_LIMIT) > 0) {
                backoff.reset();
            }
            if (condition.getAsBoolean()) {
                return;
            }
            if (lifetime.ended()) {
                throw lifetime.failure();
            }
            if (backoff.slow() || (++turns & 63) == 0) {
                check(deadline, timeout);
            }
            final long sleep = backoff.next();
            if (sleep > 0) {
                final long left = deadline - System.nanoTime();
                if (strategy == WaitStrategy.BLOCK || backoff.idle()) {
                    block(condition, Math.min(left, BLOCK_RECHECK_NANOS));
                } else {
                    sleep(condition, Math.min(left, sleep));
                }
            }
        }
    }

    /** Throws if the wait must end: the peer gone, the deadline passed, the thread interrupted. */
    private void check(long deadline, Duration timeout) {
        final RingException gone = peer.gone(false);
        if (gone != null) {
            throw fail(gone);
        }
        if (Thread.currentThread().isInterrupted()) {
            throw new RingException(RingException.Reason.INTERRUPTED, "the waiting thread was interrupted");
        }
        if (deadline != Long.MAX_VALUE && System.nanoTime() - deadline >= 0) {
            throw new RingException(RingException.Reason.TIMEOUT, "the condition did not hold within timeout="
                    + timeout);
        }
    }

    /** Sleeps up to {@code nanos} where a reader of this process wakes it after handling messages. */
    private void sleep(BooleanSupplier condition, long nanos) {
        final Thread me = Thread.currentThread();
        sleepers.add(me);
        try {
            // looked at again after joining the sleepers: a reader that handled them since then wakes this thread
            if (nanos > 0 && !reader.hasMessages() && !condition.getAsBoolean() && !lifetime.ended()) {
                LockSupport.parkNanos(this, nanos);
            }
        } finally {
            sleepers.remove(me);
        }
    }

    /**
     * {@code BLOCK}: blocks on the socket if no other thread does (else sleeps until that one wakes it), after
     * announcing it in the parked word and looking at the ring once more: a sender writes its message, then reads
     * the word (a full fence between), so either it sees the word and sends a wake-up byte, or this sees the message.
     */
    private void block(BooleanSupplier condition, long nanos) {
        if (!socketReader.compareAndSet(false, true)) {
            sleep(condition, nanos);
            return;
        }
        final int parked = RingFileLayout.parkedOffset(owner);
        try {
            header.putIntVolatile(parked, 1);
            VarHandle.fullFence();
            final boolean awake = nanos <= 0 || reader.hasMessages() || condition.getAsBoolean() || peer.closed()
                    || lifetime.ended();
            final boolean open = awake || socket.await(nanos);
            header.putIntRelease(parked, 0);
            if (!open) {
                fail(peer.died("its end of the socket closed"));
            }
        } finally {
            socketReader.set(false);
            wakeSleepers(); // one of them may have to block on the socket now
        }
    }

    /**
     * Writes one message into the outbound ring if it has room; {@return whether it did}. The record is padded to a
     * whole number of cache lines ({@link RingFileLayout#paddedLength}), so a message of up to 56 bytes travels in the
     * one line its reader is watching, and the next message starts on a line of its own: with Agrona's 8-byte
     * alignment records share lines, and a reader still zeroing the last message takes the line from the writer of
     * the next. The padding is already zero (Agrona zeroes what it has read; the file starts zeroed).
     */
    private boolean offer(int msgTypeId, DirectBuffer source, int index, int length) {
        final int padded = RingFileLayout.paddedLength(length, outbound.maxMsgLength());
        final int claimed = outbound.tryClaim(RingFileLayout.typeWithPadding(msgTypeId, padded - length), padded);
        if (claimed < 0) {
            return false;
        }
        try {
            outbound.buffer().putBytes(claimed, source, index, length);
        } catch (RuntimeException | Error failed) {
            outbound.abort(claimed); // a bad source: the reader skips the claimed record
            throw failed;
        }
        outbound.commit(claimed);
        return true;
    }

    /** Waits by backing off until the message fits in the outbound ring, or fails (see {@link #send}). */
    private void awaitRoom(int msgTypeId, DirectBuffer source, int index, int length) {
        final Backoff backoff = new Backoff(options.strategy() == WaitStrategy.SPIN, true);
        final long deadline = System.nanoTime() + options.sendTimeout().toNanos();
        while (!offer(msgTypeId, source, index, length)) {
            if (lifetime.ended()) {
                throw lifetime.failure();
            }
            final RingException gone = peer.gone(false);
            if (gone != null) {
                throw fail(gone);
            }
            if (Thread.currentThread().isInterrupted()) {
                throw new RingException(RingException.Reason.INTERRUPTED, "interrupted while waiting for room in"
                        + " the full ring: msgTypeId=" + msgTypeId + ", length=" + length);
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new RingException(RingException.Reason.TIMEOUT, "the ring to peer pid=" + peer.pid()
                        + " stayed full for sendTimeout=" + options.sendTimeout() + ": capacity=" + options.capacity()
                        + ", length=" + length + " (the peer does not read, or not fast enough)");
            }
            final long sleep = backoff.next();
            if (sleep > 0) {
                LockSupport.parkNanos(this, sleep);
            }
        }
    }

    /** After a send: wakes the peer if it announced that it blocks on the socket. */
    private void wakePeer() {
        if (!peerBlocks) {
            return;
        }
        VarHandle.fullFence(); // the message's commit before the read of the parked word (see block)
        final int parked = RingFileLayout.parkedOffset(!owner);
        if (header.getIntVolatile(parked) != 0 && header.compareAndSetInt(parked, 1, 0) && !socket.wake()) {
            throw fail(peer.died("writing its wake-up byte failed"));
        }
    }

    private void wakeSleepersIfAny() {
        if (!sleepers.isEmpty()) {
            wakeSleepers();
        }
    }

    private void wakeSleepers() {
        for (Thread sleeper : sleepers) {
            LockSupport.unpark(sleeper);
        }
    }

    /**
     * Ends the ring for {@code why} if it has not ended (the first cause wins): tells the peer (closed word, end of
     * the socket) and wakes every waiting thread. {@return the exception to throw: the first cause}
     */
    private RingException fail(RingException why) {
        if (lifetime.end(why)) {
            header.putIntVolatile(RingFileLayout.closedOffset(owner), 1);
            socket.close();
            wakeSleepers();
        }
        return lifetime.failure();
    }

    /** Once ended and no thread is inside: unmaps the file and gives back this end's reference. */
    private void release() {
        mapping.close();
        memory.release();
    }

    @Override
    public String toString() {
        return "RingFile[" + (owner ? "owner" : "opener") + ", peer pid=" + peer.pid() + ", " + options.strategy()
                .label() + ", capacity=" + options.capacity() + (lifetime.ended() ? ", ended " + lifetime.reason()
                : "") + "]";
    }
}
