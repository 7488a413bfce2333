package org.iokit4j.driverkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iokit4j.IOReturn.kIOReturnSuccess;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.iokit4j.mach.MachPort;
import org.iokit4j.mig.CompletionTarget;
import org.junit.jupiter.api.Test;

/**
 * {@code OSAction::SetAbortedHandler} on a call's completion action sets THE handler (apple-semantics.md §6.3;
 * issue 8: "SetAbortedHandler adds a handler per call"): nothing grows per call, and one handler runs per action.
 */
class AbortedHandlerTest {
    private final MachPort port = MachPort.forKernelObject((CompletionTarget) (status, data, count) -> null);
    private final OSAction action = OSAction.forCompletion(port.makeSend());
    private final List<String> ran = new CopyOnWriteArrayList<>();

    /** Runs after every handler scheduled so far: the callout queue is serial. */
    private void awaitCallouts() throws InterruptedException {
        final CountDownLatch done = new CountDownLatch(1);
        Callouts.run(null, done::countDown);
        assertThat(done.await(30, TimeUnit.SECONDS)).as("guard only").isTrue();
    }

    @Test
    void shouldAskForOneDeadNameNotificationHoweverOftenTheHandlerIsSet() throws InterruptedException {
        for (int call = 0; call < 10_000; call++) { // a driver that sets the handler on every call it serves
            final int n = call;
            assertThat(action.SetAbortedHandler(() -> ran.add("handler " + n))).isEqualTo(kIOReturnSuccess);
        }
        assertThat(port.deadNameRequests()).as("one request per action, not per call").isEqualTo(1);

        port.invalidate(); // the kernel aborted the action (the client went away)
        awaitCallouts();
        assertThat(ran).as("the last handler set replaced the others").containsExactly("handler 9999");
        assertThat(port.deadNameRequests()).isZero();
        action.release();
    }

    @Test
    void shouldRunAtMostOneAbortedHandlerPerAction() throws InterruptedException {
        action.SetAbortedHandler(() -> ran.add("first"));
        port.invalidate();
        action.SetAbortedHandler(() -> ran.add("after abort"));
        awaitCallouts();
        assertThat(ran).containsExactly("first");
        action.release();
    }

    @Test
    void shouldRunAHandlerSetAfterTheAbortWhenNoneRan() throws InterruptedException {
        action.SetAbortedHandler(null); // watching, but nothing to run yet
        port.invalidate();
        awaitCallouts();
        assertThat(ran).isEmpty();
        action.SetAbortedHandler(() -> ran.add("late"));
        awaitCallouts();
        assertThat(ran).containsExactly("late");
        assertThat(port.deadNameRequests()).isZero();
        action.release();
    }

    @Test
    void shouldRunNoAbortedHandlerForAnActionTheDriverFreed() throws InterruptedException {
        action.SetAbortedHandler(() -> ran.add("never"));
        action.release(); // the driver's last reference: the kernel end dies, but a freed action runs nothing
        port.invalidate();
        awaitCallouts();
        assertThat(ran).isEmpty();
    }
}
