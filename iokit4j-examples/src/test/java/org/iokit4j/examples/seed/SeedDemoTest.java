package org.iokit4j.examples.seed;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The README's demo: the seed's bug reproduces exactly and its fix works both ways (issue 3 item 5). */
class SeedDemoTest {

    @Test
    void shouldReproduceTheQuestionAndRunTheAnswerOnAQueueAndARunLoop() throws Exception {
        final ByteArrayOutputStream captured = new ByteArrayOutputStream();
        final PrintStream original = System.out;
        final Thread runner = new Thread(() -> {
            try {
                SeedDemo.main(new String[0]);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "demo");
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            runner.start();
            runner.join(60_000);
        } finally {
            System.setOut(original);
        }
        assertThat(runner.isAlive()).as("the demo finished").isFalse();
        final String out = captured.toString(StandardCharsets.UTF_8);
        // apple-semantics.md §7 / §10.1: the main port as wake port → no completion → kIOReturnBadArgument
        assertThat(out).contains("returned kIOReturnBadArgument (0xE00002C2), as the question reports")
                .contains("wake_port=MACH_PORT_NULL (0)");
        // contract.md decided point 2: a real main port (a send right) is refused before the driver
        assertThat(out).contains("returned MACH_SEND_INVALID_RIGHT (0x1000000A)");
        // the fix, on a dispatch queue: both callbacks on the queue's thread
        assertThat(out).contains("callback on [dispatch:com.example.callbacks] Got callback of 'Register Async"
                + " Callback' from dext with returned data {foo=1, bar=0} with return code: 0x00000000.");
        assertThat(out).contains("[dispatch:com.example.callbacks] Got callback of 'Async Request' from dext with"
                + " returned data {foo=21, bar=42}");
        // the fix, on a run loop stopped by the callback
        assertThat(out).contains("Got callback of 'Async Request' from dext with returned data {foo=42, bar=84}")
                .contains("both run loops were stopped by the callback.");
    }
}
