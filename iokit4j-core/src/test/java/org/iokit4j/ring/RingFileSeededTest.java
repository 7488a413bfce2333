package org.iokit4j.ring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 10 §3, property-style with fixed seeds: several threads send messages of random types and sizes (16 bytes up
 * to the largest) through a small ring, so it wraps and fills often, while the peer echoes some of them back; every message
 * arrives once, intact, with the length and type it was sent with (records are padded to cache lines), and in its
 * sender's order, in each waiting mode.
 */
@Timeout(180)
class RingFileSeededTest extends InTemporaryShmDirectory {
    private static final int SENDERS = 3;
    private static final int MESSAGES = 400;
    private static final int ECHOED = 1;
    /** Each message begins with its sender, sequence, length and type (4 bytes each); its content follows. */
    private static final int HEAD = 16;

    static Stream<Arguments> seeds() {
        final List<Arguments> cases = new ArrayList<>();
        for (WaitStrategy strategy : WaitStrategy.values()) {
            for (long seed : new long[] {1, 42, 20_260_101}) {
                cases.add(Arguments.of(strategy, seed));
            }
        }
        return cases.stream();
    }

    /** The byte at {@code i} of message {@code sequence} from {@code sender}. */
    private static byte content(int sender, int sequence, int i) {
        return (byte) (sender * 131 + sequence * 31 + i * 7);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void shouldDeliverEveryMessageOnceIntactAndInSenderOrder(WaitStrategy strategy, long seed) throws Exception {
        final ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
        final int[] next = new int[SENDERS];
        final AtomicInteger received = new AtomicInteger();
        final AtomicInteger echoes = new AtomicInteger();
        final RingFile[] opener = new RingFile[1];
        final RingOptions options = new RingOptions(RingOptions.MIN_CAPACITY * 4, strategy, Duration.ofSeconds(30));
        try (RingTesting.Pair pair = RingTesting.pair(options, (type, buffer, index, length) ->
                echoes.incrementAndGet(), (type, buffer, index, length) -> {
                    check(type, buffer, index, length, next, problems);
                    received.incrementAndGet();
                    if (type == ECHOED) {
                        opener[0].send(ECHOED, buffer, index, Math.min(length, 64));
                    }
                })) {
            opener[0] = pair.opener();
            final CompletableFuture<Void> receiver = CompletableFuture.runAsync(pair.opener()::receive,
                    task -> Thread.ofPlatform().start(task));
            // the owner reads too while its threads send: a handler's echo waits while the owner's ring is full
            final CompletableFuture<Void> ownerReceiver = CompletableFuture.runAsync(pair.owner()::receive,
                    task -> Thread.ofPlatform().start(task));
            final List<CompletableFuture<Integer>> senders = new ArrayList<>();
            for (int s = 0; s < SENDERS; s++) {
                final int sender = s;
                final SplittableRandom random = new SplittableRandom(seed * 31 + s);
                senders.add(CompletableFuture.supplyAsync(() -> send(pair.owner(), sender, random),
                        task -> Thread.ofPlatform().start(task)));
            }
            int expectedEchoes = 0;
            for (CompletableFuture<Integer> sender : senders) {
                expectedEchoes += sender.get();
            }
            final int echoed = expectedEchoes;
            pair.owner().awaitUntil(() -> received.get() == SENDERS * MESSAGES && echoes.get() == echoed,
                    RingTesting.GUARD);
            assertThat(problems).as("seed=%d, strategy=%s", seed, strategy).isEmpty();
            pair.owner().close();
            ownerReceiver.get(); // returns normally: its own side closed
            assertThatThrownBy(receiver::get).hasMessageContaining("PEER_CLOSED");
        }
    }

    /** Sends {@link #MESSAGES} messages; {@return how many of them the peer echoes} */
    private static int send(RingFile ring, int sender, SplittableRandom random) {
        final UnsafeBuffer message = new UnsafeBuffer(new byte[ring.maxMessageLength()]);
        int echoed = 0;
        for (int sequence = 0; sequence < MESSAGES; sequence++) {
            final int length = random.nextInt(4) == 0 ? random.nextInt(HEAD, ring.maxMessageLength() + 1)
                    : random.nextInt(HEAD, 128);
            final int type = 1 + random.nextInt(5);
            message.putInt(0, sender);
            message.putInt(4, sequence);
            message.putInt(8, length); // the receiver checks that the length and type arrive as sent (padding)
            message.putInt(12, type);
            for (int i = HEAD; i < length; i++) {
                message.putByte(i, content(sender, sequence, i));
            }
            echoed += type == ECHOED ? 1 : 0;
            ring.send(type, message, 0, length);
        }
        return echoed;
    }

    private static void check(int type, DirectBuffer buffer, int index, int length, int[] next,
                              ConcurrentLinkedQueue<String> problems) {
        final int sender = buffer.getInt(index);
        final int sequence = buffer.getInt(index + 4);
        if (sequence != next[sender]) {
            problems.add("sender=" + sender + ": sequence=" + sequence + ", expected=" + next[sender]);
        }
        next[sender] = sequence + 1;
        if (length != buffer.getInt(index + 8) || type != buffer.getInt(index + 12)) {
            problems.add("sender=" + sender + ", sequence=" + sequence + ": length=" + length + ", type=" + type
                    + " arrived for length=" + buffer.getInt(index + 8) + ", type=" + buffer.getInt(index + 12));
        }
        for (int i = HEAD; i < length; i++) {
            if (buffer.getByte(index + i) != content(sender, sequence, i)) {
                problems.add("sender=" + sender + ", sequence=" + sequence + ": byte " + i + " differs");
                return;
            }
        }
    }
}
