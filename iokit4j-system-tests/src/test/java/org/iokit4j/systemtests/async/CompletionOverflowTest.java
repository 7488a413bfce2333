package org.iokit4j.systemtests.async;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iokit4j.iokitlib.IOKitLib.*;
import static org.iokit4j.systemtests.async.AsyncUserClient.kEchoNow;
import static org.iokit4j.systemtests.async.AsyncUserClient.kRepeat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.iokit4j.dispatch.DispatchQueue;
import org.iokit4j.iokitlib.IOAsyncCallback1;
import org.iokit4j.iokitlib.IONotificationPortRef;
import org.iokit4j.kernel.Kernel;
import org.iokit4j.mach.MachPort;
import org.iokit4j.systemtests.support.TestKernel;
import org.iokit4j.testsupport.LogCapture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What the kernel does with completions a client does not take (issue 8 deliverable 4; docs/async-completions.md
 * "When the app does not keep up"): like XNU's {@code _sendAsyncResult64}, it queues past the wake port's limit up
 * to {@code MACH_PORT_QLIMIT_KERNEL} messages, then drops, counts and explains, so a stalled client costs a bounded
 * queue. Accounting is exact: every completion the driver sends is delivered or counted as dropped.
 */
class CompletionOverflowTest {
    private static final String SERVER = "org.iokit4j.test.async";

    private TestKernel fixture;
    private Kernel kernel;
    private DispatchQueue manual;
    private DispatchQueue worker;
    private IONotificationPortRef port;
    private final LogCapture warnings = new LogCapture();

    @BeforeEach
    void open() {
        fixture = new TestKernel("overflow-test", "bundles/async/Info.plist", AsyncCallTest.DRIVER, Map.of());
        kernel = fixture.kernel;
        manual = DispatchQueue.createManual("stalled");
        fixture.run(() -> {
            port = IONotificationPortCreate(kIOMainPortDefault);
            IONotificationPortSetDispatchQueue(port, manual);
        });
    }

    @AfterEach
    void close() {
        warnings.close();
        kernel.close(); // first: the dying wake port tells its queue, which must still be open
        manual.close();
        if (worker != null) {
            worker.close();
        }
    }

    private static long[] reference(IOAsyncCallback1 callback) {
        final long[] ref = new long[kOSAsyncRef64Count];
        ref[kIOAsyncCalloutFuncIndex] = asyncCallout(callback);
        return ref;
    }

    /** kRepeat: the driver completes one retained action {@code times} times from its own queue. */
    private void repeat(int connect, long times, IOAsyncCallback1 callback) {
        fixture.run(() -> assertThat(IOConnectCallAsyncScalarMethod(connect, kRepeat,
                IONotificationPortGetMachPort(port), reference(callback), kIOAsyncCalloutCount, new long[] {times}, 1,
                null, null)).isEqualTo(kIOReturnSuccess));
    }

    private MachPort wakePort() {
        return fixture.app.space().lookupReceive(IONotificationPortGetMachPort(port));
    }

    private long driverSent() {
        return kernel.driverServer(SERVER).statistics().get("completionsSent");
    }

    private long driverDropped() {
        return kernel.driverServer(SERVER).statistics().get("completionsDropped");
    }

    /** Waits (parked, guard only) until the driver has handed {@code count} completions to the kernel. */
    private void awaitDriverSent(long count) throws InterruptedException {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (driverSent() + driverDropped() < count && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertThat(driverSent() + driverDropped()).as("guard: the driver finished sending").isEqualTo(count);
    }

    @Test
    void shouldQueueAtMostQlimitKernelBehindAStalledPortAndCountEveryOtherCompletionAsDropped() throws Exception {
        // issue 8: "a port's queue limit applies to kernel-sent messages too"; XNU ipc_mqueue_send_locked
        final int times = MachPort.QLIMIT_KERNEL + 4466;
        final List<Long> delivered = new CopyOnWriteArrayList<>();
        final int connect = fixture.open();
        repeat(connect, times, (refcon, result, arg) -> delivered.add(arg));
        awaitDriverSent(times);

        final long dropped = times - MachPort.QLIMIT_KERNEL;
        assertThat(wakePort().queued()).as("bounded: the kernel limit, not the number sent")
                .isEqualTo(MachPort.QLIMIT_KERNEL);
        assertThat(kernel.completions().sent()).isEqualTo(MachPort.QLIMIT_KERNEL);
        assertThat(kernel.completions().dropped()).isEqualTo(dropped);
        assertThat(kernel.completions().overflowed()).isEqualTo(dropped);
        assertThat(wakePort().refusedSends()).isEqualTo(dropped);
        assertThat(driverSent()).isEqualTo(MachPort.QLIMIT_KERNEL);
        assertThat(driverDropped()).isEqualTo(dropped);
        assertThat(warnings.warningsContaining("MACH_PORT_QLIMIT_KERNEL")).as("explained once, not once per drop")
                .hasSize(1);
        assertThat(warnings.warningsContaining("MACH_PORT_QLIMIT_KERNEL").getFirst())
                .contains("Kernel.completions().overflowed()", "65534");

        fixture.run(manual::drain);
        assertThat(delivered).as("the oldest completions stay queued, later ones are dropped")
                .hasSize(MachPort.QLIMIT_KERNEL);
        for (int i = 0; i < delivered.size(); i += 997) {
            assertThat(delivered.get(i)).isEqualTo(i);
        }
        assertThat(delivered.size() + kernel.completions().dropped()).as("exact accounting").isEqualTo(times);

        repeat(connect, 3, (refcon, result, arg) -> delivered.add(-arg - 1));
        awaitDriverSent(times + 3L);
        fixture.run(manual::drain);
        assertThat(delivered.subList(MachPort.QLIMIT_KERNEL, delivered.size())).as("caught up: delivered again")
                .containsExactly(-1L, -2L, -3L);
    }

    @Test
    void shouldWarnOncePerStallWhenManyOneShotCallsOverflowThePort() { // issue 8: "a flood does not flood the log"
        final int calls = MachPort.QLIMIT_KERNEL + 100;
        final AtomicLong delivered = new AtomicLong();
        final int connect = fixture.open();
        fixture.run(() -> {
            final long[] ref = reference((refcon, result, arg) -> delivered.incrementAndGet());
            final int wake = IONotificationPortGetMachPort(port);
            for (int i = 0; i < calls; i++) { // each call has its own reference and action, completed at once
                assertThat(IOConnectCallAsyncScalarMethod(connect, kEchoNow, wake, ref, kIOAsyncCalloutCount,
                        new long[] {i}, 1, null, null)).isEqualTo(kIOReturnSuccess);
            }
        });
        assertThat(kernel.completions().overflowed()).isEqualTo(100);
        assertThat(warnings.warningsContaining("MACH_PORT_QLIMIT_KERNEL")).as("100 references dropped, one stall")
                .hasSize(1);
        fixture.run(manual::drain);
        assertThat(delivered.get() + kernel.completions().dropped()).isEqualTo(calls);
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void shouldStayBoundedWhenHalfAMillionCompletionsMeetABlockedCallback() throws Exception {
        // issue 8: "500,000 completions behind a stalled callback took ~78 MiB, no back-pressure"
        final int times = 500_000;
        worker = DispatchQueue.create("blocked-callbacks");
        final CountDownLatch unblock = new CountDownLatch(1);
        final AtomicLong delivered = new AtomicLong();
        fixture.run(() -> IONotificationPortSetDispatchQueue(port, worker));
        try {
            final int connect = fixture.open();
            repeat(connect, times, (refcon, result, arg) -> {
                if (delivered.getAndIncrement() == 0) {
                    awaitQuietly(unblock); // the app's first callback stalls
                }
            });
            awaitDriverSent(times);
            assertThat(wakePort().queued()).isLessThanOrEqualTo(MachPort.QLIMIT_KERNEL);
            assertThat(kernel.completions().sent()).as("at most the queue and the one callback in flight")
                    .isLessThanOrEqualTo(MachPort.QLIMIT_KERNEL + 1L);
            assertThat(kernel.completions().sent() + kernel.completions().dropped()).isEqualTo(times);
            assertThat(kernel.completions().overflowed()).isEqualTo(kernel.completions().dropped());
            assertThat(warnings.warningsContaining("MACH_PORT_QLIMIT_KERNEL")).hasSize(1);

            unblock.countDown();
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (delivered.get() < kernel.completions().sent() && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            assertThat(delivered.get() + kernel.completions().dropped()).as("exact accounting").isEqualTo(times);
            assertThat(wakePort().queued()).isZero();
        } finally {
            unblock.countDown();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(120, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
