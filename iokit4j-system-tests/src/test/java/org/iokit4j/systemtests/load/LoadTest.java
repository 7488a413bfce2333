package org.iokit4j.systemtests.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.iokit4j.systemtests.hostile.HostileDriver;
import org.iokit4j.systemtests.support.TestKernel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 8 item 7, the short forms CI runs (the long forms: {@link ReliabilityHarness}, docs/reliability.md).
 * Behaviour only: exact accounting and nothing left behind, no timing.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class LoadTest {
    /**
     * What a call racing its connection's close may answer: success, the connection gone (§6.6), or, for a call
     * that passed the look-up but reached the driver after its Stop began, kIOReturnNotReady (issue 8 race 9).
     */
    private static final Set<String> RACING_CLOSE_CODES = Set.of("kIOReturnSuccess", "MACH_SEND_INVALID_DEST",
            "kIOReturnNotAttached", "kIOReturnAborted", "kIOReturnNotReady");

    private final TestKernel kernel = new TestKernel("load", "bundles/hostile/Info.plist", HostileDriver.NAME,
            Map.of());

    @AfterEach
    void close() {
        kernel.close();
    }

    @Test
    void shouldDeliverOrCountEveryAsyncCompletionFromManyThreadsExactlyOnce() throws Exception {
        final LoadScenarios.AsyncFlood flood = LoadScenarios.asyncFlood(kernel, 8, 2_000, 0);
        assertThat(flood.accepted()).as("%s", flood).isEqualTo(16_000);
        assertThat(flood.balanced()).as("delivered + dropped = accepted, none twice: %s", flood).isTrue();
    }

    @Test
    void shouldKeepExactAccountingWhenCallbacksThrow() throws Exception {
        final LoadScenarios.AsyncFlood flood = LoadScenarios.asyncFlood(kernel, 4, 1_000, 7);
        assertThat(flood.balanced()).as("%s", flood).isTrue();
        assertThat(flood.callbackThrows()).as("every 7th callback threw, and delivery went on").isPositive();
    }

    @Test
    void shouldLeaveNothingBehindAfterManyOpensAndCloses() {
        final LoadScenarios.Churn churn = LoadScenarios.openCloseChurn(kernel, 2_000);
        assertThat(churn.failures()).as("%s", churn).isZero();
        assertThat(churn.namesAfter()).as("names back to baseline: %s", churn).isEqualTo(churn.namesBefore());
        assertThat(churn.userClientsAfter()).as("no user client left: %s", churn).isZero();
        assertThat(churn.threadsAfter()).as("no thread per connection: %s", churn)
                .isLessThanOrEqualTo(churn.threadsBefore());
    }

    @Test
    void shouldAnswerCallsRacingACloseWithCodesAndLeaveNothingBehind() throws Exception {
        final LoadScenarios.CloseRace race = LoadScenarios.closesRacingCalls(kernel, 200, 4, 8_9);
        assertThat(race.thrown()).as("no throwable reaches a caller: %s", race).isZero();
        assertThat(race.outcomes().keySet()).as("%s", race).isSubsetOf(RACING_CLOSE_CODES)
                .contains("kIOReturnSuccess");
        assertThat(race.namesAfter()).as("names back to baseline: %s", race).isEqualTo(race.namesBefore());
        assertThat(race.userClientsAfter()).as("every closed client left the registry: %s", race).isZero();
    }
}
