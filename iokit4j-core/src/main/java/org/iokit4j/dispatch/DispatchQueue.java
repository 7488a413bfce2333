package org.iokit4j.dispatch;

import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.iokit4j.IOReturn;
import org.iokit4j.Untrusted;

/**
 * A serial dispatch queue: work items run one at a time, in the order they were submitted.
 *
 * <p>Three kinds exist. {@link #create(String)} makes a queue with its own worker thread, started on first use,
 * that spins briefly and then parks when there is nothing to do (so an idle queue costs no CPU).
 * {@link #createManual(String)} makes a queue that runs work only when somebody calls {@link #runOne()} or
 * {@link #drain()}: tests step it by hand and need no sleeps. {@link #main()} is the manual queue of the main
 * thread, serviced by the main thread's run loop (or by whoever drains it), as on Apple's systems.
 *
 * <p>{@link #sync(Runnable)} runs the work on the <em>caller's</em> thread when the queue is idle, as
 * libdispatch does for {@code dispatch_sync}: no thread hand-off, no wake-up. When the queue is busy the caller
 * waits for its turn and the work runs on the thread servicing the queue. Calling {@code sync} on the queue the
 * caller is already running on would deadlock; it throws {@link IllegalStateException} with an explanation instead.
 *
 * <p>Work submitted with {@link #async(Runnable)} is untrusted: whatever it throws, {@link Error}s included, is
 * caught by {@link Untrusted}, counted ({@link #failures()}) and logged, and the next item runs. No item can kill
 * the worker.
 *
 * <p><b>Concurrency.</b> All methods are thread-safe. The threading contract:
 * <ul>
 *   <li><em>Who runs what.</em> At most one thread at a time <em>holds</em> the queue and runs its items: the
 *       worker, a {@code sync} caller on the idle fast path, or a thread in {@link #runOne()} / {@link #drain()}.
 *       An item never runs concurrently with another item of the same queue.</li>
 *   <li><em>Happens-before.</em> Submitting an item happens-before it runs; each item happens-before the next;
 *       a {@code sync} item happens-before its {@code sync} call returns (or throws).</li>
 *   <li><em>Order.</em> Items run in submission order; a {@code sync} on a busy queue runs after everything
 *       submitted before it. For a manual queue, a {@code sync} on the caller's thread first runs what is pending.
 *       </li>
 *   <li><em>Waiting.</em> A thread that must wait (a {@code sync} behind other work; the worker when idle or while
 *       a {@code sync} caller holds the queue) spins for at most {@value #SPIN_NANOS} ns and then parks; it never
 *       spins for longer, even when interrupted (an interrupt is kept and re-asserted when {@code sync} returns).
 *       </li>
 *   <li><em>Closing.</em> {@link #close()} refuses new work at once; every item accepted before (including one
 *       racing with the close) runs, then the worker stops. A submission either runs or is refused with
 *       {@link IllegalStateException}: none is stranded.</li>
 *   <li><em>Entering.</em> {@link #sync(Runnable, Runnable)} tells its caller the moment its work has a place in
 *       the queue's order, so a caller can fence later submissions behind it without a lock.</li>
 * </ul>
 */
public final class DispatchQueue implements AutoCloseable {
    /**
     * How long a waiting thread spins before it parks: longer than a typical hand-off (a few µs), far shorter than
     * a park and wake-up on these VMs (~100 µs, platform.md §3b), so an idle queue costs no CPU after 50 µs.
     */
    static final long SPIN_NANOS = 50_000;

    private static final ThreadLocal<DispatchQueue> CURRENT = new ThreadLocal<>();
    private static final DispatchQueue MAIN = new DispatchQueue("com.apple.main-thread", Kind.MAIN);

    /** Who services the queue. */
    private enum Kind { WORKER, MANUAL, MAIN }

    private final String label;
    private final Kind kind;
    private final ConcurrentLinkedQueue<Runnable> pending = new ConcurrentLinkedQueue<>();
    /** The thread holding the queue (running its items), or {@code null}. */
    private final AtomicReference<Thread> owner = new AtomicReference<>();
    private final AtomicLong failures = new AtomicLong();
    private volatile Runnable wakeListener;
    private volatile Thread worker;
    private volatile boolean workerParked;
    private volatile boolean closed;
    /** Set by the worker as it stops for good; a submitter that then finds its item still queued takes it back. */
    private volatile boolean retired;

    private DispatchQueue(String label, Kind kind) {
        this.label = Objects.requireNonNull(label, "label");
        this.kind = kind;
    }

    /**
     * {@return a new serial queue with its own worker thread, started on first use}
     *
     * @param label the queue's name, in thread names and explanations.
     */
    public static DispatchQueue create(String label) {
        return new DispatchQueue(label, Kind.WORKER);
    }

    /**
     * {@return a new serial queue that runs work only when {@link #runOne()} or {@link #drain()} is called}
     *
     * @param label the queue's name, in thread names and explanations.
     */
    public static DispatchQueue createManual(String label) {
        return new DispatchQueue(label, Kind.MANUAL);
    }

    /**
     * {@return the main queue: a manual queue serviced by the main thread's run loop or by {@link #drain()}} A
     * {@code sync} onto it from any thread but the main thread waits until whoever services it runs the work, as
     * {@code dispatch_sync(dispatch_get_main_queue(), …)} waits for the main thread.
     */
    public static DispatchQueue main() {
        return MAIN;
    }

    /**
     * {@return whether {@code thread} is the process's main thread} (the platform thread named {@code main} in the
     * {@code main} thread group: the one that ran {@code public static void main}).
     *
     * @param thread a thread.
     */
    public static boolean isMainThread(Thread thread) {
        final ThreadGroup group = thread.getThreadGroup();
        return !thread.isVirtual() && "main".equals(thread.getName()) && group != null
                && "main".equals(group.getName());
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
     *
     * @param listener what runs when a message arrives.
     */
    public void setWakeListener(Runnable listener) {
        this.wakeListener = listener;
    }

    /**
     * Submits {@code work} to run after everything submitted before it, and returns at once.
     *
     * @param work the work to run.
     * @throws IllegalStateException if the queue is closed.
     */
    public void async(Runnable work) {
        Objects.requireNonNull(work, "work");
        refuseIfClosed("async");
        pending.offer(work);
        afterOffer(work, "async");
    }

    /**
     * Runs {@code work} on this queue and waits for it; on the caller's own thread when the queue is idle.
     * An exception thrown by {@code work} propagates to the caller.
     *
     * @param work the work to run.
     * @throws IllegalStateException if the caller is already running on this queue (that would deadlock), or the
     *                               queue is closed.
     */
    public void sync(Runnable work) {
        sync(work, null);
    }

    /**
     * Runs {@code work} as {@link #sync(Runnable)} does, and runs {@code entered} on the calling thread as soon as
     * the work has its place in the queue's order: once the caller holds the idle queue (before the work runs), or
     * once its item is queued behind the work ahead of it (before the caller waits). Whatever {@code entered}
     * submits therefore runs after {@code work}. A caller that counts itself in before a check and out in
     * {@code entered} builds a fence without a lock (how {@code IODispatchQueue.Cancel} orders its handler after
     * every {@code DispatchSync} it let in). {@code entered} does not run if the call throws before the work has a
     * place (the queue is closed, or the caller is running on it).
     *
     * @param entered what to run once the work has its place, or {@code null}; it must not throw.
     * @param work    the work to run.
     * @throws IllegalStateException as {@link #sync(Runnable)}.
     */
    public void sync(Runnable work, Runnable entered) {
        Objects.requireNonNull(work, "work");
        final Thread me = Thread.currentThread();
        if (owner.get() == me) {
            throw new IllegalStateException("DispatchQueue.sync onto '" + label + "' from work already running on '"
                    + label + "' would deadlock (libdispatch crashes here): a serial queue cannot wait for itself."
                    + " Call the work directly, or use async.");
        }
        refuseIfClosed("sync");
        if ((kind != Kind.MAIN || isMainThread(me)) && (kind != Kind.WORKER || pending.isEmpty())
                && owner.compareAndSet(null, me)) {
            runOwned(work, entered);
            return;
        }
        final SyncItem item = new SyncItem(work);
        pending.offer(item);
        afterOffer(item, "sync");
        if (entered != null) {
            entered.run();
        }
        item.await();
    }

    /**
     * Like {@link #sync(Runnable)}, returning the supplier's value.
     *
     * @param work the work to run.
     * @param <T>  what it returns.
     * @return what {@code work} returned.
     */
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
        if (owner.get() == me || pending.isEmpty() || !owner.compareAndSet(null, me)) {
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
            release();
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

    private void refuseIfClosed(String what) {
        if (closed) {
            throw refused(what);
        }
    }

    private IllegalStateException refused(String what) {
        return new IllegalStateException("DispatchQueue '" + label + "' is closed: " + what + " work is refused");
    }

    /**
     * Finishes a submission: if the worker retired meanwhile (a close raced the submission) and the item is still
     * queued, takes it back and refuses it; otherwise wakes whoever services the queue. The worker writes
     * {@code retired} before it looks at {@code pending} one last time, and the submitter reads it after its offer,
     * so one of them always sees the other (both are volatile accesses): an item is run or refused, never stranded.
     */
    private void afterOffer(Runnable item, String what) {
        if (retired && pending.remove(item)) {
            throw refused(what);
        }
        signal();
    }

    /**
     * Runs {@code work} on the caller's thread, which holds the queue: on a manual queue after the items ahead of it,
     * and after {@code entered} (if any), so what {@code entered} submits runs after {@code work}.
     */
    private void runOwned(Runnable work, Runnable entered) {
        final DispatchQueue previous = CURRENT.get();
        CURRENT.set(this);
        try {
            if (kind != Kind.WORKER) {
                Runnable earlier;
                while ((earlier = pending.poll()) != null) {
                    runItem(earlier);
                }
            }
            if (entered != null) {
                entered.run();
            }
            work.run();
        } finally {
            CURRENT.set(previous);
            release();
        }
    }

    /** Lets go of the queue; wakes its servicer if work or a close arrived meanwhile. */
    private void release() {
        owner.set(null);
        if (!pending.isEmpty() || closed) {
            signal();
        }
    }

    private void runItem(Runnable item) {
        try {
            item.run();
        } catch (Throwable thrown) {
            failures.incrementAndGet();
            Untrusted.caught("work on DispatchQueue '" + label + "'", IOReturn.kIOReturnError, thrown);
        }
    }

    /** Wakes whoever services the queue: the run loop's listener, or the worker (started here on first use). */
    private void signal() {
        if (kind != Kind.WORKER) {
            final Runnable listener = wakeListener;
            if (listener != null) {
                listener.run();
            }
            return;
        }
        final Thread w = worker;
        if (w == null) {
            startWorker();
        } else if (workerParked) {
            LockSupport.unpark(w);
        }
    }

    private synchronized void startWorker() {
        if (worker != null || (closed && pending.isEmpty())) {
            return; // started by a racing signal, or closed before any work: no thread is needed
        }
        final Thread w = Thread.ofPlatform().daemon().name("dispatch:" + label).unstarted(this::workerLoop);
        worker = w;
        w.start();
    }

    /**
     * The worker: runs whatever is pending whenever nobody else holds the queue; spins up to {@link #SPIN_NANOS}
     * while idle, then parks; parks at once while a {@code sync} caller holds the queue (the caller wakes it on
     * release); stops once the queue is closed and nothing is pending.
     */
    private void workerLoop() {
        final Thread me = Thread.currentThread();
        long idleSince = System.nanoTime();
        while (true) {
            if (!pending.isEmpty() && owner.compareAndSet(null, me)) {
                runPendingHolding();
                idleSince = System.nanoTime();
                continue;
            }
            if (closed && pending.isEmpty() && retire()) {
                return;
            }
            final boolean blocked = owner.get() != null;
            if (!blocked && !closed && System.nanoTime() - idleSince < SPIN_NANOS) {
                Thread.onSpinWait();
                continue;
            }
            workerParked = true;
            if (!runnable()) {
                LockSupport.park(this);
            }
            workerParked = false;
            Thread.interrupted(); // nobody should interrupt the worker; if somebody did, do not spin on it
            idleSince = System.nanoTime();
        }
    }

    /** {@return whether the worker has something to do now} (read after {@code workerParked} is written). */
    private boolean runnable() {
        return owner.get() == null && (!pending.isEmpty() || closed);
    }

    private void runPendingHolding() {
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
    }

    /** Stops for good unless an item slipped in: see {@link #afterOffer}. */
    private boolean retire() {
        retired = true;
        if (pending.isEmpty()) {
            return true;
        }
        retired = false;
        return false;
    }
}
