package org.iokit4j.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.iokit4j.remote.FrameIn;
import org.iokit4j.remote.FrameOut;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The kernel ↔ driver-server link (issue 10 deliverable 1): nested calls reach the waiting thread, so a chain of calls
 * back and forth runs on one thread per side and never deadlocks on a lock that thread holds; a link going down ends
 * every waiting call with why.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LinkTest {
    private static final int PING = 1;
    private static final int NEST = 2;
    private static final int THROW = 3;
    private static final int NOTE = 4;

    private final List<String> notes = new CopyOnWriteArrayList<>();
    private final AtomicReference<String> kernelDown = new AtomicReference<>();
    private final AtomicReference<String> serverDown = new AtomicReference<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private Link kernel;
    private Link server;

    @AfterEach
    void close() {
        release.countDown();
        if (kernel != null) {
            kernel.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private void connect(Link.Handler kernelSide, Link.Handler serverSide) throws IOException {
        final PipedInputStream kernelIn = new PipedInputStream(1 << 16);
        final PipedInputStream serverIn = new PipedInputStream(1 << 16);
        final PipedOutputStream toServer = new PipedOutputStream(serverIn);
        final PipedOutputStream toKernel = new PipedOutputStream(kernelIn);
        kernel = new Link("kernel", kernelIn, toServer, 0, kernelSide, kernelDown::set).start();
        server = new Link("server", serverIn, toKernel, 1, serverSide, serverDown::set).start();
    }

    /**
     * Serves PING (echo + 1), NEST n (calls the peer over {@code own} with NEST n-1, holding {@code lock}), THROW,
     * NOTE (one-way).
     */
    private Link.Handler handler(String side, Object lock, java.util.function.Supplier<Link> own) {
        return (op, in, reply) -> {
            switch (op) {
                case PING -> reply.putLong(in.getLong() + 1);
                case NEST -> {
                    final long depth = in.getLong();
                    synchronized (lock) { // a lock the serving thread holds, as a driver queue would be held
                        notes.add(side + " " + depth + " on " + Thread.currentThread().getName());
                        if (depth == 0) {
                            reply.putLong(0);
                            return;
                        }
                        final Link.Request nested = own.get().request(NEST); // through its own link, to the peer
                        nested.out.putLong(depth - 1);
                        reply.putLong(nested.call().getLong() + 1);
                    }
                }
                case THROW -> throw new IllegalStateException("the handler's bug");
                case NOTE -> notes.add(side + " note " + in.getLong());
                default -> throw new FrameIn.ProtocolException("op " + op);
            }
        };
    }

    @Test
    void shouldAnswerACall() throws Exception {
        connect(handler("kernel", new Object(), () -> kernel), handler("server", new Object(), () -> server));
        final Link.Request ping = kernel.request(PING);
        ping.out.putLong(41);
        assertThat(ping.call().getLong()).isEqualTo(42);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 7, 40})
    void shouldRunANestedChainOnOneThreadPerSideWithoutDeadlock(int depth) throws Exception {
        // issue 10 §1: Start → RegisterService → matching → Start, across processes: the waiting thread serves the
        // peer's nested request, so the lock it holds (a driver queue) is re-entered, never waited for
        final Object kernelLock = new Object();
        final Object serverLock = new Object();
        connect(handler("kernel", kernelLock, () -> kernel), handler("server", serverLock, () -> server));
        final Link.Request nest = kernel.request(NEST);
        nest.out.putLong(depth);
        assertThat(nest.call().getLong()).isEqualTo(depth);
        final long serverThreads = notes.stream().filter(n -> n.startsWith("server")).map(n -> n.split(" on ")[1])
                .distinct().count();
        assertThat(notes).hasSize(depth + 1);
        assertThat(serverThreads).as("one server thread serves the whole chain: %s", notes).isEqualTo(1);
        assertThat(notes.stream().filter(n -> n.startsWith("kernel")).allMatch(n -> n.endsWith(
                "on " + Thread.currentThread().getName()))).as("the kernel's nested requests run on the calling"
                + " thread: %s", notes).isTrue();
    }

    @Test
    void shouldKeepConcurrentChainsApart() throws Exception {
        connect(handler("kernel", new Object(), () -> kernel), handler("server", new Object(), () -> server));
        final List<CompletableFuture<Long>> chains = new java.util.ArrayList<>();
        for (int i = 0; i < 8; i++) {
            final int depth = 3 + i;
            chains.add(CompletableFuture.supplyAsync(() -> {
                try {
                    final Link.Request nest = kernel.request(NEST);
                    nest.out.putLong(depth);
                    return nest.call().getLong();
                } catch (IOException failed) {
                    throw new IllegalStateException(failed);
                }
            }));
        }
        for (int i = 0; i < chains.size(); i++) {
            assertThat(chains.get(i).get(30, TimeUnit.SECONDS)).isEqualTo(3 + i);
        }
    }

    @Test
    void shouldTurnAHandlerExceptionIntoAFaultAndStayUp() throws Exception {
        connect(handler("kernel", new Object(), () -> kernel), handler("server", new Object(), () -> server));
        assertThatThrownBy(() -> kernel.request(THROW).call()).isInstanceOf(LinkFault.class)
                .hasMessageContaining("the handler's bug");
        final Link.Request ping = kernel.request(PING);
        ping.out.putLong(1);
        assertThat(ping.call().getLong()).as("the link serves on").isEqualTo(2);
    }

    @Test
    void shouldDeliverOneWayMessagesInOrder() throws Exception {
        connect(handler("kernel", new Object(), () -> kernel), handler("server", new Object(), () -> server));
        for (long i = 0; i < 100; i++) {
            final Link.Request note = kernel.oneway(NOTE);
            note.out.putLong(i);
            note.send();
        }
        final Link.Request ping = kernel.request(PING); // replies come after the notes sent before
        ping.out.putLong(0);
        ping.call();
        assertThat(notes).hasSize(100);
        for (int i = 0; i < 100; i++) {
            assertThat(notes.get(i)).isEqualTo("server note " + i);
        }
    }

    @Test
    void shouldEndAWaitingCallWhenThePeerGoesAway() throws Exception {
        // issue 10 §4: a call blocked in a driver server that dies ends at once, with why
        final CountDownLatch entered = new CountDownLatch(1);
        connect(handler("kernel", new Object(), () -> kernel), (op, in, reply) -> {
            entered.countDown();
            try {
                release.await(); // a driver blocked in its method until the test ends
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        });
        final CompletableFuture<Void> blocked = CompletableFuture.runAsync(() -> {
            try {
                kernel.request(PING).call();
            } catch (IOException expected) {
                throw new IllegalStateException(expected);
            }
        });
        assertThat(entered.await(30, TimeUnit.SECONDS)).isTrue();
        server.close(); // the server's process going away closes its end

        assertThatThrownBy(() -> blocked.get(30, TimeUnit.SECONDS)).hasRootCauseInstanceOf(LinkDown.class)
                .rootCause().hasMessageContaining("the peer closed the link");
        // the waiters are woken first, then onDown runs on the reader's thread: it may still be on its way
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (kernelDown.get() == null && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertThat(kernelDown.get()).contains("the peer closed the link");
        assertThatThrownBy(() -> kernel.request(PING).call()).isInstanceOf(LinkDown.class);
        assertThatThrownBy(() -> kernel.oneway(NOTE).send()).isInstanceOf(LinkDown.class);
    }

    @Test
    void shouldGoDownOnAMalformedFrame() throws Exception {
        final PipedInputStream kernelIn = new PipedInputStream(1 << 16);
        final PipedOutputStream garbage = new PipedOutputStream(kernelIn);
        kernel = new Link("kernel", kernelIn, java.io.OutputStream.nullOutputStream(), 0,
                handler("kernel", new Object(), () -> kernel), kernelDown::set).start();
        final FrameOut frame = new FrameOut().begin(99).putLong(0).putLong(0);
        frame.send(java.nio.channels.Channels.newChannel(garbage));
        garbage.flush();
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (kernelDown.get() == null && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertThat(kernelDown.get()).contains("unknown kind 99");
    }
}
