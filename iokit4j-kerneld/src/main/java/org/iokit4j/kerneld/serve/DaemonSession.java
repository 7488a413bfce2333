package org.iokit4j.kerneld.serve;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.iokit4j.kerneld.Peer;
import org.iokit4j.mach.MachTask;

/**
 * One app task the daemon keeps: made when the app's session connection opens, ended when it closes (the app
 * exited, crashed, or was killed: the socket closes with the process).
 *
 * <p>Ending it terminates the task in the kernel — its user clients get {@code Stop}, its mappings are unmapped,
 * its ports die so completions aimed at it are dropped and counted by the kernel — frees its shared-memory regions
 * (their files deleted) and closes its call connections.
 *
 * <p><b>Concurrency.</b> Thread-safe.
 */
final class DaemonSession {
    final long token;
    final MachTask task;
    final Peer peer;
    final SessionRegions regions = new SessionRegions();
    final MessagePump pump;
    private final Set<SocketChannel> calls = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean ended = new AtomicBoolean();

    DaemonSession(long token, MachTask task, Peer peer, SocketChannel events) {
        this.token = token;
        this.task = task;
        this.peer = peer;
        this.pump = new MessagePump(task, events);
    }

    /** A call connection joined; {@return false if the session ended meanwhile (the caller closes it)} */
    boolean join(SocketChannel call) {
        calls.add(call);
        if (ended.get()) {
            calls.remove(call);
            return false;
        }
        return true;
    }

    void leave(SocketChannel call) {
        calls.remove(call);
    }

    /** {@return whether the session has ended} */
    boolean hasEnded() {
        return ended.get();
    }

    /** Ends the task and frees what it held. Idempotent. */
    void end() {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        pump.stop();
        for (SocketChannel call : calls) {
            try {
                call.close();
            } catch (IOException ignored) {
                // the app's side is gone already
            }
        }
        task.terminate();
        regions.close();
    }

    @Override
    public String toString() {
        return "DaemonSession[" + task.name() + ", user " + peer.user() + "]";
    }
}
