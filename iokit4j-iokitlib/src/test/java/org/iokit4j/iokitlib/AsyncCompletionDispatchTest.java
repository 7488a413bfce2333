package org.iokit4j.iokitlib;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iokit4j.iokitlib.IOKitLib.IODispatchCalloutFromMessage;
import static org.iokit4j.iokitlib.IOKitLib.IONotificationPortCreate;
import static org.iokit4j.iokitlib.IOKitLib.IONotificationPortDestroy;
import static org.iokit4j.iokitlib.IOKitLib.IONotificationPortSetDispatchQueue;
import static org.iokit4j.iokitlib.IOKitLib.asyncCallout;
import static org.iokit4j.iokitlib.IOKitLib.kIOMainPortDefault;
import static org.iokit4j.iokitlib.IOKitLib.kIOReturnSuccess;

import java.util.ArrayList;
import java.util.List;
import org.iokit4j.dispatch.DispatchQueue;
import org.iokit4j.mach.MachMessage;
import org.iokit4j.mach.MachTask;
import org.iokit4j.mig.Caller;
import org.iokit4j.testsupport.LogCapture;
import org.iokit4j.wire.AsyncCompletionLayout;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AsyncCompletionDispatchTest {
    private static final long REFCON = 0x5EED_0000_0000_00AAL;

    private final StubKernel kernel = new StubKernel();
    private final MachTask task = kernel.defaultTask();
    private final DispatchQueue queue = DispatchQueue.createManual("completions");
    private final List<String> calls = new ArrayList<>();
    private IONotificationPortRef port;
    private CompletionSender sender;

    @BeforeEach
    void createPort() {
        port = Caller.callAs(kernel.caller(), () -> IONotificationPortCreate(kIOMainPortDefault));
        IONotificationPortSetDispatchQueue(port, queue);
        sender = CompletionSender.to(port);
    }

    @AfterEach
    void destroyPort() {
        sender.close();
        IONotificationPortDestroy(port);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 16})
    void shouldCallTheShapeMatchingTheArgumentCount(int n) {
        // apple-semantics.md §4.3 step 5: 0 → Callback0, 1 → Callback1, 2 → Callback2, ≥3 → array form
        final long callout = asyncCallout(matchingShape(n));
        final long[] args = args(n);

        sender.send(reference(callout), 0xE00002EB, args);
        queue.drain();

        final String expected = switch (n) {
            case 0 -> "0:" + REFCON + ":-536870165";
            case 1 -> "1:" + REFCON + ":-536870165:" + args[0];
            case 2 -> "2:" + REFCON + ":-536870165:" + args[0] + ":" + args[1];
            default -> "n:" + REFCON + ":-536870165:" + java.util.Arrays.toString(args) + ":" + n;
        };
        assertThat(calls).containsExactly(expected);
        assertThat(port.counters().delivered()).isEqualTo(1);
        assertThat(port.counters().arityMismatches()).isZero();
    }

    @Test
    void shouldEchoReferenceSlotsWithSlotZeroCleared() throws Exception {
        // apple-semantics.md §3: slots 1..7 are echoed unchanged, slot 0 is sent as 0
        final long callout = asyncCallout((IOAsyncCallback0) (refcon, result) -> calls.add("called " + refcon));
        final long[] reference = {0xFFFF_FFFF_0000_0001L, callout, REFCON, 3, 4, 5, 6, 7};
        IONotificationPortSetDispatchQueue(port, null); // receive by hand instead

        sender.send(reference, kIOReturnSuccess);
        final MachMessage message = task.space().receive(IOKitLib.IONotificationPortGetMachPort(port), 0);

        assertThat(AsyncCompletionLayout.reference(message.bytes(), 0)).isZero();
        for (int slot = 1; slot < 8; slot++) {
            assertThat(AsyncCompletionLayout.reference(message.bytes(), slot)).isEqualTo(reference[slot]);
        }
        IODispatchCalloutFromMessage(null, message, port);
        assertThat(calls).containsExactly("called " + REFCON);
    }

    @Test
    void shouldAdaptArrayFormToTwoArgumentsAndReportOnce() {
        // apple-semantics.md §10.2: an IOAsyncCallback registered for a 2-argument completion
        final IOAsyncCallback arrayForm = (refcon, result, args, numArgs) ->
                calls.add(java.util.Arrays.toString(args) + "/" + numArgs);
        final long callout = asyncCallout(arrayForm);
        try (LogCapture log = new LogCapture()) {
            sender.send(reference(callout), 0, 11, 22);
            sender.send(reference(callout), 0, 33, 44);
            queue.drain();

            assertThat(calls).containsExactly("[11, 22]/2", "[33, 44]/2");
            assertThat(port.counters().arityMismatches()).isEqualTo(2);
            assertThat(log.warningsContaining(Long.toHexString(callout).toUpperCase())).singleElement()
                    .asString()
                    .contains("IOAsyncCallback (the array form)", "carries 2 argument", "IOAsyncCallback2",
                            "register an IOAsyncCallback2", "3 or more", "docs/async-completions.md, \"The arity rule\"");
        }
    }

    @Test
    void shouldAdaptFixedFormsAndReportOncePerCount() {
        // apple-semantics.md §10.2, the other direction: fixed shapes given the wrong number of arguments
        final long one = asyncCallout((IOAsyncCallback1) (refcon, result, arg0) -> calls.add("one " + arg0));
        final long two = asyncCallout((IOAsyncCallback2) (refcon, result, a, b) -> calls.add("two " + a + "," + b));
        try (LogCapture log = new LogCapture()) {
            sender.send(reference(one), 0, 7, 8, 9, 10, 11);
            sender.send(reference(one), 0, 12, 13, 14, 15, 16);
            sender.send(reference(two), 0);
            sender.send(reference(one), 0, 17);
            queue.drain();

            assertThat(calls).containsExactly("one 7", "one 12", "two 0,0", "one 17");
            assertThat(port.counters().arityMismatches()).isEqualTo(3);
            assertThat(log.warningsContaining(Long.toHexString(one).toUpperCase())).singleElement().asString()
                    .contains("IOAsyncCallback1", "carries 5 argument", "IOAsyncCallback (the array form)",
                            "dropped 4", "register an IOAsyncCallback,", "exactly 1");
            assertThat(log.warningsContaining(Long.toHexString(two).toUpperCase())).singleElement().asString()
                    .contains("IOAsyncCallback2", "carries 0 argument", "IOAsyncCallback0", "passed 0",
                            "register an IOAsyncCallback0");
        }
    }

    @Test
    void shouldPreferTheExactShapeWhenOneObjectImplementsSeveral() {
        // apple-semantics.md §4.3: the count picks the shape; an object of several shapes always fits
        final long callout = asyncCallout(new EveryShape());
        sender.send(reference(callout), 0);
        sender.send(reference(callout), 0, 1);
        sender.send(reference(callout), 0, 1, 2);
        sender.send(reference(callout), 0, 1, 2, 3);
        queue.drain();

        assertThat(calls).containsExactly("0", "1", "2", "n3");
        assertThat(port.counters().arityMismatches()).isZero();
    }

    @Test
    void shouldKeepArgumentsValidAfterTheCallbackReturns() {
        // apple-semantics.md §4.3: C's args point into the message; ours are a fresh copy per completion
        final List<long[]> kept = new ArrayList<>();
        final long callout = asyncCallout((IOAsyncCallback) (refcon, result, args, numArgs) -> kept.add(args));
        sender.send(reference(callout), 0, 1, 2, 3);
        sender.send(reference(callout), 0, 4, 5, 6);
        queue.drain();

        assertThat(kept).hasSize(2);
        assertThat(kept.get(0)).containsExactly(1, 2, 3);
        assertThat(kept.get(1)).containsExactly(4, 5, 6);
    }

    @Test
    void shouldDropCompletionNamingNoCalloutAndExplainWhy() {
        // apple-semantics.md §10.11: slot 1 zero (or unknown) would make C call a wild pointer
        try (LogCapture log = new LogCapture()) {
            sender.send(new long[] {0}, 0, 1, 2); // a one-slot reference: slot 1 is 0
            sender.send(new long[] {0, 0x0BAD_0000_0000_0001L, 5}, 0);
            queue.drain();

            assertThat(port.counters().unknownCallouts()).isEqualTo(2);
            assertThat(port.counters().delivered()).isZero();
            assertThat(log.warningsContaining("is 0: in C")).singleElement().asString()
                    .contains("NULL function", "asyncCallout", "kIOAsyncCalloutCount");
            assertThat(log.warningsContaining("0x0BAD000000000001")).singleElement().asString()
                    .contains("names no callback registered");
        }
    }

    @Test
    void shouldIgnoreMessagesWithAnotherIdSilently() {
        // apple-semantics.md §4.3 step 1: msgh_id ≠ 53 → ignored silently
        final long callout = asyncCallout((IOAsyncCallback0) (refcon, result) -> calls.add("called"));
        final byte[] other = AsyncCompletionLayout.encode(reference(callout), 0, null, 0);
        org.iokit4j.wire.MachMsgHeaderLayout.setId(other, AsyncCompletionLayout.kOSAsyncCompleteMessageID);
        try (LogCapture log = new LogCapture()) {
            sender.sendBytes(other);
            sender.sendBytes(new byte[] {1, 2, 3});
            queue.drain();

            assertThat(calls).isEmpty();
            assertThat(port.counters().ignored()).isEqualTo(2);
            assertThat(log.warningsContaining("")).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {100, 101, 102, 160})
    void shouldLeaveMatchingAndInterestNotificationsToTheirHook(int type) {
        // apple-semantics.md §4.3 step 5: 100/101/102 matching, 160 interest: not handled yet, ignored
        final long callout = asyncCallout((IOAsyncCallback0) (refcon, result) -> calls.add("called"));
        final byte[] bytes = AsyncCompletionLayout.encode(reference(callout), 0, null, 0);
        java.nio.ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN)
                .putInt(AsyncCompletionLayout.NOTIFICATION_TYPE_OFFSET, type);
        sender.sendBytes(bytes);
        queue.drain();

        assertThat(calls).isEmpty();
        assertThat(port.counters().ignored()).isEqualTo(1);
    }

    @Test
    void shouldRunTheCallbackAsThePortsTask() {
        // issue 8 race 6: matching and interest callbacks run as the port's task; completions must too, or an IOKit
        // call inside the callback of an isolated kernel's port boots and uses the default kernel
        final List<Caller> callers = new ArrayList<>();
        final long callout = asyncCallout((IOAsyncCallback0) (refcon, result) -> callers.add(Caller.current()));

        sender.send(new long[] {0, callout, REFCON}, kIOReturnSuccess);
        queue.drain(); // on this thread, which has no caller bound

        assertThat(callers).containsExactly(kernel.caller());
        assertThat(port.counters().callbackFailures()).isZero();
    }

    @Test
    void shouldReturnTheSameValueForTheSameCallout() {
        // contract.md §2: asyncCallout returns a non-zero value; the same callback may get the same value
        final IOAsyncCallback0 callback = (refcon, result) -> { };

        assertThat(asyncCallout(callback)).isNotZero().isEqualTo(asyncCallout(callback));
        assertThat(AsyncCallouts.release(asyncCallout(callback))).isTrue();
        assertThat(AsyncCallouts.release(asyncCallout(callback))).as("a fresh value after the release").isTrue();
    }

    private IOAsyncCallout matchingShape(int n) {
        return switch (n) {
            case 0 -> (IOAsyncCallback0) (refcon, result) -> calls.add("0:" + refcon + ":" + result);
            case 1 -> (IOAsyncCallback1) (refcon, result, a) -> calls.add("1:" + refcon + ":" + result + ":" + a);
            case 2 -> (IOAsyncCallback2) (refcon, result, a, b) ->
                    calls.add("2:" + refcon + ":" + result + ":" + a + ":" + b);
            default -> (IOAsyncCallback) (refcon, result, args, numArgs) ->
                    calls.add("n:" + refcon + ":" + result + ":" + java.util.Arrays.toString(args) + ":" + numArgs);
        };
    }

    private static long[] reference(long callout) {
        return new long[] {0, callout, REFCON};
    }

    private static long[] args(int n) {
        final long[] args = new long[n];
        for (int i = 0; i < n; i++) {
            args[i] = 1000L * (i + 1) + i;
        }
        return args;
    }

    private final class EveryShape implements IOAsyncCallback0, IOAsyncCallback1, IOAsyncCallback2, IOAsyncCallback {
        @Override
        public void call(long refcon, int result) {
            calls.add("0");
        }

        @Override
        public void call(long refcon, int result, long arg0) {
            calls.add("1");
        }

        @Override
        public void call(long refcon, int result, long arg0, long arg1) {
            calls.add("2");
        }

        @Override
        public void call(long refcon, int result, long[] args, int numArgs) {
            calls.add("n" + numArgs);
        }
    }
}
