package org.iokit4j.systemtests.faithful;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iokit4j.iokitlib.IOKitLib.*;
import static org.iokit4j.systemtests.echo.EchoUserClient.*;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.iokit4j.systemtests.EchoKernel;
import org.iokit4j.systemtests.echo.EchoDriver;
import org.iokit4j.systemtests.echo.EchoUserClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Where {@code ExternalMethod} runs: the user client's queue, serially, without a hand-off when idle (§6.1). */
class QueueTest {
    private static final int THREADS = 8;
    private static final int CALLS = 500;

    private EchoKernel echo;

    @BeforeEach
    void boot() {
        echo = new EchoKernel();
    }

    @AfterEach
    void close() {
        echo.close();
    }

    @Test
    void shouldRunExternalMethodOnTheCallersThreadWhenTheQueueIsIdle() { // apple-semantics.md §6.1; issue 2 item 4
        final int connect = echo.open(0);
        echo.run(() -> {
            assertThat(IOConnectCallScalarMethod(connect, kWhere, null, 0, null, null)).isEqualTo(kIOReturnSuccess);
            assertThat(EchoUserClient.lastThread).isSameAs(Thread.currentThread());
            assertThat(EchoUserClient.lastQueue).as("still on the default queue's turn")
                    .isEqualTo("org.iokit4j.test.echo.Default");
        });
    }

    @Test
    void shouldRunExternalMethodOnTheQueueTheDriverSetForIt() { // apple-semantics.md §6.1: IOUserClientQueueExternalMethod
        final int connect = echo.open(1);
        echo.run(() -> {
            assertThat(IOConnectCallScalarMethod(connect, kWhere, null, 0, null, null)).isEqualTo(kIOReturnSuccess);
            assertThat(EchoUserClient.lastQueue).isEqualTo(EchoDriver.EXTERNAL_QUEUE);
            assertThat(EchoUserClient.lastThread).as("idle: no hand-off either").isSameAs(Thread.currentThread());
        });
    }

    @ParameterizedTest(name = "type {0}")
    @ValueSource(ints = {0, 1})
    void shouldSerialiseCallsFromManyThreadsAndAnswerEachCorrectly(int type) throws Exception { // §6.1 serial
        final int connect = echo.open(type);
        final int overlaps = EchoUserClient.OVERLAPS.get();
        final List<Callable<Long>> work = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            final long seed = 42 + t;
            work.add(() -> echo.call(() -> {
                final SplittableRandom random = new SplittableRandom(seed);
                long sum = 0;
                for (int i = 0; i < CALLS; i++) {
                    final long a = random.nextLong(1_000_000);
                    final long b = random.nextLong(1_000_000);
                    final long[] out = new long[1];
                    assertThat(IOConnectCallScalarMethod(connect, kSum, new long[] {a, b}, 2, out, new int[] {1}))
                            .isEqualTo(kIOReturnSuccess);
                    assertThat(out[0]).isEqualTo(a + b);
                    assertThat(IOConnectCallScalarMethod(connect, kSerial, new long[] {a}, 1, out, new int[] {1}))
                            .isEqualTo(kIOReturnSuccess);
                    sum += a;
                }
                return sum;
            }));
        }
        long expected = 0;
        try (ExecutorService pool = Executors.newFixedThreadPool(THREADS)) {
            for (Future<Long> f : pool.invokeAll(work)) {
                expected += f.get();
            }
        }
        assertThat(EchoUserClient.OVERLAPS.get()).as("no two calls of one client ever overlapped")
                .isEqualTo(overlaps);
        final long total = expected;
        echo.run(() -> {
            final long[] out = new long[1];
            assertThat(IOConnectCallScalarMethod(connect, kSerial, new long[] {0}, 1, out, new int[] {1}))
                    .isEqualTo(kIOReturnSuccess);
            assertThat(out[0]).as("no update was lost").isEqualTo(total);
        });
    }
}
