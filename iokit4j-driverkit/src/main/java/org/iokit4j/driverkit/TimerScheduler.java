package org.iokit4j.driverkit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.iokit4j.dispatch.DispatchQueue;

/**
 * The clock behind every {@link IOTimerDispatchSource}: a deadline-ordered heap of armed timers and one thread that
 * hands each expiry to its source, which moves it onto the source's queue. No thread per timer.
 *
 * <p>{@link #shared()} is the real scheduler: one daemon thread per JVM, started on first use, asleep until the
 * earliest deadline (or a new, earlier one). {@link #manual(long)} makes a scheduler with no thread whose clock
 * moves only when a test calls {@link #advanceTo(long)}, which fires every due timer on the caller's thread; with a
 * manual dispatch queue behind the source, a timer test needs neither sleeps nor latches.
 *
 * <p><b>Concurrency.</b> Thread-safe: the heap is guarded by one lock; expiries are delivered outside it, in
 * deadline order (ties in arming order).
 */
final class TimerScheduler {
    private static final TimerScheduler SHARED = new TimerScheduler(false, 0);
    /** The dispatch queues whose code reads a clock other than the shared one ({@link #current()}). */
    private static final Map<DispatchQueue, TimerScheduler> BOUND = new ConcurrentHashMap<>();

    private final boolean manual;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final PriorityQueue<Arm> heap = new PriorityQueue<>((a, b) -> a.deadline != b.deadline
            ? Long.compare(a.deadline, b.deadline) : Long.compare(a.sequence, b.sequence));
    private long manualNow;
    private long sequence;
    private Thread thread;

    /** One arming of one source: fires {@code source} unless it was re-armed or cancelled since. */
    record Arm(long deadline, long sequence, IOTimerDispatchSource source) {
    }

    private TimerScheduler(boolean manual, long start) {
        this.manual = manual;
        this.manualNow = start;
    }

    /** {@return the JVM's scheduler: real time, one thread} */
    static TimerScheduler shared() {
        return SHARED;
    }

    /** {@return a scheduler whose clock starts at {@code start} and moves only by {@link #advanceTo(long)}} */
    static TimerScheduler manual(long start) {
        return new TimerScheduler(true, start);
    }

    /**
     * {@return the scheduler of the queue the calling thread runs work of, or the shared one} What
     * {@link MachTime#mach_absolute_time()} reads and what {@link IODispatchQueue#Create} gives a new queue: a driver
     * server booted with a manual {@link DriverClock} reads that clock on every queue it owns.
     */
    static TimerScheduler current() {
        if (BOUND.isEmpty()) {
            return SHARED; // no manual clock in this JVM: one read, no thread-local
        }
        final DispatchQueue queue = DispatchQueue.current();
        final TimerScheduler bound = queue == null ? null : BOUND.get(queue);
        return bound != null ? bound : SHARED;
    }

    /** Makes {@code queue}'s code read this scheduler ({@link #current()}); nothing for the shared one. */
    void bind(DispatchQueue queue) {
        if (this != SHARED) {
            BOUND.put(queue, this);
        }
    }

    /** Forgets {@link #bind}: the queue was freed. */
    static void unbind(DispatchQueue queue) {
        if (!BOUND.isEmpty()) {
            BOUND.remove(queue);
        }
    }

    /** {@return whether the clock moves only by {@link #advanceTo(long)} and {@link #nextDue(long)}} */
    boolean isManual() {
        return manual;
    }

    /** {@return the scheduler's current time, in nanoseconds of {@link System#nanoTime()} (or the manual clock)} */
    long now() {
        if (!manual) {
            return System.nanoTime();
        }
        lock.lock();
        try {
            return manualNow;
        } finally {
            lock.unlock();
        }
    }

    /** Arms {@code source} for {@code deadline}, replacing {@code previous} (may be null); returns the new arm. */
    Arm schedule(IOTimerDispatchSource source, long deadline, Arm previous) {
        lock.lock();
        try {
            if (previous != null) {
                heap.remove(previous);
            }
            final Arm arm = new Arm(deadline, sequence++, source);
            heap.add(arm);
            if (!manual) {
                startThread();
                changed.signal();
            }
            return arm;
        } finally {
            lock.unlock();
        }
    }

    /** Disarms {@code arm} if it has not fired yet. */
    void cancel(Arm arm) {
        if (arm == null) {
            return;
        }
        lock.lock();
        try {
            heap.remove(arm);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Moves a manual clock to {@code now} and fires every timer due by then, on this thread.
     *
     * @return how many timers fired.
     * @throws IllegalStateException on the shared (real-time) scheduler.
     */
    int advanceTo(long now) {
        if (!manual) {
            throw new IllegalStateException("advanceTo on the real-time TimerScheduler: only manual ones step");
        }
        final List<Arm> due;
        lock.lock();
        try {
            manualNow = Math.max(manualNow, now);
            due = pollDue(manualNow);
        } finally {
            lock.unlock();
        }
        due.forEach(arm -> arm.source().expired(arm, now));
        return due.size();
    }

    /**
     * Takes the earliest timer due by {@code target} off a manual clock, moving the clock to its deadline; or, when
     * none is due, moves the clock to {@code target} and returns {@code null}. The caller hands the arm to its source
     * ({@link IOTimerDispatchSource#expired}): {@link DriverClock#advanceTo(long)} steps timers one at a time this way.
     */
    Arm nextDue(long target) {
        if (!manual) {
            throw new IllegalStateException("nextDue on the real-time TimerScheduler: only manual ones step");
        }
        lock.lock();
        try {
            final Arm first = heap.peek();
            if (first != null && first.deadline() - target <= 0) {
                heap.poll();
                manualNow = Math.max(manualNow, first.deadline());
                return first;
            }
            manualNow = Math.max(manualNow, target);
            return null;
        } finally {
            lock.unlock();
        }
    }

    /** {@return how many timers are armed} */
    int armed() {
        lock.lock();
        try {
            return heap.size();
        } finally {
            lock.unlock();
        }
    }

    private List<Arm> pollDue(long now) {
        final List<Arm> due = new ArrayList<>();
        while (!heap.isEmpty() && heap.peek().deadline() - now <= 0) {
            due.add(heap.poll());
        }
        return due;
    }

    private void startThread() {
        if (thread == null) {
            thread = Thread.ofPlatform().daemon().name("iokit4j-timers").start(this::loop);
        }
    }

    /** The scheduler thread: sleep until the earliest deadline, deliver what is due, repeat. */
    private void loop() {
        while (true) {
            final List<Arm> due;
            lock.lock();
            try {
                final long now = System.nanoTime();
                due = pollDue(now);
                if (due.isEmpty()) {
                    final Arm first = heap.peek();
                    if (first == null) {
                        changed.awaitUninterruptibly();
                    } else {
                        changed.await(first.deadline() - now, TimeUnit.NANOSECONDS);
                    }
                    continue;
                }
            } catch (InterruptedException ignored) {
                continue; // a daemon that nobody interrupts; go round again
            } finally {
                lock.unlock();
            }
            for (Arm arm : due) {
                try {
                    arm.source().expired(arm, System.nanoTime());
                } catch (Throwable thrown) { // expired() only queues the handler; this guards the scheduler
                    org.iokit4j.Untrusted.caught("the timer expiry of " + arm.source(),
                            org.iokit4j.IOReturn.kIOReturnError, thrown);
                }
            }
        }
    }
}
