package org.iokit4j.client;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.iokit4j.Diagnostics;
import org.iokit4j.IOReturn;
import org.iokit4j.IOReturnException;
import org.iokit4j.iokitlib.AsyncCallouts;
import org.iokit4j.iokitlib.IOAsyncCallback;
import org.iokit4j.iokitlib.IOAsyncCallback0;
import org.iokit4j.iokitlib.IOAsyncCallback1;
import org.iokit4j.iokitlib.IOAsyncCallback2;
import org.iokit4j.iokitlib.IONotificationPortRef;
import org.iokit4j.wire.ActionAbortedLayout;

/**
 * One notification port's router: the callout the Java layer registers for that port. It implements all four
 * shapes, so every completion reaches it whole, and routes it by refcon to the call waiting for it.
 *
 * <p>Each Java-layer async call opens a <em>route</em> (a token, sent as the refcon) before the call is made, so a
 * completion that arrives before the call returns still finds it. The reference is
 * {@code {request, callout, token}}: the faithful layer's mechanism, used as a C client would, where the request
 * in the reserved slot 0 asks the kernel for an action-aborted notice after completions too (streams only).
 *
 * <p>A route ends, and is forgotten, with its call: a one-shot route at its first completion; any route when the
 * kernel reports its action aborted ({@link #aborted}: the driver dropped it, the connection closed, the service
 * terminated), when the call itself fails, or when the port closes or dies ({@link #abortAll}). A route that ends
 * without a completion fails with {@code kIOReturnAborted} and the reason. The router's own registration is tied to
 * its port and freed with it ({@link AsyncCallouts#register(IONotificationPortRef,
 * org.iokit4j.iokitlib.IOAsyncCallout, AsyncCallouts.AbortHandler)}).
 *
 * <p><b>Concurrency.</b> Thread-safe: routes open on callers' threads and end on delivering threads or closing
 * threads; removal from the route map decides which one ends a route, so each ends exactly once, and a one-shot
 * route fires at most once even if completions race.
 */
final class CompletionRouter implements IOAsyncCallback0, IOAsyncCallback1, IOAsyncCallback2, IOAsyncCallback,
        AsyncCallouts.AbortHandler {
    private static final long[] NO_ARGS = new long[0];

    private final ConcurrentHashMap<Long, Route> routes = new ConcurrentHashMap<>();
    private final AtomicLong tokens = new AtomicLong();
    private final String port;
    private volatile long callout;

    private CompletionRouter(String port) {
        this.port = port;
    }

    /** {@return a router registered for {@code ref}, freed when the port goes} */
    static CompletionRouter register(IONotificationPortRef ref) {
        final CompletionRouter router = new CompletionRouter(ref.toString());
        router.callout = AsyncCallouts.register(ref, router, router);
        return router;
    }

    /**
     * {@return a new route's token: {@code handler} gets its completions, once or until it ends}
     *
     * @param onAbort gets the {@code kIOReturnAborted} failure if the route ends without (another) completion.
     * @param call    what the call was, for explanations (e.g. {@code selector=2 on Connection[…]}).
     */
    long open(Consumer<Completion> handler, Consumer<IOReturnException> onAbort, boolean once, String call) {
        final long token = tokens.incrementAndGet();
        routes.put(token, new Route(handler, onAbort, once, call));
        return token;
    }

    /** {@return the async reference for route {@code token}} */
    long[] reference(long token, boolean once) {
        return new long[] {once ? 0 : ActionAbortedLayout.kNoticeOnEveryAbort, callout, token};
    }

    /** Forgets a route without ending it (its call failed and reported that itself). */
    void close(long token) {
        routes.remove(token);
    }

    /** Ends every route still open with {@code kIOReturnAborted} and {@code why}. */
    void abortAll(String why) {
        for (Long token : routes.keySet()) {
            final Route route = routes.remove(token);
            if (route != null) {
                route.onAbort.accept(new IOReturnException(IOReturn.kIOReturnAborted, route.call + ": " + why));
            }
        }
    }

    /** {@return how many routes are open: calls still waiting for a completion} */
    int pending() {
        return routes.size();
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

    @Override
    public void aborted(long refcon, int reason, long completions) {
        final Route route = routes.remove(refcon);
        if (route != null) {
            route.onAbort.accept(new IOReturnException(ActionAbortedLayout.resultFor(reason), route.call + ": "
                    + ActionAbortedLayout.describe(reason, completions)));
        }
    }

    private void route(long token, Completion completion) {
        final Route route = routes.get(token);
        if (route == null || route.once && !routes.remove(token, route)) {
            Diagnostics.warn("dropped " + completion + " on " + port + ": no Java-layer call waits for refcon="
                    + token + " any more (a one-shot future already completed, or the call ended: aborted, failed,"
                    + " or its NotificationPort closed)");
            return;
        }
        route.handler.accept(completion); // a throw reaches the dispatcher, which counts and explains it
    }

    private record Route(Consumer<Completion> handler, Consumer<IOReturnException> onAbort, boolean once,
                         String call) {
    }
}
