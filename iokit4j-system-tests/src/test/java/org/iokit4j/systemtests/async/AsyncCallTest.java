package org.iokit4j.systemtests.async;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iokit4j.iokitlib.IOKitLib.*;
import static org.iokit4j.systemtests.async.AsyncUserClient.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.iokit4j.Diagnostics;
import org.iokit4j.Pitfall;
import org.iokit4j.Pitfalls;
import org.iokit4j.dispatch.DispatchQueue;
import org.iokit4j.iokitlib.IOAsyncCallback;
import org.iokit4j.iokitlib.IOAsyncCallback0;
import org.iokit4j.iokitlib.IOAsyncCallback1;
import org.iokit4j.iokitlib.IOAsyncCallback2;
import org.iokit4j.iokitlib.IONotificationPortRef;
import org.iokit4j.kernel.Kernel;
import org.iokit4j.mach.MachMessage;
import org.iokit4j.mach.MachTask;
import org.iokit4j.systemtests.support.TestKernel;
import org.iokit4j.wire.AsyncCompletionLayout;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Asynchronous calls end to end through the faithful layer: client, kernel and dext (issue 3). */
class AsyncCallTest {
    static final String DRIVER = "org.iokit4j.systemtests.async.AsyncDriver";

    private TestKernel fixture;
    private Kernel kernel;
    private MachTask app;
    private int connect;
    private IONotificationPortRef port;
    private DispatchQueue queue;
    private final List<String> seen = new ArrayList<>();

    @BeforeEach
    void open() {
        fixture = new TestKernel("async-test", "bundles/async/Info.plist", DRIVER, Map.of());
        kernel = fixture.kernel;
        app = fixture.app;
        queue = DispatchQueue.createManual("callbacks");
        connect = fixture.open();
        run(() -> {
            port = IONotificationPortCreate(kIOMainPortDefault);
            IONotificationPortSetDispatchQueue(port, queue);
        });
    }

    @AfterEach
    void close() {
        kernel.close();
    }

    private void run(Runnable body) {
        fixture.run(body);
    }

    private long[] reference(Object callback) {
        final long[] ref = new long[kOSAsyncRef64Count];
        ref[kIOAsyncCalloutFuncIndex] = switch (callback) {
            case IOAsyncCallback c -> asyncCallout(c);
            case IOAsyncCallback0 c -> asyncCallout(c);
            case IOAsyncCallback1 c -> asyncCallout(c);
            case IOAsyncCallback2 c -> asyncCallout(c);
            default -> throw new IllegalArgumentException();
        };
        ref[kIOAsyncCalloutRefconIndex] = 0x5EED;
        return ref;
    }

    private int keep(long[] ref, boolean retain) {
        return IOConnectCallAsyncScalarMethod(connect, kKeep, IONotificationPortGetMachPort(port), ref,
                kIOAsyncCalloutCount, new long[] {retain ? 1 : 0}, 1, null, null);
    }

    private int fire(long... args) {
        return IOConnectCallScalarMethod(connect, kFire, args, args.length, null, null);
    }

    @Test
    void shouldDeliverEachArityToItsCallbackForm() { // apple-semantics.md §4.3: 0,1,2 fixed forms; >= 3 array
        run(() -> {
            assertThat(keep(reference((IOAsyncCallback0) (refcon, result) -> seen.add("0:" + refcon)), true))
                    .isEqualTo(kIOReturnSuccess);
            fire();
            queue.drain();
            keep(reference((IOAsyncCallback1) (refcon, result, a0) -> seen.add("1:" + a0)), true);
            fire(7);
            queue.drain();
            keep(reference((IOAsyncCallback2) (refcon, result, a0, a1) -> seen.add("2:" + a0 + "," + a1)), true);
            fire(7, 8);
            queue.drain();
            keep(reference((IOAsyncCallback) (refcon, result, args, n) -> seen.add(n + ":" + args[n - 1])), true);
            fire(1, 2, 3);
            fire(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16);
            queue.drain();
        });
        assertThat(seen).containsExactly("0:" + 0x5EED, "1:7", "2:7,8", "3:3", "16:16");
    }

    @Test
    void shouldAdaptAnArrayFormCallbackForTwoArgumentsAndReportThePitfall() { // §4.3, §10.2: the seed answer's warning
        final long before = Pitfalls.count(Pitfall.CALLBACK_ARITY);
        run(() -> {
            keep(reference((IOAsyncCallback) (refcon, result, args, n) -> seen.add(n + ":" + args[0] + "," + args[1])),
                    true);
            fire(7, 8); // IOKitLib would call IOAsyncCallback2 here: C would read args/numArgs from 7 and 8
            queue.drain();
        });
        assertThat(seen).as("delivered safely, adapted to the array form").containsExactly("2:7,8");
        assertThat(Pitfalls.count(Pitfall.CALLBACK_ARITY)).isEqualTo(before + 1);
    }

    @Test
    void shouldLayOutTheCompletionMessageAndEchoReferenceSlots() throws Exception { // §3, §4.2
        final MachMessage[] received = new MachMessage[1];
        run(() -> {
            IONotificationPortSetDispatchQueue(port, null); // receive by hand
            final long[] ref = {0xDEAD, 11, 22, 33, 44, 55, 66, 77};
            assertThat(IOConnectCallAsyncScalarMethod(connect, kKeep, IONotificationPortGetMachPort(port), ref, 8,
                    new long[] {1}, 1, null, null)).isEqualTo(kIOReturnSuccess);
            assertThat(ref[0]).as("the caller's array is untouched").isEqualTo(0xDEAD);
            fire(5, 6, 7);
            try {
                received[0] = app.space().receive(IONotificationPortGetMachPort(port), 5_000_000_000L);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        });
        final byte[] bytes = received[0].bytes();
        assertThat(AsyncCompletionLayout.messageId(bytes)).isEqualTo(53);
        assertThat(AsyncCompletionLayout.notificationType(bytes)).isEqualTo(150);
        assertThat(bytes.length).isEqualTo(104 + 8 * 3);
        assertThat(AsyncCompletionLayout.reference(bytes, 0)).as("slot 0 is sent as 0").isZero();
        for (int slot = 1; slot < 8; slot++) {
            assertThat(AsyncCompletionLayout.reference(bytes, slot)).isEqualTo(slot * 11L);
        }
        assertThat(AsyncCompletionLayout.argumentCount(bytes)).isEqualTo(3);
        assertThat(AsyncCompletionLayout.argument(bytes, 2)).isEqualTo(7);
    }

    @Test
    void shouldFailTheSeedsCallWithBadArgumentAndExplainTheMainPort() { // §7, §10.1
        final long before = Pitfalls.count(Pitfall.MAIN_PORT_AS_WAKE_PORT);
        run(() -> {
            assertThat(IOConnectCallAsyncScalarMethod(connect, kKeep, kIOMainPortDefault, reference(
                    (IOAsyncCallback) (r, s, a, n) -> seen.add("never")), kIOAsyncCalloutCount, new long[] {1}, 1,
                    null, null)).isEqualTo(kIOReturnBadArgument);
            assertThat(Diagnostics.lastFailure().explanation()).contains("completion is NULL",
                    "wake_port=MACH_PORT_NULL (0)", "kIOMainPortDefault", "IONotificationPortGetMachPort");
        });
        assertThat(Pitfalls.count(Pitfall.MAIN_PORT_AS_WAKE_PORT)).isEqualTo(before + 1);
    }

    @Test
    void shouldRefuseAWakePortWithoutAReceiveRight() { // contract.md decided point 2
        run(() -> {
            final int[] mainPort = new int[1];
            IOMainPort(MACH_PORT_NULL, mainPort);
            final int before = app.space().size();
            assertThat(IOConnectCallAsyncScalarMethod(connect, kEchoNow, mainPort[0], new long[3], 3, null, 0, null,
                    null)).isEqualTo(MACH_SEND_INVALID_RIGHT);
            assertThat(Diagnostics.lastFailure().explanation()).contains("IOKit main port");
            assertThat(IOConnectCallAsyncScalarMethod(connect, kEchoNow, 0x1234567, new long[3], 3, null, 0, null,
                    null)).isEqualTo(MACH_SEND_INVALID_RIGHT);
            assertThat(Diagnostics.lastFailure().explanation()).contains("no right by that name");
            assertThat(app.space().size()).as("nothing leaked").isEqualTo(before);
        });
    }

    @Test
    void shouldCheckTheReferenceCount() { // §2.2, §2.3, §3, §10.11
        run(() -> {
            final int wake = IONotificationPortGetMachPort(port);
            assertThat(IOConnectCallAsyncScalarMethod(connect, kEchoNow, wake, new long[3], 0, null, 0, null, null))
                    .isEqualTo(kIOReturnBadArgument);
            assertThat(Diagnostics.lastFailure().explanation()).contains("referenceCnt=0");
            assertThat(IOConnectCallAsyncScalarMethod(connect, kEchoNow, wake, new long[9], 9, null, 0, null, null))
                    .isEqualTo(MIG_ARRAY_TOO_LARGE);
            // NULL and 0: IOKitLib substitutes one zero slot; the completion then has no callout and is dropped
            assertThat(IOConnectCallAsyncScalarMethod(connect, kEchoNow, wake, null, 0, null, 0, null, null))
                    .isEqualTo(kIOReturnSuccess);
            queue.drain();
            assertThat(port.counters().unknownCallouts()).isEqualTo(1);
        });
    }

    @Test
    void shouldCheckTheWakePortBeforeTheKernelRoutineDoes() { // §2.3, §3, §5.1: stub, then Mach copy-in, then kernel
        run(() -> {
            assertThat(IOConnectCallAsyncScalarMethod(connect, kEchoNow, 0x1234567, new long[9], 9, null, 0, null,
                    null)).as("the MIG stub refuses 9 slots before sending").isEqualTo(MIG_ARRAY_TOO_LARGE);
            assertThat(IOConnectCallAsyncScalarMethod(connect, kEchoNow, 0x1234567, new long[3], 0, null, 0, null,
                    null)).as("the wake port's MAKE_SEND fails before is_io_connect_async_method counts slots")
                    .isEqualTo(MACH_SEND_INVALID_RIGHT);
        });
    }

    @Test
    void shouldRefuseAnAsyncCallToASynchronousMethod() { // §10.9
        final long before = Pitfalls.count(Pitfall.COMPLETION_FORBIDDEN);
        run(() -> assertThat(IOConnectCallAsyncScalarMethod(connect, kSyncOnly, IONotificationPortGetMachPort(port),
                new long[3], 3, null, 0, null, null)).isEqualTo(kIOReturnBadArgument));
        assertThat(Pitfalls.count(Pitfall.COMPLETION_FORBIDDEN)).isEqualTo(before + 1);
    }

    @Test
    void shouldDropACompletionFromAnUnretainedActionAndSaySo() { // §6.3, §10.6
        final long before = Pitfalls.count(Pitfall.UNRETAINED_ACTION);
        run(() -> {
            keep(reference((IOAsyncCallback1) (r, s, a) -> seen.add("late")), false);
            assertThat(fire(1)).as("the driver's AsyncCompletion returns void: the call succeeds")
                    .isEqualTo(kIOReturnSuccess);
            queue.drain();
        });
        assertThat(seen).isEmpty();
        assertThat(Pitfalls.count(Pitfall.UNRETAINED_ACTION)).isEqualTo(before + 1);
        assertThat(kernel.driverServer("org.iokit4j.test.async").statistics().get("completionsDropped"))
                .isEqualTo(1);
    }

    @Test
    void shouldDropMoreThanSixteenArguments() { // §4.2, §10.10
        run(() -> {
            keep(reference((IOAsyncCallback) (r, s, a, n) -> seen.add("n=" + n)), true);
            fire(-1); // the dext then sends 17 values
            queue.drain();
        });
        assertThat(seen).isEmpty();
        assertThat(kernel.driverServer("org.iokit4j.test.async").statistics().get("completionsDropped"))
                .isEqualTo(1);
    }

    @Test
    void shouldAbortAKeptActionWhenTheClientCloses() throws Exception { // issue 3 item 3: "or the client goes away"
        final int before = ABORTED.get();
        run(() -> {
            keep(reference((IOAsyncCallback1) (r, s, a) -> seen.add("never")), true);
            assertThat(IOServiceClose(connect)).isEqualTo(kIOReturnSuccess);
        });
        final long deadline = System.nanoTime() + 10_000_000_000L;
        while (ABORTED.get() == before && System.nanoTime() < deadline) {
            Thread.onSpinWait(); // the handler runs on the runtime's callout queue: guard only
        }
        assertThat(ABORTED.get()).as("the driver's aborted handler ran once").isEqualTo(before + 1);
        stoppedAction.release();
    }

    @Test
    void shouldDropCompletionsForAClosedClient() { // issue 3 item 3
        run(() -> {
            keep(reference((IOAsyncCallback1) (r, s, a) -> seen.add("after close")), true);
            assertThat(IOServiceClose(connect)).isEqualTo(kIOReturnSuccess);
            stoppedClient.AsyncCompletion(stoppedAction, kIOReturnSuccess, new long[] {1}, 1);
            stoppedAction.release();
            queue.drain();
        });
        assertThat(seen).isEmpty();
        // closing aborted the action: the driver's runtime finds its port dead and drops the completion, counted
        assertThat(kernel.driverServer("org.iokit4j.test.async").statistics().get("completionsDropped"))
                .isEqualTo(1);
        assertThat(kernel.completions().sent()).isZero();
    }

    @Test
    void shouldDropQueuedCompletionsWhenThePortIsDestroyed() { // §4.1 Destroy; issue 3 "port destroyed in flight"
        run(() -> {
            keep(reference((IOAsyncCallback1) (r, s, a) -> seen.add("x")), true);
            fire(1);
            fire(2);
            IONotificationPortDestroy(port);
            queue.drain();
            fire(3); // the wake port is dead now: the kernel drops it
        });
        assertThat(seen).isEmpty();
        assertThat(port.counters().dropped()).isEqualTo(2);
        assertThat(kernel.completions().dropped()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 10, 1000})
    void shouldDeliverManyCompletionsOfOneActionInOrder(int times) { // §6.3 "one action, many completions"
        run(() -> {
            assertThat(IOConnectCallAsyncScalarMethod(connect, kRepeat, IONotificationPortGetMachPort(port),
                    reference((IOAsyncCallback1) (r, s, a) -> seen.add(Long.toString(a))), 3, new long[] {times},
                    1, null, null)).isEqualTo(kIOReturnSuccess);
            final long deadline = System.nanoTime() + 10_000_000_000L;
            while (seen.size() < times && System.nanoTime() < deadline) {
                queue.drain();
                Thread.onSpinWait();
            }
        });
        assertThat(seen).hasSize(times);
        for (int i = 0; i < times; i++) {
            assertThat(seen.get(i)).isEqualTo(Integer.toString(i));
        }
    }

    @Test
    void shouldKeepTheQueueRunningWhenACallbackThrows() { // issue 3 item 3
        run(() -> {
            keep(reference((IOAsyncCallback1) (r, s, a) -> {
                if (a == 1) {
                    throw new IllegalStateException("callback bug");
                }
                seen.add("ok " + a);
            }), true);
            fire(1);
            fire(2);
            queue.drain();
        });
        assertThat(seen).containsExactly("ok 2");
        assertThat(port.counters().callbackFailures()).isEqualTo(1);
    }
}
