package org.iokit4j.client;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.iokit4j.Diagnostics;
import org.iokit4j.iokitlib.IOAsyncCallback;
import org.iokit4j.iokitlib.IOAsyncCallback0;
import org.iokit4j.iokitlib.IOAsyncCallback1;
import org.iokit4j.iokitlib.IOAsyncCallback2;
import org.iokit4j.iokitlib.IOKitLib;

/**
 * The Java layer's one registered callout: it implements all four shapes, so every completion reaches it whole,
 * and routes it by refcon to the call that is waiting for it.
 *
 * <p>Each Java-layer async call opens a <em>route</em> (a token, sent as the refcon) before the call is made, so a
 * completion that arrives before the call returns still finds it. The reference is
 * {@code {0, CALLOUT, token}}: the faithful layer's mechanism, used as a C client would.
 *
 * <p><b>Concurrency.</b> Thread-safe: routes open on callers' threads and fire on delivering threads. A one-shot
 * route fires at most once even if completions race.
 */
final class CompletionRouter implements IOAsyncCallback0, IOAsyncCallback1, IOAsyncCallback2, IOAsyncCallback {
    static final CompletionRouter ROUTER = new CompletionRouter();
    /** The router's value for {@code reference[kIOAsyncCalloutFuncIndex]}. */
    static final long CALLOUT = IOKitLib.asyncCallout(ROUTER);

    private static final long[] NO_ARGS = new long[0];

    private final ConcurrentHashMap<Long, Route> routes = new ConcurrentHashMap<>();
    private final AtomicLong tokens = new AtomicLong();

    private CompletionRouter() {
    }

    /** {@return a new route's token: {@code handler} gets its completions, once or until closed} */
    long open(NotificationPort owner, Consumer<Completion> handler, Runnable onAbort, boolean once) {
        final long token = tokens.incrementAndGet();
        routes.put(token, new Route(owner, handler, onAbort, once));
        return token;
    }

    /** Closes a route; {@code abort} runs its abort action if it was still open. */
    void close(long token, boolean abort) {
        final Route route = routes.remove(token);
        if (route != null && abort) {
            route.onAbort.run();
        }
    }

    /** {@return the async reference for a route: reserved slot, this callout, the token as refcon} */
    static long[] reference(long token) {
        return new long[] {0, CALLOUT, token};
    }

    @Override
    public void call(long refcon, int result) {
        route(refcon, new Completion(result, NO_ARGS));
    }

    @Override
    public void call(long refcon, int result, long arg0) {
        route(refcon, new Completion(result, new long[] {arg0}));
    }

    @Override
    public void call(long refcon, int result, long arg0, long arg1) {
        route(refcon, new Completion(result, new long[] {arg0, arg1}));
    }

    @Override
    public void call(long refcon, int result, long[] args, int numArgs) {
        route(refcon, new Completion(result, java.util.Arrays.copyOf(args, numArgs)));
    }

    private void route(long token, Completion completion) {
        final Route route = routes.get(token);
        if (route == null || route.once && !routes.remove(token, route)) {
            Diagnostics.warn("dropped " + completion + ": no Java-layer call waits for refcon=" + token
                    + " any more (its NotificationPort was closed, or a one-shot future already completed)");
            return;
        }
        if (route.once) {
            route.owner.forget(token);
        }
        route.handler.accept(completion); // a throw reaches the dispatcher, which counts and explains it
    }

    private record Route(NotificationPort owner, Consumer<Completion> handler, Runnable onAbort, boolean once) {
    }
}
