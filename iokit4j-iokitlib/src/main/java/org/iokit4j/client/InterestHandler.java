package org.iokit4j.client;

/** What a {@link Service#onInterest} subscriber does with one message about the service. */
@FunctionalInterface
public interface InterestHandler {

    /**
     * Handles one message, on the notification port's queue.
     *
     * @param messageType e.g. {@code IOKitLib.kIOMessageServiceIsTerminated} (0xE0000010).
     * @param argument    the message's argument.
     */
    void message(int messageType, long argument);
}
