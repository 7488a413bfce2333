package org.iokit4j.client;

import static org.iokit4j.iokitlib.IOKitLib.IONotificationPortCreate;
import static org.iokit4j.iokitlib.IOKitLib.IONotificationPortDestroy;
import static org.iokit4j.iokitlib.IOKitLib.IONotificationPortGetMachPort;
import static org.iokit4j.iokitlib.IOKitLib.IONotificationPortGetRunLoopSource;
import static org.iokit4j.iokitlib.IOKitLib.IONotificationPortSetDispatchQueue;
import static org.iokit4j.iokitlib.IOKitLib.kIOMainPortDefault;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.iokit4j.Diagnostics;
import org.iokit4j.Failure;
import org.iokit4j.IOReturn;
import org.iokit4j.IOReturnException;
import org.iokit4j.dispatch.DispatchQueue;
import org.iokit4j.iokitlib.CFRunLoopSource;
import org.iokit4j.iokitlib.IONotificationPortRef;
import org.iokit4j.iokitlib.NotificationCounters;
import org.iokit4j.mig.Caller;

/**
 * Where a task's async completions arrive: a notification port, attached to a dispatch queue or a run loop.
 *
 * {@snippet :
 * try (NotificationPort port = NotificationPort.create().dispatchOn(DispatchQueue.create("completions"));
 *      Connection echo = IOKit.system().open(IOKit.nameMatching("EchoDriver"))) {
 *     Completion done = echo.call(kMethodStart).scalars(42).invokeAsync(port).get(10, TimeUnit.SECONDS);
 * }
 * }
 *
 * <p>The Java face of {@link IONotificationPortRef}: the same port and dispatcher, plus the routes of the Java
 * layer's pending calls ({@link MethodCallBuilder#invokeAsync(NotificationPort)}). Completions run their handlers
 * on the attached queue, or on the thread running a run loop the {@link #runLoopSource()} was added to; until the
 * port is attached to one of them, completions wait on the port.
 *
 * <p><b>Concurrency.</b> Thread-safe. {@link #close()} is idempotent: it fails the futures still waiting with
 * {@code kIOReturnAborted} and destroys the port.
 */
public final class NotificationPort implements AutoCloseable {
    private final IONotificationPortRef ref;
    private final Set<Long> routes = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean closed = new AtomicBoolean();

    private NotificationPort(IONotificationPortRef ref) {
        this.ref = ref;
    }

    /**
     * {@return a new port in the calling thread's task}
     *
     * @throws IOReturnException if no receive right could be allocated.
     */
    public static NotificationPort create() {
        final IONotificationPortRef ref = IONotificationPortCreate(kIOMainPortDefault);
        if (ref == null) {
            final Failure why = Diagnostics.lastFailure();
            throw new IOReturnException(why != null ? why
                    : Failure.of(IOReturn.kIOReturnNoResources, "IONotificationPortCreate returned NULL"));
        }
        return new NotificationPort(ref);
    }

    /** {@return a new port in {@code caller}'s task: the task whose connections will use it} */
    public static NotificationPort create(Caller caller) {
        return Caller.callAs(caller, NotificationPort::create);
    }

    /** Delivers completions as work on {@code queue}, in arrival order; {@code null} detaches. */
    public NotificationPort dispatchOn(DispatchQueue queue) {
        checkOpen();
        IONotificationPortSetDispatchQueue(ref, queue);
        return this;
    }

    /** {@return the run loop source (always the same one): add it to a run loop to deliver there} */
    public CFRunLoopSource runLoopSource() {
        checkOpen();
        return IONotificationPortGetRunLoopSource(ref);
    }

    /** {@return the wake port name, for faithful async calls} */
    public int machPort() {
        return IONotificationPortGetMachPort(ref);
    }

    /** {@return the faithful port underneath} */
    public IONotificationPortRef ref() {
        return ref;
    }

    /** {@return what the port did with its messages so far} */
    public NotificationCounters counters() {
        return ref.counters();
    }

    /** {@return whether {@link #close()} was called} */
    public boolean isClosed() {
        return closed.get();
    }

    /** Fails every call still waiting with {@code kIOReturnAborted} and destroys the port. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            for (Long token : routes) {
                routes.remove(token);
                CompletionRouter.ROUTER.close(token, true);
            }
            IONotificationPortDestroy(ref);
        }
    }

    @Override
    public String toString() {
        return "NotificationPort[" + ref + "]";
    }

    long openRoute(Consumer<Completion> handler, Runnable onAbort, boolean once) {
        checkOpen();
        final long token = CompletionRouter.ROUTER.open(this, handler, onAbort, once);
        routes.add(token);
        if (closed.get() && routes.remove(token)) { // raced with close(): it may not have seen this route
            CompletionRouter.ROUTER.close(token, false);
            checkOpen();
        }
        return token;
    }

    void closeRoute(long token) {
        routes.remove(token);
        CompletionRouter.ROUTER.close(token, false);
    }

    void forget(long token) {
        routes.remove(token);
    }

    private void checkOpen() {
        if (closed.get()) {
            throw new IllegalStateException(this + " is closed: create a new NotificationPort");
        }
    }
}
