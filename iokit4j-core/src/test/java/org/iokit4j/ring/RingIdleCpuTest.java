package org.iokit4j.ring;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 10 §3: the default strategy ({@code backoff}) and {@code block} must not burn a core when idle. A receiver
 * thread waits a second with no traffic; the CPU time it used (the thread's own, so other load on the machine does not
 * count) must stay under a tenth of that second: a spinning thread given any fair share of a core uses far more, a
 * sleeping one about a hundredth.
 */
@Timeout(120)
class RingIdleCpuTest extends InTemporaryShmDirectory {
    private static final long IDLE_MILLIS = 1_000;

    @ParameterizedTest
    @EnumSource(value = WaitStrategy.class, names = {"BACKOFF", "BLOCK"})
    void shouldKeepAnIdleReceiverNearZeroCpu(WaitStrategy strategy) throws Exception { // issue 10 §3: idle CPU
        final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        try (RingTesting.Pair pair = RingTesting.pair(RingTesting.options(strategy), (type, buffer, index, length)
                -> { }, (type, buffer, index, length) -> { })) {
            final CompletableFuture<Long> receiverCpu = new CompletableFuture<>();
            final Thread receiver = Thread.ofPlatform().name("idle-receiver").start(() -> {
                pair.opener().receive();
                receiverCpu.complete(threads.getCurrentThreadCpuTime());
            });
            Thread.sleep(200); // past the spin and yield phases
            final long before = threads.getThreadCpuTime(receiver.threadId());
            Thread.sleep(IDLE_MILLIS);
            final long used = threads.getThreadCpuTime(receiver.threadId()) - before;
            pair.opener().close();
            receiverCpu.get();
            System.out.printf("%s: an idle receiver used %.2f ms of CPU in %d ms%n", strategy.label(), used / 1e6,
                    IDLE_MILLIS);
            assertThat(used).as("CPU ns of an idle %s receiver in %d ms", strategy.label(), IDLE_MILLIS)
                    .isLessThan(IDLE_MILLIS * 1_000_000 / 10);
        }
    }
}
