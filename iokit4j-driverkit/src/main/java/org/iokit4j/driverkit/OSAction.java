package org.iokit4j.driverkit;

import static org.iokit4j.IOReturn.kIOReturnAborted;
import static org.iokit4j.IOReturn.kIOReturnBadArgument;
import static org.iokit4j.IOReturn.kIOReturnSuccess;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.iokit4j.Diagnostics;
import org.iokit4j.Failure;
import org.iokit4j.mach.SendRight;

/**
 * An action: something the driver or the system triggers later, DriverKit's {@code OSAction}.
 *
 * <p>Two kinds exist. The runtime hands each asynchronous call's completion to {@code ExternalMethod} as an
 * action ({@link IOUserClientMethodArguments#completion}); the system holds it only while the call runs
 * (apple-semantics.md §6.3), so a driver that completes later must {@link #retain()} it and {@link #release()} it
 * when done. A driver makes its own with {@link #Create}, to hand to a source such as an
 * {@link IOTimerDispatchSource}: the source calls the action's {@link OSActionHandler} on its queue.
 *
 * <p><b>Lifetime.</b> An action does not retain its target, so a target can be freed while an action still names
 * it; a trigger then is dropped and explained, never delivered to the freed object. {@link #Cancel} stops every
 * later callback (and, for a completion action, every later {@code AsyncCompletion} through it); its handler runs
 * once the callbacks in flight have returned, never inside the {@code Cancel} call, on the target's default queue
 * (the runtime's callout queue if it has none). After {@code Cancel} the action can only be released.
 * {@link #free()} releases the reference storage: a segment from {@link #GetReference()} must not be used after
 * the action's last release.
 *
 * <p><b>Concurrency.</b> Thread-safe; completions and triggers may come from any thread.
 */
public class OSAction extends OSObject {
    private final SendRight kernelCompletion;
    private final OSObject target;
    private final OSActionHandler handler;
    private final Arena arena;
    private final MemorySegment reference;
    private final ActionState state = new ActionState(this);

    /** For subclasses: an action with no kernel completion, target or handler behind it. */
    protected OSAction() {
        this(null, null, null, -1);
    }

    private OSAction(SendRight kernelCompletion, OSObject target, OSActionHandler handler, long referenceSize) {
        this.kernelCompletion = kernelCompletion;
        this.target = target;
        this.handler = handler;
        this.arena = referenceSize < 0 ? null : Arena.ofShared();
        this.reference = arena == null ? null : arena.allocate(Math.max(referenceSize, 1), 8)
                .asSlice(0, referenceSize);
    }

    /**
     * Makes a driver-owned action that runs {@code handler} when a source triggers it.
     *
     * @param target        the object the action works on (a service usually); not retained by the action.
     * @param handler       what runs, on the triggering source's queue.
     * @param referenceSize bytes of zero-filled, 8-byte-aligned reference storage ({@link #GetReference()}).
     * @param action        receives the action, an {@code OSAction[1]}; the caller owns its reference.
     * @return {@code kIOReturnSuccess}; {@code kIOReturnBadArgument} for a null target, handler or out-array, a
     *         negative size, or a freed target.
     */
    public static int Create(OSObject target, OSActionHandler handler, long referenceSize, OSAction[] action) {
        if (target == null || handler == null || action == null || action.length < 1 || referenceSize < 0) {
            return Diagnostics.fail("OSAction::Create", Failure.of(kIOReturnBadArgument, "target=%s, handler=%s,"
                    + " referenceSize=%d, action=%s: target, handler and action (an OSAction[1]) must be given and"
                    + " referenceSize >= 0", target, handler, referenceSize, action));
        }
        if (target.isFreed()) {
            return Diagnostics.fail("OSAction::Create", Failure.of(kIOReturnBadArgument, "target %s was already"
                    + " freed: an action cannot be made for it", target.getClass().getName()));
        }
        action[0] = new OSAction(null, target, handler, referenceSize);
        return kIOReturnSuccess;
    }

    /** The runtime's completion action for one call: the driver-side end of the kernel's completion port. */
    static OSAction forCompletion(SendRight kernelCompletion) {
        return new OSAction(kernelCompletion, null, null, -1);
    }

    /**
     * {@return the action's reference storage: zero-filled at creation, 8-byte aligned, the size given to
     * {@link #Create}} Writes made before the action is triggered are visible to its handler. {@code null} for a
     * call's completion action, whose storage belongs to the kernel (apple-semantics.md §6.3).
     */
    public MemorySegment GetReference() {
        return reference;
    }

    /**
     * Cancels the action: no callback and no completion goes through it afterwards. {@code handler} runs once the
     * callbacks in flight have returned, never inside this call. A second {@code Cancel} returns
     * {@code kIOReturnSuccess} and its handler runs too.
     *
     * @param handler what to run once cancelled, or {@code null}.
     * @return {@code kIOReturnSuccess}.
     */
    public int Cancel(Runnable handler) {
        state.cancel(handler);
        return kIOReturnSuccess;
    }

    /**
     * Sets what runs, once, when the action is aborted: for a call's completion action, when the kernel aborts it
     * because the client closed its connection or went away (its port's dead-name notification, apple-semantics.md
     * §6.3); not after the driver's own last {@code release()}: a freed action runs nothing. A driver-made action
     * never leaves the driver's task here, so its handler never runs (Apple runs it when every other task has
     * released the action).
     *
     * <p>An action has one aborted handler, as DriverKit's {@code SetAbortedHandler} sets the handler: a later call
     * replaces it ({@code null} removes it), and at most one handler runs per action. Setting it after the action
     * was aborted runs it at once (on the callout queue) if none ran yet. However often it is called, the action
     * asks the kernel for one dead-name notification, so nothing grows per call.
     *
     * @param handler runs once if the action is aborted (its client closed, its service terminated).
     * @return {@code kIOReturnSuccess}, or {@code kIOReturnAborted} once the action was cancelled.
     */
    public int SetAbortedHandler(Runnable handler) {
        if (state.isCancelled()) {
            return Diagnostics.fail("OSAction::SetAbortedHandler", Failure.of(kIOReturnAborted, "the action was"
                    + " cancelled: a cancelled action can only be released"));
        }
        state.abortedHandler(handler);
        if (kernelCompletion != null && state.watchOnce()) {
            kernelCompletion.port().requestDeadName(() -> {
                if (!isFreed()) {
                    state.abort();
                }
            });
        }
        return kIOReturnSuccess;
    }

    /** {@return whether {@link #Cancel} was called} */
    public boolean isCancelled() {
        return state.isCancelled();
    }

    /** Releases the reference storage and the send right to the kernel's completion port. */
    @Override
    public void free() {
        if (kernelCompletion != null) {
            kernelCompletion.release(); // the kernel sees no more senders and aborts the action
        }
        if (arena != null) {
            arena.close();
        }
        super.free();
    }

    @Override
    public String toString() {
        return kernelCompletion != null ? "OSAction[completion]"
                : "OSAction[" + (target == null ? "?" : target.getClass().getSimpleName()) + "]";
    }

    /** {@return the send right to the kernel's completion port, or {@code null} if not a call's completion} */
    SendRight kernelCompletion() {
        return kernelCompletion;
    }

    OSObject target() {
        return target;
    }

    ActionState state() {
        return state;
    }

    /** The queue cancel handlers run on: the target's default queue, if the target is a service with one. */
    IODispatchQueue cancelQueue() {
        return target instanceof IOService service ? service.queueNamed(IOService.kIOServiceDefaultQueueName) : null;
    }

    /**
     * Triggers the action from a source, on the source's queue: runs the handler unless the action was cancelled
     * or freed, or its target was freed (each dropped; the last two explained). A throwing handler is reported.
     *
     * @param source names the source in explanations.
     * @return whether the handler ran.
     */
    boolean deliver(Object source, long[] args) {
        if (isFreed() || target == null || target.isFreed()) {
            final Failure dropped = Failure.of(kIOReturnAborted, "%s dropped a trigger of %s: %s was freed; the"
                    + " runtime never calls into a freed object. Cancel actions and sources in Stop, before the"
                    + " target goes away", source, this, isFreed() ? "the action" : "its target");
            Diagnostics.warn(dropped.toString());
            return false;
        }
        if (!state.enter()) {
            Diagnostics.debug(source + " dropped a trigger of cancelled " + this);
            return false;
        }
        try {
            handler.invoke(this, args);
            return true;
        } catch (Throwable thrown) {
            org.iokit4j.Untrusted.caught("the handler of " + this + " (triggered by " + source + ")",
                    org.iokit4j.IOReturn.kIOReturnError, thrown);
            return true;
        } finally {
            state.exit();
        }
    }
}
