package org.iokit4j.remote;

import java.nio.file.Path;
import org.iokit4j.IOReturnException;
import org.iokit4j.mach.TaskHandle;

/**
 * A task that lives in the kernel daemon: the handle an app holds, and its current {@link Session}.
 *
 * <p>The session is made on the first routine and again on the first routine after it ended (the daemon went away
 * and came back): the new task has new names, so names from before fail as they would after a reboot, and the app
 * looks its services up again.
 *
 * <p><b>Concurrency.</b> Thread-safe.
 */
final class RemoteTask implements TaskHandle {
    private final Path socket;
    private final String name;
    private volatile Session session;
    private volatile boolean terminated;

    RemoteTask(Path socket, String name) {
        this.socket = socket;
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    /** {@inheritDoc} 0 while the task has no session (the daemon cannot be reached). */
    @Override
    public int selfName() {
        try {
            return session().selfName;
        } catch (IOReturnException unreachable) {
            return 0;
        }
    }

    /**
     * {@return the live session, making one if there is none}
     *
     * @throws IOReturnException if the daemon cannot be reached or refuses, or the task was terminated.
     */
    Session session() {
        final Session current = session;
        if (current != null && current.failure() == null) {
            return current;
        }
        synchronized (this) {
            if (terminated) {
                throw new IOReturnException(org.iokit4j.IOReturn.MACH_SEND_INVALID_DEST, "task '" + name
                        + "' was terminated");
            }
            if (session == null || session.failure() != null) {
                session = Session.open(socket, name);
            }
            return session;
        }
    }

    /** {@return the current session, live or not, without connecting; {@code null} if none was made} */
    Session existing() {
        return session;
    }

    /** Ends the task: the daemon ends its side when the session closes. */
    void terminate() {
        final Session current;
        synchronized (this) {
            terminated = true;
            current = session;
        }
        if (current != null) {
            current.close();
        }
    }

    @Override
    public String toString() {
        return "RemoteTask[" + name + " @ " + socket + "]";
    }
}
