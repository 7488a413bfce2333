package org.iokit4j.link;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.iokit4j.Diagnostics;
import org.iokit4j.Untrusted;
import org.iokit4j.remote.FrameIn;
import org.iokit4j.remote.FrameOut;

/**
 * A two-way call link between two processes over one byte stream: the kernel and one driver server. Either side calls
 * the other, and calls nest: a driver's {@code Start} (kernel → server) calls {@code RegisterService} (server →
 * kernel), whose matching starts another object of the same server (kernel → server), and so on.
 *
 * <p><b>Nested calls reach the waiting thread.</b> Every request carries a <em>chain</em>: the logical thread of
 * control it belongs to, named by the side that started it. A thread that calls the peer waits for its reply; a request
 * of its own chain arriving meanwhile (the peer calling back while serving it) is run <em>by that waiting thread</em>,
 * and the wait goes on. So a chain of nested calls runs on one thread per side, as it would in one process: a driver
 * queue the thread holds stays held (re-entered, as {@code IODispatchQueue} allows its own thread) and nothing
 * deadlocks (architecture.md, "nested calls across processes are delivered to a waiting thread"; Binder delivers
 * nested transactions the same way). A request of no waiting chain runs on a worker thread, which joins its chain for
 * as long as it serves it.
 *
 * <p><b>Frames.</b> {@code REQUEST id chain op args…}, answered by {@code REPLY id status results…} (status 0, or 1 and
 * an explanation when the handler threw); {@code ONEWAY 0 chain op args…} has no reply and is served on the link's
 * reader thread, in arrival order (completions keep their order), so its handler must not block or call the peer.
 *
 * <p><b>Failure.</b> The peer closing the stream (its process exited or was killed: the pipe's end of file), a
 * malformed frame, or {@link #close} puts the link <em>down</em>: every waiting call ends at once with
 * {@link LinkDown} naming why, later calls fail the same way, and {@code onDown} runs once.
 *
 * <p><b>Concurrency.</b> Thread-safe. Writes are serialised; one reader thread; workers are daemon threads made as
 * needed and kept a minute when idle.
 */
public final class Link implements AutoCloseable {
    /** Serves the peer's requests. */
    public interface Handler {
        /**
         * Serves one request.
         *
         * @param reply where its results go (after the status the link wrote), or {@code null} for a one-way message.
         * @throws IOException for a request that breaks the protocol: the link goes down.
         */
        void serve(int op, FrameIn in, FrameOut reply) throws IOException;
    }

    /** A request being written: its arguments go into {@link #out}, then {@link #call} or {@link #send}. */
    public final class Request {
        /** The frame: put the arguments after the header the link wrote. */
        public final FrameOut out = FrameOut.small(256);
        private final long id;
        private final long chain;

        private Request(int kind, int op) {
            final Waiter me = self.get();
            if (me.chain == 0) {
                me.chain = (chains.incrementAndGet() << 1) | side;
                me.ownsChain = true;
            }
            this.id = kind == REQUEST ? ids.incrementAndGet() : 0;
            this.chain = me.chain;
            out.begin(kind).putLong(id).putLong(chain).putInt(op);
        }

        /**
         * Sends the request and waits for its reply, serving the peer's nested requests of this chain meanwhile.
         *
         * @return the reply, positioned after its status.
         * @throws LinkDown if the link is or goes down first.
         * @throws LinkFault if the peer's handler threw.
         */
        public FrameIn call() throws LinkDown, LinkFault {
            return Link.this.call(this);
        }

        /**
         * Sends it as a one-way message: queued, and written with the others queued meanwhile by the link's writer
         * thread (one system call for a burst of completions), always before any later request or reply of this link.
         *
         * @throws LinkDown if the link is down.
         */
        public void send() throws LinkDown {
            try {
                queue(out);
            } finally {
                self.get().leave(this.chain);
            }
        }
    }

    private static final int REQUEST = 1, ONEWAY = 2, REPLY = 3;
    private static final int OK = 0, FAULT = 1;
    /** How many bytes of one-way frames may wait for the writer thread before a sender writes them itself. */
    private static final int QUEUE_LIMIT = 1 << 20;
    private static final Object DOWN = new Object();

    private final String name;
    private final ReadableByteChannel input;
    private final WritableByteChannel output;
    private final OutputStream flushed;
    private final Handler handler;
    private final long side;
    private final Consumer<String> onDown;
    private final AtomicLong ids = new AtomicLong();
    private final AtomicLong chains = new AtomicLong();
    private final ConcurrentHashMap<Long, Waiter> waitingCalls = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Long, Waiter> waitingChains = new ConcurrentHashMap<>();
    private final ThreadLocal<Waiter> self = ThreadLocal.withInitial(Waiter::new);
    private final ExecutorService workers;
    private final Object writeLock = new Object();
    /** Guards {@link #queued}, and the swap of {@link #queued} and {@link #batch}. */
    private final Object queueLock = new Object();
    /** One-way frames queued for the writer thread. */
    private FrameOut queued = new FrameOut();
    /** The batch being written (the other buffer); written under {@link #writeLock}. */
    private FrameOut batch = new FrameOut();
    private final java.util.concurrent.atomic.AtomicBoolean flushWanted = new java.util.concurrent.atomic.AtomicBoolean();
    private volatile Thread writer;
    private volatile String down;

    /**
     * Makes a link over a stream pair; {@link #start} begins reading.
     *
     * @param side   0 for the kernel's end, 1 for a driver server's: the chains each side starts never collide.
     * @param onDown runs once, on the thread that saw the link go down, with why.
     */
    public Link(String name, InputStream in, OutputStream out, int side, Handler handler, Consumer<String> onDown) {
        this.name = name;
        this.input = Channels.newChannel(in);
        this.output = Channels.newChannel(out);
        this.flushed = out;
        this.side = side & 1;
        this.handler = handler;
        this.onDown = onDown;
        this.workers = Executors.newCachedThreadPool(Thread.ofPlatform().daemon().name(name + " worker-", 0)
                .factory());
    }

    /** Starts the reader thread, and the writer thread of one-way messages. */
    public Link start() {
        writer = Thread.ofPlatform().daemon().name(name + " writer").start(this::writeQueued);
        Thread.ofPlatform().daemon().name(name + " reader").start(this::read);
        return this;
    }

    /** {@return a request for {@code op} in the calling thread's chain (a new chain if it has none)} */
    public Request request(int op) {
        return new Request(REQUEST, op);
    }

    /** {@return a one-way message for {@code op}} */
    public Request oneway(int op) {
        return new Request(ONEWAY, op);
    }

    /** {@return why the link is down, or {@code null} while it is up} */
    public String downReason() {
        return down;
    }

    /** Puts the link down: waiting calls end with {@link LinkDown}. Idempotent. */
    @Override
    public void close() {
        goDown("the link was closed by this side");
    }

    @Override
    public String toString() {
        return "Link[" + name + (down == null ? "]" : ", down: " + down + "]");
    }

    private FrameIn call(Request request) throws LinkDown, LinkFault {
        final Waiter me = self.get();
        me.depth++;
        waitingCalls.put(request.id, me);
        final Waiter outer = waitingChains.put(request.chain, me);
        try {
            if (down != null) {
                throw new LinkDown(name, down);
            }
            write(request.out);
            return await(me, request.id);
        } finally {
            waitingCalls.remove(request.id);
            if (outer == null) {
                waitingChains.remove(request.chain, me);
            }
            me.depth--;
            me.leave(request.chain);
        }
    }

    private FrameIn await(Waiter me, long id) throws LinkDown, LinkFault {
        while (true) {
            final Object item;
            try {
                item = me.inbox.take();
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw new LinkDown(name, "the waiting thread was interrupted");
            }
            if (item == DOWN) {
                if (down != null) {
                    throw new LinkDown(name, down);
                }
            } else if (item instanceof Reply reply && reply.id == id) {
                try {
                    if (reply.in.getByte() == FAULT) {
                        throw new LinkFault(name, reply.in.getString());
                    }
                } catch (FrameIn.ProtocolException malformed) {
                    goDown("the peer sent a malformed reply: " + malformed.getMessage());
                    throw new LinkDown(name, down);
                }
                return reply.in;
            } else if (item instanceof Incoming nested) {
                serve(nested);
            }
        }
    }

    private void read() {
        final FrameIn in = new FrameIn();
        try {
            while (true) {
                final int kind = in.next(input);
                final long id = in.getLong();
                final long chain = in.getLong();
                switch (kind) {
                    case REPLY -> {
                        final Waiter waiter = waitingCalls.get(id);
                        if (waiter != null) {
                            waiter.inbox.add(new Reply(id, in.detach()));
                        }
                    }
                    case ONEWAY -> serve(new Incoming(kind, id, chain, in.getInt(), in));
                    case REQUEST -> dispatch(new Incoming(kind, id, chain, in.getInt(), in.detach()));
                    default -> throw new FrameIn.ProtocolException("a frame of unknown kind " + kind);
                }
            }
        } catch (EOFException closed) {
            goDown("the peer closed the link (its process exited or was killed)");
        } catch (IOException | RuntimeException broken) {
            goDown("reading from the peer failed: " + Untrusted.describe(broken));
        }
    }

    private void dispatch(Incoming request) {
        final Waiter waiter = waitingChains.get(request.chain);
        if (waiter != null) {
            waiter.inbox.add(request);
            return;
        }
        try {
            workers.execute(() -> serve(request));
        } catch (java.util.concurrent.RejectedExecutionException downMeanwhile) {
            // the link went down: the peer learns nothing more from this side
        }
    }

    private void serve(Incoming request) {
        final Waiter me = self.get();
        final long saved = me.chain;
        final boolean savedOwns = me.ownsChain;
        me.chain = request.chain;
        me.ownsChain = false;
        FrameOut reply = request.kind == ONEWAY ? null : FrameOut.small(256).begin(REPLY).putLong(request.id)
                .putLong(0).putByte(OK);
        try {
            handler.serve(request.op, request.in, reply);
        } catch (IOException malformed) {
            goDown("the peer sent a malformed request (op " + request.op + "): " + malformed.getMessage());
            return;
        } catch (Throwable thrown) {
            final String why = Untrusted.describe(thrown);
            Diagnostics.warn(name + ": serving op " + request.op + " threw " + why);
            if (reply != null) {
                reply = FrameOut.small(256).begin(REPLY).putLong(request.id).putLong(0).putByte(FAULT).putString(why);
            }
        } finally {
            me.chain = saved;
            me.ownsChain = savedOwns;
        }
        if (reply != null) {
            try {
                write(reply);
            } catch (LinkDown gone) {
                // the caller is gone with the link
            }
        }
    }

    private void write(FrameOut frame) throws LinkDown {
        synchronized (writeLock) {
            if (down != null) {
                throw new LinkDown(name, down);
            }
            try {
                sendQueued(); // one-way messages sent before this frame go first
                frame.send(output);
                flushed.flush();
            } catch (IOException broken) {
                goDown("writing to the peer failed: " + broken.getMessage());
                throw new LinkDown(name, down);
            }
        }
    }

    /** Queues a one-way frame for the writer thread; past {@link #QUEUE_LIMIT} bytes, writes the queue itself. */
    private void queue(FrameOut frame) throws LinkDown {
        if (down != null) {
            throw new LinkDown(name, down);
        }
        final int size;
        synchronized (queueLock) {
            queued.appendAll(frame);
            size = queued.size();
        }
        if (size > QUEUE_LIMIT) {
            synchronized (writeLock) { // the peer reads slower than this side sends: wait as a blocking write would
                try {
                    sendQueued();
                    flushed.flush();
                } catch (IOException broken) {
                    goDown("writing to the peer failed: " + broken.getMessage());
                    throw new LinkDown(name, down);
                }
            }
        } else if (flushWanted.compareAndSet(false, true)) {
            java.util.concurrent.locks.LockSupport.unpark(writer);
        }
    }

    /** Writes what is queued, under {@link #writeLock}; flushing is the caller's. */
    private void sendQueued() throws IOException {
        final FrameOut full;
        synchronized (queueLock) {
            if (queued.size() == 0) {
                return;
            }
            full = queued; // swap the buffers: senders queue into the empty one while this one is written
            queued = batch;
            batch = full;
        }
        full.send(output);
        full.clear();
    }

    /** The writer thread: writes the queued one-way frames whenever some are queued, a batch at a time. */
    private void writeQueued() {
        while (down == null) {
            if (!flushWanted.getAndSet(false)) {
                java.util.concurrent.locks.LockSupport.park(this);
                continue;
            }
            synchronized (writeLock) {
                if (down != null) {
                    return;
                }
                try {
                    sendQueued();
                    flushed.flush();
                } catch (IOException broken) {
                    goDown("writing to the peer failed: " + broken.getMessage());
                }
            }
        }
    }

    private void goDown(String why) {
        synchronized (this) {
            if (down != null) {
                return;
            }
            down = why;
        }
        for (Waiter waiter : waitingCalls.values()) {
            waiter.inbox.add(DOWN);
        }
        java.util.concurrent.locks.LockSupport.unpark(writer);
        workers.shutdown();
        try {
            input.close();
        } catch (IOException ignored) {
            // closing a broken stream: nothing more to do
        }
        try {
            output.close();
        } catch (IOException ignored) {
            // as above
        }
        try {
            onDown.accept(why);
        } catch (Throwable thrown) {
            Diagnostics.warn(name + ": the link-down handler threw " + Untrusted.describe(thrown));
        }
    }

    /** One thread's state: the chain it is in, and what the reader hands it while it waits. */
    private static final class Waiter {
        final LinkedBlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
        long chain;
        boolean ownsChain;
        int depth;

        /** A call of {@code chain} ended: a chain this thread started ends with its outermost call. */
        void leave(long ended) {
            if (ownsChain && chain == ended && depth == 0) {
                chain = 0;
                ownsChain = false;
            }
        }
    }

    private record Reply(long id, FrameIn in) {
    }

    private record Incoming(int kind, long id, long chain, int op, FrameIn in) {
    }
}
