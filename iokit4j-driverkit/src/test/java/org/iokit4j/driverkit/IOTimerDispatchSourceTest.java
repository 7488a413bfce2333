package org.iokit4j.driverkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iokit4j.IOReturn.kIOReturnAborted;
import static org.iokit4j.IOReturn.kIOReturnBadArgument;
import static org.iokit4j.IOReturn.kIOReturnNotReady;
import static org.iokit4j.IOReturn.kIOReturnSuccess;
import static org.iokit4j.driverkit.IOTimerDispatchSource.kIOTimerClockMonotonicRaw;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.iokit4j.Diagnostics;
import org.iokit4j.dispatch.DispatchQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * IOTimerDispatchSource on a manual clock and a manual queue: every step by hand, no sleeps
 * (contract.md "More of the DriverKit runtime").
 */
class IOTimerDispatchSourceTest {
    private final TimerScheduler clock = TimerScheduler.manual(1_000);
    private final IODispatchQueue queue = new IODispatchQueue("timers", DispatchQueue.createManual("timers"), clock);
    private final OSObject target = new OSObject();
    private final List<String> events = new CopyOnWriteArrayList<>();
    private IOTimerDispatchSource timer;
    private OSAction action;

    @BeforeEach
    void create() {
        final IOTimerDispatchSource[] made = new IOTimerDispatchSource[1];
        assertThat(IOTimerDispatchSource.Create(queue, made)).isEqualTo(kIOReturnSuccess);
        timer = made[0];
        action = actionThat((a, args) -> events.add("fired@" + args[0] + (queue.dispatchQueue().isCurrent()
                ? " on queue" : " elsewhere")));
        assertThat(timer.SetHandler(action)).isEqualTo(kIOReturnSuccess);
    }

    @AfterEach
    void release() {
        action.release();
        timer.release();
        queue.release();
    }

    @Test
    void shouldRunTheHandlerOnTheSourcesQueueWithTheTimeItFired() { // contract.md: args[0] = the time it fired
        assertThat(timer.WakeAtTime(kIOTimerClockMonotonicRaw, 5_000, 0)).isEqualTo(kIOReturnSuccess);

        assertThat(clock.advanceTo(4_999)).isZero();
        assertThat(clock.advanceTo(5_000)).isEqualTo(1);
        assertThat(events).as("handed to the queue, not run on the scheduler").isEmpty();

        queue.dispatchQueue().drain();
        assertThat(events).containsExactly("fired@5000 on queue");
    }

    @Test
    void shouldFireOncePerArming() { // issue 5 item 3: one-shot, re-armed by WakeAtTime
        timer.WakeAtTime(kIOTimerClockMonotonicRaw, 2_000, 0);
        clock.advanceTo(3_000);
        clock.advanceTo(9_000);
        queue.dispatchQueue().drain();
        assertThat(events).containsExactly("fired@3000 on queue");
    }

    @Test
    void shouldReArmFromItsOwnHandler() { // issue 5 item 3: re-arming, including from the handler
        final OSAction periodic = actionThat((a, args) -> {
            events.add("tick@" + args[0]);
            if (events.size() < 3) {
                timer.WakeAtTime(kIOTimerClockMonotonicRaw, args[0] + 1_000, 0);
            }
        });
        timer.SetHandler(periodic);
        periodic.release(); // the timer holds it now
        timer.WakeAtTime(kIOTimerClockMonotonicRaw, 2_000, 0);

        for (long now = 2_000; now <= 6_000; now += 1_000) {
            clock.advanceTo(now);
            queue.dispatchQueue().drain();
        }

        assertThat(events).containsExactly("tick@2000", "tick@3000", "tick@4000");
    }

    @Test
    void shouldReplaceThePendingDeadlineWhenArmedAgain() { // issue 5 item 3: re-arming
        timer.WakeAtTime(kIOTimerClockMonotonicRaw, 5_000, 0);
        timer.WakeAtTime(kIOTimerClockMonotonicRaw, 8_000, 0);

        assertThat(clock.advanceTo(6_000)).isZero();
        assertThat(clock.advanceTo(8_000)).isEqualTo(1);
        queue.dispatchQueue().drain();
        assertThat(events).containsExactly("fired@8000 on queue");
    }

    @Test
    void shouldNeverFireACancelledPendingTimer() { // issue 5 item 3: cancelling a pending timer
        timer.WakeAtTime(kIOTimerClockMonotonicRaw, 5_000, 0);

        assertThat(timer.Cancel(() -> events.add("cancelled"))).isEqualTo(kIOReturnSuccess);
        assertThat(events).as("never inside the Cancel call").isEmpty();
        assertThat(clock.advanceTo(10_000)).isZero();
        queue.dispatchQueue().drain();

        assertThat(events).containsExactly("cancelled");
        assertThat(clock.armed()).isZero();
    }

    @Test
    void shouldNeverFireAnExpiryAlreadyHandedToTheQueueWhenCancelled() { // contract.md: Cancel stops all callbacks
        timer.WakeAtTime(kIOTimerClockMonotonicRaw, 5_000, 0);
        clock.advanceTo(5_000);

        timer.Cancel(() -> events.add("cancelled"));
        queue.dispatchQueue().drain();

        assertThat(events).containsExactly("cancelled");
    }

    @Test
    void shouldReturnAbortedWhenArmingACancelledTimer() { // issue 5 bad input: arm a cancelled timer
        timer.Cancel(null);

        assertThat(timer.WakeAtTime(kIOTimerClockMonotonicRaw, 5_000, 0)).isEqualTo(kIOReturnAborted);
        assertThat(Diagnostics.lastFailure().explanation()).contains("cancelled timer cannot be armed");
        assertThat(timer.SetHandler(action)).isEqualTo(kIOReturnAborted);
    }

    @Test
    void shouldReturnSuccessForASecondCancelAndRunBothHandlers() { // issue 5 bad input: Cancel twice
        assertThat(timer.Cancel(() -> events.add("first"))).isEqualTo(kIOReturnSuccess);
        assertThat(timer.Cancel(() -> events.add("second"))).isEqualTo(kIOReturnSuccess);
        queue.dispatchQueue().drain();
        assertThat(events).containsExactly("first", "second");
    }

    @Test
    void shouldGoOnAfterAHandlerThrows() { // issue 5 bad input: a handler that throws
        final OSAction flaky = actionThat((a, args) -> {
            events.add("tick@" + args[0]);
            throw new IllegalStateException("driver bug on purpose");
        });
        timer.SetHandler(flaky);
        flaky.release();

        timer.WakeAtTime(kIOTimerClockMonotonicRaw, 2_000, 0);
        clock.advanceTo(2_000);
        queue.dispatchQueue().drain();
        timer.WakeAtTime(kIOTimerClockMonotonicRaw, 3_000, 0);
        clock.advanceTo(3_000);
        queue.dispatchQueue().drain();

        assertThat(events).containsExactly("tick@2000", "tick@3000");
    }

    @Test
    void shouldDropATriggerWhoseTargetWasFreed() { // issue 5 bad input: an action used after its target was freed
        timer.WakeAtTime(kIOTimerClockMonotonicRaw, 2_000, 0);
        target.release();

        clock.advanceTo(2_000);
        queue.dispatchQueue().drain();

        assertThat(target.isFreed()).isTrue();
        assertThat(events).isEmpty();
    }

    @Test
    void shouldRefuseOtherClocksAndArmingWithoutAHandler() { // contract.md: options = kIOTimerClockMonotonicRaw
        assertThat(timer.WakeAtTime(0x80L, 5_000, 0)).isEqualTo(kIOReturnBadArgument); // wall-clock time
        final IOTimerDispatchSource[] bare = new IOTimerDispatchSource[1];
        IOTimerDispatchSource.Create(queue, bare);
        assertThat(bare[0].WakeAtTime(kIOTimerClockMonotonicRaw, 5_000, 0)).isEqualTo(kIOReturnNotReady);
        assertThat(Diagnostics.lastFailure().explanation()).contains("SetHandler");
        bare[0].release();
    }

    @Test
    void shouldFireManyTimersFromOneSharedSchedulerThread() throws InterruptedException { // issue 5: no thread per timer
        final IODispatchQueue[] real = new IODispatchQueue[1];
        IODispatchQueue.Create("real", 0, 0, real);
        final int count = 50;
        final CountDownLatch fired = new CountDownLatch(count);
        final OSAction counting = actionThat((a, args) -> fired.countDown());
        final IOTimerDispatchSource[] timers = new IOTimerDispatchSource[count];
        for (int i = 0; i < count; i++) {
            final IOTimerDispatchSource[] made = new IOTimerDispatchSource[1];
            IOTimerDispatchSource.Create(real[0], made);
            timers[i] = made[0];
            timers[i].SetHandler(counting);
            timers[i].WakeAtTime(kIOTimerClockMonotonicRaw, System.nanoTime() + 1_000_000L * (i % 5), 0);
        }

        assertThat(fired.await(10, TimeUnit.SECONDS)).as("guard only").isTrue();
        assertThat(Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("iokit4j-timers")))
                .hasSize(1);
        for (IOTimerDispatchSource t : timers) {
            t.release();
        }
        counting.release();
        real[0].release();
    }

    private OSAction actionThat(OSActionHandler handler) {
        final OSAction[] made = new OSAction[1];
        assertThat(OSAction.Create(target, handler, 16, made)).isEqualTo(kIOReturnSuccess);
        return made[0];
    }
}
