package org.iokit4j.examples.nulldriver;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Runs code with standard input fed and standard output captured, on its own thread (its own run loop). */
final class AppOutput {

    private AppOutput() {
    }

    /** Runs {@link NullDriverApp#main} with {@code choices} as its input and returns what it printed. */
    static String runApp(String choices) throws InterruptedException {
        return capture(choices, () -> NullDriverApp.main(new String[0]));
    }

    /** Runs {@code body} on a fresh thread with {@code input} as standard input; returns standard output. */
    static String capture(String input, Runnable body) throws InterruptedException {
        final ByteArrayOutputStream captured = new ByteArrayOutputStream();
        final PrintStream originalOut = System.out;
        final InputStream originalIn = System.in;
        final Throwable[] failure = new Throwable[1];
        final Thread runner = new Thread(() -> {
            try {
                body.run();
            } catch (Throwable t) {
                failure[0] = t;
            }
        }, "nulldriver-app");
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        System.setIn(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)));
        try {
            runner.start();
            runner.join(50_000); // a guard only: the two async answers take five to seven seconds each
        } finally {
            System.setOut(originalOut);
            System.setIn(originalIn);
        }
        final String out = captured.toString(StandardCharsets.UTF_8);
        assertThat(runner.isAlive()).as("the app finished; it printed:%n%s", out).isFalse();
        assertThat(failure[0]).as("the app threw").isNull();
        return out;
    }
}
