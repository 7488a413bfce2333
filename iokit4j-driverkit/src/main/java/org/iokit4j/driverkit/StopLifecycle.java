package org.iokit4j.driverkit;

/**
 * Where a service is in DriverKit's stop sequence, so the runtime frees it only after the base
 * {@link IOService#Stop} ran: the kernel's {@code free} that arrives while a driver's {@code Stop} still waits for
 * its cancel handlers is held back and run when the driver finally calls {@code super.Stop}.
 *
 * <p>States: running → stopping ({@link #beginStop()}) → stopped ({@link #stopFinished()}). A release requested
 * while stopping waits; in any other state it runs at once.
 *
 * <p><b>Concurrency.</b> Thread-safe: the state is guarded by this object; {@code stopping} is also volatile, so
 * a call's {@link #hasBegun()} check (on every {@code ExternalMethod}, so a plain volatile read) and
 * {@link #beginStop()} fall in one order: a call either started before {@code Stop} began or sees that it did. The held-back release runs on the thread that finishes the stop (usually a
 * queue thread running the last cancel handler), outside the monitor.
 */
final class StopLifecycle {
    private volatile boolean stopping;
    private boolean stopped;
    private Runnable heldRelease;

    /** The runtime is about to call the driver's {@code Stop}. */
    synchronized void beginStop() {
        stopping = true;
    }

    /**
     * {@return whether the runtime began to call the driver's {@code Stop}} From then on no {@code ExternalMethod}
     * starts on the object ({@link ExternalMethodRun}).
     */
    boolean hasBegun() {
        return stopping;
    }

    /** {@return whether {@code Stop} began and the base {@code Stop} has not run yet} */
    synchronized boolean isWaitingForSuperStop() {
        return stopping && !stopped;
    }

    /** The base {@code Stop} ran (or the runtime gave up waiting): run a held-back release. */
    void stopFinished() {
        final Runnable release;
        synchronized (this) {
            stopped = true;
            release = heldRelease;
            heldRelease = null;
        }
        if (release != null) {
            release.run();
        }
    }

    /** Runs {@code release} now, or once the base {@code Stop} has run if a stop is in progress. */
    void releaseAfterStop(Runnable release) {
        synchronized (this) {
            if (stopping && !stopped) {
                heldRelease = release;
                return;
            }
        }
        release.run();
    }
}
