package org.iokit4j.dispatch;

import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.iokit4j.Diagnostics;

/**
 * A serial dispatch queue: work items run one at a time, in the order they were submitted.
 *
 * <p>Two kinds exist. {@link #create(String)} makes a queue with its own worker thread, started on first use,
 * that spins briefly and then parks when there is nothing to do (so an idle queue costs no CPU).
 * {@link #createManual(String)} makes a queue that runs work only when somebody calls {@link #runOne()} or
 * {@link #drain()}: tests step it by hand and need no sleeps. {@link #main()} is a manual queue that the main
 * thread's run loop services, as on Apple's systems.
 *
 * <p>{@link #sync(Runnable)} runs the work on the <em>caller's</em> thread when the queue is idle, as
 * libdispatch does for {@code dispatch_sync}: no thread hand-off, no wake-up. When the queue is busy the caller
 * waits for its turn. Calling {@code sync} on the queue the caller is already running on would deadlock; it
 * throws {@link IllegalStateException} with an explanation instead.
 *
 * <p>Work submitted with {@link #async(Runnable)} that throws does not kill the queue: the exception is counted
 * ({@link #failures()}), logged, and the next item runs.
 *
 * <p><b>Concurrency.</b> All methods are thread-safe. Items run with happens-before edges from their
 * submission and between consecutive items; an item never runs concurrently with another item of the same queue.
 */
public final class DispatchQueue implements AutoCloseable {
    /**
     * How long a waiting thread spins before it parks: longer than a typical hand-off (a few µs), far shorter than
     * a park and wake-up on these VMs (~100 µs, platform.md §3b), so an idle queue costs no CPU after 50 µs.
     */
    static final long SPIN_NANOS = 50_000;

    private static final ThreadLocal<DispatchQueue> CURRENT = new ThreadLocal<>();
    private static final DispatchQueue MAIN = new DispatchQueue("com.apple.main-thread", false);

    private final String label;
    private final boolean hasWorker;
    private final ConcurrentLinkedQueue<Runnable> pending = new ConcurrentLinkedQueue<>();
    private final AtomicReference<Thread> owner = new AtomicReference<>();
    private final AtomicLong failures = new AtomicLong();
    private volatile Runnable wakeListener;
    private volatile Thread worker;
    private volatile boolean workerParked;
    private volatile boolean closed;

    private DispatchQueue(String label, boolean hasWorker) {
        this.label = Objects.requireNonNull(label, "label");
        this.hasWorker = hasWorker;
    }

    /** {@return a new serial queue with its own worker thread, started on first use} */
    public static DispatchQueue create(String label) {
        return new DispatchQueue(label, true);
    }

    /** {@return a new serial queue that runs work only when {@link #runOne()} or {@link #drain()} is called} */
    public static DispatchQueue createManual(String label) {
        return new DispatchQueue(label, false);
    }

    /** {@return the main queue: a manual queue serviced by the main thread's run loop or by {@link #drain()}} */
    public static DispatchQueue main() {
        return MAIN;
    }

    /** {@return the queue whose work the calling thread is running, or {@code null}} */
    public static DispatchQueue current() {
        return CURRENT.get();
    }

    /** {@return the label given at creation} */
    public String label() {
        return label;
    }

    /** {@return whether the calling thread is running an item of this queue} */
    public boolean isCurrent() {
        return owner.get() == Thread.currentThread();
    }

    /** {@return how many async items threw since the queue was created} */
    public long failures() {
        return failures.get();
    }

    /** {@return whether {@link #close()} was called} */
    public boolean isClosed() {
        return closed;
    }

    /**
     * Sets a listener run (on the submitting thread) whenever work arrives, so a run loop can wake up for it.
     * Used by {@code CFRunLoop} to service the main queue; {@code null} removes it.
     */
    public void setWakeListener(Runnable listener) {
        this.wakeListener = listener;
    }

    /**
     * Submits {@code work} to run after everything submitted before it, and returns at once.
     *
     * @throws IllegalStateException if the queue is closed.
     */
    public void async(Runnable work) {
        Objects.requireNonNull(work, "work");
        if (closed) {
            throw new IllegalStateException("DispatchQueue '" + label + "' is closed: async work is refused");
        }
        pending.offer(work);
        if (closed && hasWorker && pending.remove(work)) {
            // close() raced with this call and the worker may already have stopped: refuse rather than strand it
            throw new IllegalStateException("DispatchQueue '" + label + "' is closed: async work is refused");
        }
        signal();
    }

    /**
     * Runs {@code work} on this queue and waits for it; on the caller's own thread when the queue is idle.
     * An exception thrown by {@code work} propagates to the caller.
     *
     * @throws IllegalStateException if the caller is already running on this queue (that would deadlock), or the
     *                               queue is closed.
     */
    public void sync(Runnable work) {
        Objects.requireNonNull(work, "work");
        final Thread me = Thread.currentThread();
        if (owner.get() == me) {
            throw new IllegalStateException("DispatchQueue.sync onto '" + label + "' from work already running on '"
                    + label + "' would deadlock (libdispatch crashes here): a serial queue cannot wait for itself."
                    + " Call the work directly, or use async.");
        }
        if (closed) {
            throw new IllegalStateException("DispatchQueue '" + label + "' is closed: sync work is refused");
        }
        if ((pending.isEmpty() || !hasWorker) && owner.compareAndSet(null, me)) {
            runOwned(work, true);
            return;
        }
        final SyncItem item = new SyncItem(work, me);
        pending.offer(item);
        signal();
        item.await();
    }

    /** Like {@link #sync(Runnable)}, returning the supplier's value. */
    public <T> T sync(Supplier<T> work) {
        final Object[] result = new Object[1];
        // the cast picks sync(Runnable): an assignment lambda also fits Supplier, which would recurse forever
        sync((Runnable) () -> result[0] = work.get());
        @SuppressWarnings("unchecked") final T value = (T) result[0];
        return value;
    }

    /**
     * Runs the oldest pending item on the calling thread, if the queue is idle and has one.
     *
     * @return whether an item ran.
     */
    public boolean runOne() {
        final Thread me = Thread.currentThread();
        if (owner.get() == me || !owner.compareAndSet(null, me)) {
            return false;
        }
        final DispatchQueue previous = CURRENT.get();
        CURRENT.set(this);
        try {
            final Runnable item = pending.poll();
            if (item == null) {
                return false;
            }
            runItem(item);
            return true;
        } finally {
            CURRENT.set(previous);
            owner.set(null);
        }
    }

    /**
     * Runs pending items on the calling thread until none is left (items submitted meanwhile included).
     *
     * @return how many items ran.
     */
    public int drain() {
        int ran = 0;
        while (runOne()) {
            ran++;
        }
        return ran;
    }

    /** {@return whether work is waiting to run} */
    public boolean hasPending() {
        return !pending.isEmpty();
    }

    /**
     * Refuses new work, lets the worker finish what is pending, and stops it. Idempotent.
     * A manual queue keeps its pending items for {@link #drain()}.
     */
    @Override
    public void close() {
        closed = true;
        signal();
    }

    @Override
    public String toString() {
        return "DispatchQueue[" + label + "]";
    }

    private void runOwned(Runnable work, boolean propagate) {
        final DispatchQueue previous = CURRENT.get();
        CURRENT.set(this);
        try {
            if (!hasWorker) {
                Runnable earlier;
                while ((earlier = pending.poll()) != null) {
                    runItem(earlier);
                }
            }
            if (propagate) {
                work.run();
            } else {
                runItem(work);
            }
        } finally {
            CURRENT.set(previous);
            owner.set(null);
            if (!pending.isEmpty()) {
                signal();
            }
        }
    }

    private void runItem(Runnable item) {
        try {
            item.run();
        } catch (VirtualMachineError fatal) {
            throw fatal;
        } catch (Throwable thrown) {
            failures.incrementAndGet();
            Diagnostics.warn("work on DispatchQueue '" + label + "' threw " + thrown
                    + "; the queue goes on with its next item");
        }
    }

    private void signal() {
        if (!hasWorker) {
            final Runnable listener = wakeListener;
            if (listener != null) {
                listener.run();
            }
            return;
        }
        Thread w = worker;
        if (w == null) {
            synchronized (this) {
                w = worker;
                if (w == null) {
                    if (closed) {
                        return;
                    }
                    w = Thread.ofPlatform().daemon().name("dispatch:" + label).unstarted(this::workerLoop);
                    worker = w;
                    w.start();
                    return;
                }
            }
        }
        if (workerParked) {
            java.util.concurrent.locks.LockSupport.unpark(w);
        }
    }

    private void workerLoop() {
        final Thread me = Thread.currentThread();
        long idleSince = System.nanoTime();
        while (true) {
            if (!pending.isEmpty() && owner.compareAndSet(null, me)) {
                final DispatchQueue previous = CURRENT.get();
                CURRENT.set(this);
                try {
                    Runnable item;
                    while ((item = pending.poll()) != null) {
                        runItem(item);
                    }
                } finally {
                    CURRENT.set(previous);
                    owner.set(null);
                }
                idleSince = System.nanoTime();
                continue;
            }
            if (closed && pending.isEmpty()) {
                return;
            }
            if (System.nanoTime() - idleSince < SPIN_NANOS) {
                Thread.onSpinWait();
                continue;
            }
            workerParked = true;
            if (pending.isEmpty() && !closed) {
                java.util.concurrent.locks.LockSupport.park(this);
            }
            workerParked = false;
            idleSince = System.nanoTime();
        }
    }

    /** A {@code sync} item that had to wait for the worker: runs there, then wakes its caller. */
    private static final class SyncItem implements Runnable {
        private final Runnable work;
        private final Thread caller;
        private volatile boolean done;
        private Throwable thrown;

        SyncItem(Runnable work, Thread caller) {
            this.work = work;
            this.caller = caller;
        }

        @Override
        public void run() {
            try {
                work.run();
            } catch (Throwable t) {
                thrown = t;
            } finally {
                done = true;
                java.util.concurrent.locks.LockSupport.unpark(caller);
            }
        }

        void await() {
            final long start = System.nanoTime();
            while (!done) {
                if (System.nanoTime() - start < SPIN_NANOS) {
                    Thread.onSpinWait();
                } else {
                    java.util.concurrent.locks.LockSupport.park(this);
                }
            }
            if (thrown instanceof RuntimeException e) {
                throw e;
            }
            if (thrown instanceof Error e) {
                throw e;
            }
            if (thrown != null) {
                throw new IllegalStateException(thrown);
            }
        }
    }
}
