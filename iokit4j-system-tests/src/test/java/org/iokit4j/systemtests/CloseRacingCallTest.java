package org.iokit4j.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iokit4j.iokitlib.IOKitLib.*;
import static org.iokit4j.systemtests.closing.ClosingUserClient.*;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.iokit4j.Diagnostics;
import org.iokit4j.Failure;
import org.iokit4j.systemtests.closing.ClosingUserClient;
import org.iokit4j.systemtests.support.TestKernel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 8 race 9: a call that passed the connection look-up before {@code IOServiceClose} must not reach the
 * driver's {@code ExternalMethod} once the user client's {@code Stop} has begun; it fails with
 * {@code kIOReturnNotReady} (XNU's {@code IOUserServer::rpc} answer for a stopped object) and an explanation.
 *
 * <p>A deterministic interleaving: one call holds the user client's ExternalMethod queue, a second call waits on
 * that queue (it passed the look-up), the connection is closed meanwhile ({@code Stop} runs on the default queue,
 * which is free), then the first call is let go.
 */
class CloseRacingCallTest {
    private static final String DRIVER = "org.iokit4j.systemtests.closing.ClosingDriver";
    private static final long GUARD_SECONDS = 30;

    private TestKernel fixture;
    private int connect;
    private Thread holder;
    private Thread late;

    @BeforeEach
    void open() {
        ClosingUserClient.reset();
        fixture = new TestKernel("closing-test", "bundles/closing/Info.plist", DRIVER, Map.of());
        connect = fixture.open();
    }

    @AfterEach
    void close() throws InterruptedException {
        release.countDown();
        for (Thread thread : new Thread[] {holder, late}) {
            if (thread != null) {
                thread.join(TimeUnit.SECONDS.toMillis(GUARD_SECONDS));
            }
        }
        fixture.close();
        ClosingUserClient.reset();
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES) // guard only
    void shouldRefuseACallThatReachesTheDriverAfterStopBegan() throws InterruptedException { // issue 8 race 9
        final AtomicInteger held = new AtomicInteger(-1);
        final AtomicInteger refused = new AtomicInteger(-1);
        final AtomicReference<Failure> why = new AtomicReference<>();
        holder = Thread.ofPlatform().name("race9-hold").start(() -> held.set(call(kHold)));
        assertThat(holding.await(GUARD_SECONDS, TimeUnit.SECONDS)).as("guard only: kHold runs").isTrue();
        late = Thread.ofPlatform().name("race9-late").start(() -> {
            refused.set(call(kPing));
            why.set(Diagnostics.lastFailure());
        });
        awaitWaitingOnTheMethodQueue();

        fixture.run(() -> assertThat(IOServiceClose(connect)).isEqualTo(kIOReturnSuccess));
        assertThat(EVENTS).as("Stop ran while kHold still runs; free waits for it")
                .containsExactly("ExternalMethod selector=0", "Stop");
        release.countDown();
        holder.join(TimeUnit.SECONDS.toMillis(GUARD_SECONDS));
        late.join(TimeUnit.SECONDS.toMillis(GUARD_SECONDS));

        assertThat(held.get()).as("the call that started before Stop ends normally").isEqualTo(kIOReturnSuccess);
        assertThat(refused.get()).as("the call that arrived after Stop began").isEqualTo(kIOReturnNotReady);
        assertThat(why.get().explanation()).contains("selector=1", "Stop has begun");
        assertThat(EVENTS).as("no ExternalMethod after Stop, and free only once the running one returned")
                .containsExactly("ExternalMethod selector=0", "Stop", "free");
    }

    private int call(int selector) {
        return fixture.call(() -> IOConnectCallScalarMethod(connect, selector, null, 0, new long[1], new int[] {0}));
    }

    private static void awaitWaitingOnTheMethodQueue() throws InterruptedException {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(GUARD_SECONDS);
        while (!methodQueue.dispatchQueue().hasPending()) {
            assertThat(System.nanoTime() < deadline).as("guard only: the second call waits on the queue").isTrue();
            Thread.sleep(1);
        }
    }
}
