package org.iokit4j.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import org.iokit4j.client.Connection;
import org.iokit4j.systemtests.echo.EchoUserClient;
import org.junit.jupiter.api.Test;

/** A connection is a port name and a kernel object, never a thread (issue 2 "no thread per connection"). */
class NoThreadPerConnectionTest {

    @Test
    void shouldOpenAndCallAHundredConnectionsWithoutANewThread() { // issue 2 Benchmarks: no thread per connection
        try (EchoKernel echo = new EchoKernel()) {
            echo.assertServes(echo.open(0)); // the driver server is up before counting
            final int before = ManagementFactory.getThreadMXBean().getThreadCount();
            final Connection[] connections = new Connection[100];
            for (int i = 0; i < connections.length; i++) {
                connections[i] = echo.connection();
                assertThat(connections[i].call(EchoUserClient.kSum).scalars(i, 1).scalarOutputs(1).invoke().scalar(0))
                        .isEqualTo(i + 1);
            }
            assertThat(ManagementFactory.getThreadMXBean().getThreadCount()).isLessThanOrEqualTo(before);
            for (Connection connection : connections) {
                connection.close();
            }
        }
    }
}
