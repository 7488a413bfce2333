package org.iokit4j.kernel;

import java.time.Duration;
import java.util.Objects;

/**
 * When the kernel starts a driver server again after it died (issue 10: "a back-off and a crash limit like
 * launchd's").
 *
 * <ul>
 *   <li><b>Throttle.</b> A server is not launched more often than once per {@code throttle}: one that dies sooner
 *       after its launch is started again when that much time has passed since the launch; one that ran longer is
 *       started again at once. This is launchd's rule ({@code ThrottleInterval}, 10 seconds by default:
 *       "jobs will not be spawned more than once every 10 seconds", launchd.plist(5)).</li>
 *   <li><b>Crash limit.</b> A server that dies more than {@code crashLimit} times within {@code crashWindow} is not
 *       started again: its personalities stay unmatched and {@code Kernel.problems()} says why. XNU counts dext
 *       crashes the same way ({@code OSDextStatistics::recordCrash}: more than {@code kMaxDextCrashesInOneDay}, 3
 *       by default, in one day), and there reboots the machine for a platform driver; here the server stays
 *       down instead.</li>
 * </ul>
 *
 * @param throttle    the least time between two launches of one server; zero restarts at once.
 * @param crashLimit  how many deaths within {@code crashWindow} are restarted; the next is not.
 * @param crashWindow the period the crash limit counts over.
 */
public record RestartPolicy(Duration throttle, int crashLimit, Duration crashWindow) {
    /** launchd's 10-second throttle, and XNU's limit of 3 crashes in one day. */
    public static final RestartPolicy DEFAULT = new RestartPolicy(Duration.ofSeconds(10), 3, Duration.ofDays(1));

    /** Checks the values. @throws IllegalArgumentException naming the value that is wrong. */
    public RestartPolicy {
        Objects.requireNonNull(throttle, "throttle");
        Objects.requireNonNull(crashWindow, "crashWindow");
        if (throttle.isNegative() || crashLimit < 0 || crashWindow.isNegative()) {
            throw new IllegalArgumentException("throttle=" + throttle + ", crashLimit=" + crashLimit + ", crashWindow="
                    + crashWindow + ": none may be negative");
        }
    }

    /**
     * Parses {@code LIMIT/WINDOW} (e.g. {@code 3/1d}, {@code 1000/60s}) into this policy's crash limit.
     *
     * @param limitPerWindow {@code N/DURATION}, e.g. {@code 5/60s}.
     * @return a policy with that crash limit.
     * @throws IllegalArgumentException naming the text and the form expected.
     */
    public RestartPolicy withCrashLimit(String limitPerWindow) {
        final String[] parts = limitPerWindow.split("/", 2);
        try {
            return new RestartPolicy(throttle, Integer.parseInt(parts[0].strip()), duration(parts[1]));
        } catch (RuntimeException bad) {
            throw new IllegalArgumentException("crash limit '" + limitPerWindow + "': expected COUNT/DURATION, e.g."
                    + " 3/1d or 100/60s (durations: 250ms, 10s, 5m, 2h, 1d)", bad);
        }
    }

    /**
     * Parses a duration written {@code 250ms}, {@code 10s}, {@code 5m}, {@code 2h} or {@code 1d}.
     *
     * @param text a duration such as {@code 500ms}, {@code 10s}, {@code 2m}.
     * @return the duration.
     * @throws IllegalArgumentException naming the text.
     */
    public static Duration duration(String text) {
        final String t = text.strip();
        try {
            if (t.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            }
            final long amount = Long.parseLong(t.substring(0, t.length() - 1));
            return switch (t.charAt(t.length() - 1)) {
                case 's' -> Duration.ofSeconds(amount);
                case 'm' -> Duration.ofMinutes(amount);
                case 'h' -> Duration.ofHours(amount);
                case 'd' -> Duration.ofDays(amount);
                default -> throw new IllegalArgumentException("unit");
            };
        } catch (RuntimeException bad) {
            throw new IllegalArgumentException("duration '" + text + "': expected a number and a unit: 250ms, 10s,"
                    + " 5m, 2h or 1d");
        }
    }
}
