package org.iokit4j.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.iokit4j.junit.tick.TickUserClient.kNow;
import static org.iokit4j.junit.tick.TickUserClient.kWakeAfter;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.iokit4j.client.Completion;
import org.iokit4j.client.Connection;
import org.iokit4j.client.NotificationPort;
import org.iokit4j.dispatch.DispatchQueue;
import org.junit.jupiter.api.Test;

/**
 * The manual clock (issue 12 deliverable 2: "a manual clock that drives IOTimerDispatchSource deterministically"): the
 * driver's {@code mach_absolute_time()} is the clock's time, its timer fires only when the test advances past the
 * deadline, with the handler run to its end before {@code advance} returns, and the completion it sent runs when the
 * test steps the notification port's queue. The bundle is found on the test class path (no bundle named).
 */
@IOKitTest(manualClock = true, entitlement = @Entitlement(key = "com.apple.developer.driverkit.userclient-access",
        values = "org.iokit4j.junit.tick"))
class ManualClockTest {

    @Test
    void theDriverReadsTheManualClock(ManualClock clock, @Service(PerMethodKernelTest.TICK) Connection tick) {
        assertThat(clock.nanoTime()).isEqualTo(ManualClock.START_NANOS);
        assertThat(tick.call(kNow).scalarOutputs(1).invoke().scalar(0)).isEqualTo(ManualClock.START_NANOS);

        assertThat(clock.advance(Duration.ofMillis(250))).as("no timer armed").isZero();
        assertThat(tick.call(kNow).scalarOutputs(1).invoke().scalar(0)).isEqualTo(ManualClock.START_NANOS + 250_000_000);
    }

    @Test
    void aTimerDrivenCompletionArrivesExactlyWhenTheClockPassesTheDeadline(
            ManualClock clock, @Service(PerMethodKernelTest.TICK) Connection tick, NotificationPort port,
            DispatchQueue callbacks) {
        final long start = clock.nanoTime();
        final CompletableFuture<Completion> woke = tick.call(kWakeAfter).scalars(1_000_000_000L).invokeAsync(port);
        assertThat(clock.armedTimers()).isEqualTo(1);

        assertThat(clock.advance(Duration.ofMillis(999))).isZero();
        callbacks.drain();
        assertThat(woke).as("one millisecond early").isNotDone();

        assertThat(clock.advanceNanos(2_000_000)).as("fired once, handler run").isEqualTo(1);
        assertThat(woke).as("the completion waits on the test's steppable queue").isNotDone();
        assertThat(callbacks.drain()).isEqualTo(1);

        final Completion completion = woke.join();
        assertThat(completion.succeeded()).isTrue();
        assertThat(completion.args()).as("fired at the deadline, and the handler read the deadline as the time")
                .containsExactly(start + 1_000_000_000L, start + 1_000_000_000L);
        assertThat(clock.nanoTime()).isEqualTo(start + 1_001_000_000L);
        assertThat(clock.armedTimers()).isZero();
    }

    @Test
    void theClockNeverGoesBack(ManualClock clock) {
        assertThatThrownBy(() -> clock.advanceNanos(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("never goes back");
        assertThat(clock.advanceTo(0)).isZero();
        assertThat(clock.nanoTime()).isEqualTo(ManualClock.START_NANOS);
    }
}
