package org.iokit4j.driverkit;

import java.util.concurrent.atomic.LongAdder;

/**
 * What a driver server counts: completions sent and dropped, driver methods that threw.
 *
 * <p><b>Concurrency.</b> Thread-safe adders.
 */
final class DriverServerCounters {
    final LongAdder completionsSent = new LongAdder();
    final LongAdder completionsDropped = new LongAdder();
    final LongAdder driverExceptions = new LongAdder();

    java.util.Map<String, Long> snapshot() {
        return java.util.Map.of(
                "completionsSent", completionsSent.sum(),
                "completionsDropped", completionsDropped.sum(),
                "driverExceptions", driverExceptions.sum());
    }
}
