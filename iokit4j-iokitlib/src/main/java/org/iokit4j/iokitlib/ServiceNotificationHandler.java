package org.iokit4j.iokitlib;

import org.iokit4j.mach.MachMessage;

/**
 * The hook for IOKit's other notifications on a notification port: matching (types 100, 101, 102) and interest
 * (type 160, a complex message carrying the service) (apple-semantics.md §4.3 step 5).
 *
 * <p>The dispatcher handles simple type-150 messages (completions) itself and hands every other message with
 * {@code msgh_id} 53 here; {@link ServiceNotificationDispatch} is the implementation.
 *
 * <p><b>Concurrency.</b> Called on the thread delivering the port's messages; implementations must be
 * thread-safe.
 */
@FunctionalInterface
interface ServiceNotificationHandler {

    /**
     * Delivers one notification message. The message's carried rights are released after this returns unless
     * the handler moved them into the task's space.
     *
     * @return whether it was delivered; {@code false} counts the message as ignored.
     */
    boolean handle(IONotificationPortRef notify, MachMessage message);
}
