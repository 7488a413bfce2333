package org.iokit4j.driverkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iokit4j.IOReturn.kIOReturnAborted;
import static org.iokit4j.IOReturn.kIOReturnSuccess;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.iokit4j.Diagnostics;
import org.iokit4j.mach.MachPort;
import org.iokit4j.mig.CompletionTarget;
import org.junit.jupiter.api.Test;

/** Cancel on a call's completion action (contract.md: "Cancel (on any action, including a call's completion action…)"). */
class CompletionActionCancelTest {

    @Test
    void shouldDropCompletionsThroughACancelledCompletionActionAndExplain() throws InterruptedException { // contract.md "More of the DriverKit runtime"
        final List<Long> sent = new CopyOnWriteArrayList<>();
        final MachPort port = MachPort.forKernelObject((CompletionTarget) (status, data, count) -> {
            sent.add(data[0]);
            return null;
        });
        final OSAction action = OSAction.forCompletion(port.makeSend());
        final IOUserClient client = new IOUserClient();
        final CountDownLatch cancelled = new CountDownLatch(1);

        client.AsyncCompletion(action, kIOReturnSuccess, new long[] {1}, 1);
        assertThat(action.Cancel(cancelled::countDown)).isEqualTo(kIOReturnSuccess);
        client.AsyncCompletion(action, kIOReturnSuccess, new long[] {2}, 1);

        assertThat(sent).containsExactly(1L);
        assertThat(Diagnostics.lastFailure().code()).isEqualTo(kIOReturnAborted);
        assertThat(Diagnostics.lastFailure().explanation()).contains("cancelled OSAction");
        assertThat(cancelled.await(10, TimeUnit.SECONDS)).as("guard only: the handler ran").isTrue();
        assertThat(action.GetReference()).as("a completion's storage is the kernel's").isNull();
        action.release();
        assertThat(port.sendRights()).as("the action's send right went with it").isZero();
    }
}
