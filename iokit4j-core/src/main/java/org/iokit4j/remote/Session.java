package org.iokit4j.remote;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.iokit4j.Failure;
import org.iokit4j.IOReturn;
import org.iokit4j.IOReturnException;
import org.iokit4j.mach.MachMessage;

/**
 * A task's life in the kernel daemon, seen from the app: the session connection the daemon ended the task on, the
 * call connections routines travel over, and the task's receive rights.
 *
 * <p>The session connection is the task: the daemon makes the task when it opens and ends it (its user clients
 * stopped, its mappings and files freed, completions to it dropped) when it closes, whichever side closes it, a
 * crash included. A reader thread takes the daemon's pushed messages off it into {@link Mailbox}es.
 *
 * <p>When the daemon goes away the session dies: every receive right dies (so waiting Java-layer calls fail), the
 * call in flight fails, and routines answer {@link #failure()} until a new session is made.
 *
 * <p><b>Concurrency.</b> Thread-safe.
 */
final class Session {
    /** How many messages of one port the daemon pushes before it waits for an acknowledgement. */
    static final int WINDOW = 4096;

    final Path socket;
    final long token;
    final int selfName;
    final ClientRegions regions;
    final Staging staging = new Staging();
    private final String taskName;
    private final SocketChannel events;
    private final FrameOut acks = new FrameOut();
    private final ConcurrentLinkedQueue<CallChannel> idle = new ConcurrentLinkedQueue<>();
    private final ConcurrentHashMap<Integer, Mailbox> ports = new ConcurrentHashMap<>();
    /** The direct paths of this task's connections, by connection name. */
    final ConcurrentHashMap<Integer, DirectChannel> direct = new ConcurrentHashMap<>();
    /** Calls the direct paths carried. */
    final java.util.concurrent.atomic.LongAdder directCalls = new java.util.concurrent.atomic.LongAdder();
    private volatile Failure death;

    private Session(Path socket, String taskName, SocketChannel events, long token, int selfName) {
        this.socket = socket;
        this.taskName = taskName;
        this.events = events;
        this.token = token;
        this.selfName = selfName;
        this.regions = new ClientRegions(this);
    }

    /**
     * Connects to the daemon at {@code socket} and makes a task named {@code taskName} there.
     *
     * @throws IOReturnException {@code kIOReturnNotReady} if no daemon answers there, {@code kIOReturnNotPrivileged}
     *                           if it refuses this process, both with the daemon's or the system's reason.
     */
    static Session open(Path socket, String taskName) {
        final SocketChannel channel = connect(socket);
        try {
            final FrameOut out = new FrameOut().begin(Op.HELLO_SESSION).putString(taskName)
                    .putLong(ProcessHandle.current().pid());
            out.send(channel);
            final FrameIn in = new FrameIn();
            in.next(channel);
            final Failure refused = Replies.failure(in);
            if (refused != null) {
                throw new IOReturnException(refused);
            }
            final Session session = new Session(socket, taskName, channel, in.getLong(), in.getInt());
            Thread.ofPlatform().daemon().name("iokit4j-session " + taskName).start(() -> session.read(in));
            return session;
        } catch (IOException broken) {
            closeQuietly(channel);
            throw new IOReturnException(Failure.of(IOReturn.kIOReturnNotReady, "the kernel daemon at %s closed the"
                    + " connection while making task '%s': %s", socket, taskName, broken.getMessage()));
        } catch (RuntimeException refused) {
            closeQuietly(channel);
            throw refused;
        }
    }

    /** {@return why the session is over, or {@code null} while it lives} */
    Failure failure() {
        return death;
    }

    /**
     * {@return an idle call connection, opening one if none is idle} Give it back with {@link #release}, or
     * {@link #broken} if it failed.
     *
     * @throws IOReturnException if the session is over or a new connection is refused.
     */
    CallChannel take() {
        final CallChannel idleChannel = idle.poll();
        if (idleChannel != null) {
            return idleChannel;
        }
        final Failure over = death;
        if (over != null) {
            throw new IOReturnException(over);
        }
        final SocketChannel channel = connect(socket);
        final CallChannel call = new CallChannel(channel);
        try {
            call.out.begin(Op.HELLO_CALLS).putLong(token);
            call.call();
            final Failure refused = Replies.failure(call.in);
            if (refused != null) {
                throw new IOReturnException(refused);
            }
            return call;
        } catch (IOException broken) {
            call.close();
            throw new IOReturnException(Failure.of(IOReturn.kIOReturnNotReady, "the kernel daemon at %s closed a new"
                    + " call connection of task '%s': %s", socket, taskName, broken.getMessage()));
        } catch (RuntimeException refused) {
            call.close();
            throw refused;
        }
    }

    /** Gives back a call connection whose routine completed. */
    void release(CallChannel channel) {
        if (death == null) {
            idle.add(channel);
        } else {
            channel.close();
        }
    }

    /**
     * A call connection failed mid-routine: it is closed; {@return the routine's failure} The daemon either went
     * away (the session dies with it) or broke the protocol.
     */
    Failure broken(CallChannel channel, String routine, IOException cause) {
        channel.close();
        final Failure over = death;
        if (over != null) {
            return over;
        }
        return Failure.of(IOReturn.kIOReturnIPCError, "%s: the connection to the kernel daemon at %s failed: %s",
                routine, socket, cause.getMessage());
    }

    /**
     * Runs one routine: its request on a call connection of this session, the reply's code, then (on success) its
     * outputs. {@return {@code null} or the failure} Never throws: a refused or broken connection, or an output this
     * side refuses ({@code response} throwing {@link IOReturnException}), is the routine's failure.
     */
    Failure call(String routine, int op, RemoteKernel.Request request, RemoteKernel.Response response) {
        final CallChannel channel;
        try {
            channel = take();
        } catch (IOReturnException unreachable) {
            return unreachable.failure();
        }
        try {
            request.put(channel.out.begin(op));
            channel.call();
            final Failure failure = Replies.failure(channel.in);
            if (failure == null) {
                response.get(channel.in);
            }
            release(channel);
            return failure;
        } catch (IOException broken) {
            return broken(channel, routine, broken);
        } catch (IllegalArgumentException unsendable) { // a value FrameOut cannot carry: nothing was sent
            release(channel);
            return Failure.of(IOReturn.kIOReturnBadArgument, "%s: %s", routine, unsendable.getMessage());
        } catch (IOReturnException refused) { // e.g. a region this side cannot map: the next frame skips the rest
            release(channel);
            return refused.failure();
        }
    }

    /** Gives region {@code id} back to the daemon (it deletes the file) and unmaps it here; {@return the failure} */
    Failure releaseRegion(long id) {
        regions.unmap(id);
        return call("region release", Op.SHARED_RELEASE, out -> out.putLong(id), in -> { });
    }

    /** A new receive right {@code name}: the daemon now pushes its messages. */
    Mailbox addPort(int name) {
        final Mailbox mailbox = new Mailbox(this, name);
        ports.put(name, mailbox);
        if (death != null) {
            mailbox.die();
        }
        return mailbox;
    }

    Mailbox port(int name) {
        return ports.get(name);
    }

    /** The receive right {@code name} was destroyed: its mailbox dies. */
    void removePort(int name) {
        final Mailbox mailbox = ports.remove(name);
        if (mailbox != null) {
            mailbox.die();
        }
    }

    /** Tells the daemon that {@code count} more messages of port {@code name} were taken. */
    void acknowledge(int name, int count) {
        if (death != null) {
            return;
        }
        synchronized (acks) {
            try {
                acks.begin(Op.MESSAGE_ACK).putInt(name).putInt(count).send(events);
            } catch (IOException broken) {
                die("writing to the kernel daemon failed: " + broken.getMessage());
            }
        }
    }

    /**
     * Gives back the names a message for a destroyed port brought (as the dispatcher would after delivering it), on
     * a virtual thread of its own: the reader must not wait for a call.
     */
    private void giveBack(int[] names) {
        Thread.ofVirtual().name("iokit4j-give-back").start(() -> {
            for (int name : names) {
                if (name != 0 && death == null) { // a name gone already needs nothing more
                    call("mach_port_deallocate", Op.PORT_DEALLOCATE, out -> out.putInt(name), in -> { });
                }
            }
        });
    }

    /** Ends the session from this side: the daemon ends the task. Idempotent. */
    void close() {
        die("the task was terminated");
    }

    private void read(FrameIn in) {
        String why = "the kernel daemon closed the connection";
        try {
            while (true) {
                final int op = in.next(events);
                if (op != Op.MESSAGE) {
                    throw new FrameIn.ProtocolException("op " + op + " on the session connection");
                }
                final int port = in.getInt();
                final int[] names = in.getInts();
                final byte[] bytes = in.getBytes();
                final Mailbox mailbox = ports.get(port);
                if (mailbox != null && bytes != null) {
                    staging.beforeDelivery(port, bytes);
                    mailbox.offer(MachMessage.received(bytes, names == null ? new int[0] : names));
                } else if (names != null && names.length > 0) {
                    giveBack(names); // pushed before the port was destroyed: its rights must not stay in the task
                }
            }
        } catch (java.io.EOFException | java.nio.channels.ClosedChannelException closed) {
            // the daemon went away, or close() closed the connection: why says which
        } catch (IOException | RuntimeException broken) {
            why = "the connection to the kernel daemon failed: " + broken;
        } finally {
            die(why);
        }
    }

    private void die(String why) {
        synchronized (this) {
            if (death != null) {
                return;
            }
            death = Failure.of(IOReturn.MACH_SEND_INVALID_DEST, "task '%s' ended in the kernel daemon at %s: %s."
                    + " Its names, connections and notification ports are gone; look the service up and open it"
                    + " again (a new IOServiceOpen reaches a restarted daemon)", taskName, socket, why);
        }
        closeQuietly(events);
        CallChannel channel;
        while ((channel = idle.poll()) != null) {
            channel.close();
        }
        ports.values().forEach(Mailbox::die);
        ports.clear();
        direct.values().forEach(DirectChannel::close);
        direct.clear();
        staging.clear();
        regions.close();
    }

    private static SocketChannel connect(Path socket) {
        SocketChannel channel = null;
        try {
            channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            channel.connect(UnixDomainSocketAddress.of(socket));
            checkDaemonUser(channel, socket);
            final Greeting greeting = Greeting.read(channel);
            if (greeting.status() != 0) {
                throw new IOReturnException(new Failure(greeting.status(), "the kernel daemon at " + socket
                        + " refused this process: " + greeting.explanation()));
            }
            return channel;
        } catch (IOException unreachable) {
            closeQuietly(channel);
            throw new IOReturnException(Failure.of(IOReturn.kIOReturnNotReady, "no kernel daemon answers at %s (%s):"
                    + " start one with scripts/kerneld.sh, or unset iokit4j.kernel / IOKIT4J_KERNEL to run embedded",
                    socket, unreachable.getMessage() == null ? unreachable.getClass().getSimpleName()
                            : unreachable.getMessage()));
        } catch (RuntimeException refused) {
            closeQuietly(channel);
            throw refused;
        }
    }

    /**
     * Refuses a daemon that runs as another user: a socket path another user could have made first (a shared
     * temporary directory) must not receive this app's calls and memory.
     *
     * @throws IOReturnException {@code kIOReturnNotPrivileged} naming both users.
     */
    private static void checkDaemonUser(SocketChannel channel, Path socket) throws IOException {
        final String daemon = channel.getOption(jdk.net.ExtendedSocketOptions.SO_PEERCRED).user().getName();
        final String self = selfUser();
        if (!daemon.equals(self)) {
            throw new IOReturnException(Failure.of(IOReturn.kIOReturnNotPrivileged, "the process serving %s runs as"
                    + " user %s, not as this app's user %s: an app talks only to a kernel daemon of its own user",
                    socket, daemon, self));
        }
    }

    /** {@return this process's user, named as SO_PEERCRED names the daemon's (the owner of /proc/self on Linux)} */
    private static String selfUser() {
        try {
            return java.nio.file.Files.getOwner(Path.of("/proc/self")).getName();
        } catch (IOException | UnsupportedOperationException noProc) {
            return System.getProperty("user.name");
        }
    }

    private static void closeQuietly(SocketChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing more to free
            }
        }
    }

    @Override
    public String toString() {
        return "Session[" + taskName + " @ " + socket + "]";
    }
}
