package org.iokit4j.junit;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.atomic.AtomicBoolean;
import org.iokit4j.Untrusted;
import org.iokit4j.client.Connection;
import org.iokit4j.client.IOKit;
import org.iokit4j.client.NotificationPort;
import org.iokit4j.dispatch.DispatchQueue;
import org.iokit4j.mach.MachTask;
import org.iokit4j.mig.Caller;
import org.junit.jupiter.api.extension.InvocationInterceptor.Invocation;

/**
 * The task a test method (or, per class, the class's {@code @BeforeAll}/{@code @AfterAll} methods) runs as, and what
 * was opened for it: connections, its notification port and the steppable queue that port delivers on. Closing it
 * closes those (newest first) and terminates the task.
 *
 * <p><b>Concurrency.</b> Thread-safe; {@link #close()} is idempotent.
 */
final class TestTask implements AutoCloseable {
    private final KernelSession session;
    private final MachTask task;
    private final Caller caller;
    private final Deque<AutoCloseable> opened = new ArrayDeque<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private DispatchQueue queue;
    private NotificationPort port;

    TestTask(KernelSession session, MachTask task) {
        this.session = session;
        this.task = task;
        this.caller = session.kernel().caller(task);
    }

    /** {@return the kernel session the task lives in} */
    KernelSession session() {
        return session;
    }

    /** {@return the task} */
    MachTask task() {
        return task;
    }

    /** {@return the caller the test runs as} */
    Caller caller() {
        return caller;
    }

    /** Runs {@code invocation} as this task: IOKitLib's functions and {@code IOKit.system()} act in it. */
    void proceedAs(Invocation<Void> invocation) throws Throwable {
        final Throwable[] thrown = new Throwable[1];
        Caller.runAs(caller, () -> {
            try {
                invocation.proceed();
            } catch (Throwable failed) {
                thrown[0] = failed;
            }
        });
        if (thrown[0] != null) {
            throw thrown[0];
        }
    }

    /** {@return a connection to the service named {@code serviceName}, closed with the task} */
    synchronized Connection open(String serviceName, int type) {
        final Connection connection = IOKit.as(caller).open(IOKit.nameMatching(serviceName), type);
        opened.push(connection);
        return connection;
    }

    /** {@return the steppable queue the task's notification port delivers on (made on first use)} */
    synchronized DispatchQueue queue() {
        if (queue == null) {
            queue = DispatchQueue.createManual("iokit4j-junit." + task.name() + ".notifications");
            opened.push(queue);
        }
        return queue;
    }

    /** {@return the task's notification port, delivering on {@link #queue()} (made on first use)} */
    synchronized NotificationPort port() {
        if (port == null) {
            port = NotificationPort.create(caller).dispatchOn(queue());
            opened.push(port);
        }
        return port;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        synchronized (this) {
            while (!opened.isEmpty()) {
                final AutoCloseable resource = opened.pop();
                try {
                    resource.close();
                } catch (Throwable thrown) { // one that fails to close must not keep the others open
                    Untrusted.caught("closing " + resource + " after the test", org.iokit4j.IOReturn.kIOReturnError,
                            thrown);
                }
            }
        }
        task.terminate();
    }

    @Override
    public String toString() {
        return "TestTask[" + task.name() + " in " + session.kernel().name() + "]";
    }
}
