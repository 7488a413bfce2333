package org.iokit4j.mach;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.iokit4j.IOReturn;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Send-right counting under contention: the count ends right and no-senders runs exactly once (issue 2 item 2). */
class IpcSpaceConcurrencyTest {
    private static final int THREADS = 8;
    private static final int ROUNDS = 2_000;

    static Stream<Long> seeds() {
        return new SplittableRandom(8).longs(4).boxed();
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void shouldCountSendRightsExactlyUnderEightThreads(long seed) throws Exception { // issue 2 item 2: no-senders
        final IpcSpace owner = new IpcSpace("owner");
        final MachPort port = owner.lookupReceive(owner.allocateReceive());
        final IpcSpace shared = new IpcSpace("shared");
        final SendRight keepAlive = port.makeSend(); // the count never reaches 0 before the end
        final AtomicInteger noSenders = new AtomicInteger();
        port.requestNoSenders(noSenders::incrementAndGet);

        final SplittableRandom random = new SplittableRandom(seed);
        final CountDownLatch start = new CountDownLatch(1);
        final ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            final List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                final SplittableRandom mine = random.split();
                final IpcSpace own = new IpcSpace("own" + t);
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < ROUNDS; i++) {
                        final IpcSpace space = mine.nextBoolean() ? shared : own;
                        final int held = 1 + mine.nextInt(3);
                        int name = 0;
                        for (int r = 0; r < held; r++) {
                            name = space.insertSend(port);
                        }
                        for (int r = 0; r < held; r++) {
                            assertThat(space.deallocate(name)).isEqualTo(IOReturn.kIOReturnSuccess);
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : done) {
                future.get(60, TimeUnit.SECONDS); // a guard, not a timing assertion
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(shared.size()).isZero();
        assertThat(port.sendRights()).isEqualTo(1);
        assertThat(noSenders).as("not while a right was still held").hasValue(0);
        keepAlive.release();
        assertThat(noSenders).hasValue(1);
        assertThat(port.sendRights()).isZero();
    }
}
