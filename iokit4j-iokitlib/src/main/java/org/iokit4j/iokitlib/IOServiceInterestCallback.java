package org.iokit4j.iokitlib;

/**
 * {@code IOServiceInterestCallback}: called with one message about a service, e.g.
 * {@link IOKitLib#kIOMessageServiceIsTerminated}.
 */
@FunctionalInterface
public interface IOServiceInterestCallback {

    /**
     * Handles one message, on the notification port's queue or run loop.
     *
     * @param refcon          the value given to {@code IOServiceAddInterestNotification}.
     * @param service         the service, a name valid only during the call (IOKitLib releases it afterwards:
     *                        {@code IOObjectRetain} it to keep it).
     * @param messageType     the message, e.g. {@code kIOMessageServiceIsTerminated} (0xE0000010).
     * @param messageArgument the message's argument (0 for termination).
     */
    void call(long refcon, int service, int messageType, long messageArgument);
}
