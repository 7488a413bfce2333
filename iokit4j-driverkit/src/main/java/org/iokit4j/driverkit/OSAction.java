package org.iokit4j.driverkit;

import org.iokit4j.mach.SendRight;

/**
 * An action: something the driver can trigger later, DriverKit's {@code OSAction}.
 *
 * <p>The runtime hands each asynchronous call's completion to {@code ExternalMethod} as an {@code OSAction}
 * ({@link IOUserClientMethodArguments#completion}). The system holds it only for the duration of the call
 * (apple-semantics.md §6.3): a driver that completes later must {@link #retain()} it and {@link #release()} it
 * when done. When the last reference goes, the kernel aborts the action: completions sent through it afterwards
 * are dropped (and explained).
 *
 * <p><b>Concurrency.</b> Thread-safe; completions may be sent from any thread.
 */
public class OSAction extends OSObject {
    private final SendRight kernelCompletion;

    /** For subclasses and driver-made actions: an action with no kernel completion behind it. */
    protected OSAction() {
        this.kernelCompletion = null;
    }

    private OSAction(SendRight kernelCompletion) {
        this.kernelCompletion = kernelCompletion;
    }

    /** The runtime's completion action for one call: the driver-side end of the kernel's completion port. */
    static OSAction forCompletion(SendRight kernelCompletion) {
        return new OSAction(kernelCompletion);
    }

    /** {@return the send right to the kernel's completion port, or {@code null} if not a call's completion} */
    SendRight kernelCompletion() {
        return kernelCompletion;
    }

    /** Drops the action's send right: the kernel sees no more senders and aborts the action. */
    @Override
    public void free() {
        if (kernelCompletion != null) {
            kernelCompletion.release();
        }
        super.free();
    }
}
