package org.iokit4j.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.iokit4j.testsupport.TwoThreadRounds;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 8 race 10: {@link VmMap#enter} racing {@link VmMap#close} (a mapping made while its task ends) leaves no
 * mapping open in an ended map: the mapping is refused and closed, or entered and then closed by the close.
 * A bounded stress loop with a fixed seed ({@link TwoThreadRounds}).
 */
class VmMapRaceTest {
    private static final int ROUNDS = 600;

    private final SharedMemory memory = SharedMemory.create(4096);
    private final List<SharedMapping> mappings = new ArrayList<>();

    @AfterEach
    void release() {
        mappings.forEach(SharedMapping::close);
        memory.release();
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES) // guard only
    void shouldLeaveNoMappingOpenWhenEnterRacesClose() throws InterruptedException { // issue 8 race 10
        final VmMap[] map = new VmMap[1];
        final SharedMapping[] mapping = new SharedMapping[1];
        final boolean[] entered = new boolean[1];
        final List<Integer> leaked = new ArrayList<>();
        final int[] outcomes = new int[2];
        new TwoThreadRounds(ROUNDS, 0x5EED_0008_0010L, 32).run(
                round -> {
                    map[0] = new VmMap();
                    mapping[0] = memory.map(false);
                    mappings.add(mapping[0]);
                    entered[0] = false;
                },
                () -> {
                    try {
                        map[0].enter(mapping[0], "owner");
                        entered[0] = true;
                    } catch (IllegalStateException ended) {
                        entered[0] = false;
                    }
                },
                () -> map[0].close(),
                round -> {
                    outcomes[entered[0] ? 0 : 1]++;
                    if (!mapping[0].isClosed() || !map[0].regions().isEmpty()) {
                        leaked.add(round);
                    }
                    mapping[0].close();
                });

        assertThat(outcomes).as("both sides of the race were reached (entered, refused)").doesNotContain(0);
        assertThat(leaked).as("rounds that left a mapping open in an ended map").isEmpty();
    }
}
