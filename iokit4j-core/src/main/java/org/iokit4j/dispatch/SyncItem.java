package org.iokit4j.dispatch;

import java.util.concurrent.locks.LockSupport;

/**
 * A {@code sync} item that had to wait its turn: whoever reaches it in the queue's order runs it, then wakes the
 * thread waiting in {@link #await()}, which gets back what the work threw.
 *
 * <p><b>Concurrency.</b> {@link #run()} happens once, on the thread servicing the queue; {@link #await()} on the
 * submitting thread. The volatile {@code done} write after the work is the happens-before edge from the work (and
 * everything before it on the queue) to the return from {@code await}.
 */
final class SyncItem implements Runnable {
    private final Runnable work;
    private final Thread caller = Thread.currentThread();
    private Throwable thrown; // written before the volatile write of done, read after its volatile read
    private volatile boolean done;

    SyncItem(Runnable work) {
        this.work = work;
    }

    @Override
    public void run() {
        try {
            work.run();
        } catch (Throwable t) {
            thrown = t; // the caller's work: its caller gets it back, as from a sync on an idle queue
        } finally {
            done = true;
            LockSupport.unpark(caller);
        }
    }

    /**
     * Waits until the item has run, spinning for {@link DispatchQueue#SPIN_NANOS} and then parking. The wait is not
     * interruptible (the queue may already be running the work): an interrupt is remembered and the thread's
     * interrupt status is set again before returning, so a waiting thread never spins on a pending interrupt.
     *
     * @throws RuntimeException or {@link Error}: what the work threw; a checked exception thrown sneakily comes back
     *                          wrapped in an {@link IllegalStateException}.
     */
    void await() {
        final long start = System.nanoTime();
        boolean interrupted = false;
        while (!done) {
            if (System.nanoTime() - start < DispatchQueue.SPIN_NANOS) {
                Thread.onSpinWait();
            } else {
                LockSupport.park(this);
                interrupted |= Thread.interrupted(); // park returns at once while the status is set: clear it
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        switch (thrown) {
            case null -> { }
            case RuntimeException e -> throw e;
            case Error e -> throw e;
            default -> throw new IllegalStateException("sync work threw " + thrown, thrown);
        }
    }
}
