package org.iokit4j.tools;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.iokit4j.IOReturn;
import org.iokit4j.IOReturnException;
import org.iokit4j.client.Completion;
import org.iokit4j.client.MethodCallBuilder;
import org.iokit4j.client.MethodResult;
import org.iokit4j.client.NotificationPort;
import org.iokit4j.dispatch.DispatchQueue;
import org.iokit4j.mig.Caller;

/**
 * {@code iocall --async}: one async external method call and the wait for its first completion. A notification port
 * is made in the tool's task and attached to a dispatch queue of its own; the call passes the port's wake port and
 * an async reference ({@code IOConnectCallAsyncMethod}, through {@link MethodCallBuilder#invokeAsync(
 * NotificationPort, java.util.function.Consumer, java.util.function.Consumer)}); the tool then waits, up to the
 * timeout, for the driver's first {@code AsyncCompletion}. When the kernel says the call can complete no more (the
 * driver released its {@code OSAction} without completing, the service terminated) the wait ends at once with that
 * reason, not with a timeout. {@link #close()} closes the port and the queue.
 *
 * <p><b>Concurrency.</b> The tool's thread starts, waits and closes; the completion arrives on the queue's thread.
 */
final class AsyncCall implements AutoCloseable {
    private final DispatchQueue queue;
    private final NotificationPort port;
    private final CompletableFuture<Completion> first = new CompletableFuture<>();
    private MethodResult outputs;

    private AsyncCall(DispatchQueue queue, NotificationPort port) {
        this.queue = queue;
        this.port = port;
    }

    /**
     * Makes {@code call} asynchronously as {@code task}. {@return the call, returned from the driver's
     * {@code ExternalMethod}: its outputs are there, its completion may follow; close it when done}
     *
     * @throws IOReturnException the call's failure (nothing is left open then).
     */
    static AsyncCall start(Caller task, MethodCallBuilder call) {
        final DispatchQueue queue = DispatchQueue.create("iokit4j call completions");
        NotificationPort port = null;
        try {
            port = NotificationPort.create(task).dispatchOn(queue);
            final AsyncCall pending = new AsyncCall(queue, port);
            pending.outputs = call.invokeAsync(port, pending.first::complete, pending.first::completeExceptionally);
            return pending;
        } catch (RuntimeException failed) {
            if (port != null) {
                port.close();
            }
            queue.close();
            throw failed;
        }
    }

    /** {@return the synchronous part's outputs ({@code ExternalMethod}'s)} */
    MethodResult outputs() {
        return outputs;
    }

    /**
     * Waits up to {@code timeout} for the driver's first completion. {@return the completion}
     *
     * @throws IOReturnException {@code kIOReturnAborted} (or the kernel's code) and why if the call ended without a
     *                           completion; {@code kIOReturnTimeout} if none came in time; {@code kIOReturnAborted}
     *                           if the waiting thread was interrupted.
     */
    Completion await(Duration timeout) {
        try {
            return first.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException late) {
            throw new IOReturnException(IOReturn.kIOReturnTimeout, "the call returned, but no completion arrived"
                    + " within --timeout " + text(timeout) + " (the driver still holds the call's OSAction, or"
                    + " completes later: give a longer --timeout)");
        } catch (ExecutionException ended) {
            if (ended.getCause() instanceof IOReturnException failure) {
                throw failure;
            }
            throw new IOReturnException(IOReturn.kIOReturnError, "waiting for the completion failed: "
                    + ended.getCause());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IOReturnException(IOReturn.kIOReturnAborted, "interrupted while waiting for the completion");
        }
    }

    /** Closes the port (a call still pending is forgotten) and its queue. Idempotent. */
    @Override
    public void close() {
        port.close();
        queue.close();
    }

    /** Prints {@code completion}: its status (name and code) and its arguments, decimal and hex. */
    static void print(Completion completion, PrintWriter out) {
        out.println("completion: " + IOReturn.describe(completion.result()) + ", " + completion.argCount() + " args");
        for (int i = 0; i < completion.argCount(); i++) {
            final long value = completion.arg(i);
            out.println("  [" + i + "] " + value + " (0x" + Long.toHexString(value) + ")");
        }
    }

    /**
     * {@return the duration {@code text} names: a number with {@code ms}, {@code s} or {@code m}, or seconds alone}
     *
     * @throws IllegalArgumentException naming the text, if it is none of those or not positive.
     */
    static Duration duration(String text) {
        final String value = text.strip().toLowerCase(Locale.ROOT);
        try {
            final Duration duration;
            if (value.endsWith("ms")) {
                duration = Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)));
            } else if (value.endsWith("s")) {
                duration = Duration.ofSeconds(Long.parseLong(value.substring(0, value.length() - 1)));
            } else if (value.endsWith("m")) {
                duration = Duration.ofMinutes(Long.parseLong(value.substring(0, value.length() - 1)));
            } else {
                duration = Duration.ofSeconds(Long.parseLong(value));
            }
            if (duration.isZero() || duration.isNegative()) {
                throw new NumberFormatException("not positive");
            }
            return duration;
        } catch (NumberFormatException malformed) {
            throw new IllegalArgumentException("timeout=" + text + " is not a positive duration (e.g. 500ms, 10s, 2m)");
        }
    }

    private static String text(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + "s" : duration.toMillis() + "ms";
    }
}
