package org.iokit4j.iokitlib;

import java.util.Objects;
import org.iokit4j.Diagnostics;
import org.iokit4j.Failure;
import org.iokit4j.IOReturn;
import org.iokit4j.dispatch.DispatchQueue;

/**
 * The CoreFoundation run loop functions a notification-port client needs, with CF's names:
 * {@code import static org.iokit4j.iokitlib.CoreFoundation.*;}.
 *
 * {@snippet :
 * IONotificationPortRef notify = IONotificationPortCreate(kIOMainPortDefault);
 * CFRunLoopAddSource(CFRunLoopGetCurrent(), IONotificationPortGetRunLoopSource(notify), kCFRunLoopDefaultMode);
 * IOConnectCallAsyncScalarMethod(connect, 0, IONotificationPortGetMachPort(notify), ref, kIOAsyncCalloutCount, ...);
 * CFRunLoopRun(); // returns when a callback calls CFRunLoopStop(CFRunLoopGetCurrent())
 * }
 *
 * <p>Each thread has its own run loop, created on first use. The main run loop belongs to the JVM's launcher
 * thread (the platform thread named {@code main} in the {@code main} thread group) and also runs the work of
 * {@link DispatchQueue#main()}.
 *
 * <p><b>Bad arguments.</b> Where CF would crash on NULL: the {@code void} functions ({@code CFRunLoopAddSource},
 * {@code CFRunLoopRemoveSource}, {@code CFRunLoopStop}, {@code CFRunLoopWakeUp}) throw
 * {@link NullPointerException} naming the null parameter ({@code rl}, {@code source} or {@code mode}); the others
 * return a neutral value and record the reason as the thread's {@linkplain org.iokit4j.Diagnostics#lastFailure()
 * last failure} with {@code kIOReturnBadArgument}: {@code CFRunLoopContainsSource} returns {@code false},
 * {@code CFRunLoopRunInMode} returns {@link #kCFRunLoopRunFinished} (a null mode has no sources) without running.
 * An invalidated source (its notification port destroyed) is ignored by {@code CFRunLoopAddSource}, as in CF.
 *
 * <p><b>Concurrency.</b> Every function is thread-safe. {@code CFRunLoopRun} and {@code CFRunLoopRunInMode}
 * block the calling thread while they run; the others never block.
 */
public final class CoreFoundation {
    /** {@code kCFAllocatorDefault}: {@code null}; every function taking an allocator ignores it (contract.md §7). */
    public static final Object kCFAllocatorDefault = null;
    /** {@code kCFRunLoopDefaultMode}. */
    public static final String kCFRunLoopDefaultMode = "kCFRunLoopDefaultMode";
    /** {@code kCFRunLoopCommonModes}: a pseudo-mode; a source added to it is in every common mode. */
    public static final String kCFRunLoopCommonModes = "kCFRunLoopCommonModes";
    /** {@code kCFRunLoopRunFinished}: the mode has no sources. */
    public static final int kCFRunLoopRunFinished = 1;
    /** {@code kCFRunLoopRunStopped}: {@code CFRunLoopStop} was called. */
    public static final int kCFRunLoopRunStopped = 2;
    /** {@code kCFRunLoopRunTimedOut}: the time ran out. */
    public static final int kCFRunLoopRunTimedOut = 3;
    /** {@code kCFRunLoopRunHandledSource}: a source was handled and the caller asked to return after one. */
    public static final int kCFRunLoopRunHandledSource = 4;

    /** What {@code CFRunLoopRun} passes as its timeout: 10^10 seconds, i.e. forever. */
    private static final double RUN_FOREVER = 1.0e10;
    private static final ThreadLocal<CFRunLoop> CURRENT = ThreadLocal.withInitial(
            () -> new CFRunLoop(Thread.currentThread().getName(), false));

    private CoreFoundation() {
    }

    /** {@return the calling thread's run loop, created on first use (the main run loop on the main thread)} */
    public static CFRunLoop CFRunLoopGetCurrent() {
        return DispatchQueue.isMainThread(Thread.currentThread()) ? Main.LOOP : CURRENT.get();
    }

    /** {@return the main run loop: the main thread's, which also services {@link DispatchQueue#main()}} */
    public static CFRunLoop CFRunLoopGetMain() {
        return Main.LOOP;
    }

    /**
     * {@code CFRunLoopAddSource}: adds {@code source} to {@code mode} of {@code rl} (again: no effect).
     *
     * @param rl     the run loop.
     * @param source the run loop source, e.g. {@code IONotificationPortGetRunLoopSource}'s.
     * @param mode   the run loop mode, e.g. {@code kCFRunLoopDefaultMode}.
     */
    public static void CFRunLoopAddSource(CFRunLoop rl, CFRunLoopSource source, String mode) {
        Objects.requireNonNull(rl, "rl");
        rl.addSource(Objects.requireNonNull(source, "source"), Objects.requireNonNull(mode, "mode"));
    }

    /**
     * {@code CFRunLoopRemoveSource}: removes {@code source} from {@code mode} of {@code rl} (absent: no effect).
     *
     * @param rl     the run loop.
     * @param source the run loop source, e.g. {@code IONotificationPortGetRunLoopSource}'s.
     * @param mode   the run loop mode, e.g. {@code kCFRunLoopDefaultMode}.
     */
    public static void CFRunLoopRemoveSource(CFRunLoop rl, CFRunLoopSource source, String mode) {
        Objects.requireNonNull(rl, "rl");
        rl.removeSource(Objects.requireNonNull(source, "source"), Objects.requireNonNull(mode, "mode"));
    }

    /**
     * {@return {@code CFRunLoopContainsSource}: whether {@code source} is in {@code mode} of {@code rl}} {@code false}
     * if an argument is null (the last failure names it).
     *
     * @param rl     the run loop.
     * @param source the run loop source, e.g. {@code IONotificationPortGetRunLoopSource}'s.
     * @param mode   the run loop mode, e.g. {@code kCFRunLoopDefaultMode}.
     */
    public static boolean CFRunLoopContainsSource(CFRunLoop rl, CFRunLoopSource source, String mode) {
        final String missing = rl == null ? "rl" : source == null ? "source" : mode == null ? "mode" : null;
        if (missing != null) {
            Diagnostics.fail("CFRunLoopContainsSource", Failure.of(IOReturn.kIOReturnBadArgument, "%s is null: it"
                    + " contains nothing (CF would crash)", missing));
            return false;
        }
        return rl.containsSource(source, mode);
    }

    /**
     * {@code CFRunLoopRun}: runs the calling thread's run loop in the default mode, delivering its sources'
     * messages on this thread, until {@link #CFRunLoopStop} is called for it (from any thread, a callback
     * included) or the mode has no sources. A stop requested before the call makes it return at once.
     */
    public static void CFRunLoopRun() {
        int result;
        do {
            result = CFRunLoopGetCurrent().runInMode(kCFRunLoopDefaultMode, RUN_FOREVER, false);
        } while (result != kCFRunLoopRunStopped && result != kCFRunLoopRunFinished);
    }

    /**
     * {@code CFRunLoopRunInMode}: runs the calling thread's run loop in {@code mode} for at most {@code seconds}.
     * With {@code seconds} 0 it makes one pass; with {@code returnAfterSourceHandled} it returns after delivering
     * one message (or one batch of main-queue work), which is how tests step a run loop by hand.
     *
     * @param mode                     the run loop mode, e.g. {@code kCFRunLoopDefaultMode}.
     * @param seconds                  how long to run at most.
     * @param returnAfterSourceHandled whether to return after the first source handled.
     * @return {@link #kCFRunLoopRunFinished} (no sources in {@code mode}, checked first; also for a null
     *         {@code mode}, with the last failure saying so), {@link #kCFRunLoopRunStopped},
     *         {@link #kCFRunLoopRunTimedOut} or {@link #kCFRunLoopRunHandledSource}.
     * @throws IllegalStateException if another thread is running this thread's run loop (only possible for the
     *                               main run loop).
     */
    public static int CFRunLoopRunInMode(String mode, double seconds, boolean returnAfterSourceHandled) {
        if (mode == null) {
            Diagnostics.fail("CFRunLoopRunInMode", Failure.of(IOReturn.kIOReturnBadArgument, "mode is null: a null"
                    + " mode has no sources, so the run loop did not run (CF would crash)"));
            return kCFRunLoopRunFinished;
        }
        return CFRunLoopGetCurrent().runInMode(mode, seconds, returnAfterSourceHandled);
    }

    /**
     * {@code CFRunLoopStop}: makes the innermost run of {@code rl} return; if none is running, the next one.
     *
     * @param rl the run loop.
     */
    public static void CFRunLoopStop(CFRunLoop rl) {
        Objects.requireNonNull(rl, "rl").stop();
    }

    /**
     * {@code CFRunLoopWakeUp}: makes a waiting run of {@code rl} look at its sources again.
     *
     * @param rl the run loop.
     */
    public static void CFRunLoopWakeUp(CFRunLoop rl) {
        Objects.requireNonNull(rl, "rl").wake();
    }

    /** Holder idiom: the main run loop, hooked to the main dispatch queue, exists once somebody asks for it. */
    private static final class Main {
        static final CFRunLoop LOOP = create();

        private static CFRunLoop create() {
            final CFRunLoop loop = new CFRunLoop("main", true);
            DispatchQueue.main().setWakeListener(loop::wake);
            return loop;
        }
    }
}
