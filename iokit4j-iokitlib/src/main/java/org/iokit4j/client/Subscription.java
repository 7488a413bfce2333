package org.iokit4j.client;

import java.util.concurrent.atomic.AtomicBoolean;
import org.iokit4j.iokitlib.IOKitLib;
import org.iokit4j.mig.Caller;

/**
 * An installed matching or interest notification (Java layer): closing it removes the notification, as
 * {@code IOObjectRelease} on the notification object does.
 *
 * <p><b>Concurrency.</b> Thread-safe; {@link #close()} is idempotent and may be called from a handler.
 */
public final class Subscription implements AutoCloseable {
    private final Caller caller;
    private final int notification;
    private final long token;
    private final AtomicBoolean closed = new AtomicBoolean();

    Subscription(Caller caller, int notification, long token) {
        this.caller = caller;
        this.notification = notification;
        this.token = token;
    }

    /** {@return the notification object's name in the caller's task (its {@code io_object_t})} */
    public int handle() {
        return notification;
    }

    /** {@return whether {@link #close()} was called} */
    public boolean isClosed() {
        return closed.get();
    }

    /** Removes the notification: no handler runs for it afterwards. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            ServiceWatchers.forget(token);
            Caller.runAs(caller, () -> IOKitLib.IOObjectRelease(notification));
        }
    }

    @Override
    public String toString() {
        return "Subscription[" + Integer.toHexString(notification) + (closed.get() ? ", closed]" : "]");
    }
}
