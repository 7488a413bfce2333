package org.iokit4j;

import java.lang.System.Logger.Level;

/**
 * Where the faithful layer keeps the explanation Apple never gives: the calling thread's last failure.
 *
 * <p>Every failing faithful call records its {@link Failure} here before returning the bare code, and logs it
 * through {@link System.Logger} at {@code DEBUG}. A C port that gets {@code kIOReturnBadArgument} asks
 * {@code Diagnostics.lastFailure()} why.
 *
 * <p><b>Logger names.</b> Each subsystem logs under its own name below {@code org.iokit4j} (issue 12 §4;
 * docs/observability.md): {@code org.iokit4j.<package>} for the package that logs (e.g. {@code org.iokit4j.kernel},
 * {@code org.iokit4j.driverkit}, {@code org.iokit4j.iokitlib}, {@code org.iokit4j.client}, {@code org.iokit4j.remote}),
 * {@link #BOOT} for the kernel's problems, {@link #PITFALL} for pitfalls, {@link #CORE} for the shared core's root
 * package. The methods without a subsystem derive it from the first caller outside {@code org.iokit4j}'s root package;
 * configuring {@code org.iokit4j} still configures them all.
 *
 * <p><b>Concurrency.</b> The last failure is per thread; recording costs nothing on the success path.
 */
public final class Diagnostics {
    /** The logger of the kernel's problems (a driver not loaded, made or started; a server's death). */
    public static final String BOOT = "org.iokit4j.kernel.boot";
    /** The logger of pitfalls ({@link Pitfalls}). */
    public static final String PITFALL = "org.iokit4j.pitfall";
    /** The logger of the shared core's root package ({@code org.iokit4j}: untrusted code's throws, say). */
    public static final String CORE = "org.iokit4j.core";

    private static final ThreadLocal<Failure> LAST = new ThreadLocal<>();

    private Diagnostics() {
    }

    /** {@return the last failure recorded on this thread, or {@code null} if none since the last clear} */
    public static Failure lastFailure() {
        return LAST.get();
    }

    /** Forgets this thread's last failure. */
    public static void clearLastFailure() {
        LAST.remove();
    }

    /**
     * Records {@code failure} as this thread's last failure, logs it, and returns its code.
     *
     * @param function the faithful function that failed, e.g. {@code IOConnectCallMethod}.
     * @param failure  the failure: its explanation becomes the thread's last failure.
     * @return {@code failure.code()}, so a call site can {@code return Diagnostics.fail(…)}.
     */
    public static int fail(String function, Failure failure) {
        LAST.set(failure.within(function));
        final System.Logger log = Loggers.forCaller();
        if (log.isLoggable(Level.DEBUG)) {
            log.log(Level.DEBUG, "{0} failed with {1}", function, failure);
        }
        return failure.code();
    }

    /**
     * Logs a warning that is not a call's failure (a dropped completion, a pitfall detected), as the caller's.
     *
     * @param message the message.
     */
    public static void warn(String message) {
        Loggers.forCaller().log(Level.WARNING, message);
    }

    /**
     * Logs a warning under {@code subsystem}'s logger.
     *
     * @param subsystem a logger name below {@code org.iokit4j}, e.g. {@link #BOOT}.
     * @param message   the message.
     */
    public static void warn(String subsystem, String message) {
        Loggers.named(subsystem).log(Level.WARNING, message);
    }

    /**
     * Logs at DEBUG, as the caller's.
     *
     * @param message the message.
     */
    public static void debug(String message) {
        final System.Logger log = Loggers.forCaller();
        if (log.isLoggable(Level.DEBUG)) {
            log.log(Level.DEBUG, message);
        }
    }

    /**
     * {@return the {@link System.Logger} named {@code subsystem}, made once}
     *
     * @param subsystem the subsystem's logger name, below {@code org.iokit4j}.
     */
    public static System.Logger logger(String subsystem) {
        return Loggers.named(subsystem);
    }
}
