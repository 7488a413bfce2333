package org.iokit4j.mig;

import org.iokit4j.Failure;

/**
 * The kernel object behind a call's completion action: what {@code AsyncCompletion} reaches.
 *
 * <p>A driver server holds a send right to a port whose kernel object implements this interface; sending a
 * completion through it produces one completion message on the client's wake port.
 */
public interface CompletionTarget {

    /**
     * Sends one completion ({@code sendAsyncResult64}).
     *
     * @param args   the completion arguments; the first {@code count} are sent.
     * @param count  0..16; more is refused with {@code kIOReturnMessageTooLarge} and nothing is sent.
     * @param status the status.
     * @return {@code null} if a message was queued, else why not (the client closed, the port was destroyed, the
     *         action was aborted, …).
     */
    Failure complete(int status, long[] args, int count);
}
