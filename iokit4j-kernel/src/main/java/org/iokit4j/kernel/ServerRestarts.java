package org.iokit4j.kernel;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.iokit4j.Diagnostics;
import org.iokit4j.Failure;
import org.iokit4j.Untrusted;

/**
 * The kernel's record of driver-server launches and deaths, and the restarts it schedules by its
 * {@link RestartPolicy}.
 *
 * <p><b>Concurrency.</b> Thread-safe (one lock). Restarts run on one daemon thread of the kernel's, made on the first
 * death; {@link #close} cancels those not yet run.
 */
final class ServerRestarts implements AutoCloseable {
    private final RestartPolicy policy;
    private final Map<String, Long> launched = new HashMap<>();
    private final Map<String, Deque<Long>> deaths = new HashMap<>();
    private ScheduledExecutorService timer;
    private boolean closed;

    ServerRestarts(RestartPolicy policy) {
        this.policy = policy;
    }

    RestartPolicy policy() {
        return policy;
    }

    /** Server {@code name} was launched now. */
    synchronized void launched(String name) {
        launched.put(name, System.nanoTime());
    }

    /**
     * Server {@code name} died: schedules {@code restart} by the policy.
     *
     * @return {@code null} if it was scheduled, else why not (the crash limit, or the kernel closing).
     */
    synchronized Failure died(String name, Runnable restart) {
        final long now = System.nanoTime();
        final Deque<Long> times = deaths.computeIfAbsent(name, n -> new ArrayDeque<>());
        times.addLast(now);
        while (!times.isEmpty() && now - times.peekFirst() > policy.crashWindow().toNanos()) {
            times.removeFirst();
        }
        if (closed) {
            return Failure.of(org.iokit4j.IOReturn.kIOReturnOffline, "driver server '%s' is not restarted: the"
                    + " kernel is closing", name);
        }
        if (times.size() > policy.crashLimit()) {
            return Failure.of(org.iokit4j.IOReturn.kIOReturnOffline, "driver server '%s' died %d times within %s, over"
                    + " the crash limit of %d: it is not started again (RestartPolicy; XNU stops a dext the same way"
                    + " after kMaxDextCrashesInOneDay)", name, times.size(), policy.crashWindow(), policy.crashLimit());
        }
        final long since = now - launched.getOrDefault(name, now - policy.throttle().toNanos());
        final long delay = Math.max(0, policy.throttle().toNanos() - since);
        if (timer == null) {
            timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon()
                    .name("kernel driver-server restarts").factory());
        }
        timer.schedule(() -> run(name, restart), delay, TimeUnit.NANOSECONDS);
        Diagnostics.debug("driver server '" + name + "' restarts in " + Duration.ofNanos(delay).toMillis() + " ms");
        return null;
    }

    /** {@return how many deaths of {@code name} the crash window holds now} */
    synchronized int recentDeaths(String name) {
        final Deque<Long> times = deaths.get(name);
        return times == null ? 0 : times.size();
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    private void run(String name, Runnable restart) {
        try {
            restart.run();
        } catch (Throwable thrown) {
            Diagnostics.warn("restarting driver server '" + name + "' failed: " + Untrusted.describe(thrown));
        }
    }
}
