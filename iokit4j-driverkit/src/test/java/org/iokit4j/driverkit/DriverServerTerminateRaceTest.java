package org.iokit4j.driverkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.iokit4j.mach.MachTask;
import org.iokit4j.testsupport.TwoThreadRounds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 8 race 10 (close flags): two threads terminating one driver server run its teardown once; before, both
 * could pass the check and release its default queue twice (an over-release that throws). A bounded stress loop
 * with a fixed seed ({@link TwoThreadRounds}).
 */
class DriverServerTerminateRaceTest {
    private static final int ROUNDS = 5_000;

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES) // guard only
    void shouldTearDownOnceWhenTwoThreadsTerminate() throws InterruptedException { // issue 8 race 10
        final DriverServer[] server = new DriverServer[1];
        final IODispatchQueue[] queue = new IODispatchQueue[1];
        final int[] freedOnce = new int[1];
        new TwoThreadRounds(ROUNDS, 0x5EED_0008_0011L, 16).run(
                round -> {
                    server[0] = new DriverServer("race-" + round, new MachTask("race-" + round, Map.of()),
                            getClass().getClassLoader());
                    queue[0] = server[0].defaultQueue();
                },
                () -> server[0].terminate(),
                () -> server[0].terminate(),
                round -> freedOnce[0] += queue[0].isFreed() ? 1 : 0);

        assertThat(freedOnce[0]).as("every round freed the default queue").isEqualTo(ROUNDS);
    }
}
