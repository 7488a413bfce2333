package org.iokit4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 8 (bounded resources, "every drop explained"): a storm of the same warning is logged sparingly but counted
 * in full. The long reliability run showed why: 68,774 throwing callbacks, each logging a WARNING, slowed the
 * callback queue until the kernel dropped 158,560 completions.
 */
class RepeatedWarningsTest {

    @Test
    void shouldLogTheFirstTenThenOnceEveryThousand() {
        final RepeatedWarnings warnings = new RepeatedWarnings();
        final List<Long> logged = new ArrayList<>();
        for (long n = 1; n <= 3_000; n++) {
            if (warnings.occurrence("kind") != null) {
                logged.add(n);
            }
        }
        assertThat(logged).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 1_000L, 2_000L, 3_000L);
    }

    @Test
    void shouldSayWhenItStartsToThinOutAndHowManySoFar() {
        final RepeatedWarnings warnings = new RepeatedWarnings();
        for (int n = 1; n < RepeatedWarnings.FIRST; n++) {
            assertThat(warnings.occurrence("kind")).isEmpty();
        }
        assertThat(warnings.occurrence("kind")).contains("from now on logged once every 1000 times");
        for (int n = RepeatedWarnings.FIRST + 1; n < RepeatedWarnings.EVERY; n++) {
            assertThat(warnings.occurrence("kind")).isNull();
        }
        assertThat(warnings.occurrence("kind")).contains("seen 1000 times");
    }

    @Test
    void shouldCountEachKindApart() {
        final RepeatedWarnings warnings = new RepeatedWarnings();
        for (int n = 0; n < 50; n++) {
            warnings.occurrence("a");
        }
        assertThat(warnings.occurrence("b")).as("another kind starts its own count").isEmpty();
    }

    @Test
    void shouldBoundHowManyKindsItTracks() {
        final RepeatedWarnings warnings = new RepeatedWarnings();
        for (int kind = 0; kind < RepeatedWarnings.MAX_KINDS; kind++) {
            warnings.occurrence("kind" + kind);
        }
        int loggedOthers = 0;
        for (int kind = 0; kind < 5_000; kind++) {
            loggedOthers += warnings.occurrence("new" + kind) == null ? 0 : 1;
        }
        assertThat(loggedOthers).as("new kinds past the bound share one thinned-out count").isEqualTo(10 + 5);
    }
}
