package org.iokit4j.systemtests.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iokit4j.iokitlib.IOKitLib.*;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.iokit4j.Diagnostics;
import org.iokit4j.Untrusted;
import org.iokit4j.dispatch.DispatchQueue;
import org.iokit4j.iokitlib.IOAsyncCallback1;
import org.iokit4j.iokitlib.IONotificationPortRef;
import org.iokit4j.systemtests.support.TestKernel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 8 deliverable 1: driver code and app callbacks are untrusted. Whatever they throw, every kind of
 * {@link Throwable}, becomes Apple's code and an explanation (kIOReturnError for ExternalMethod and NewUserClient,
 * kIOReturnBadArgument for CopyClientMemoryForType per apple-semantics.md §6.5, success for a close per §6.6),
 * is counted, and never reaches the caller, never kills a worker, and never stops a boot.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HostileCodeTest {
    private final TestKernel hostile = new TestKernel("hostile", "bundles/hostile/Info.plist", HostileDriver.NAME,
            Map.of());

    @AfterEach
    void close() {
        HostileUserClient.stopThrows = null;
        hostile.close();
    }

    @ParameterizedTest
    @EnumSource(Hostility.class)
    void shouldAnswerAThrowingExternalMethodWithACodeAndGoOn(Hostility kind) { // issue 8 item 1, §5
        final int connect = hostile.open();
        final long before = Untrusted.thrown();
        hostile.run(() -> {
            final int result = IOConnectCallScalarMethod(connect, HostileUserClient.kThrow,
                    new long[] {kind.ordinal()}, 1, null, null);
            assertThat(result).isEqualTo(kind.expectedCode());
            assertThat(Diagnostics.lastFailure().explanation()).contains("ExternalMethod")
                    .contains(kind.thrownClassName());
        });
        assertThat(Untrusted.thrown()).as("counted").isGreaterThan(before);
        assertServes(connect);
    }

    @ParameterizedTest
    @EnumSource(Hostility.class)
    void shouldAnswerAThrowingNewUserClientWithACodeAndLeakNoName(Hostility kind) { // issue 8 item 1, §9
        final int names = hostile.names();
        hostile.run(() -> {
            final int service = IOServiceGetMatchingService(kIOMainPortDefault,
                    IOServiceNameMatching(HostileDriver.NAME));
            final int[] connect = {0};
            final int result = IOServiceOpen(service, mach_task_self(), HostileDriver.THROW_TYPE_BASE
                    + kind.ordinal(), connect);
            assertThat(result).isEqualTo(kind.expectedCode());
            assertThat(connect[0]).isZero();
            assertThat(Diagnostics.lastFailure().explanation()).contains("NewUserClient")
                    .contains(kind.thrownClassName());
            IOObjectRelease(service);
        });
        assertThat(hostile.names()).as("no name left behind").isEqualTo(names);
        assertServes(hostile.open());
    }

    @ParameterizedTest
    @EnumSource(Hostility.class)
    void shouldCloseAConnectionWhoseStopThrows(Hostility kind) { // issue 8 item 1; §6.6: close answers success
        final int doomed = hostile.open();
        final int other = hostile.open();
        HostileUserClient.stopThrows = kind;
        hostile.run(() -> assertThat(IOServiceClose(doomed)).isEqualTo(kIOReturnSuccess));
        assertThat(HostileUserClient.stopThrows).as("Stop ran").isNull();
        assertServes(other);
    }

    @ParameterizedTest
    @EnumSource(Hostility.class)
    void shouldRefuseAMappingWhoseCopyClientMemoryThrows(Hostility kind) { // issue 8 item 1; §6.5 step 5
        final int connect = hostile.open();
        hostile.run(() -> {
            final long[] address = {0};
            final long[] size = {0};
            assertThat(IOConnectMapMemory64(connect, kind.ordinal(), mach_task_self(), address, size,
                    kIOMapAnywhere)).isEqualTo(kIOReturnBadArgument);
            assertThat(Diagnostics.lastFailure().explanation()).contains("CopyClientMemoryForType");
        });
        assertServes(connect);
    }

    @ParameterizedTest
    @EnumSource(Hostility.class)
    void shouldKeepTheDriverQueueAliveAfterAThrowingBlock(Hostility kind) throws Exception { // issue 8 item 1
        final int connect = hostile.open();
        final int after = HostileUserClient.BLOCKS_AFTER.get();
        hostile.run(() -> assertThat(IOConnectCallScalarMethod(connect, HostileUserClient.kThrowOnQueue,
                new long[] {kind.ordinal()}, 1, null, null)).isEqualTo(kIOReturnSuccess));
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (HostileUserClient.BLOCKS_AFTER.get() == after) {
            assertThat(System.nanoTime()).as("the block after the throwing one ran").isLessThan(deadline);
            Thread.sleep(1);
        }
        assertServes(connect); // a sync call onto the same queue: its worker is alive
    }

    @ParameterizedTest
    @EnumSource(Hostility.class)
    void shouldKeepDeliveringAfterAThrowingCompletionCallback(Hostility kind) throws Exception { // issue 8 item 1
        final int connect = hostile.open();
        final List<Long> delivered = Collections.synchronizedList(new ArrayList<>());
        final CountDownLatch second = new CountDownLatch(1);
        final DispatchQueue queue = DispatchQueue.create("hostile.callbacks");
        try {
            hostile.run(() -> {
                final IONotificationPortRef port = IONotificationPortCreate(kIOMainPortDefault);
                IONotificationPortSetDispatchQueue(port, queue);
                final long callout = asyncCallout((IOAsyncCallback1) (refcon, result, arg0) -> {
                    delivered.add(arg0);
                    if (arg0 == 1) {
                        kind.raise();
                    }
                    second.countDown();
                });
                for (long arg = 1; arg <= 2; arg++) {
                    final long[] reference = {0, callout, 0};
                    assertThat(IOConnectCallAsyncScalarMethod(connect, HostileUserClient.kComplete,
                            IONotificationPortGetMachPort(port), reference, 3, new long[] {arg}, 1, null, null))
                            .isEqualTo(kIOReturnSuccess);
                }
                try {
                    assertThat(second.await(60, TimeUnit.SECONDS)).as("the second completion arrived").isTrue();
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
                assertThat(port.counters().callbackFailures()).isEqualTo(1);
                IONotificationPortDestroy(port);
            });
            assertThat(delivered).containsExactly(1L, 2L);
            assertThat(queue.failures()).as("the dispatcher caught it, not the queue").isZero();
        } finally {
            queue.close();
        }
    }

    @Test
    void shouldBootWithTheOtherDriversWhenAStartThrowsAnError() { // issue 8 item 1: a problem recorded at boot
        assertThat(hostile.kernel.problems()).anySatisfy(problem -> assertThat(problem.explanation())
                .contains("ErrorInStartDriver").contains("InternalError"));
        assertServes(hostile.open()); // the hostile driver, in the same server, started
    }

    private void assertServes(int connect) {
        hostile.run(() -> {
            final long[] out = new long[1];
            assertThat(IOConnectCallScalarMethod(connect, HostileUserClient.kSum, new long[] {40, 2}, 2, out,
                    new int[] {1})).as("the driver still serves").isEqualTo(kIOReturnSuccess);
            assertThat(out[0]).isEqualTo(42);
        });
    }
}
