package org.iokit4j.systemtests.async;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iokit4j.iokitlib.IOKitLib.*;
import static org.iokit4j.systemtests.async.AsyncUserClient.kEchoNow;
import static org.iokit4j.systemtests.async.AsyncUserClient.kKeep;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.iokit4j.client.Connection;
import org.iokit4j.client.IOKit;
import org.iokit4j.client.NotificationPort;
import org.iokit4j.dispatch.DispatchQueue;
import org.iokit4j.iokitlib.AsyncCallouts;
import org.iokit4j.iokitlib.IOAsyncCallback0;
import org.iokit4j.iokitlib.IOAsyncCallback1;
import org.iokit4j.iokitlib.IONotificationPortRef;
import org.iokit4j.systemtests.support.TestKernel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Completion callouts end to end: their registrations are freed (issue 8 deliverable 4, "asyncCallout registrations
 * are never freed (+14 MiB per 100,000)") and their callbacks run as the port's task (issue 8 race 6).
 */
class CompletionCalloutsTest {
    private static final int CALLS = 400;

    private TestKernel fixture;
    private int connect;
    private DispatchQueue queue;

    @BeforeEach
    void open() {
        fixture = new TestKernel("callouts", "bundles/async/Info.plist", AsyncCallTest.DRIVER, Map.of());
        connect = fixture.open();
        queue = DispatchQueue.createManual("callouts");
    }

    @AfterEach
    void close() {
        queue.close();
        fixture.close();
    }

    @Test
    void shouldReturnTheCalloutTableToItsStartWhenThePortIsDestroyed() { // a fresh lambda per call, C style
        final int start = AsyncCallouts.size();
        final List<Long> sums = new CopyOnWriteArrayList<>();
        fixture.run(() -> {
            final IONotificationPortRef port = port();
            for (int i = 0; i < CALLS; i++) {
                final long[] ref = new long[kOSAsyncRef64Count];
                ref[kIOAsyncCalloutFuncIndex] = asyncCallout((IOAsyncCallback1) (refcon, result, arg) -> sums.add(arg));
                assertThat(echo(port, ref, i)).isEqualTo(kIOReturnSuccess);
            }
            queue.drain();
            assertThat(AsyncCallouts.size()).as("alive while their port is").isEqualTo(start + CALLS);

            IONotificationPortDestroy(port);
        });

        assertThat(sums).hasSize(CALLS);
        assertThat(AsyncCallouts.size()).isEqualTo(start);
    }

    @Test
    void shouldReturnTheCalloutTableToItsStartAfterNOneShotCalls() { // completed or dropped by the driver
        final int start = AsyncCallouts.size();
        final List<String> calls = new CopyOnWriteArrayList<>();
        fixture.run(() -> {
            final IONotificationPortRef port = port();
            for (int i = 0; i < CALLS; i++) {
                final long[] ref = new long[kOSAsyncRef64Count];
                ref[kIOAsyncCalloutFuncIndex] = AsyncCallouts.registerOnce((IOAsyncCallback1) (refcon, result, arg) ->
                        calls.add("completed"));
                if (i % 2 == 0) {
                    assertThat(echo(port, ref, i)).isEqualTo(kIOReturnSuccess);
                } else { // kept without retain(): the kernel aborts the action when ExternalMethod returns
                    assertThat(IOConnectCallAsyncScalarMethod(connect, kKeep, IONotificationPortGetMachPort(port), ref,
                            kIOAsyncCalloutCount, new long[] {0}, 1, null, null)).isEqualTo(kIOReturnSuccess);
                }
            }
            queue.drain();
            assertThat(AsyncCallouts.size()).as("after the calls, with the port still there").isEqualTo(start);
            assertThat(port.counters().aborted()).as("one abort notice per dropped call").isEqualTo(CALLS / 2);
            IONotificationPortDestroy(port);
        });

        assertThat(calls).hasSize(CALLS / 2);
        assertThat(AsyncCallouts.size()).isEqualTo(start);
    }

    @Test
    void shouldReachThePortsKernelFromACompletionCallback() throws Exception {
        // issue 8 race 6: the callback runs on the queue's thread, where no caller is bound; an IOKit call in it must
        // reach the isolated kernel that made the port, not boot and use the default one (which has no AsyncDriver)
        final DispatchQueue threaded = DispatchQueue.create("callouts-threaded");
        final CompletableFuture<Integer> found = new CompletableFuture<>();
        try {
            fixture.run(() -> {
                final IONotificationPortRef port = IONotificationPortCreate(kIOMainPortDefault);
                IONotificationPortSetDispatchQueue(port, threaded);
                final long[] ref = new long[kOSAsyncRef64Count];
                ref[kIOAsyncCalloutFuncIndex] = asyncCallout((IOAsyncCallback0) (refcon, result) -> {
                    final int service = IOServiceGetMatchingService(kIOMainPortDefault,
                            IOServiceNameMatching(AsyncCallTest.DRIVER));
                    IOObjectRelease(service);
                    found.complete(service);
                });
                assertThat(IOConnectCallAsyncScalarMethod(connect, kEchoNow, IONotificationPortGetMachPort(port), ref,
                        kIOAsyncCalloutCount, null, 0, null, null)).isEqualTo(kIOReturnSuccess);
            });

            assertThat(found.get(10, TimeUnit.SECONDS)).as("the isolated kernel's AsyncDriver").isNotZero();
        } finally {
            threaded.close();
        }
    }

    @Test
    void shouldReachThePortsKernelFromAJavaLayerCompletion() throws Exception { // issue 8 race 6, Java layer
        final DispatchQueue threaded = DispatchQueue.create("callouts-java");
        final CompletableFuture<Boolean> found = new CompletableFuture<>();
        try (NotificationPort port = NotificationPort.create(fixture.caller).dispatchOn(threaded);
             Connection connection = fixture.connection()) {
            connection.call(kEchoNow).invokeAsync(port, completion -> found.complete(
                    IOKit.system().service(IOKit.nameMatching(AsyncCallTest.DRIVER)).map(s -> {
                        s.close();
                        return true;
                    }).orElse(false)));

            assertThat(found.get(10, TimeUnit.SECONDS)).as("IOKit.system() in the callback is the port's").isTrue();
        } finally {
            threaded.close();
        }
    }

    private IONotificationPortRef port() {
        final IONotificationPortRef port = IONotificationPortCreate(kIOMainPortDefault);
        IONotificationPortSetDispatchQueue(port, queue);
        return port;
    }

    private int echo(IONotificationPortRef port, long[] ref, long value) {
        return IOConnectCallAsyncScalarMethod(connect, kEchoNow, IONotificationPortGetMachPort(port), ref,
                kIOAsyncCalloutCount, new long[] {value}, 1, null, null);
    }
}
