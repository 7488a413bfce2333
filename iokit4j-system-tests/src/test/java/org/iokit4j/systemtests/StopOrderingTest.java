package org.iokit4j.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iokit4j.iokitlib.IOKitLib.*;
import static org.iokit4j.systemtests.stopper.StopperUserClient.*;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.iokit4j.kernel.Kernel;
import org.iokit4j.mach.MachMessage;
import org.iokit4j.mach.MachTask;
import org.iokit4j.mig.Caller;
import org.iokit4j.systemtests.support.TestKernel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A dext that does what Apple's NullDriver does with queues, timers and actions, end to end: its timer completes
 * a client's call, ExternalMethod runs on its ExternalMethod queue, and Stop cancels everything, with
 * {@code super.Stop} and {@code free()} only after the last cancel handler (issue 5 items 2, 3, 5).
 */
class StopOrderingTest {
    private static final String DRIVER = "org.iokit4j.systemtests.stopper.StopperDriver";
    private static final long ONE_HOUR = TimeUnit.HOURS.toNanos(1);

    private Kernel kernel;
    private MachTask app;
    private Caller caller;
    private int connect;

    @BeforeEach
    void open() {
        EVENTS.clear();
        freed = new CountDownLatch(1);
        final TestKernel fixture = new TestKernel("stopper-test", "bundles/stopper/Info.plist", DRIVER,
                java.util.Map.of());
        kernel = fixture.kernel;
        app = fixture.app;
        caller = fixture.caller;
        connect = fixture.open();
    }

    @AfterEach
    void close() throws InterruptedException {
        kernel.close();
        // the user client's cancel handlers finish on its queues after close returns: wait for its free(), so a
        // late event of this test cannot land in the next test's EVENTS
        assertThat(freed.await(10, TimeUnit.SECONDS)).as("guard only: the user client was freed").isTrue();
    }

    @Test
    void shouldCompleteTheClientsCallFromTheTimerHandlerWithTheReferenceData() throws InterruptedException { // contract.md "More of the DriverKit runtime": timers, GetReference
        final int wakePort = app.space().allocateReceive();
        run(() -> assertThat(IOConnectCallAsyncScalarMethod(connect, kRegisterAsyncCallback, wakePort, new long[8], 8,
                new long[] {5, 7, 1_000_000}, 3, null, null)).isEqualTo(kIOReturnSuccess));

        final MachMessage completion = app.space().receive(wakePort, TimeUnit.SECONDS.toNanos(10));

        assertThat(completion).as("guard only: the timer's completion arrived").isNotNull();
        assertThat(EVENTS).contains("timer foo=5 bar=7");
    }

    @Test
    void shouldRunExternalMethodOnTheExternalMethodQueue() { // apple-semantics.md §6.1: IOUserClientQueueExternalMethod
        run(() -> {
            final long[] output = new long[1];
            assertThat(IOConnectCallScalarMethod(connect, kWhichQueue, null, 0, output, new int[] {1}))
                    .isEqualTo(kIOReturnSuccess);
            assertThat(output[0]).isEqualTo(1);
        });
    }

    @Test
    void shouldCancelEverythingThenCallSuperStopThenFree() throws InterruptedException { // issue 5 item 5, style-anchors.md §5
        final int wakePort = app.space().allocateReceive();
        run(() -> {
            assertThat(IOConnectCallAsyncScalarMethod(connect, kRegisterAsyncCallback, wakePort, new long[8], 8,
                    new long[] {1, 2, ONE_HOUR}, 3, null, null)).isEqualTo(kIOReturnSuccess);
            assertThat(IOServiceClose(connect)).isEqualTo(kIOReturnSuccess);
        });

        assertThat(freed.await(10, TimeUnit.SECONDS)).as("guard only").isTrue();

        final List<String> events = List.copyOf(EVENTS);
        assertThat(events.getFirst()).isEqualTo("Stop");
        assertThat(events).containsExactlyInAnyOrder("Stop", "Stop returns", "cancelled action", "cancelled source",
                "cancelled queue", "cancelled callback", "super.Stop", "free");
        assertThat(events.subList(events.size() - 2, events.size())).containsExactly("super.Stop", "free");
        assertThat(events).as("the pending timer never fired").noneMatch(e -> e.startsWith("timer"));
    }

    @Test
    void shouldRunNoTimerAfterCloseAndFailCallsOnTheDeadConnection() throws InterruptedException { // contract.md: no callback runs after free()
        final int wakePort = app.space().allocateReceive();
        run(() -> assertThat(IOServiceClose(connect)).isEqualTo(kIOReturnSuccess));
        assertThat(freed.await(10, TimeUnit.SECONDS)).as("guard only").isTrue();

        run(() -> assertThat(IOConnectCallAsyncScalarMethod(connect, kRegisterAsyncCallback, wakePort, new long[8], 8,
                new long[] {1, 2, 0}, 3, null, null)).as("the connection is dead").isEqualTo(MACH_SEND_INVALID_DEST));
        assertThat(EVENTS).noneMatch(e -> e.startsWith("timer"));
    }

    private void run(Runnable body) {
        Caller.runAs(caller, body);
    }
}
