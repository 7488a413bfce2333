package org.iokit4j.kernel.registry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.iokit4j.Failure;
import org.iokit4j.IOReturn;

/**
 * The busy counts of the registry's entries: what {@code IOServiceGetBusyState} reads and {@code IOServiceWaitQuiet}
 * waits on (XNU {@code IOService::_adjustBusy}, {@code getBusyState}, {@code waitForState}, iokit/Kernel/IOService.cpp).
 *
 * <p>An entry is busy while the kernel works on it: while it waits to be matched and while its matching runs (from
 * its {@code RegisterService} until every driver matched on it has returned from {@code Start}: XNU adjusts the count
 * by +1 in {@code startMatching} and by -1 at the end of {@code doServiceMatch}), and while it terminates
 * ({@code terminatePhase1} adjusts it by +1 until the termination is done). Busy spreads up the service plane as in
 * {@code _adjustBusy}: when an entry's count leaves 0 its provider's count goes up by one, and when it falls back to 0
 * the provider's goes down by one, and so on to the root. So an entry's state is its own work plus the number of its
 * children that are busy, and the root is quiet only when nothing in the registry is busy ({@code IOKitWaitQuiet}).
 *
 * <p><b>Concurrency.</b> Thread-safe: one monitor guards every count. {@link #adjust} runs on the thread doing the
 * work (the matching loop's, the terminating one's) and never blocks; {@link #waitQuiet} blocks its caller on the
 * monitor until the entry is quiet, its time is up, or {@code abandoned} says the caller is gone (checked at least
 * every {@value #RECHECK_MILLIS} ms). Every change happens-before the waits and reads that see it.
 */
public final class BusyState {
    /** How often a waiter looks whether its caller is gone, in milliseconds. */
    static final long RECHECK_MILLIS = 250;

    /** Entries whose count is not 0; an entry leaves the map when its count returns to 0. */
    private final Map<RegistryEntry, Integer> counts = new HashMap<>();

    /** Makes the busy counts of one registry, every entry quiet. */
    public BusyState() {
    }

    /**
     * Adds {@code delta} (+1 or -1) to {@code entry}'s count, and spreads a change between quiet and busy up its
     * providers. A -1 on a quiet entry is a bug of the caller's: it is ignored (XNU reports "bad busy count").
     *
     * @param entry the entry that becomes busier or quieter; its providers up to the root follow.
     * @param delta +1 when work starts, -1 when it ends.
     */
    public synchronized void adjust(RegistryEntry entry, int delta) {
        RegistryEntry next = entry;
        int change = delta;
        while (next != null && change != 0) {
            final int count = counts.getOrDefault(next, 0);
            if (count == 0 && change < 0) {
                return;
            }
            final int now = count + change;
            if (now == 0) {
                counts.remove(next);
            } else {
                counts.put(next, now);
            }
            if (count != 0 && now != 0) {
                break; // neither was nor is quiet: the provider does not see a change
            }
            change = now == 0 ? -1 : 1;
            next = next.provider();
        }
        notifyAll();
    }

    /**
     * {@return {@code entry}'s busy state: 0 when quiet} ({@code IOService::getBusyState})
     *
     * @param entry the registry entry.
     */
    public synchronized int of(RegistryEntry entry) {
        return counts.getOrDefault(entry, 0);
    }

    /**
     * Waits until {@code entry} is quiet ({@code IOService::waitQuiet}): at once if it is.
     *
     * @param timeoutNanos how long to wait; a negative value (an unsigned count of 2<sup>63</sup> ns or more, such as
     *                     XNU's {@code UINT64_MAX}) waits without a limit.
     * @param abandoned    says the caller has gone (its task ended): the wait ends.
     * @param entry        the registry entry.
     * @return {@code null} once quiet; {@code kIOReturnTimeout} if the time passed first, naming the entries that
     *         held it busy (as XNU's busy-timeout log does); {@code kIOReturnAborted} if the caller went away or its
     *         thread was interrupted.
     */
    public synchronized Failure waitQuiet(RegistryEntry entry, long timeoutNanos, BooleanSupplier abandoned) {
        final long start = System.nanoTime();
        while (counts.containsKey(entry)) {
            final long left = timeoutNanos < 0 ? Long.MAX_VALUE : timeoutNanos - (System.nanoTime() - start);
            if (left <= 0) {
                return Failure.of(IOReturn.kIOReturnTimeout, "%s is still busy (busyState=%d) after %d ns: held busy"
                        + " by %s (matching or termination in progress)", entry.name(), counts.get(entry),
                        timeoutNanos, busyLeaves(entry));
            }
            if (abandoned.getAsBoolean()) {
                return Failure.of(IOReturn.kIOReturnAborted, "the caller's task ended while it waited for %s to"
                        + " become quiet", entry.name());
            }
            try {
                final long slice = Math.min(left, java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(RECHECK_MILLIS));
                wait(slice / 1_000_000, (int) (slice % 1_000_000));
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                return Failure.of(IOReturn.kIOReturnAborted, "the thread waiting for %s to become quiet was"
                        + " interrupted", entry.name());
            }
        }
        return null;
    }

    /** {@return the names of the busy entries at or under {@code top} whose own children are all quiet} */
    private String busyLeaves(RegistryEntry top) {
        final Set<RegistryEntry> providers = new HashSet<>();
        for (RegistryEntry busy : counts.keySet()) {
            providers.add(busy.provider());
        }
        final List<String> leaves = new ArrayList<>();
        for (RegistryEntry busy : counts.keySet()) {
            if (!providers.contains(busy) && isUnder(busy, top)) {
                leaves.add("'" + busy.name() + "' (id 0x" + Long.toHexString(busy.registryEntryID()) + ")");
            }
        }
        leaves.sort(null);
        return leaves.isEmpty() ? "itself" : String.join(", ", leaves);
    }

    private static boolean isUnder(RegistryEntry entry, RegistryEntry top) {
        for (RegistryEntry at = entry; at != null; at = at.provider()) {
            if (at == top) {
                return true;
            }
        }
        return false;
    }
}
