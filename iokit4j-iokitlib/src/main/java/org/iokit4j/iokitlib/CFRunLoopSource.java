package org.iokit4j.iokitlib;

import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.iokit4j.Diagnostics;

/**
 * {@code CFRunLoopSourceRef}: an opaque run loop source, here the version-1 (Mach port) source of a notification
 * port ({@link IOKitLib#IONotificationPortGetRunLoopSource}).
 *
 * <p>Added to a run loop with {@link CoreFoundation#CFRunLoopAddSource}, it wakes that run loop whenever a message
 * arrives on its port, and the run loop then delivers the messages one at a time on its own thread. A source may
 * be in several modes and several run loops; each message is delivered once, by whichever loop takes it. When
 * its notification port is destroyed the source is invalidated: removed from every run loop and never performed
 * again.
 *
 * <p><b>Concurrency.</b> Thread-safe: messages arrive on senders' threads, run loops perform on theirs.
 */
public final class CFRunLoopSource {
    private final String description;
    private final BooleanSupplier performOne;
    private final CopyOnWriteArrayList<CFRunLoop> loops = new CopyOnWriteArrayList<>();
    private volatile boolean valid = true;

    CFRunLoopSource(String description, BooleanSupplier performOne) {
        this.description = description;
        this.performOne = performOne;
    }

    /** {@return whether the source can still fire ({@code CFRunLoopSourceIsValid})} */
    public boolean isValid() {
        return valid;
    }

    @Override
    public String toString() {
        return "CFRunLoopSource[" + description + (valid ? "]" : ", invalid]");
    }

    /**
     * Delivers one pending message, on the run loop's thread.
     *
     * @return whether a message was taken (a source handled).
     */
    boolean perform() {
        if (!valid) {
            return false;
        }
        try {
            return performOne.getAsBoolean();
        } catch (Throwable bug) { // the dispatcher catches callbacks; this is a last guard for the loop
            org.iokit4j.Untrusted.caught(this + ", delivering a message,", org.iokit4j.IOReturn.kIOReturnError, bug);
            return true;
        }
    }

    /** Wakes every run loop this source is in: a message arrived. */
    void signal() {
        for (CFRunLoop loop : loops) {
            loop.wake();
        }
    }

    void attached(CFRunLoop loop) {
        loops.addIfAbsent(loop);
    }

    void detached(CFRunLoop loop) {
        loops.remove(loop);
    }

    /** {@code CFRunLoopSourceInvalidate}: removes the source from every run loop; it never fires again. */
    void invalidate() {
        valid = false;
        for (CFRunLoop loop : loops) {
            loop.removeEverywhere(this);
        }
    }
}
