package org.iokit4j.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import org.iokit4j.Failure;
import org.iokit4j.IOReturn;
import org.iokit4j.IOReturnException;
import org.iokit4j.dispatch.DispatchQueue;
import org.iokit4j.iokitlib.CoreFoundation;
import org.iokit4j.iokitlib.StubKernel;
import org.iokit4j.iokitlib.TestThreads;
import org.iokit4j.testsupport.LogCapture;
import org.iokit4j.wire.ActionAbortedLayout;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AsyncMethodCallTest {
    private final StubKernel kernel = new StubKernel();
    private final FakeAsyncDriver driver = new FakeAsyncDriver();
    private final Connection connection = new Connection(kernel.caller(), 0x1234);
    private final DispatchQueue queue = DispatchQueue.createManual("completions");
    private NotificationPort port;

    @BeforeEach
    void openPort() {
        kernel.driver(driver);
        port = NotificationPort.create(kernel.caller()).dispatchOn(queue);
    }

    @AfterEach
    void closePort() {
        port.close();
        driver.releaseAll();
    }

    @Test
    void shouldCompleteTheFutureWithTheFirstCompletion() {
        // apple-semantics.md §2.1: the call returns first; the completion arrives later as a message
        final CompletableFuture<Completion> future = connection.call(3).scalars(1).invokeAsync(port);
        assertThat(future).isNotDone();
        assertThat(driver.pending).singleElement().extracting(FakeAsyncDriver.Pending::reference)
                .satisfies(reference -> assertThat(reference[1] >>> 48).as("a registered callout").isEqualTo(0x4143));

        driver.pending.getFirst().complete(IOReturn.kIOReturnSuccess, 5, 6);
        queue.drain();

        assertThat(future).isCompletedWithValue(new Completion(IOReturn.kIOReturnSuccess, new long[] {5, 6}));
        assertThat(future.join().succeeded()).isTrue();
        assertThat(port.counters().arityMismatches()).isZero();
    }

    @Test
    void shouldDropALaterCompletionOfAOneShotCallAndSaySo() {
        // apple-semantics.md §10.6: a driver may complete a kept action again; the future took the first
        final CompletableFuture<Completion> future = connection.call(3).invokeAsync(port);
        try (LogCapture log = new LogCapture()) {
            driver.pending.getFirst().complete(IOReturn.kIOReturnSuccess, 1);
            driver.pending.getFirst().complete(IOReturn.kIOReturnError, 2);
            queue.drain();

            assertThat(future.join().args()).containsExactly(1);
            assertThat(log.warningsContaining("no Java-layer call waits")).hasSize(1);
        }
    }

    @Test
    void shouldDeliverEveryCompletionToTheConsumerWhateverItsArgumentCount() {
        // apple-semantics.md §4.3 / §10.2: the Java layer's callout has every shape, so no count is a mismatch
        final List<Completion> completions = new CopyOnWriteArrayList<>();
        final MethodResult sync = connection.call(4).scalarOutputs(1).invokeAsync(port, completions::add);
        final FakeAsyncDriver.Pending kept = driver.pending.getFirst();
        kept.complete(0);
        kept.complete(0, 1);
        kept.complete(0, 1, 2);
        kept.complete(0, 1, 2, 3);
        kept.complete(IOReturn.kIOReturnAborted, sixteen());
        queue.drain();

        assertThat(sync.scalar(0)).isEqualTo(77);
        assertThat(completions).extracting(Completion::argCount).containsExactly(0, 1, 2, 3, 16);
        assertThat(completions.get(3).args()).containsExactly(1, 2, 3);
        assertThat(completions.get(4).args()).containsExactly(sixteen());
        assertThat(completions.get(4).succeeded()).isFalse();
        assertThat(port.counters().arityMismatches()).isZero();
        assertThat(port.counters().delivered()).isEqualTo(5);
    }

    @Test
    void shouldCatchACompletionSentBeforeTheCallReturns() {
        // apple-semantics.md §2.1: a driver may call AsyncCompletion inside ExternalMethod
        driver.completeBeforeReturning = new long[] {9};

        final CompletableFuture<Completion> future = connection.call(5).invokeAsync(port);
        queue.drain();

        assertThat(future.join().arg(0)).isEqualTo(9);
    }

    @Test
    void shouldFailTheFutureWhenTheCallItselfFails() {
        // apple-semantics.md §10.9: an async call to a method declared synchronous fails with kIOReturnBadArgument
        driver.failure = Failure.of(IOReturn.kIOReturnBadArgument, "checkCompletionExists=0 but the call has one");

        final CompletableFuture<Completion> future = connection.call(6).invokeAsync(port);

        assertThat(future).isCompletedExceptionally();
        assertThatThrownBy(future::join).isInstanceOf(CompletionException.class)
                .cause().isInstanceOf(IOReturnException.class).hasMessageContaining("checkCompletionExists=0");
        assertThatThrownBy(() -> connection.call(6).invokeAsync(port, completion -> { }))
                .isInstanceOf(IOReturnException.class)
                .satisfies(e -> assertThat(((IOReturnException) e).code()).isEqualTo(IOReturn.kIOReturnBadArgument));
    }

    @Test
    void shouldAbortWaitingFuturesWhenThePortCloses() {
        // apple-semantics.md §4.1 / §10.7: after destroy, nothing is delivered and the sender gets an error
        final CompletableFuture<Completion> future = connection.call(7).invokeAsync(port);

        port.close();
        port.close();

        assertThatThrownBy(future::join).cause().isInstanceOf(IOReturnException.class)
                .satisfies(e -> assertThat(((IOReturnException) e).code()).isEqualTo(IOReturn.kIOReturnAborted));
        assertThat(driver.pending.getFirst().complete(0)).isEqualTo(IOReturn.MACH_SEND_INVALID_DEST);
        assertThatThrownBy(() -> connection.call(7).invokeAsync(port)).isInstanceOf(IllegalStateException.class);
    }

    @ParameterizedTest
    @ValueSource(ints = {ActionAbortedLayout.kAbortReasonReleased, ActionAbortedLayout.kAbortReasonClientClosed,
        ActionAbortedLayout.kAbortReasonServiceTerminated, ActionAbortedLayout.kAbortReasonServerDied})
    void shouldFailTheFutureWithAbortedWhenTheKernelAbortsTheAction(int reason) {
        // issue 8 deliverable 5: the driver dropped the action, the connection closed, the service terminated
        final CompletableFuture<Completion> future = connection.call(9).invokeAsync(port);
        assertThat(driver.pending.getFirst().slot0()).as("a one-shot call asks for no notice after a completion")
                .isZero();

        driver.pending.getFirst().abort(reason, 0);
        queue.drain();

        assertThatThrownBy(future::join).cause().isInstanceOf(IOReturnException.class)
                .hasMessageContaining("selector=9 on Connection[1234]")
                .hasMessageContaining(ActionAbortedLayout.describe(reason, 0))
                .satisfies(e -> assertThat(((IOReturnException) e).code()).as("issue 10: a dead server's call ends"
                        + " with MIG_SERVER_DIED").isEqualTo(reason == ActionAbortedLayout.kAbortReasonServerDied
                        ? IOReturn.MIG_SERVER_DIED : IOReturn.kIOReturnAborted));
        assertThat(port.pendingCalls()).isZero();
        assertThat(port.counters().aborted()).isEqualTo(1);
    }

    @Test
    void shouldIgnoreANoticeThatFollowsTheCompletion() { // the notice queues behind every completion
        final CompletableFuture<Completion> future = connection.call(3).invokeAsync(port);
        driver.pending.getFirst().complete(IOReturn.kIOReturnSuccess, 1);
        driver.pending.getFirst().abort(ActionAbortedLayout.kAbortReasonReleased, 1);
        queue.drain();

        assertThat(future.join().args()).containsExactly(1);
        assertThat(port.pendingCalls()).isZero();
    }

    @Test
    void shouldEndAStreamWhenTheKernelAbortsItsActionAfterTheLastCompletion() {
        // issue 8 deliverable 4: "no per-call state outlives its call"; a stream asks for the notice on every abort
        final List<Completion> completions = new CopyOnWriteArrayList<>();
        connection.call(4).scalarOutputs(1).invokeAsync(port, completions::add);
        final FakeAsyncDriver.Pending kept = driver.pending.getFirst();
        assertThat(kept.slot0()).isEqualTo(ActionAbortedLayout.kNoticeOnEveryAbort);
        kept.complete(0, 1);
        kept.complete(0, 2);
        kept.abort(ActionAbortedLayout.kAbortReasonReleased, 2);
        queue.drain();

        assertThat(completions).extracting(c -> c.arg(0)).containsExactly(1L, 2L);
        assertThat(port.pendingCalls()).isZero();
    }

    @Test
    void shouldForgetEveryRouteAfterItsCallAndTheRouterWithThePort() {
        // issue 8: "the Java layer keeps a route and a never-completed future for every call whose completion the
        // driver dropped"; deliverable 4: the port's registration goes with the port
        final int start = org.iokit4j.iokitlib.AsyncCallouts.size();
        final NotificationPort second = NotificationPort.create(kernel.caller()).dispatchOn(queue);
        final List<CompletableFuture<Completion>> futures = new java.util.ArrayList<>();
        for (int i = 0; i < 100; i++) {
            futures.add(connection.call(10).invokeAsync(second));
            final FakeAsyncDriver.Pending kept = driver.pending.getLast();
            if (i % 2 == 0) {
                kept.complete(0, i);
            } else {
                kept.abort(ActionAbortedLayout.kAbortReasonReleased, 0);
            }
        }
        queue.drain();

        assertThat(futures).allMatch(CompletableFuture::isDone);
        assertThat(futures.stream().filter(CompletableFuture::isCompletedExceptionally)).hasSize(50);
        assertThat(second.pendingCalls()).isZero();
        assertThat(org.iokit4j.iokitlib.AsyncCallouts.size()).as("one router for the port").isEqualTo(start + 1);
        second.close();
        assertThat(org.iokit4j.iokitlib.AsyncCallouts.size()).isEqualTo(start);
    }

    @Test
    void shouldAbortWaitingFuturesWhenThePortDiesWithItsTask() { // issue 8 deliverable 4: "or its task"
        final CompletableFuture<Completion> future = connection.call(11).invokeAsync(port);

        kernel.defaultTask().terminate();

        assertThatThrownBy(future::join).cause().isInstanceOf(IOReturnException.class)
                .hasMessageContaining("the notification port died")
                .satisfies(e -> assertThat(((IOReturnException) e).code()).isEqualTo(IOReturn.kIOReturnAborted));
        assertThat(port.pendingCalls()).isZero();
    }

    @Test
    void shouldCompleteTheFutureAsThePortsTask() { // issue 8 race 6: dependent stages run as the port's task
        final CompletableFuture<Completion> future = connection.call(3).invokeAsync(port);
        final CompletableFuture<org.iokit4j.mig.Caller> caller =
                future.thenApply(c -> org.iokit4j.mig.Caller.current());
        driver.pending.getFirst().complete(0);
        queue.drain();

        assertThat(caller.join()).isEqualTo(kernel.caller());
    }

    @Test
    void shouldDeliverOnARunLoop() throws Exception {
        // contract.md §2: a port's run loop source delivers on the thread running the run loop
        port.dispatchOn(null);
        final CompletableFuture<Completion> future = connection.call(8).invokeAsync(port);
        driver.pending.getFirst().complete(0, 4);
        TestThreads.onFreshThread(() -> {
            CoreFoundation.CFRunLoopAddSource(CoreFoundation.CFRunLoopGetCurrent(), port.runLoopSource(),
                    CoreFoundation.kCFRunLoopDefaultMode);
            assertThat(CoreFoundation.CFRunLoopRunInMode(CoreFoundation.kCFRunLoopDefaultMode, 0, true))
                    .isEqualTo(CoreFoundation.kCFRunLoopRunHandledSource);
        });

        assertThat(future.join().arg(0)).isEqualTo(4);
    }

    private static long[] sixteen() {
        final long[] args = new long[16];
        for (int i = 0; i < 16; i++) {
            args[i] = 100 + i;
        }
        return args;
    }
}
