package org.iokit4j;

import java.lang.System.Logger.Level;

/**
 * Where the faithful layer keeps the explanation Apple never gives: the calling thread's last failure.
 *
 * <p>Every failing faithful call records its {@link Failure} here before returning the bare code, and logs it
 * through {@link System.Logger} {@code org.iokit4j} at {@code DEBUG}. A C port that gets
 * {@code kIOReturnBadArgument} asks {@code Diagnostics.lastFailure()} why.
 *
 * <p><b>Concurrency.</b> The last failure is per thread; recording costs nothing on the success path.
 */
public final class Diagnostics {
    /** Holder idiom: the logging back end starts only when something is first logged (~10 ms saved at boot). */
    private static final class Log {
        static final System.Logger LOG = System.getLogger("org.iokit4j");
    }

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
     * @return {@code failure.code()}, so a call site can {@code return Diagnostics.fail(…)}.
     */
    public static int fail(String function, Failure failure) {
        LAST.set(failure.within(function));
        if (Log.LOG.isLoggable(Level.DEBUG)) {
            Log.LOG.log(Level.DEBUG, "{0} failed with {1}", function, failure);
        }
        return failure.code();
    }

    /** Logs a warning that is not a call's failure (a dropped completion, a pitfall detected). */
    public static void warn(String message) {
        Log.LOG.log(Level.WARNING, message);
    }

    /** Logs at DEBUG. */
    public static void debug(String message) {
        if (Log.LOG.isLoggable(Level.DEBUG)) {
            Log.LOG.log(Level.DEBUG, message);
        }
    }
}
