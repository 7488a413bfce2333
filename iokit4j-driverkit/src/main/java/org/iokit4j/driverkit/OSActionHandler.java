package org.iokit4j.driverkit;

/**
 * What an {@link OSAction} made with {@link OSAction#Create} runs when a source triggers it: DriverKit's
 * generated {@code CreateAction…} method body, as a Java method reference.
 *
 * <p>A timer ({@link IOTimerDispatchSource}) calls it on its queue with {@code args[0]} = the time it fired, in
 * {@link System#nanoTime()} nanoseconds. An exception thrown here is caught, counted and explained; the source and
 * its queue go on.
 */
@FunctionalInterface
public interface OSActionHandler {

    /**
     * Handles one trigger of {@code action}.
     *
     * @param action the action that was triggered (its {@link OSAction#GetReference()} holds the driver's state).
     * @param args   the source's values, e.g. {@code {time}} for a timer.
     */
    void invoke(OSAction action, long[] args);
}
