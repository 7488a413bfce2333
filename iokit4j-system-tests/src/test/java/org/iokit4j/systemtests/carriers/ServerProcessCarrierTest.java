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
}
