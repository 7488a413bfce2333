package org.iokit4j.systemtests.carriers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iokit4j.iokitlib.IOKitLib.IOConnectCallScalarMethod;

import java.util.List;
import org.iokit4j.mig.Caller;
import org.iokit4j.remote.RemoteKernel;
import org.iokit4j.systemtests.echo.EchoUserClient;
import org.junit.jupiter.api.Test;

/**
 * The end-to-end suite against the third fixture (issue 10 deliverable 5): the kernel daemon with each driver server
 * in a JVM of its own (its default), this JVM an app. Calls cross two process boundaries (app → daemon → driver
 * server), or one over the direct path; completions and nested kernel ↔ driver calls come back the same way.
 */
class ServerProcessCarrierTest extends DaemonCarrierTest {
    @Override
    List<String> daemonOptions() {
        return List.of("--driver-servers", "process");
    }

    @Test
    void shouldRunEachDriverServerInAJvmOfItsOwn() { // issue 10 §1
        final List<String> commands = daemon.driverServers().stream()
                .map(server -> server.info().commandLine().orElse("")).toList();
        assertThat(commands).as("a JVM per IOUserServerName").hasSize(BUNDLES.length)
                .allMatch(command -> command.contains("org.iokit4j.driverkit.process.DriverServerMain"));
    }

    @Test
    void shouldCarrySynchronousCallsOnTheDirectPath() { // issue 10 §2: after IOServiceOpen, not through the daemon
        final int echo = open(ECHO);
        final long before = RemoteKernel.directCalls(task());
        final long[] sum = new long[1];
        assertThat(Caller.callAs(app(), () -> IOConnectCallScalarMethod(echo, EchoUserClient.kSum,
                new long[] {40, 2}, 2, sum, new int[] {1}))).isZero();
        assertThat(sum[0]).isEqualTo(42);
        assertThat(RemoteKernel.directCalls(task()) - before).as("the call went over the ring").isEqualTo(1);
    }

    @Test
    void shouldCarryAsyncCallsAndTheirCompletionsOnTheDirectPath() throws Exception { // issue 10 §2: completions too
        final org.iokit4j.dispatch.DispatchQueue queue = org.iokit4j.dispatch.DispatchQueue.create("direct-async");
        try (org.iokit4j.client.Connection async = org.iokit4j.client.IOKit.as(app()).open(
                org.iokit4j.client.IOKit.nameMatching(ASYNC));
             org.iokit4j.client.NotificationPort port = org.iokit4j.client.IOKit.as(app()).notificationPort()
                     .dispatchOn(queue)) {
            final long before = RemoteKernel.directCalls(task());
            final org.iokit4j.client.Completion echoed = Caller.callAs(app(), () -> async.call(
                    org.iokit4j.systemtests.async.AsyncUserClient.kEchoNow).scalars(7, 8).invokeAsync(port))
                    .get(60, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(echoed.args()).containsExactly(7, 8);
            final var dropped = Caller.callAs(app(), () -> async.call(
                    org.iokit4j.systemtests.async.AsyncUserClient.kKeep).scalars(1).invokeAsync(port));
            Caller.callAs(app(), () -> async.call(org.iokit4j.systemtests.async.AsyncUserClient.kDrop).invoke());
            assertThat(dropped).as("the driver dropped the action: the future ends (apple-semantics.md §6.3 abort)")
                    .failsWithin(60, java.util.concurrent.TimeUnit.SECONDS).withThrowableThat()
                    .withMessageContaining("kAbortReasonReleased");
            assertThat(RemoteKernel.directCalls(task()) - before).as("all three calls went over the ring")
                    .isEqualTo(3);
        } finally {
            queue.close();
        }
    }

    @Test
    void shouldEndAPendingDirectCompletionWhenTheAppClosesTheConnection() throws Exception {
        // issue 10 §2 with apple-semantics.md §6.3: closing aborts the actions the driver holds; the Java layer's
        // future ends with the reason (kAbortReasonClientClosed), as on the daemon's path
        final org.iokit4j.dispatch.DispatchQueue queue = org.iokit4j.dispatch.DispatchQueue.create("direct-close");
        try (org.iokit4j.client.NotificationPort port = org.iokit4j.client.IOKit.as(app()).notificationPort()
                .dispatchOn(queue)) {
            final org.iokit4j.client.Connection async = org.iokit4j.client.IOKit.as(app()).open(
                    org.iokit4j.client.IOKit.nameMatching(ASYNC));
            final long before = RemoteKernel.directCalls(task());
            final var kept = Caller.callAs(app(), () -> async.call(
                    org.iokit4j.systemtests.async.AsyncUserClient.kKeep).scalars(1).invokeAsync(port));
            assertThat(RemoteKernel.directCalls(task()) - before).as("the call went over the ring").isEqualTo(1);
            Caller.runAs(app(), async::close);
            assertThat(kept).failsWithin(60, java.util.concurrent.TimeUnit.SECONDS).withThrowableThat()
                    .withMessageContaining("kAbortReasonClientClosed");
        } finally {
            queue.close();
        }
    }
}
