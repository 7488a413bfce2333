package org.iokit4j.driverkit.process;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.iokit4j.Diagnostics;
import org.iokit4j.Failure;
import org.iokit4j.IOReturn;
import org.iokit4j.Untrusted;
import org.iokit4j.link.DextProtocol;
import org.iokit4j.link.Regions;
import org.iokit4j.mig.CallRules;
import org.iokit4j.mig.DextObject;
import org.iokit4j.mig.MethodCall;
import org.iokit4j.mig.MethodReply;
import org.iokit4j.remote.FrameIn;
import org.iokit4j.remote.FrameOut;
import org.iokit4j.ring.RingException;
import org.iokit4j.ring.RingFile;
import org.iokit4j.ring.RingOptions;
import org.iokit4j.trace.CallTrace;
import org.iokit4j.trace.ExternalMethodEvent;

/**
 * The driver server's end of the direct path (issue 10 §2, §3): each ring an app made for one of its connections,
 * read by a thread of its own that runs each synchronous call as the kernel would ({@link CallRules}: the checks, the
 * driver's {@code ExternalMethod} on its queue, the output rules) and answers on the same ring.
 *
 * <p>A ring serves exactly the user client the kernel attached it to, never another object of the server. It closes
 * when the kernel frees that user client (the connection closed, or its service terminated) or the app closes it.
 *
 * <p><b>Concurrency.</b> Thread-safe; one reader thread per ring (the thread an app's call runs on, as a kernel trap
 * runs on the caller's thread), except in {@code spin} mode, where one spinning thread reads every ring in turn.
 */
final class DirectServer implements AutoCloseable {
    /** Each ring's capacity per direction: a call or reply is at most ~4.3 KiB (4096 inline bytes and the rest). */
    static final int RING_CAPACITY = 64 << 10;

    private final Regions regions;
    private final Map<DextObject, List<RingFile>> rings = new ConcurrentHashMap<>();
    private final Map<RingFile, Handler> handlers = new ConcurrentHashMap<>();
    /**
     * The rings the spinning reader polls: an array replaced on each change (under {@code this}), so a turn of the
     * spin loop allocates nothing. A loop that makes garbage on every turn, millions of turns a second, walks the
     * heap page after page, and each new page costs a TLB miss (a two-level walk on a virtual machine): the
     * direct-spin round trip took ~1.5 µs longer every ~7 µs for that.
     */
    private volatile Spun[] spinning = new Spun[0];
    private Thread spinner;
    private volatile boolean closed;

    DirectServer(Regions regions) {
        this.regions = regions;
    }

    /** Connects to the app's ring at {@code path} for calls to {@code client}; {@return why not, or {@code null}} */
    Failure attach(DextObject client, Path path) {
        if (!client.isUserClient()) {
            return Failure.of(IOReturn.kIOReturnBadArgument, "the direct path serves user clients only");
        }
        final Handler handler = new Handler(client);
        final RingFile ring;
        try {
            ring = RingFile.connect(path, RingOptions.defaults().withCapacity(RING_CAPACITY), handler);
        } catch (RuntimeException | LinkageError failed) {
            return Failure.of(IOReturn.kIOReturnUnsupported, "the driver server cannot open the app's ring %s: %s",
                    path, Untrusted.describe(failed));
        }
        handler.ring = ring;
        handlers.put(ring, handler);
        rings.computeIfAbsent(client, c -> new CopyOnWriteArrayList<>()).add(ring);
        if (ring.strategy() == org.iokit4j.ring.WaitStrategy.SPIN) {
            startSpinning(new Spun(client, ring));
        } else {
            Thread.ofPlatform().daemon().name("direct " + client).start(() -> serve(client, ring));
        }
        return null;
    }

    /** A ring the spinning reader polls, and its user client. */
    private record Spun(DextObject client, RingFile ring) {
    }

    /** Adds {@code spun} to the rings the spinning reader polls, and starts that reader if it does not run. */
    private synchronized void startSpinning(Spun spun) {
        final Spun[] more = java.util.Arrays.copyOf(spinning, spinning.length + 1);
        more[more.length - 1] = spun;
        spinning = more;
        startSpinner();
    }

    /**
     * In {@code spin} mode one thread reads every ring of this server, in turn ({@link RingFile#poll}), so the server
     * spins one core whatever the number of connections; a call runs on it while it lasts, as a busy queue would.
     */
    private synchronized void startSpinner() {
        if (spinner != null) {
            return;
        }
        spinner = Thread.ofPlatform().daemon().name("direct spinner").start(() -> {
            try {
                spin();
            } finally {
                synchronized (DirectServer.this) { // no ring left: stop spinning, unless one came meanwhile
                    spinner = null;
                    if (!closed && spinning.length > 0) {
                        startSpinner();
                    }
                }
            }
        });
    }

    /** The kernel freed {@code client}: its rings close, so calls still waiting on them end. */
    void forget(DextObject client) {
        final List<RingFile> gone = rings.remove(client);
        if (gone != null) {
            gone.forEach(RingFile::close);
        }
    }

    @Override
    public void close() {
        closed = true;
        rings.values().forEach(list -> list.forEach(RingFile::close));
        rings.clear();
    }

    private void serve(DextObject client, RingFile ring) {
        try {
            ring.receive();
        } catch (RingException ended) {
            Diagnostics.debug("direct ring of " + client + " ended: " + ended.getMessage());
        } finally {
            ended(client, ring);
        }
    }

    private void spin() {
        Spun[] rings;
        while (!closed && (rings = spinning).length > 0) {
            boolean read = false;
            for (Spun spun : rings) {
                try {
                    read |= spun.ring().poll(64) > 0;
                } catch (RingException ended) {
                    stopSpinning(spun);
                    ended(spun.client(), spun.ring());
                }
            }
            if (!read) {
                Thread.onSpinWait();
            }
        }
    }

    private synchronized void stopSpinning(Spun gone) {
        spinning = java.util.Arrays.stream(spinning).filter(spun -> spun != gone).toArray(Spun[]::new);
    }

    /** A ring ended: closed here, its actions aborted, forgotten. */
    private void ended(DextObject client, RingFile ring) {
        ring.close();
        final Handler handler = handlers.remove(ring);
        if (handler != null) {
            handler.abortActions();
        }
        final List<RingFile> list = rings.get(client);
        if (list != null) {
            list.remove(ring);
        }
    }

    /** Reads calls, runs them, sends replies: on the ring's reader thread. */
    private final class Handler implements org.iokit4j.ring.MessageHandler {
        /** The completion actions of this ring's async calls the driver still holds, by call. */
        private final Map<Long, org.iokit4j.mach.MachPort> actions = new ConcurrentHashMap<>();
        private final DextObject client;
        private final byte[] bytes = new byte[RING_CAPACITY];
        /** The call's copy, its reader and its reply: reused call after call (one call at a time per ring). */
        private final ByteBuffer wrapped = ByteBuffer.wrap(bytes);
        private final FrameIn in = FrameIn.wrap(wrapped);
        private final MethodReply reply = new MethodReply();
        private final FrameOut out = new FrameOut();
        private final UnsafeBuffer view = new UnsafeBuffer(0, 0);
        private volatile RingFile ring;

        Handler(DextObject client) {
            this.client = client;
        }

        /**
         * In place: the call is read straight from the ring, and consumed after its reply is sent, so the reply does
         * not wait behind the zeroing of the call's record. The handler never waits on its ring (a call runs on the
         * driver's queue; replies and completions only send).
         */
        @Override
        public boolean inPlace() {
            return true;
        }

        @Override
        public void onMessage(int type, DirectBuffer buffer, int index, int length) {
            if (type != DextProtocol.RING_CALL) {
                throw new IllegalArgumentException("a direct ring carries calls (type " + DextProtocol.RING_CALL
                        + "), not type " + type);
            }
            // every field is read out of the app's memory before anything else runs: the app could change it meanwhile
            buffer.getBytes(index, bytes, 0, Math.min(length, bytes.length));
            final FrameIn in = this.in.rewrap(wrapped.clear().limit(Math.min(length, bytes.length)));
            final long id;
            try {
                id = in.getLong();
            } catch (FrameIn.ProtocolException malformed) {
                ring.close(); // no call to answer: the app's waiting calls end with the ring
                return;
            }
            final MethodReply reply = this.reply.reset();
            final ExternalMethodEvent event = ExternalMethodEvent.beginIfEnabled();
            try {
                final MethodCall call = DextProtocol.call(in, regions);
                CallRules.run(client, call, call.isAsync() && call.wakePort() != 0 ? completion(id) : null, reply);
                CallTrace.end(event, call, reply, "ring", client.className(), client.serverName(), "direct");
            } catch (FrameIn.ProtocolException | RuntimeException malformed) {
                reply.fail(Failure.of(IOReturn.kIOReturnBadArgument, "the call on the direct ring is malformed: %s",
                        Untrusted.describe(malformed)));
            }
            DextProtocol.putReply(out.begin(DextProtocol.RING_REPLY).putLong(id), reply);
            ring.send(DextProtocol.RING_REPLY, out.wrapBody(view), 0, view.capacity());
        }

        /**
         * {@return the completion action of async call {@code id}}: a port of this process whose completions go to the
         * app over this ring; when the driver drops its last reference the app is told ({@code RING_ABORT}, reason
         * released), as the kernel tells it when a driver drops a call's action.
         */
        private org.iokit4j.mach.SendRight completion(long id) {
            final org.iokit4j.mach.MachPort port = org.iokit4j.mach.MachPort.forKernelObject(
                    (org.iokit4j.mig.CompletionTarget) (status, args, count) -> complete(id, status, args, count));
            actions.put(id, port);
            port.requestNoSenders(() -> {
                if (actions.remove(id, port)) {
                    sendSmall(DextProtocol.RING_ABORT, FrameOut.small(32).begin(DextProtocol.RING_ABORT).putLong(id)
                            .putInt(org.iokit4j.wire.ActionAbortedLayout.kAbortReasonReleased));
                }
            });
            return port.makeSend();
        }

        private Failure complete(long id, int status, long[] args, int count) {
            if (count < 0 || count > 16) {
                return Failure.of(IOReturn.kIOReturnMessageTooLarge, "asyncDataCount=%d is outside 0..16", count);
            }
            return sendSmall(DextProtocol.RING_COMPLETION, FrameOut.small(64 + 8 * count)
                    .begin(DextProtocol.RING_COMPLETION).putLong(id).putInt(status).putLongs(args, count));
        }

        /** Sends a small message from any thread; {@return {@code null}, or why not (the ring ended)} */
        private Failure sendSmall(int type, FrameOut frame) {
            final UnsafeBuffer body = frame.wrapBody(new UnsafeBuffer(0, 0));
            try {
                ring.send(type, body, 0, body.capacity());
                return null;
            } catch (RingException ended) {
                return Failure.of(IOReturn.kIOReturnNotReady, "the app's ring ended: %s", ended.getMessage());
            }
        }

        /** The ring ended or its user client went: the driver's actions see a dead name (their aborted handlers). */
        void abortActions() {
            actions.values().forEach(org.iokit4j.mach.MachPort::invalidate);
            actions.clear();
        }
    }
}
