package org.iokit4j.iokitlib;

import java.util.concurrent.atomic.LongAdder;

/**
 * The live counters behind {@link NotificationCounters}: one per notification port.
 *
 * <p><b>Concurrency.</b> Thread-safe: senders, queues and run loops count concurrently; a snapshot is not atomic
 * across fields.
 */
final class PortCounters {
    final LongAdder delivered = new LongAdder();
    final LongAdder dropped = new LongAdder();
    final LongAdder unknownCallouts = new LongAdder();
    final LongAdder callbackFailures = new LongAdder();
    final LongAdder arityMismatches = new LongAdder();
    final LongAdder ignored = new LongAdder();
    final LongAdder aborted = new LongAdder();

    NotificationCounters snapshot() {
        return new NotificationCounters(delivered.sum(), dropped.sum(), unknownCallouts.sum(),
                callbackFailures.sum(), arityMismatches.sum(), ignored.sum(), aborted.sum());
    }
}
