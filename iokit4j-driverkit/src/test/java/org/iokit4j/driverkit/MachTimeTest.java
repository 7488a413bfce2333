package org.iokit4j.driverkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iokit4j.IOReturn.kIOReturnBadArgument;

import org.iokit4j.Diagnostics;
import org.junit.jupiter.api.Test;

/** The mach clocks of {@code kIOTimerClockMachAbsoluteTime}/{@code …ContinuousTime} (issue 11 deliverable 4). */
class MachTimeTest {

    @Test
    void shouldAnswerATimebaseOfOneToOne() { // MachTime: one tick = one nanosecond of System.nanoTime()
        final MachTime.mach_timebase_info_data_t[] info = new MachTime.mach_timebase_info_data_t[1];
        assertThat(MachTime.mach_timebase_info(info)).isEqualTo(MachTime.KERN_SUCCESS);
        assertThat(info[0]).isEqualTo(new MachTime.mach_timebase_info_data_t(1, 1));
    }

    @Test
    void shouldReadTheClockTimerDeadlinesAreMeasuredAgainst() { // IOTimerDispatchSource deadlines: System.nanoTime
        final long before = System.nanoTime();
        final long absolute = MachTime.mach_absolute_time();
        final long continuous = MachTime.mach_continuous_time();
        final long after = System.nanoTime();
        assertThat(absolute).isBetween(before, after);
        assertThat(continuous).isBetween(absolute, after);
    }

    @Test
    void shouldRefuseANullOrEmptyOutArray() { // C would crash; the faithful layer answers kIOReturnBadArgument
        assertThat(MachTime.mach_timebase_info(null)).isEqualTo(kIOReturnBadArgument);
        assertThat(MachTime.mach_timebase_info(new MachTime.mach_timebase_info_data_t[0]))
                .isEqualTo(kIOReturnBadArgument);
        assertThat(Diagnostics.lastFailure().explanation()).contains("mach_timebase_info_data_t[1]");
    }
}
