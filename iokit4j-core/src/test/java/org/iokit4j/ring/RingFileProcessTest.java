package org.iokit4j.ring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.agrona.concurrent.UnsafeBuffer;
import org.iokit4j.testsupport.ChildJvm;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 10 §3 across processes: a child JVM ({@link RingPeerChild}) ping-pongs with this one in each waiting mode
 * (the two ends may wait differently), and a child killed with {@code kill -9} while this side waits ends every
 * waiter with {@code PEER_DIED}. Both JVMs use a temporary {@code iokit4j.shm.dir}; every child is killed by PID in
 * every path and checked gone, and no file or socket is left.
 */
@Timeout(180)
class RingFileProcessTest extends InTemporaryShmDirectory {
    private static final int KILLED = 128 + 9;

    private ChildJvm child(RingListener listener, WaitStrategy strategy) throws Exception {
        return ChildJvm.start(RingPeerChild.class, List.of("-Diokit4j.shm.dir=" + base,
                "-D" + WaitStrategy.PROPERTY + "=" + strategy.label()), listener.path().toString());
    }

    @ParameterizedTest
    @CsvSource({"SPIN,SPIN", "BACKOFF,BACKOFF", "BLOCK,BLOCK", "BLOCK,SPIN", "BACKOFF,BLOCK"})
    void shouldPingPongWithAChildJvm(WaitStrategy here, WaitStrategy there) throws Exception { // issue 10 §3
        final AtomicLong lastReply = new AtomicLong(-1);
        try (RingListener listener = RingFile.listen(RingTesting.options(here));
             ChildJvm peer = child(listener, there);
             RingFile ring = listener.accept((type, buffer, index, length) -> lastReply.set(buffer.getLong(index)),
                     RingTesting.GUARD)) {
            assertThat(peer.firstLine(120)).as("child's errors: %s", peer.errors()).isEqualTo("ready "
                    + there.label());
            assertThat(ring.peerPid()).isEqualTo(peer.pid());
            final UnsafeBuffer request = new UnsafeBuffer(new byte[96]);
            for (long i = 0; i < 5_000; i++) {
                request.putLong(0, i);
                ring.send(1, request, 0, request.capacity());
                final long sent = i;
                ring.awaitUntil(() -> lastReply.get() == sent, RingTesting.GUARD);
            }
            ring.close();
            assertTimeoutPreemptively(RingTesting.GUARD, () -> {
                while (peer.exists()) {
                    Thread.sleep(10);
                }
            }, () -> "the child did not exit after the ring closed; its errors: " + peer.errors());
            assertThat(peer.kill()).as("the child's exit status; its errors: %s", peer.errors()).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(WaitStrategy.class)
    void shouldEndEveryWaiterWithPeerDiedWhenTheChildIsKilledMidWait(WaitStrategy here) throws Exception {
        // issue 10 §3/§4: a peer killed with kill -9 wakes every waiter with an explained failure, quickly
        try (RingListener listener = RingFile.listen(RingTesting.options(here));
             ChildJvm peer = child(listener, WaitStrategy.BACKOFF);
             RingFile ring = listener.accept((type, buffer, index, length) -> { }, RingTesting.GUARD)) {
            assertThat(peer.firstLine(120)).as("child's errors: %s", peer.errors()).startsWith("ready");
            final List<CompletableFuture<RingException.Reason>> waiters = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                waiters.add(RingFileTest.waitForever(ring)); // a reply that never comes
            }
            ring.send(5, new byte[16]); // a type the child ignores
            Thread.sleep(200); // let the waiters settle into their sleep or block
            final long killed = System.nanoTime();
            assertThat(peer.kill()).isEqualTo(KILLED);
            assertTimeoutPreemptively(RingTesting.GUARD, () -> {
                for (CompletableFuture<RingException.Reason> waiter : waiters) {
                    assertThat(waiter.get()).isEqualTo(RingException.Reason.PEER_DIED);
                }
            });
            System.out.printf("%s: waiters ended %.1f ms after kill -9 returned%n", here.label(),
                    (System.nanoTime() - killed) / 1e6);
            assertThat(peer.exists()).as("child pid=%d after SIGKILL", peer.pid()).isFalse();
            assertThat(ring.isOpen()).isFalse();
        }
    }
}
