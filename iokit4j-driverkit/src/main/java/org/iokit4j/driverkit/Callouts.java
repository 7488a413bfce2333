package org.iokit4j.driverkit;

import org.iokit4j.dispatch.DispatchQueue;

/**
 * Where the runtime runs a cancel handler that has no queue of its own to run on: an action made for no
 * service, or a queue already freed. A single serial queue per JVM, so handlers never run inside the
 * {@code Cancel} call that registered them.
 *
 * <p><b>Concurrency.</b> Thread-safe; handlers run one at a time on the callout thread.
 */
final class Callouts {
    private static final DispatchQueue QUEUE = DispatchQueue.create("org.iokit4j.driverkit.callouts");

    private Callouts() {
    }

    /** Runs {@code handler} on {@code preferred} if it still takes work, else on the runtime's callout queue. */
    static void run(IODispatchQueue preferred, Runnable handler) {
        if (preferred != null && preferred.runtimeAsync(handler)) {
            return;
        }
        QUEUE.async(handler);
    }
}
