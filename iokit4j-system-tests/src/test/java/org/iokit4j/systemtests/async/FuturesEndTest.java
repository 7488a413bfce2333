package org.iokit4j.systemtests.async;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.iokit4j.systemtests.async.AsyncUserClient.kDrop;
import static org.iokit4j.systemtests.async.AsyncUserClient.kEchoNow;
import static org.iokit4j.systemtests.async.AsyncUserClient.kFire;
import static org.iokit4j.systemtests.async.AsyncUserClient.kKeep;
import static org.iokit4j.systemtests.async.AsyncUserClient.kRepeat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.iokit4j.IOReturn;
import org.iokit4j.IOReturnException;
import org.iokit4j.client.Completion;
import org.iokit4j.client.Connection;
import org.iokit4j.client.IOKit;
import org.iokit4j.client.NotificationPort;
import org.iokit4j.dispatch.DispatchQueue;
import org.iokit4j.systemtests.support.TestKernel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every way a Java-layer future ends, end to end (issue 8 deliverable 5: "a pending future fails with
 * kIOReturnAborted (and the reason) when its connection closes, its port closes, its service terminates, or its
 * action is dropped without a completion"; deliverable 4: "no per-call state outlives its call").
 */
class FuturesEndTest {
    private TestKernel fixture;
    private Connection connection;
    private NotificationPort port;
    private DispatchQueue queue;

    @BeforeEach
    void open() {
        fixture = new TestKernel("futures-end", "bundles/async/Info.plist", AsyncCallTest.DRIVER, Map.of());
        connection = fixture.connection();
        queue = DispatchQueue.create("futures-end-callbacks");
        port = NotificationPort.create(fixture.caller).dispatchOn(queue);
    }

    @AfterEach
    void close() {
        port.close();
        connection.close();
        queue.close();
        fixture.close();
    }

    @Test
    void shouldFailTheFutureWhenTheDriverNeverRetainsTheAction() { // apple-semantics.md §10.6: dropped at return
        final CompletableFuture<Completion> future = connection.call(kKeep).scalars(0).invokeAsync(port);

        assertAborted(() -> future.get(10, TimeUnit.SECONDS), "the driver released the call's completion action",
                "without completing the call", "selector=0");
        assertThat(port.pendingCalls()).isZero();
    }

    @Test
    void shouldFailTheFutureWhenTheDriverReleasesAKeptActionWithoutCompleting() { // §6.3 "Abort"
        final CompletableFuture<Completion> future = connection.call(kKeep).scalars(1).invokeAsync(port);
        connection.call(kDrop).invoke();

        assertAborted(() -> future.get(10, TimeUnit.SECONDS), "the driver released the call's completion action",
                "reason=kAbortReasonReleased");
        assertThat(fixture.kernel.completions().notices()).isEqualTo(1);
    }

    @Test
    void shouldFailTheFutureWhenTheConnectionCloses() { // issue 8: "Connection.close() leaves futures incomplete"
        final CompletableFuture<Completion> future = connection.call(kKeep).scalars(1).invokeAsync(port);

        connection.close();

        assertAborted(() -> future.get(10, TimeUnit.SECONDS), "the connection was closed",
                "reason=kAbortReasonClientClosed");
        AsyncUserClient.stoppedAction.release();
    }

    @Test
    void shouldFailTheFutureWhenTheServiceTerminates() { // issue 8: "after the service terminates they time out"
        final CompletableFuture<Completion> future = connection.call(kKeep).scalars(1).invokeAsync(port);

        assertThat(fixture.kernel.terminate(IOKit.nameMatching(AsyncCallTest.DRIVER))).isEqualTo(1);

        assertAborted(() -> future.get(10, TimeUnit.SECONDS), "the service terminated",
                "reason=kAbortReasonServiceTerminated");
        AsyncUserClient.stoppedAction.release();
    }

    @Test
    void shouldFailTheFutureWhenThePortCloses() { // already so; now on the closing thread, with the call named
        final CompletableFuture<Completion> future = connection.call(kKeep).scalars(1).invokeAsync(port);

        port.close();

        assertThat(future).isCompletedExceptionally();
        assertAborted(future::join, "NotificationPort was closed", "selector=0");
        connection.call(kDrop).invoke();
    }

    @Test
    void shouldCompleteNotAbortWhenTheDriverCompletesThenReleases() throws Exception { // the notice never overtakes
        final CompletableFuture<Completion> future = connection.call(kKeep).scalars(1).invokeAsync(port);
        connection.call(kFire).scalars(7).invoke();
        connection.call(kDrop).invoke();

        assertThat(future.get(10, TimeUnit.SECONDS).args()).containsExactly(7);
        assertThat(fixture.kernel.completions().notices()).as("a completed one-shot call costs no notice").isZero();
        assertThat(port.pendingCalls()).isZero();
    }

    @Test
    void shouldEndAStreamWhenItsActionGoes() throws Exception { // deliverable 4: a stream's route ends with its call
        final List<Long> seen = new CopyOnWriteArrayList<>();
        connection.call(kRepeat).scalars(5).invokeAsync(port, completion -> seen.add(completion.arg(0)));

        awaitNoPendingCalls();

        assertThat(seen).containsExactly(0L, 1L, 2L, 3L, 4L);
        assertThat(fixture.kernel.completions().notices()).isEqualTo(1);
    }

    @Test
    void shouldEndEveryCallOfAManyCallRunAndKeepNoRoute() throws Exception {
        // issue 8: "the Java layer keeps a route and a never-completed future for every call whose completion the
        // driver dropped"
        final List<CompletableFuture<Completion>> futures = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            futures.add(i % 2 == 0 ? connection.call(kEchoNow).scalars(i).invokeAsync(port)
                    : connection.call(kKeep).scalars(0).invokeAsync(port));
        }
        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).exceptionally(t -> null)
                .get(30, TimeUnit.SECONDS);

        assertThat(futures.stream().filter(CompletableFuture::isCompletedExceptionally)).hasSize(250);
        assertThat(port.pendingCalls()).isZero();
    }

    /** Waits (a guard, not a timing) until the port's queue has ended every route: the driver ends them later. */
    private void awaitNoPendingCalls() throws InterruptedException {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (port.pendingCalls() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertThat(port.pendingCalls()).isZero();
    }

    private static void assertAborted(ThrowingCallable waiting, String... explanation) {
        assertThatThrownBy(waiting)
                .isInstanceOfAny(ExecutionException.class, java.util.concurrent.CompletionException.class)
                .cause().isInstanceOf(IOReturnException.class)
                .hasMessageContainingAll(explanation)
                .satisfies(e -> assertThat(((IOReturnException) e).code()).isEqualTo(IOReturn.kIOReturnAborted));
    }
}
