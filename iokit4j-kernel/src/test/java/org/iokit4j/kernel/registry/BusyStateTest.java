package org.iokit4j.kernel.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.iokit4j.Failure;
import org.iokit4j.IOReturn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Busy counts and their spread up the service plane (issue 11 deliverable 3, busy state; XNU iokit/Kernel/IOService.cpp
 * {@code _adjustBusy}, {@code waitForState}).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BusyStateTest {
    private final IORegistry registry = NoDrivers.registry();
    private final BusyState busy = registry.busy();
    private final RegistryEntry parent = registry.newEntry("Parent", "IOUserService", Map.of(),
            registry.userResources(), null, null);
    private final RegistryEntry first = registry.newEntry("First", "IOUserService", Map.of(), parent, null, null);
    private final RegistryEntry second = registry.newEntry("Second", "IOUserService", Map.of(), parent, null, null);

    @Test
    void shouldMakeEveryProviderUpToTheRootBusyByOne() { // _adjustBusy: quiet → busy adds one to the provider
        busy.adjust(first, 1);
        busy.adjust(first, 1);
        assertThat(busy.of(first)).isEqualTo(2);
        assertThat(busy.of(parent)).as("one busy child, however busy").isEqualTo(1);
        assertThat(busy.of(registry.userResources())).isEqualTo(1);
        assertThat(busy.of(registry.root())).isEqualTo(1);
        busy.adjust(second, 1);
        assertThat(busy.of(parent)).as("two busy children").isEqualTo(2);
        assertThat(busy.of(registry.root())).as("the root sees IOUserResources only").isEqualTo(1);
    }

    @Test
    void shouldBecomeQuietAgainWhenTheWorkEnds() { // _adjustBusy: busy → quiet takes one from the provider
        busy.adjust(first, 1);
        busy.adjust(second, 1);
        busy.adjust(first, -1);
        assertThat(busy.of(parent)).isEqualTo(1);
        busy.adjust(second, -1);
        assertThat(busy.of(first)).isZero();
        assertThat(busy.of(parent)).isZero();
        assertThat(busy.of(registry.root())).isZero();
    }

    @Test
    void shouldIgnoreTakingWorkFromAQuietEntry() { // _adjustBusy: "bad busy count" is reported, not applied
        busy.adjust(first, -1);
        assertThat(busy.of(first)).isZero();
        busy.adjust(first, 1);
        assertThat(busy.of(registry.root())).isEqualTo(1);
    }

    @Test
    void shouldAnswerAtOnceForAQuietEntry() { // waitForState: done at once
        assertThat(busy.waitQuiet(parent, 0, () -> false)).isNull();
        assertThat(busy.waitQuiet(registry.root(), -1, () -> false)).isNull();
    }

    @Test
    void shouldTimeOutNamingWhatHoldsItBusy() { // waitForState → kIOReturnTimeout; waitQuietWithOptions logs the leaves
        busy.adjust(second, 1);
        final Failure timedOut = busy.waitQuiet(registry.root(), TimeUnit.MILLISECONDS.toNanos(20), () -> false);
        assertThat(timedOut.code()).isEqualTo(IOReturn.kIOReturnTimeout);
        assertThat(timedOut.explanation()).contains("'Second'").doesNotContain("'Parent'");
    }

    @Test
    void shouldWakeAWaiterWhenTheEntryBecomesQuiet() throws Exception { // waitForState wakes on _adjustBusy
        busy.adjust(first, 1);
        final CountDownLatch waiting = new CountDownLatch(1);
        final CompletableFuture<Failure> waited = CompletableFuture.supplyAsync(() -> {
            waiting.countDown();
            return busy.waitQuiet(parent, -1, () -> false);
        });
        waiting.await();
        assertThat(waited).isNotDone();
        busy.adjust(first, -1);
        assertThat(waited.get(30, TimeUnit.SECONDS)).isNull();
    }

    @Test
    void shouldStopWaitingForACallerThatWentAway() { // the waiting task ended: no thread waits on for nobody
        busy.adjust(first, 1);
        final Failure abandoned = busy.waitQuiet(first, -1, () -> true);
        assertThat(abandoned.code()).isEqualTo(IOReturn.kIOReturnAborted);
        assertThat(abandoned.explanation()).contains("task ended");
    }
}
