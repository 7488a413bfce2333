package org.iokit4j.client;

import java.util.concurrent.atomic.AtomicBoolean;
import org.iokit4j.mig.Caller;

/**
 * A registered service, held by the caller until {@link #close()}.
 *
 * <p><b>Concurrency.</b> Thread-safe; {@link #close()} is idempotent.
 */
public final class Service implements AutoCloseable {
    private final Caller caller;
    private final int name;
    private final AtomicBoolean closed = new AtomicBoolean();

    Service(Caller caller, int name) {
        this.caller = caller;
        this.name = name;
    }

    /** {@return the name of this service in the caller's port space (its {@code io_service_t})} */
    public int handle() {
        return name;
    }

    /** {@return the registry entry's name (for a dext service: its {@code IOUserClass})} */
    public String name() {
        final String[] out = new String[1];
        IOKit.check(caller.kernel().registryEntryGetName(caller.task(), name, out));
        return out[0];
    }

    /**
     * {@return a copy of property {@code key}, or {@code null} if the service has none}
     *
     * @param key the property's name.
     */
    public Object property(String key) {
        final Object[] out = new Object[1];
        IOKit.check(caller.kernel().registryEntryGetProperty(caller.task(), name, key, out));
        return out[0];
    }

    /** {@return the registry entry ID, unique for the kernel's lifetime} */
    public long registryEntryID() {
        final long[] out = new long[1];
        IOKit.check(caller.kernel().registryEntryGetID(caller.task(), name, out));
        return out[0];
    }

    /**
     * Opens a user client of {@code type} ({@code NewUserClient(type)} in the driver).
     *
     * @param type the user client type (the {@code type} the driver's {@code NewUserClient} receives).
     * @return the open connection; close it when done.
     * @throws org.iokit4j.IOReturnException e.g. {@code kIOReturnNotPermitted} for an unentitled caller.
     */
    public Connection open(int type) {
        final int[] connect = new int[1];
        IOKit.check(caller.kernel().serviceOpen(caller.task(), name, caller.task().selfName(), type, connect));
        return new Connection(caller, connect[0]);
    }

    /**
     * Calls {@code handler} on {@code port}'s queue or run loop with each message about this service
     * ({@code kIOGeneralInterest}), e.g. {@code kIOMessageServiceIsTerminated}.
     *
     * @param port    the notification port the messages arrive on.
     * @param handler runs for each message, on the port's queue.
     * @return the subscription; close it to stop.
     * @throws org.iokit4j.IOReturnException {@code kIOReturnUnsupported} if the service already terminated (XNU
     *         refuses interest in an inactive service: {@code internal_io_service_add_interest_notification},
     *         docs/notifications.md).
     */
    public Subscription onInterest(NotificationPort port, InterestHandler handler) {
        return ServiceWatchers.interest(caller, port, name, handler);
    }

    /** Releases the caller's reference ({@code IOObjectRelease}). Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            caller.kernel().portDeallocate(caller.task(), name);
        }
    }

    @Override
    public String toString() {
        return "Service[" + Integer.toHexString(name) + "]";
    }
}
