package org.iokit4j.client;

import static org.iokit4j.iokitlib.IOKitLib.IONotificationPortCreate;
import static org.iokit4j.iokitlib.IOKitLib.IONotificationPortDestroy;
import static org.iokit4j.iokitlib.IOKitLib.IONotificationPortGetMachPort;
import static org.iokit4j.iokitlib.IOKitLib.IONotificationPortGetRunLoopSource;
import static org.iokit4j.iokitlib.IOKitLib.IONotificationPortSetDispatchQueue;
import static org.iokit4j.iokitlib.IOKitLib.kIOMainPortDefault;

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
import org.iokit4j.mach.ReceiveRight;
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
 * <p>Every call waiting on the port ends: with its completion, or with {@code kIOReturnAborted} and the reason when
 * the kernel reports its completion action aborted (the driver released it without completing, the connection
 * closed, the service terminated: the kernel's private notice, which queues behind any completion the driver sent),
 * when the port is closed, or when it dies with its task. No route or future of a call outlives the call or the
 * port.
 *
 * <p><b>Concurrency.</b> Thread-safe. Completions and aborts reported by the kernel end their calls on the thread
 * delivering the port's messages, as the port's task; {@link #close()} ends the calls still waiting on the closing
 * thread. {@link #close()} is idempotent.
 */
public final class NotificationPort implements AutoCloseable {
    private final IONotificationPortRef ref;
    private final CompletionRouter router;
    private final AtomicBoolean closed = new AtomicBoolean();

    private NotificationPort(IONotificationPortRef ref, Caller caller) {
        this.ref = ref;
        this.router = CompletionRouter.register(ref);
        final ReceiveRight wake = caller.kernel().portReceiveRight(caller.task(), IONotificationPortGetMachPort(ref));
        if (wake != null) { // the port also dies with its task: end the calls waiting on it then
            wake.requestDeadName(() -> router.abortAll("the notification port died (its task ended, or"
                    + " IONotificationPortDestroy) before the driver's completion arrived"));
        }
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
        return new NotificationPort(ref, Caller.current());
    }

    /**
     * {@return a new port in {@code caller}'s task: the task whose connections will use it}
     *
     * @param caller the task to act as (a kernel and one of its tasks).
     */
    public static NotificationPort create(Caller caller) {
        return Caller.callAs(caller, NotificationPort::create);
    }

    /**
     * Delivers completions as work on {@code queue}, in arrival order; {@code null} detaches.
     *
     * @param queue the queue callbacks run on.
     * @return this port.
     */
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

    /** {@return how many Java-layer calls on this port still wait for a completion} */
    public int pendingCalls() {
        return router.pending();
    }

    /**
     * Fails every call still waiting with {@code kIOReturnAborted} and destroys the port, which frees the port's
     * registrations. Idempotent.
     */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            router.abortAll("the NotificationPort was closed before the driver's completion arrived");
            IONotificationPortDestroy(ref);
        }
    }

    @Override
    public String toString() {
        return "NotificationPort[" + ref + "]";
    }

    /**
     * Opens the route of a call about to be made.
     *
     * @param onAbort gets {@code kIOReturnAborted} and the reason if the call ends without (another) completion.
     * @param call    what the call is, for explanations.
     * @return the route's token.
     * @throws IllegalStateException if the port is closed.
     */
    long openRoute(Consumer<Completion> handler, Consumer<IOReturnException> onAbort, boolean once, String call) {
        checkOpen();
        final long token = router.open(handler, onAbort, once, call);
        if (closed.get()) { // raced with close(): it may not have seen this route
            router.close(token);
            checkOpen();
        }
        return token;
    }

    /** {@return the async reference of route {@code token}} */
    long[] reference(long token, boolean once) {
        return router.reference(token, once);
    }

    /** Forgets a route whose call failed (the caller reports the failure). */
    void closeRoute(long token) {
        router.close(token);
    }

    private void checkOpen() {
        if (closed.get()) {
            throw new IllegalStateException(this + " is closed: create a new NotificationPort");
        }
    }
}
