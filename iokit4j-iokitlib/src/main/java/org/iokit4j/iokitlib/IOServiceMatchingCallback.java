package org.iokit4j.iokitlib;

/**
 * {@code IOServiceMatchingCallback}: called when a matching notification's iterator has new services.
 *
 * <p>Drain {@code iterator} with {@link IOKitLib#IOIteratorNext} until it returns 0, releasing each service:
 * that re-arms the notification. A callback that does not drain gets no further calls for that notification.
 */
@FunctionalInterface
public interface IOServiceMatchingCallback {

    /**
     * Handles new services on the notification's iterator, on the notification port's queue or run loop.
     *
     * @param refcon   the value given to {@code IOServiceAddMatchingNotification}.
     * @param iterator the notification's iterator (the same name it returned); do not release it here unless
     *                 the notification should end.
     */
    void call(long refcon, int iterator);
}
