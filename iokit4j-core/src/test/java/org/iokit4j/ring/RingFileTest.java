package org.iokit4j.ring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 10 §3 in one JVM: round trips in each waiting mode, the explained failures (oversize, full ring, closed
 * ring), nested waits in a handler, and that nothing is left behind. Each test uses its own {@code iokit4j.shm.dir}.
 */
@Timeout(120)
class RingFileTest extends InTemporaryShmDirectory {
    private static final int REQUEST = 1;
    private static final int REPLY = 2;

    /** An echo server on the opener: each request comes back as a reply with the same bytes. */
    private static MessageHandler echo(RingFile[] self) {
        return (type, buffer, index, length) -> self[0].send(REPLY, buffer, index, length);
    }

    @ParameterizedTest
    @EnumSource(WaitStrategy.class)
    void shouldRoundTripMessagesInEachMode(WaitStrategy strategy) throws Exception { // issue 10 §3
        final RingFile[] server = new RingFile[1];
        final AtomicLong lastReply = new AtomicLong(-1);
        try (RingTesting.Pair pair = RingTesting.pair(RingTesting.options(strategy),
                (type, buffer, index, length) -> lastReply.set(type == REPLY ? buffer.getLong(index) : -2),
                echo(server))) {
            server[0] = pair.opener();
            final CompletableFuture<Void> receiver = CompletableFuture.runAsync(pair.opener()::receive,
                    task -> Thread.ofPlatform().start(task));
            final UnsafeBuffer request = new UnsafeBuffer(new byte[96]);
            for (long i = 0; i < 2_000; i++) {
                request.putLong(0, i);
                pair.owner().send(REQUEST, request, 0, 96);
                final long sent = i;
                pair.owner().awaitUntil(() -> lastReply.get() == sent, RingTesting.GUARD);
            }
            pair.opener().close();
            receiver.get(); // returns normally: this side closed it
            assertThatThrownBy(() -> pair.owner().send(REQUEST, new byte[8]))
                    .isInstanceOfSatisfying(RingException.class, e -> assertThat(e.reason())
                            .isEqualTo(RingException.Reason.PEER_CLOSED));
        }
    }

    @ParameterizedTest
    @EnumSource(WaitStrategy.class)
    void shouldHandAnInPlaceHandlerEveryMessageAsSentAndReadNothingNestedMeanwhile(WaitStrategy strategy)
            throws Exception { // issue 10 §6: a driver server's calls are read in place (MessageHandler.inPlace)
        final RingFile[] server = new RingFile[1];
        final List<String> problems = new ArrayList<>();
        final AtomicLong lastReply = new AtomicLong(-1);
        final MessageHandler inPlace = new MessageHandler() {
            @Override
            public void onMessage(int type, org.agrona.DirectBuffer buffer, int index, int length) {
                if (type != REQUEST || length != 8 + (int) (buffer.getLong(index) % 200)) {
                    problems.add("type=" + type + ", length=" + length + " for request " + buffer.getLong(index));
                }
                if (server[0].poll(10) != 0) { // the message being handled is still the ring's next
                    problems.add("a nested poll read a message while one was handled in place");
                }
                server[0].send(REPLY, buffer, index, 8);
            }

            @Override
            public boolean inPlace() {
                return true;
            }
        };
        try (RingTesting.Pair pair = RingTesting.pair(RingTesting.options(strategy),
                (type, buffer, index, length) -> lastReply.set(buffer.getLong(index)), inPlace)) {
            server[0] = pair.opener();
            final CompletableFuture<Void> receiver = CompletableFuture.runAsync(pair.opener()::receive,
                    task -> Thread.ofPlatform().start(task));
            final UnsafeBuffer request = new UnsafeBuffer(new byte[208]);
            for (long i = 0; i < 2_000; i += 2) { // two at a time: the second waits in the ring, unread
                for (long j = i; j < i + 2; j++) {
                    request.putLong(0, j);
                    pair.owner().send(REQUEST, request, 0, 8 + (int) (j % 200));
                }
                final long sent = i + 1;
                pair.owner().awaitUntil(() -> lastReply.get() == sent, RingTesting.GUARD);
            }
            pair.opener().close();
            receiver.get();
        }
        assertThat(problems).isEmpty();
        assertThat(lastReply.get()).isEqualTo(1_999);
    }

    @Test
    void shouldGiveBackTheRoomOfAMessageWhoseSourceIsTooShortAndDeliverTheNext() {
        // a send whose source holds fewer bytes than it names fails with the buffer's own bounds error; the record it
        // had claimed is aborted, so the reader skips it and nothing after it is lost or stuck
        final List<Long> received = new ArrayList<>();
        try (RingTesting.Pair pair = RingTesting.pair(RingTesting.options(WaitStrategy.BACKOFF),
                (type, buffer, index, length) -> { }, (type, buffer, index, length) -> received.add(
                        buffer.getLong(index) * 1000 + length))) {
            assertThatThrownBy(() -> pair.owner().send(REQUEST, new UnsafeBuffer(new byte[8]), 0, 100))
                    .isInstanceOf(IndexOutOfBoundsException.class);
            final UnsafeBuffer good = new UnsafeBuffer(new byte[16]);
            good.putLong(0, 7);
            pair.owner().send(REQUEST, good, 0, 16);
            while (received.isEmpty()) {
                pair.opener().poll(10);
                Thread.onSpinWait();
            }
            assertThat(pair.opener().poll(10)).isZero();
            assertThat(received).containsExactly(7_016L);
            assertThat(pair.opener().handlerFailures()).isZero();
        }
    }

    @Test
    void shouldRefuseAMessageTooLongForTheRingAndATypeOutOfRange() { // issue 10 §3: an explained failure
        try (RingTesting.Pair pair = RingTesting.pair(RingTesting.options(WaitStrategy.BACKOFF),
                (type, buffer, index, length) -> { }, (type, buffer, index, length) -> { })) {
            assertThat(pair.owner().maxMessageLength()).isEqualTo(64 * 1024 / 8);
            pair.owner().send(REQUEST, new byte[pair.owner().maxMessageLength()]);
            assertThatThrownBy(() -> pair.owner().send(REQUEST, new byte[8 * 1024 + 1]))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("length=8193 does not fit this ring: maxMessageLength=8192 (an eighth of"
                            + " capacity=65536)");
            assertThatThrownBy(() -> pair.owner().send(0, new byte[1])).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("msgTypeId=0 must be in 1..16777215");
            assertThatThrownBy(() -> pair.owner().send(RingFile.MAX_MSG_TYPE_ID + 1, new byte[1]))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("msgTypeId=16777216 must be in 1..16777215"); // the bits above carry the padding
        }
    }

    @ParameterizedTest
    @EnumSource(WaitStrategy.class)
    void shouldMakeAWriterWaitForRoomThenFailClearlyWhenTheRingStaysFull(WaitStrategy strategy) throws Exception {
        // issue 10 §3: a full ring makes the writer wait by its strategy, bounded, with a clear error
        final RingOptions options = new RingOptions(RingOptions.MIN_CAPACITY, strategy, Duration.ofMillis(300));
        final AtomicInteger received = new AtomicInteger();
        try (RingTesting.Pair pair = RingTesting.pair(options, (type, buffer, index, length) -> { },
                (type, buffer, index, length) -> received.incrementAndGet())) {
            int sent = 0;
            final byte[] message = new byte[100];
            RingException full = null;
            while (full == null) {
                try {
                    pair.owner().send(REQUEST, message);
                    sent++;
                } catch (RingException e) {
                    full = e;
                }
            }
            assertThat(full.reason()).isEqualTo(RingException.Reason.TIMEOUT);
            assertThat(full).hasMessageContaining("stayed full for sendTimeout=PT0.3S: capacity=1024, length=100");
            assertThat(sent).isEqualTo(1024 / 128); // 8 bytes of header + 100, padded to whole 64-byte lines
            // a writer that waits gets in once the reader makes room
            final CompletableFuture<Void> waiting = CompletableFuture.runAsync(() -> pair.owner().send(REQUEST,
                    message));
            while (received.get() < sent + 1) {
                pair.opener().poll(1);
                Thread.onSpinWait();
            }
            waiting.get();
            assertThat(pair.owner().isOpen()).isTrue();
        }
    }

    @ParameterizedTest
    @EnumSource(WaitStrategy.class)
    void shouldWakeEveryWaiterWithTheReasonWhenEitherSideCloses(WaitStrategy strategy) { // issue 10 §3: closing
        try (RingTesting.Pair pair = RingTesting.pair(RingTesting.options(strategy), (type, buffer, index, length)
                -> { }, (type, buffer, index, length) -> { })) {
            final List<CompletableFuture<RingException.Reason>> waiters = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                waiters.add(waitForever(pair.owner()));
            }
            final CompletableFuture<RingException.Reason> peer = waitForever(pair.opener());
            pair.owner().close();
            assertTimeoutPreemptively(RingTesting.GUARD, () -> {
                for (CompletableFuture<RingException.Reason> waiter : waiters) {
                    assertThat(waiter.get()).isEqualTo(RingException.Reason.CLOSED);
                }
                assertThat(peer.get()).isEqualTo(RingException.Reason.PEER_CLOSED);
            });
            assertThatThrownBy(() -> pair.owner().poll(1)).hasMessageContaining("CLOSED: this side");
            assertThatThrownBy(() -> pair.opener().send(REQUEST, new byte[1]))
                    .hasMessageStartingWith("PEER_CLOSED: the peer pid=" + ProcessHandle.current().pid());
        }
    }

    /** {@return the reason a wait for a condition that never holds ended with}, waited for on a thread of its own. */
    static CompletableFuture<RingException.Reason> waitForever(RingFile ring) {
        final CompletableFuture<RingException.Reason> ended = new CompletableFuture<>();
        Thread.ofPlatform().start(() -> {
            try {
                ring.awaitUntil(() -> false, null);
                ended.completeExceptionally(new AssertionError("a wait for a condition that never holds returned"));
            } catch (RingException e) {
                ended.complete(e.reason());
            } catch (Throwable other) {
                ended.completeExceptionally(other);
            }
        });
        return ended;
    }

    @ParameterizedTest
    @EnumSource(WaitStrategy.class)
    void shouldDeliverTheNextMessagesToAHandlerThatWaitsOnTheRing(WaitStrategy strategy) throws Exception {
        // architecture.md: nested calls across processes are delivered to a waiting thread, no deadlock
        final int question = 3;
        final int answer = 4;
        final RingFile[] ends = new RingFile[2];
        final AtomicInteger answers = new AtomicInteger();
        final AtomicInteger replies = new AtomicInteger();
        final MessageHandler owner = (type, buffer, index, length) -> {
            if (type == question) {
                ends[0].send(answer, new byte[0]);
            } else {
                replies.incrementAndGet();
            }
        };
        final MessageHandler opener = (type, buffer, index, length) -> {
            if (type == REQUEST) {
                final int before = answers.get();
                ends[1].send(question, new byte[0]); // a nested call back to the owner, waited for in the handler
                ends[1].awaitUntil(() -> answers.get() > before, RingTesting.GUARD);
                ends[1].send(REPLY, new byte[0]);
            } else {
                answers.incrementAndGet();
            }
        };
        try (RingTesting.Pair pair = RingTesting.pair(RingTesting.options(strategy), owner, opener)) {
            ends[0] = pair.owner();
            ends[1] = pair.opener();
            final CompletableFuture<Void> ownerReceiver = CompletableFuture.runAsync(pair.owner()::receive,
                    task -> Thread.ofPlatform().start(task));
            final CompletableFuture<Void> openerReceiver = CompletableFuture.runAsync(pair.opener()::receive,
                    task -> Thread.ofPlatform().start(task));
            for (int i = 1; i <= 200; i++) {
                pair.owner().send(REQUEST, new byte[0]);
                final int expected = i;
                pair.owner().awaitUntil(() -> replies.get() == expected, RingTesting.GUARD);
            }
            assertThat(answers.get()).isEqualTo(200);
            assertThat(pair.opener().handlerFailures()).isZero();
            pair.owner().close();
            ownerReceiver.get(); // returns normally: its own side closed
            assertThatThrownBy(openerReceiver::get).hasCauseInstanceOf(RingException.class)
                    .hasMessageContaining("PEER_CLOSED");
        }
    }

    @Test
    void shouldCatchWhatAHandlerThrowsAndGoOn() { // style.md: no handler exception kills a loop
        final AtomicInteger handled = new AtomicInteger();
        try (RingTesting.Pair pair = RingTesting.pair(RingTesting.options(WaitStrategy.BACKOFF),
                (type, buffer, index, length) -> { }, (type, buffer, index, length) -> {
                    handled.incrementAndGet();
                    if (type == REQUEST) {
                        throw new IllegalStateException("a handler's bug");
                    }
                })) {
            pair.owner().send(REQUEST, "boom".getBytes(StandardCharsets.UTF_8));
            pair.owner().send(REPLY, new byte[0]);
            pair.opener().awaitUntil(() -> handled.get() == 2, RingTesting.GUARD);
            assertThat(pair.opener().handlerFailures()).isEqualTo(1);
            assertThat(pair.opener().isOpen()).isTrue();
        }
    }

    @Test
    void shouldRefuseASecondPeerAndTimeOutWithoutOneLeavingNothing() { // issue 10 §3: exactly two processes
        try (RingListener listener = RingFile.listen(RingTesting.options(WaitStrategy.BLOCK))) {
            assertThatThrownBy(() -> listener.accept((type, buffer, index, length) -> { }, Duration.ofMillis(50)))
                    .isInstanceOfSatisfying(RingException.class, e -> assertThat(e.reason())
                            .isEqualTo(RingException.Reason.TIMEOUT));
            try (RingFile first = RingFile.connect(listener.path(), RingTesting.options(WaitStrategy.SPIN),
                    (type, buffer, index, length) -> { })) {
                assertThatThrownBy(() -> RingFile.connect(listener.path(), RingTesting.options(WaitStrategy.SPIN),
                        (type, buffer, index, length) -> { })).isInstanceOfSatisfying(RingException.class,
                        e -> assertThat(e).hasMessageEndingWith("already has its peer"));
                try (RingFile owner = listener.accept((type, buffer, index, length) -> { }, RingTesting.GUARD)) {
                    assertThat(owner.peerPid()).isEqualTo(ProcessHandle.current().pid());
                    assertThat(first.isOwner()).isFalse();
                    assertThat(RingTesting.userDirectory(base)).doesNotExist(); // both names gone once accepted
                }
            }
        }
    }
}
