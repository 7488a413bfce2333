package org.iokit4j.kerneld.serve;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.iokit4j.mach.MachMessage;
import org.iokit4j.mach.MachTask;
import org.iokit4j.mach.ReceiveRight;
import org.iokit4j.remote.FrameOut;
import org.iokit4j.remote.Op;

/**
 * Forwards the messages queued on an app task's receive rights to the app, over its session connection.
 *
 * <p>Each watched port's listener marks it ready; one writer thread per session takes ready ports, receives their
 * messages (rights copied out into the task, as the app's own receive would) and writes them in batches: many
 * completions cost one write. At most {@link #WINDOW} messages of a port are unacknowledged; the rest stay queued on
 * the port in the daemon, where the kernel's queue limits apply exactly as embedded ({@code MACH_SEND_NO_BUFFER} at
 * 65,534 for the kernel's sends).
 *
 * <p><b>Concurrency.</b> Thread-safe. Listeners run on the sending thread and only mark a port ready.
 */
final class MessagePump {
    /** Unacknowledged messages per port: the app's {@code Session.WINDOW}. */
    static final int WINDOW = 4096;
    private static final int BATCH_BYTES = 64 << 10;

    private final MachTask task;
    private final SocketChannel events;
    private final FrameOut out = new FrameOut();
    private final Map<Integer, Port> ports = new ConcurrentHashMap<>();
    private final LinkedBlockingQueue<Port> ready = new LinkedBlockingQueue<>();
    private final Thread writer;
    private volatile boolean stopped;

    /** A watched port: its right, whether it is queued as ready, and its unacknowledged count. */
    private static final class Port {
        final int name;
        final ReceiveRight right;
        final AtomicBoolean scheduled = new AtomicBoolean();
        /** Messages written and not yet acknowledged; guarded by {@code this}. */
        int inflight;

        Port(int name, ReceiveRight right) {
            this.name = name;
            this.right = right;
        }
    }

    MessagePump(MachTask task, SocketChannel events) {
        this.task = task;
        this.events = events;
        this.writer = Thread.ofPlatform().daemon().name("iokit4j-pump " + task.name()).unstarted(this::run);
    }

    void start() {
        writer.start();
    }

    /** Starts forwarding the messages of receive right {@code name}. */
    void watch(int name) {
        final ReceiveRight right = task.space().receiveRight(name);
        if (right == null) {
            return;
        }
        final Port port = new Port(name, right);
        ports.put(name, port);
        right.setMessageListener(() -> schedule(port));
        schedule(port);
    }

    /** Receive right {@code name} was destroyed. */
    void forget(int name) {
        ports.remove(name);
    }

    /** The app took {@code count} messages of port {@code name}. */
    void acknowledge(int name, int count) {
        final Port port = ports.get(name);
        if (port != null) {
            synchronized (port) {
                port.inflight = Math.max(0, port.inflight - count);
            }
            schedule(port);
        }
    }

    void stop() {
        stopped = true;
        writer.interrupt();
    }

    private void schedule(Port port) {
        if (!stopped && port.scheduled.compareAndSet(false, true)) {
            ready.offer(port);
        }
    }

    private void run() {
        try {
            while (!stopped) {
                Port port = ready.take();
                int frames = 0;
                do {
                    port.scheduled.set(false);
                    frames = drain(port, frames);
                    port = ready.poll();
                } while (port != null && out.size() < BATCH_BYTES);
                if (port != null) {
                    ready.offer(port); // the batch is full: still marked ready, its turn comes in the next one
                }
                if (frames > 0) {
                    out.send(events);
                }
            }
        } catch (InterruptedException | IOException stoppedOrGone) {
            // the session is ending: its connection closed, or stop() interrupted us
        }
    }

    /** Writes port's messages while its window allows; {@return the frames in the batch} */
    private int drain(Port port, int frames) {
        while (out.size() < BATCH_BYTES) {
            synchronized (port) {
                if (port.inflight >= WINDOW) {
                    return frames; // an acknowledgement will schedule it again
                }
            }
            final MachMessage message = port.right.receive();
            if (message == null) {
                return frames;
            }
            (frames++ == 0 ? out.begin(Op.MESSAGE) : out.append(Op.MESSAGE)).putInt(port.name)
                    .putInts(message.names()).putBytes(message.bytes());
            synchronized (port) {
                port.inflight++;
            }
        }
        schedule(port); // more may wait: after this batch
        return frames;
    }
}
