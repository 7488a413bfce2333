package org.iokit4j.iokitlib;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Callout registrations whose ports are all gone, held weakly: a value stays valid while the program still
 * references its callback object (a method reference or a non-capturing lambda always is, as a C function is while
 * its code is loaded), and is forgotten once the garbage collector frees the callback.
 *
 * <p>This is what lets a C-style port keep one reference array across notification ports (store
 * {@code asyncCallout(MyClass::callback)} once, destroy a port, create another: the value still works), while a
 * fresh lambda registered per call, that nothing else holds, costs nothing once its port is gone.
 *
 * <p><b>Concurrency.</b> Thread-safe: the map is concurrent; {@link AsyncCallouts} calls {@link #retire} and
 * {@link #revive} under its lock.
 */
final class RetiredCallouts {
    private static final ConcurrentHashMap<Long, Retired> BY_VALUE = new ConcurrentHashMap<>();
    private static final ReferenceQueue<IOAsyncCallout> COLLECTED = new ReferenceQueue<>();

    private RetiredCallouts() {
    }

    /** Holds {@code callout} weakly under {@code value}. */
    static void retire(long value, IOAsyncCallout callout) {
        expunge();
        BY_VALUE.put(value, new Retired(value, callout, COLLECTED));
    }

    /** {@return the callout retired under {@code value}, taken out of here; {@code null} if none or collected} */
    static IOAsyncCallout revive(long value) {
        if (BY_VALUE.isEmpty()) {
            return null;
        }
        final Retired retired = BY_VALUE.remove(value);
        return retired == null ? null : retired.get();
    }

    /** Forgets {@code value}; {@return whether it was retired here and its callback still alive} */
    static boolean forget(long value) {
        final Retired retired = BY_VALUE.remove(value);
        return retired != null && retired.get() != null;
    }

    /** {@return how many values are retired and not yet forgotten (their callbacks may be collected already)} */
    static int size() {
        expunge();
        return BY_VALUE.size();
    }

    /** Forgets the values whose callbacks the garbage collector has freed. */
    static void expunge() {
        java.lang.ref.Reference<? extends IOAsyncCallout> collected;
        while ((collected = COLLECTED.poll()) != null) {
            final Retired retired = (Retired) collected;
            BY_VALUE.remove(retired.value, retired);
        }
    }

    /** A weak reference that remembers its value, so the queue can remove it. */
    private static final class Retired extends WeakReference<IOAsyncCallout> {
        final long value;

        Retired(long value, IOAsyncCallout callout, ReferenceQueue<IOAsyncCallout> queue) {
            super(callout, queue);
            this.value = value;
        }
    }
}
