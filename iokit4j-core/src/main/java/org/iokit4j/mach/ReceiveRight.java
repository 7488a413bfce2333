package org.iokit4j.mach;

/**
 * A receive right as the task holding it uses it: the one side of a port that is read where the task runs.
 *
 * <p>What a notification port is made of. Messages come off it already received in the Mach sense: the send rights
 * they carried are copied out into the task, and their names are in {@link MachMessage#names()} (the message carries
 * no {@link SendRight} any more). The embedded kernel's right reads the port's queue directly; a daemon carrier's
 * right reads what the daemon forwarded for it.
 *
 * <p><b>Concurrency.</b> Thread-safe. The listener and dead-name handlers run on the thread that queued the message
 * or killed the port; they must be short and must not throw.
 */
public interface ReceiveRight {

    /** {@return the right's name in its task's space} */
    int name();

    /**
     * Takes the next queued message off the port, never waiting.
     *
     * @return the message with its rights copied out ({@link MachMessage#names()}), or {@code null} if none is queued
     *         or the port is dead. A right that could not be copied out (the task is terminating) has the name 0 and
     *         was released.
     */
    MachMessage receive();

    /**
     * Sets the listener run after each message is queued ({@code null} removes it).
     *
     * @param listener what runs when a message arrives.
     */
    void setMessageListener(Runnable listener);

    /** {@return whether the port is dead (its receive right destroyed, or its task ended)} */
    boolean isDead();

    /**
     * Runs {@code handler} once when the port dies, or at once if it is dead already.
     *
     * @param handler what runs then.
     */
    void requestDeadName(Runnable handler);
}
