package org.iokit4j.iokitlib;

import java.util.concurrent.atomic.AtomicReference;

/** Runs a test body on a fresh platform thread (its own run loop), with a generous timeout as a guard only. */
public final class TestThreads {
    /** The guard: a body that has not finished by then has hung. */
    public static final long GUARD_MILLIS = 30_000;

    /** A body that may throw. */
    @FunctionalInterface
    public interface Body {
        void run() throws Exception;
    }

    private TestThreads() {
    }

    /** Runs {@code body} on a new thread and rethrows what it threw. */
    public static void onFreshThread(Body body) throws Exception {
        final AtomicReference<Throwable> thrown = new AtomicReference<>();
        final Thread thread = Thread.ofPlatform().name("runloop-test").start(() -> {
            try {
                body.run();
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        thread.join(GUARD_MILLIS);
        if (thread.isAlive()) {
            thread.interrupt();
            throw new AssertionError("the test body did not finish within " + GUARD_MILLIS + " ms");
        }
        if (thrown.get() instanceof Exception e) {
            throw e;
        }
        if (thrown.get() instanceof Error e) {
            throw e;
        }
    }
}
