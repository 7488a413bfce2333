package org.iokit4j.iokitlib;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.iokit4j.iokitlib.IOKitLib.IOConnectCallAsyncScalarMethod;
import static org.iokit4j.iokitlib.IOKitLib.IONotificationPortCreate;
import static org.iokit4j.iokitlib.IOKitLib.IONotificationPortDestroy;
import static org.iokit4j.iokitlib.IOKitLib.IONotificationPortGetMachPort;
import static org.iokit4j.iokitlib.IOKitLib.IONotificationPortSetDispatchQueue;
import static org.iokit4j.iokitlib.IOKitLib.asyncCallout;
import static org.iokit4j.iokitlib.IOKitLib.kIOMainPortDefault;
import static org.iokit4j.iokitlib.IOKitLib.kIOReturnSuccess;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import org.iokit4j.dispatch.DispatchQueue;
import org.iokit4j.mig.Caller;
import org.iokit4j.testsupport.LogCapture;
import org.iokit4j.wire.ActionAbortedLayout;
import org.junit.jupiter.api.Test;

/**
 * When {@code asyncCallout} registrations are freed (issue 8 "asyncCallout registrations are never freed (+14 MiB per
 * 100,000)"; deliverable 4: "freed with an explicit release, and when their port goes").
 */
class AsyncCalloutsTest {
    private final StubKernel kernel = new StubKernel();
    private final DispatchQueue queue = DispatchQueue.createManual("completions");
    private final List<String> calls = new ArrayList<>();

    AsyncCalloutsTest() {
        kernel.driver((task, connect, call, reply) -> { }); // accepts every call; completions come from the test
    }

    @Test
    void shouldLetARegistrationGoWhenThePortItWasUsedWithIsDestroyed() throws Exception { // issue 8 deliverable 4
        final int start = AsyncCallouts.size();
        final IONotificationPortRef port = port();
        final List<WeakReference<IOAsyncCallout>> callbacks = new ArrayList<>();
        final List<Long> values = new ArrayList<>();
        for (int i = 0; i < 100; i++) { // the leaky C port: a fresh lambda per call, never released
            final IOAsyncCallout callback = (IOAsyncCallback0) (refcon, result) -> calls.add("late");
            callbacks.add(new WeakReference<>(callback));
            values.add(asyncCallout(callback));
            assertThat(call(port, values.getLast())).isEqualTo(kIOReturnSuccess);
        }
        assertThat(AsyncCallouts.size()).isEqualTo(start + 100);

        IONotificationPortDestroy(port);

        assertThat(AsyncCallouts.size()).as("every registration went with its port").isEqualTo(start);
        for (int gc = 0; gc < 20 && callbacks.stream().anyMatch(c -> c.get() != null); gc++) {
            System.gc(); // a guard-bounded wait for the collector: nothing in iokit4j holds them any more
            Thread.sleep(10);
        }
        assertThat(callbacks).as("nothing in iokit4j keeps them alive").allMatch(c -> c.get() == null);
        assertThat(values).as("and their values name nothing").noneMatch(AsyncCallouts::release);
    }

    @Test
    void shouldKeepAValueWorkingAcrossPortsWhileItsCallbackLives() {
        // the seed demo's C idiom: one reference array, filled once, used with one port after another
        final IOAsyncCallback0 callback = (refcon, result) -> calls.add("called " + refcon);
        final long callout = asyncCallout(callback);
        final IONotificationPortRef first = port();
        call(first, callout);
        IONotificationPortDestroy(first);
        assertThat(AsyncCallouts.held(callout)).as("let go with its port").isNull();

        final IONotificationPortRef second = port();
        assertThat(call(second, callout)).isEqualTo(kIOReturnSuccess);
        try (CompletionSender sender = CompletionSender.to(second)) {
            sender.send(new long[] {0, callout, 9}, kIOReturnSuccess);
            queue.drain();
        }

        assertThat(calls).containsExactly("called 9");
        assertThat(AsyncCallouts.held(callout)).as("held again, tied to the second port").isNotNull();
        IONotificationPortDestroy(second);
        assertThat(AsyncCallouts.release(callout)).as("a value let go can still be released").isTrue();
        assertThat(AsyncCallouts.release(callout)).isFalse();
        java.lang.ref.Reference.reachabilityFence(callback); // the program holds its callback, as C holds code
    }

    @Test
    void shouldKeepARegistrationUntilTheLastPortItWasUsedWithGoes() { // one callout, two ports
        final IOAsyncCallback0 callback = (refcon, result) -> calls.add("called " + refcon);
        final long callout = asyncCallout(callback);
        final IONotificationPortRef first = port();
        final IONotificationPortRef second = port();
        call(first, callout);
        call(second, callout);

        IONotificationPortDestroy(first);
        try (CompletionSender sender = CompletionSender.to(second)) {
            sender.send(new long[] {0, callout, 7}, kIOReturnSuccess);
            queue.drain();
        }
        assertThat(calls).containsExactly("called 7");
        assertThat(AsyncCallouts.held(callout)).isNotNull();

        IONotificationPortDestroy(second);
        assertThat(AsyncCallouts.held(callout)).isNull();
    }

    @Test
    void shouldKeepARegistrationNeverUsedWithAPortUntilReleased() { // C's function: lives until released
        final long callout = asyncCallout((IOAsyncCallback0) (refcon, result) -> { });
        final IONotificationPortRef port = port();
        IONotificationPortDestroy(port);

        assertThat(AsyncCallouts.held(callout)).isNotNull();
        assertThat(AsyncCallouts.release(callout)).isTrue();
        assertThat(AsyncCallouts.release(callout)).as("a second release finds nothing").isFalse();
        assertThat(AsyncCallouts.release(0)).isFalse();
    }

    @Test
    void shouldReturnTheTableToItsStartAfterNOneShotCalls() { // issue 8 deliverable 4: no per-call state outlives it
        final int start = AsyncCallouts.size();
        final IONotificationPortRef port = port();
        try (CompletionSender sender = CompletionSender.to(port)) {
            for (int i = 0; i < 1000; i++) {
                final int n = i;
                final long callout = AsyncCallouts.registerOnce((IOAsyncCallback0) (refcon, result) ->
                        calls.add("once " + n));
                call(port, callout);
                if (i % 2 == 0) {
                    sender.send(new long[] {0, callout, 0}, kIOReturnSuccess); // completed
                } else {
                    sender.sendBytes(ActionAbortedLayout.encode(new long[] {0, callout, 0},
                            ActionAbortedLayout.kAbortReasonReleased, 0)); // dropped by the driver
                }
            }
            queue.drain();
        }

        assertThat(calls).hasSize(500).allMatch(line -> Integer.parseInt(line.substring(5)) % 2 == 0);
        assertThat(port.counters().aborted()).isEqualTo(500);
        assertThat(port.counters().callbackFailures()).isZero();
        assertThat(AsyncCallouts.size()).as("after the calls, before the port goes").isEqualTo(start);
        IONotificationPortDestroy(port);
        assertThat(AsyncCallouts.size()).isEqualTo(start);
    }

    @Test
    void shouldCallAOneShotCallbackOnceAndExplainASecondCompletion() {
        final long callout = AsyncCallouts.registerOnce((IOAsyncCallback0) (refcon, result) -> calls.add("once"));
        final IONotificationPortRef port = port();
        try (CompletionSender sender = CompletionSender.to(port); LogCapture log = new LogCapture()) {
            sender.send(new long[] {0, callout, 0}, kIOReturnSuccess);
            sender.send(new long[] {0, callout, 0}, kIOReturnSuccess);
            queue.drain();

            assertThat(calls).containsExactly("once");
            assertThat(port.counters().unknownCallouts()).isEqualTo(1);
            assertThat(log.warningsContaining("a one-shot value already used")).hasSize(1);
        } finally {
            IONotificationPortDestroy(port);
        }
    }

    @Test
    void shouldRunTheAbortHandlerAsThePortsTaskAndNoCallback() { // apple-semantics.md §4.3 step 1; issue 8 race 6
        final IONotificationPortRef port = port();
        final List<Object> aborts = new ArrayList<>();
        final long callout = AsyncCallouts.register(port, (IOAsyncCallback0) (refcon, result) -> calls.add("called"),
                (refcon, reason, completions) -> aborts.add(List.of(refcon, reason, completions, Caller.current())));
        try (CompletionSender sender = CompletionSender.to(port)) {
            sender.sendBytes(ActionAbortedLayout.encode(new long[] {0, callout, 42},
                    ActionAbortedLayout.kAbortReasonClientClosed, 3));
            queue.drain();
        }

        assertThat(calls).isEmpty();
        assertThat(aborts).containsExactly(List.of(42L, ActionAbortedLayout.kAbortReasonClientClosed, 3L,
                kernel.caller()));
        IONotificationPortDestroy(port);
        assertThat(AsyncCallouts.held(callout)).as("freed with its port").isNull();
    }

    @Test
    void shouldIgnoreANoticeForAPlainCalloutAsApplesDispatcherDoes() { // apple-semantics.md §4.3 step 1
        final long callout = asyncCallout((IOAsyncCallback0) (refcon, result) -> calls.add("called"));
        final IONotificationPortRef port = port();
        try (CompletionSender sender = CompletionSender.to(port)) {
            sender.sendBytes(ActionAbortedLayout.encode(new long[] {0, callout, 0}, 1, 0));
            queue.drain();
        } finally {
            IONotificationPortDestroy(port);
        }
        assertThat(calls).isEmpty();
        assertThat(AsyncCallouts.release(callout)).as("a plain registration is not used up").isTrue();
    }

    @Test
    void shouldFreeTheRegistrationsOfAPortWhenItsTaskEnds() { // issue 8 deliverable 4: "or its task"
        final int start = AsyncCallouts.size();
        final IONotificationPortRef port = port();
        final long tied = AsyncCallouts.register(port, (IOAsyncCallback0) (refcon, result) -> { }, null);
        call(port, asyncCallout((IOAsyncCallback0) (refcon, result) -> { }));
        assertThat(AsyncCallouts.size()).isEqualTo(start + 2);

        kernel.defaultTask().terminate();

        assertThat(AsyncCallouts.size()).isEqualTo(start);
        assertThat(AsyncCallouts.held(tied)).isNull();
    }

    @Test
    void shouldRefuseToRegisterForADestroyedPort() {
        final IONotificationPortRef port = port();
        IONotificationPortDestroy(port);

        assertThatThrownBy(() -> AsyncCallouts.register(port, (IOAsyncCallback0) (refcon, result) -> { }, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("was destroyed");
    }

    private IONotificationPortRef port() {
        final IONotificationPortRef port = Caller.callAs(kernel.caller(),
                () -> IONotificationPortCreate(kIOMainPortDefault));
        IONotificationPortSetDispatchQueue(port, queue);
        return port;
    }

    private int call(IONotificationPortRef port, long callout) {
        return Caller.callAs(kernel.caller(), () -> IOConnectCallAsyncScalarMethod(0x1234, 0,
                IONotificationPortGetMachPort(port), new long[] {0, callout, 0}, 3, null, 0, null, null));
    }
}
