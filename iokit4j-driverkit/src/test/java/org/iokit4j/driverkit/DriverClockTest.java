package org.iokit4j.driverkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.iokit4j.IOReturn.kIOReturnSuccess;
import static org.iokit4j.driverkit.IOTimerDispatchSource.kIOTimerClockMachAbsoluteTime;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.iokit4j.dispatch.DispatchQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The driver runtime's clock seam (issue 12 deliverable 2: "a manual clock that drives IOTimerDispatchSource
 * deterministically"): code on a queue of a manual clock reads it through {@link MachTime}, queues its code makes
 * read it too, and advancing it fires due timers one at a time in deadline order, each handler run to its end before
 * the next and before {@code advanceTo} returns. The mach clock's semantics stay (ticks are nanoseconds, never back).
 */
class DriverClockTest {
    private final DriverClock clock = DriverClock.manual(5_000);
    private final List<OSObject> held = new ArrayList<>();
    private final List<String> events = new CopyOnWriteArrayList<>();

    @AfterEach
    void release() {
        held.reversed().forEach(OSObject::release);
    }

    @Test
    void machTimeReadsTheClockOfTheQueueItRunsOn() {
        final IODispatchQueue queue = queue("reader");
        final long[] read = new long[1];

        queue.dispatchQueue().sync(() -> read[0] = MachTime.mach_absolute_time());
        assertThat(read[0]).isEqualTo(5_000);

        final long before = System.nanoTime();
        final long outside = MachTime.mach_absolute_time();
        assertThat(outside).as("code on no manual queue reads System.nanoTime()").isBetween(before, System.nanoTime());
    }

    @Test
    void queuesMadeByCodeOnAManualQueueReadTheSameClock() {
        final IODispatchQueue parent = queue("parent");
        final IODispatchQueue[] made = new IODispatchQueue[1];

        parent.dispatchQueue().sync(() -> IODispatchQueue.Create("child", 0, 0, made));
        held.add(made[0]);

        assertThat(made[0].timers()).isSameAs(clock.scheduler());
        final long[] read = new long[1];
        made[0].dispatchQueue().sync(() -> read[0] = MachTime.mach_continuous_time());
        assertThat(read[0]).isEqualTo(5_000);
    }

    @Test
    void advanceFiresTimersInDeadlineOrderEachHandlerToItsEndBeforeReturning() {
        final IOTimerDispatchSource late = timer(queue("late"), "late");
        final IOTimerDispatchSource early = timer(queue("early"), "early");
        assertThat(late.WakeAtTime(kIOTimerClockMachAbsoluteTime, 9_000, 0)).isEqualTo(kIOReturnSuccess);
        assertThat(early.WakeAtTime(kIOTimerClockMachAbsoluteTime, 7_000, 0)).isEqualTo(kIOReturnSuccess);

        assertThat(clock.advanceTo(8_999)).isEqualTo(1);
        assertThat(events).as("no drain, no wait: the worker ran it before advanceTo returned")
                .containsExactly("early@7000 mach=7000");
        assertThat(clock.now()).isEqualTo(8_999);

        assertThat(clock.advanceBy(1)).isEqualTo(1);
        assertThat(events).containsExactly("early@7000 mach=7000", "late@9000 mach=9000");
        assertThat(clock.armed()).isZero();
    }

    @Test
    void aHandlerThatReArmsWithinTheTargetFiresAgainInTheSameAdvance() {
        final IOTimerDispatchSource[] periodic = new IOTimerDispatchSource[1];
        periodic[0] = timer(queue("periodic"), "tick", () -> periodic[0].WakeAtTime(kIOTimerClockMachAbsoluteTime,
                MachTime.mach_absolute_time() + 1_000, 0));
        periodic[0].WakeAtTime(kIOTimerClockMachAbsoluteTime, 6_000, 0);

        assertThat(clock.advanceBy(4_500)).isEqualTo(4);

        assertThat(events).containsExactly("tick@6000 mach=6000", "tick@7000 mach=7000", "tick@8000 mach=8000",
                "tick@9000 mach=9000");
        assertThat(clock.now()).isEqualTo(9_500);
        assertThat(clock.armed()).as("re-armed for 10000").isEqualTo(1);
    }

    @Test
    void aHandlerReArmingAtADeadlineAlreadyReachedIsStoppedWithAnExplanation() {
        final IOTimerDispatchSource[] stuck = new IOTimerDispatchSource[1];
        stuck[0] = timer(queue("stuck"), "stuck", () -> stuck[0].WakeAtTime(kIOTimerClockMachAbsoluteTime,
                MachTime.mach_absolute_time(), 0));
        stuck[0].WakeAtTime(kIOTimerClockMachAbsoluteTime, 6_000, 0);

        assertThatThrownBy(() -> clock.advanceTo(7_000, 10)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("fired 10 timer expiries and more are due")
                .hasMessageContaining("keeps re-arming IOTimerDispatchSource[stuck]");
        stuck[0].Cancel(null);
    }

    @Test
    void theSystemClockIsNotAdvancedAndAManualOneNeverGoesBack() {
        assertThat(DriverClock.system().isManual()).isFalse();
        assertThatThrownBy(() -> DriverClock.system().advanceBy(1)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("only a manual clock");
        assertThatThrownBy(() -> clock.advanceBy(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(clock.advanceTo(1)).isZero();
        assertThat(clock.now()).isEqualTo(5_000);
    }

    @Test
    void anEmbeddedHostGivesItsClockToEveryServerItLaunches() {
        final EmbeddedDextHost host = new EmbeddedDextHost(clock);
        final DriverServer server = (DriverServer) host.launch("clocked", new org.iokit4j.mach.MachTask("clocked",
                java.util.Map.of()), getClass().getClassLoader());
        try {
            assertThat(host.clock()).isSameAs(clock);
            assertThat(server.defaultQueue().timers()).isSameAs(clock.scheduler());
            assertThat(new EmbeddedDextHost().clock()).isSameAs(DriverClock.system());
        } finally {
            server.terminate();
        }
    }

    private IODispatchQueue queue(String name) {
        final IODispatchQueue queue = new IODispatchQueue(name, DispatchQueue.create(name), clock.scheduler());
        held.add(queue);
        return queue;
    }

    private IOTimerDispatchSource timer(IODispatchQueue queue, String name) {
        return timer(queue, name, () -> { });
    }

    private IOTimerDispatchSource timer(IODispatchQueue queue, String name, Runnable then) {
        final IOTimerDispatchSource[] made = new IOTimerDispatchSource[1];
        assertThat(IOTimerDispatchSource.Create(queue, made)).isEqualTo(kIOReturnSuccess);
        held.add(made[0]);
        final OSAction[] action = new OSAction[1];
        assertThat(OSAction.Create(new OSObject(), (a, args) -> {
            events.add(name + "@" + args[0] + " mach=" + MachTime.mach_absolute_time());
            then.run();
        }, 0, action)).isEqualTo(kIOReturnSuccess);
        made[0].SetHandler(action[0]);
        action[0].release();
        return made[0];
    }
}
