package org.iokit4j.kernel.userclient;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.iokit4j.IOReturn;
import org.iokit4j.mach.MachMessage;
import org.iokit4j.mach.MachPort;
import org.iokit4j.mach.MachTask;
import org.iokit4j.mach.SendRight;
import org.iokit4j.wire.ActionAbortedLayout;
import org.iokit4j.wire.AsyncCompletionLayout;
import org.iokit4j.wire.MachMsgHeaderLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Abort racing complete on one {@link CompletionAction} (issue 8 race 10: "CompletionAction abort and complete
 * touch the reference without a happens-before edge"; deliverable 5: the notice that ends a waiting future).
 */
class CompletionActionRaceTest {
    private static final long CALLOUT = 0x4143_0000_0000_0042L;
    private static final long REFCON = 0x1234_5678_9ABC_DEF0L;
    private static final int ROUNDS = 5_000;

    private final MachTask task = new MachTask("app", Map.of());
    private final CompletionAction.CompletionCounters counters = new CompletionAction.CompletionCounters();
    private final UserClient client = new UserClient(null, task, counters, () -> { });

    @ParameterizedTest
    @ValueSource(longs = {8, 0x5EED, 20_261_124})
    @Timeout(value = 120, unit = TimeUnit.SECONDS) // a guard only: each round parks twice at a barrier
    void shouldLetExactlyOneOfAbortAndCompleteWin(long seed) throws Exception {
        // issue 8 race 10: one completion racing the abort (the driver's last release, or the client's close)
        // queues exactly one message: the completion with its reference intact, or the notice; never both,
        // never neither, never a completion with zeroed slots
        final Random random = new Random(seed);
        final CyclicBarrier start = new CyclicBarrier(2);
        final AtomicReference<Runnable> completer = new AtomicReference<>();
        final Thread other = Thread.ofPlatform().name("completer").daemon(true).start(() -> {
            try {
                for (int round = 0; round < ROUNDS; round++) {
                    start.await();
                    completer.get().run();
                    start.await();
                }
            } catch (Exception stopped) { // the test failed and broke the barrier: stop too
                Thread.currentThread().interrupt();
            }
        });
        int completed = 0;
        int aborted = 0;
        try {
            for (int round = 0; round < ROUNDS; round++) {
                if (oneRound(round, random, start, completer)) {
                    completed++;
                } else {
                    aborted++;
                }
            }
        } finally {
            start.reset(); // a failed round leaves the completer waiting: let it go
            other.join(TimeUnit.SECONDS.toMillis(60));
        }
        assertThat(completed + aborted).isEqualTo(ROUNDS);
        assertThat(counters.sent()).isEqualTo(completed);
        assertThat(counters.notices()).isEqualTo(aborted);
    }

    /** {@return whether the completion won this round (else the abort did)} */
    private boolean oneRound(int round, Random random, CyclicBarrier start, AtomicReference<Runnable> completer)
            throws Exception {
        final int wakeName = task.space().allocateReceive();
        final MachPort wakePort = task.space().lookupReceive(wakeName);
        final CompletionAction action = action(wakePort.makeSend(), false);
        final SendRight driver = action.port().makeSend();
        final int completeSpins = random.nextInt(200);
        final int abortSpins = random.nextInt(200);
        final boolean byRelease = random.nextBoolean();
        completer.set(() -> {
            spin(completeSpins);
            action.complete(IOReturn.kIOReturnSuccess, new long[] {round(round)}, 1);
        });
        start.await();
        spin(abortSpins);
        if (byRelease) {
            driver.release(); // no more senders: the kernel aborts the action
        } else {
            action.abort(ActionAbortedLayout.kAbortReasonClientClosed);
            driver.release();
        }
        start.await();
        final List<byte[]> messages = drain(wakeName);
        assertThat(messages).as("round %d: exactly one message, a completion or the notice", round).hasSize(1);
        final byte[] message = messages.getFirst();
        final boolean completedFirst =
                MachMsgHeaderLayout.id(message) == AsyncCompletionLayout.kOSNotificationMessageID;
        if (completedFirst) {
            AsyncCompletionLayout.check(message);
            assertThat(AsyncCompletionLayout.reference(message, 1)).as("round %d: slot 1", round).isEqualTo(CALLOUT);
            assertThat(AsyncCompletionLayout.reference(message, 2)).as("round %d: slot 2", round).isEqualTo(REFCON);
            assertThat(AsyncCompletionLayout.arguments(message)).containsExactly(round(round));
        } else {
            ActionAbortedLayout.check(message);
            assertThat(ActionAbortedLayout.reference(message, 1)).as("round %d: slot 1", round).isEqualTo(CALLOUT);
            assertThat(ActionAbortedLayout.reference(message, 2)).as("round %d: slot 2", round).isEqualTo(REFCON);
            assertThat(ActionAbortedLayout.completions(message)).isZero();
            assertThat(ActionAbortedLayout.reason(message)).isEqualTo(byRelease
                    ? ActionAbortedLayout.kAbortReasonReleased : ActionAbortedLayout.kAbortReasonClientClosed);
        }
        assertThat(action.isAborted()).isTrue();
        assertThat(action.port().isDead()).as("the driver's OSAction sees a dead name").isTrue();
        assertThat(wakePort.sendRights()).as("round %d: the wake right was released", round).isZero();
        task.space().destroyReceive(wakeName);
        return completedFirst;
    }

    @Test
    void shouldQueueTheNoticeAfterEveryCompletionWhenAskedForEveryAbort() { // the stream case
        final int wakeName = task.space().allocateReceive();
        final MachPort wakePort = task.space().lookupReceive(wakeName);
        final CompletionAction action = action(wakePort.makeSend(), true);
        final SendRight driver = action.port().makeSend();
        for (long i = 0; i < 3; i++) {
            assertThat(action.complete(IOReturn.kIOReturnSuccess, new long[] {i}, 1)).isNull();
        }
        driver.release();

        final List<byte[]> messages = drain(wakeName);
        assertThat(messages).hasSize(4);
        assertThat(messages.subList(0, 3)).allSatisfy(m -> assertThat(MachMsgHeaderLayout.id(m)).isEqualTo(53));
        assertThat(ActionAbortedLayout.isNotice(messages.get(3))).as("the notice comes last").isTrue();
        assertThat(ActionAbortedLayout.completions(messages.get(3))).isEqualTo(3);
        assertThat(action.complete(IOReturn.kIOReturnSuccess, null, 0).code()).isEqualTo(IOReturn.kIOReturnAborted);
    }

    @Test
    void shouldSendNoNoticeForACompletedActionThatDidNotAsk() { // the fast path costs no second message
        final int wakeName = task.space().allocateReceive();
        final CompletionAction action = action(task.space().lookupReceive(wakeName).makeSend(), false);
        final SendRight driver = action.port().makeSend();
        assertThat(action.complete(IOReturn.kIOReturnSuccess, null, 0)).isNull();
        driver.release();

        assertThat(drain(wakeName)).hasSize(1).allSatisfy(m -> assertThat(MachMsgHeaderLayout.id(m)).isEqualTo(53));
        assertThat(counters.notices()).isZero();
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void shouldFinishAnAbortDuringTheCallOnlyWhenTheCallEnds(boolean failed) {
        // apple-semantics.md §6.3: the kernel holds the action while ExternalMethod runs; a failed call is answered
        // by its own return, so no notice may race ahead of it and contradict it
        final int wakeName = task.space().allocateReceive();
        final CompletionAction action = action(task.space().lookupReceive(wakeName).makeSend(), false);
        action.callStarted();
        action.port().makeSend().release(); // the driver did not retain it: its right goes at ExternalMethod's end

        assertThat(action.isAborted()).isTrue();
        assertThat(action.port().isDead()).as("finished only when the call ends").isFalse();
        assertThat(drain(wakeName)).isEmpty();

        action.callEnded(failed);

        assertThat(action.port().isDead()).isTrue();
        assertThat(drain(wakeName)).hasSize(failed ? 0 : 1);
    }

    private CompletionAction action(SendRight wake, boolean everyAbort) {
        final long[] reference = {0x41, CALLOUT, REFCON, 0, 0, 0, 0, 0};
        return new CompletionAction(client, wake, reference, counters, everyAbort);
    }

    private List<byte[]> drain(int name) {
        final List<byte[]> messages = new ArrayList<>();
        MachMessage message;
        try {
            while ((message = task.space().receive(name, 0)) != null) {
                messages.add(message.bytes());
                message.destroy();
            }
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
        return messages;
    }

    private static long round(int round) {
        return 1000L + round;
    }

    private static void spin(int times) {
        for (int i = 0; i < times; i++) {
            Thread.onSpinWait();
        }
    }
}
