package org.iokit4j;

import java.util.concurrent.atomic.LongAdder;

/**
 * The one catch policy for code iokit4j runs but does not trust: driver code ({@code Start}, {@code Stop},
 * {@code NewUserClient}, {@code ExternalMethod}, {@code CopyClientMemoryForType}, constructors, {@code init},
 * {@code free}, dispatch blocks, action, timer and cancel handlers) and app code (completion, matching and interest
 * callbacks, work on a dispatch queue or a run loop).
 *
 * <p>Whatever such code throws — a {@link RuntimeException}, a checked exception thrown sneakily, or any
 * {@link Error}, {@link OutOfMemoryError} and {@link StackOverflowError} included — is caught at the one place
 * that called it, counted ({@link #thrown()}, and by the caller's own counters), turned into a {@link Failure}
 * and logged: at WARNING, the first ten times a throw of the same kind (class and throwing frame) happens and then
 * once every thousand times, so a storm of failing callbacks cannot slow its own queue with logging; an
 * {@link IOReturnException}, a failure on purpose, at DEBUG. It never reaches the caller of an IOKit function,
 * never kills the thread that ran it (a dispatch queue's worker, a run loop, the timer scheduler, the kernel's
 * caller), and never stops a kernel from booting. An {@link IOReturnException} keeps its code and explanation:
 * that is how Java driver code fails on purpose.
 *
 * <p>Why even a {@link VirtualMachineError}: by the time it is caught here, the frames that overflowed the stack or
 * made the allocation have unwound and their memory is garbage. Letting it go on would kill a worker that other
 * work waits for, turning one driver's bug into a hang of every later call (issue 8). A JVM that is truly out of
 * memory fails again at its next allocation, wherever that is; the explanation here is built defensively and
 * falls back to a preallocated one if building it fails.
 *
 * <p><b>Concurrency.</b> Thread-safe and lock-free; the counter is a {@link LongAdder}.
 */
public final class Untrusted {
    private static final LongAdder THROWN = new LongAdder();
    /** Used when even explaining the throwable fails (no memory or stack left for a string). */
    private static final Failure UNEXPLAINED = new Failure(IOReturn.kIOReturnError, "untrusted code threw, and"
            + " explaining what it threw failed too (the JVM was short of memory or stack); the thread goes on");

    /** The same throw, over and over, is logged sparingly. */
    private static final RepeatedWarnings WARNINGS = new RepeatedWarnings();

    private Untrusted() {
    }

    /** {@return how many throwables untrusted code has thrown in this JVM, all callers together} */
    public static long thrown() {
        return THROWN.sum();
    }

    /**
     * Turns what untrusted code threw into a failure, counts it and logs it. Never throws.
     *
     * @param where  what ran, for the explanation.
     * @param code   the code for anything but an {@link IOReturnException} carrying a failing code.
     * @param thrown what it threw.
     * @return the failure to answer with.
     */
    public static Failure caught(String where, int code, Throwable thrown) {
        THROWN.increment();
        try {
            if (thrown instanceof IOReturnException e && e.code() != IOReturn.kIOReturnSuccess) {
                final Failure onPurpose = new Failure(e.code(), where + " threw: " + e.explanation());
                Diagnostics.debug(onPurpose.toString()); // a failure on purpose, as a returned code would be
                return onPurpose;
            }
            final Failure failure = new Failure(code, where + " threw " + describe(thrown) + hint(thrown)
                    + "; the runtime caught it and goes on");
            final String repeat = WARNINGS.occurrence(kind(thrown));
            if (repeat != null) {
                Diagnostics.warn(failure + repeat);
            }
            return failure;
        } catch (Throwable whileExplaining) {
            return UNEXPLAINED;
        }
    }

    /**
     * {@return what to do about {@code thrown}, where the cause is known to be the app's, or ""} A
     * {@link WrongThreadException} in driver code is memory confined to another thread: the app passed a buffer from
     * {@code Arena.ofConfined()}, which only its own thread may touch, and the driver's queue runs on another.
     */
    private static String hint(Throwable thrown) {
        return thrown instanceof WrongThreadException
                ? " (memory from Arena.ofConfined() is reachable from its own thread only, and a driver runs on its"
                        + " queue's thread: pass a buffer from Arena.ofShared(), Arena.ofAuto(), Arena.global() or the"
                        + " heap; docs/large-buffers.md, \"Three kinds of memory\")"
                : "";
    }

    /** {@return what makes two throws the same for logging: the class and the frame that threw} */
    private static String kind(Throwable thrown) {
        final StackTraceElement[] trace = thrown.getStackTrace();
        return trace.length == 0 ? thrown.getClass().getName() : thrown.getClass().getName() + " at " + trace[0];
    }

    /**
     * {@return {@code thrown} in words: its class, message and the frame that threw} Safe against a throwable
     * whose {@code getMessage} or {@code toString} throws.
     *
     * @param thrown what was thrown.
     */
    public static String describe(Throwable thrown) {
        String text;
        try {
            text = thrown.toString();
        } catch (Throwable broken) {
            text = thrown.getClass().getName() + " (whose toString() threw " + broken.getClass().getName() + ")";
        }
        final StackTraceElement[] trace = thrown.getStackTrace();
        return trace.length == 0 ? text : text + " at " + trace[0];
    }
}
