package org.iokit4j.driverkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iokit4j.IOReturn.kIOReturnAborted;
import static org.iokit4j.IOReturn.kIOReturnBadArgument;
import static org.iokit4j.IOReturn.kIOReturnSuccess;
import static org.iokit4j.driverkit.IOTimerDispatchSource.kIOTimerClockMachAbsoluteTime;
import static org.iokit4j.driverkit.IOTimerDispatchSource.kIOTimerClockMachContinuousTime;
import static org.iokit4j.driverkit.IOTimerDispatchSource.kIOTimerClockMonotonicRaw;
import static org.iokit4j.driverkit.IOTimerDispatchSource.kIOTimerClockUptimeRaw;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.iokit4j.Diagnostics;
import org.iokit4j.dispatch.DispatchQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code IODispatchSource::SetEnable}/{@code SetEnableWithCompletion} on a timer and the mach clocks of
 * {@code WakeAtTime} (issue 11 deliverable 4, contract.md §7), on a manual clock and a manual queue: every step by
 * hand, no sleeps, no wall clock.
 */
class IOTimerDispatchSourceEnableTest {
    private final TimerScheduler clock = TimerScheduler.manual(1_000);
    private final IODispatchQueue queue = new IODispatchQueue("enable", DispatchQueue.createManual("enable"), clock);
    private final OSObject target = new OSObject();
    private final List<String> events = new CopyOnWriteArrayList<>();
    private IOTimerDispatchSource timer;
    private OSAction action;

    @BeforeEach
    void create() {
        final IOTimerDispatchSource[] made = new IOTimerDispatchSource[1];
        assertThat(IOTimerDispatchSource.Create(queue, made)).isEqualTo(kIOReturnSuccess);
        timer = made[0];
        action = actionThat((a, args) -> events.add("fired@" + args[0]));
        assertThat(timer.SetHandler(action)).isEqualTo(kIOReturnSuccess);
    }

    @AfterEach
    void release() {
        action.release();
        timer.release();
        queue.release();
        target.release();
    }

    private void drain() {
        queue.dispatchQueue().drain();
    }

    @Test
    void shouldNotFireWhileDisabled() { // DriverKit IODispatchSource::SetEnable: false holds events back
        timer.WakeAtTime(kIOTimerClockMonotonicRaw, 5_000, 0);
        assertThat(timer.SetEnable(false)).isEqualTo(kIOReturnSuccess);

        clock.advanceTo(10_000);
        drain();

        assertThat(events).isEmpty();
    }

    @Test
    void shouldFireADeadlineThatPassedWhileDisabledOnceWhenEnabled() { // XNU IOTimerEventSource::enable reschedules
        timer.WakeAtTime(kIOTimerClockMonotonicRaw, 5_000, 0);
        timer.SetEnable(false);
        clock.advanceTo(7_000);
        drain();

        assertThat(timer.SetEnable(true)).isEqualTo(kIOReturnSuccess);
        assertThat(events).as("never inside the SetEnable call").isEmpty();
        drain();
        clock.advanceTo(20_000);
        drain();

        assertThat(events).as("once, with the time of enabling").containsExactly("fired@7000");
    }

    @Test
    void shouldHoldAnExpiryAlreadyHandedToTheQueueWhenDisabledBeforeItRuns() { // a disabled timer does not fire
        timer.WakeAtTime(kIOTimerClockMonotonicRaw, 5_000, 0);
        clock.advanceTo(5_000); // handed to the queue, not run yet
        timer.SetEnable(false);
        drain();
        assertThat(events).isEmpty();

        clock.advanceTo(6_000);
        timer.SetEnable(true);
        drain();

        assertThat(events).containsExactly("fired@6000");
    }

    @Test
    void shouldReplaceAHeldExpiryWhenArmedAgainWhileDisabled() { // IOTimerDispatchSource.iig WakeAtTime: replaces
        timer.WakeAtTime(kIOTimerClockMonotonicRaw, 5_000, 0);
        timer.SetEnable(false);
        clock.advanceTo(6_000);
        assertThat(timer.WakeAtTime(kIOTimerClockMonotonicRaw, 9_000, 0)).isEqualTo(kIOReturnSuccess);

        timer.SetEnable(true);
        drain();
        assertThat(events).as("the held expiry was replaced").isEmpty();

        clock.advanceTo(9_000);
        drain();
        assertThat(events).containsExactly("fired@9000");
    }

    @Test
    void shouldFireAtItsDeadlineWhenArmedWhileDisabledAndEnabledBefore() { // WakeAtTime is allowed while disabled
        timer.SetEnable(false);
        timer.WakeAtTime(kIOTimerClockMonotonicRaw, 5_000, 0);
        clock.advanceTo(4_000);
        timer.SetEnable(true);
        drain();
        assertThat(events).isEmpty();

        clock.advanceTo(5_000);
        drain();

        assertThat(events).containsExactly("fired@5000");
    }

    @Test
    void shouldRunTheCompletionOnTheQueueAfterTheChange() { // IODispatchSource::SetEnableWithCompletion's handler
        final boolean[] onQueue = new boolean[1];
        assertThat(timer.SetEnableWithCompletion(false, () -> {
            onQueue[0] = queue.dispatchQueue().isCurrent();
            events.add("disabled");
        })).isEqualTo(kIOReturnSuccess);
        assertThat(events).as("never inside the call").isEmpty();

        drain();

        assertThat(events).containsExactly("disabled");
        assertThat(onQueue[0]).isTrue();
    }

    @Test
    void shouldRunTheCompletionAfterTheHandlerInFlight() { // Apple: "after any in-flight callbacks finish"
        timer.SetHandler(actionThat((a, args) -> {
            events.add("handler starts");
            timer.SetEnableWithCompletion(false, () -> events.add("completion"));
            events.add("handler ends");
        }));
        timer.WakeAtTime(kIOTimerClockMonotonicRaw, 2_000, 0);
        clock.advanceTo(2_000);

        drain();

        assertThat(events).containsExactly("handler starts", "handler ends", "completion");
    }

    @Test
    void shouldQueueAHeldExpiryBeforeTheEnablingCompletion() { // the change takes effect, then the handler runs
        timer.WakeAtTime(kIOTimerClockMonotonicRaw, 2_000, 0);
        timer.SetEnable(false);
        clock.advanceTo(3_000);

        timer.SetEnableWithCompletion(true, () -> events.add("enabled"));
        drain();

        assertThat(events).containsExactly("fired@3000", "enabled");
    }

    @Test
    void shouldSucceedAndRunTheCompletionWhenTheStateDoesNotChange() { // XNU sources: same state → success
        assertThat(timer.SetEnableWithCompletion(true, () -> events.add("still enabled"))).isEqualTo(kIOReturnSuccess);
        timer.SetEnable(false);
        assertThat(timer.SetEnableWithCompletion(false, () -> events.add("still disabled")))
                .isEqualTo(kIOReturnSuccess);
        drain();
        assertThat(events).containsExactly("still enabled", "still disabled");
    }

    @Test
    void shouldRefuseEnablingACancelledTimerAndNeverFireItsHeldExpiry() { // contract.md: a cancelled object aborts
        timer.WakeAtTime(kIOTimerClockMonotonicRaw, 2_000, 0);
        timer.SetEnable(false);
        clock.advanceTo(3_000);
        timer.Cancel(null);

        assertThat(timer.SetEnableWithCompletion(true, () -> events.add("completion")))
                .isEqualTo(kIOReturnAborted);
        assertThat(Diagnostics.lastFailure().explanation()).contains("cancelled timer cannot be armed, enabled");
        assertThat(timer.SetEnable(false)).isEqualTo(kIOReturnAborted);
        drain();

        assertThat(events).as("neither the held expiry nor the refused call's handler").isEmpty();
    }

    @ParameterizedTest
    @ValueSource(longs = {kIOTimerClockMachAbsoluteTime, kIOTimerClockMachContinuousTime, kIOTimerClockMonotonicRaw,
        kIOTimerClockUptimeRaw})
    void shouldFireOnEveryClockOfTheSdkAtTheSameDeadline(long clockOption) { // IOTimerDispatchSource.h clocks
        assertThat(timer.WakeAtTime(clockOption, 5_000, 0)).isEqualTo(kIOReturnSuccess);
        assertThat(clock.advanceTo(4_999)).isZero();
        assertThat(clock.advanceTo(5_000)).isEqualTo(1);
        drain();
        assertThat(events).containsExactly("fired@5000");
    }

    @ParameterizedTest
    @ValueSource(longs = {0x80L, 0L, 0xC0L, 0x84L | 0x100L, -1L})
    void shouldRefuseEveryOtherClockWithBadArgument(long clockOption) { // wall time (0x80) and unknown values
        assertThat(timer.WakeAtTime(clockOption, 5_000, 0)).isEqualTo(kIOReturnBadArgument);
        assertThat(Diagnostics.lastFailure().explanation()).contains("kIOTimerClockMachAbsoluteTime (0xC8)");
        assertThat(clock.armed()).isZero();
    }

    @Test
    void shouldHaveTheSdksClockValues() { // DriverKit SDK IOTimerDispatchSource.h enum
        assertThat(kIOTimerClockMachAbsoluteTime).isEqualTo(0xC8L);
        assertThat(kIOTimerClockMachContinuousTime).isEqualTo(0xC4L);
        assertThat(kIOTimerClockMonotonicRaw).isEqualTo(0x84L);
        assertThat(kIOTimerClockUptimeRaw).isEqualTo(0x88L);
    }

    private OSAction actionThat(OSActionHandler handler) {
        final OSAction[] made = new OSAction[1];
        assertThat(OSAction.Create(target, handler, 16, made)).isEqualTo(kIOReturnSuccess);
        return made[0];
    }
}
