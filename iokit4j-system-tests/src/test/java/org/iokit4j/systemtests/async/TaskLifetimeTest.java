package org.iokit4j.systemtests.async;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iokit4j.iokitlib.IOKitLib.*;
import static org.iokit4j.systemtests.async.AsyncUserClient.ABORTED;
import static org.iokit4j.systemtests.async.AsyncUserClient.kEchoNow;
import static org.iokit4j.systemtests.async.AsyncUserClient.kKeep;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.iokit4j.dispatch.DispatchQueue;
import org.iokit4j.iokitlib.IONotificationPortRef;
import org.iokit4j.kernel.Kernel;
import org.iokit4j.mach.MachTask;
import org.iokit4j.mig.Caller;
import org.iokit4j.systemtests.support.TestKernel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Nothing a task made outlives it (issue 8: "no per-call state outlives its call, its connection or its task";
 * "Kernel.tasks is never pruned"): client tasks that open connections, make async calls, keep completions and add
 * notifications, then die without cleaning up, as a crashing app would (apple-semantics.md §6.6).
 */
class TaskLifetimeTest {
    private static final int TASKS = 200;

    private TestKernel fixture;
    private Kernel kernel;
    private DispatchQueue queue;

    @BeforeEach
    void open() {
        fixture = new TestKernel("lifetime-test", "bundles/async/Info.plist", AsyncCallTest.DRIVER, Map.of());
        kernel = fixture.kernel;
        queue = DispatchQueue.createManual("callbacks");
    }

    @AfterEach
    void close() {
        kernel.close();
        queue.close();
    }

    /** As {@code task}: a connection, a kept completion, a one-shot call, matching and interest notifications. */
    private void useAndLeaveEverythingOpen(MachTask task) {
        Caller.runAs(kernel.caller(task), () -> {
            final int service = IOServiceGetMatchingService(kIOMainPortDefault,
                    IOServiceNameMatching(AsyncCallTest.DRIVER));
            final int[] connect = new int[1];
            assertThat(IOServiceOpen(service, mach_task_self(), 0, connect)).isEqualTo(kIOReturnSuccess);
            final IONotificationPortRef port = IONotificationPortCreate(kIOMainPortDefault);
            IONotificationPortSetDispatchQueue(port, queue);
            final int wake = IONotificationPortGetMachPort(port);
            final long[] ref = new long[kOSAsyncRef64Count];
            assertThat(IOConnectCallAsyncScalarMethod(connect[0], kKeep, wake, ref, kIOAsyncCalloutCount,
                    new long[] {1}, 1, null, null)).isEqualTo(kIOReturnSuccess);
            assertThat(IOConnectCallAsyncScalarMethod(connect[0], kEchoNow, wake, ref, kIOAsyncCalloutCount,
                    new long[] {7}, 1, null, null)).isEqualTo(kIOReturnSuccess);
            final int[] iterator = new int[1];
            assertThat(IOServiceAddMatchingNotification(port, kIOPublishNotification,
                    IOServiceNameMatching(AsyncCallTest.DRIVER), (refcon, it) -> { }, 0, iterator))
                    .isEqualTo(kIOReturnSuccess);
            final int[] interest = new int[1];
            assertThat(IOServiceAddInterestNotification(port, service, kIOGeneralInterest,
                    (refcon, s, type, argument) -> { }, 0, interest)).isEqualTo(kIOReturnSuccess);
        });
    }

    @Test
    void shouldLeaveNothingBehindForTasksThatDieWithConnectionsCallsAndNotificationsOpen() throws Exception {
        final int tasks = kernel.taskCount();
        final int entries = kernel.registryEntries().size();
        final int notifications = kernel.notifications().size();
        final int abortedBefore = ABORTED.get();
        for (int i = 0; i < TASKS; i++) {
            final MachTask task = kernel.createTask("crashing-app-" + i, Map.of());
            useAndLeaveEverythingOpen(task);
            task.terminate(); // the process dies: no IOServiceClose, no IOObjectRelease, no port destroy
        }
        assertThat(kernel.taskCount()).as("Kernel.tasks back to its baseline").isEqualTo(tasks);
        assertThat(kernel.registryEntries()).as("every user client left the registry").hasSize(entries);
        assertThat(kernel.notifications().size()).as("every notification was removed").isEqualTo(notifications);
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (ABORTED.get() - abortedBefore < TASKS && System.nanoTime() < deadline) {
            Thread.sleep(1); // aborted handlers run on the driver's queue: guard only
        }
        assertThat(ABORTED.get() - abortedBefore).as("each kept completion was aborted once").isEqualTo(TASKS);
    }
}
