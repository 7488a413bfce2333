package org.iokit4j.embedded;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One run of {@code java} with the given arguments, to its end: the exit code and what it printed.
 *
 * @param exitCode the child's exit code.
 * @param out      its standard output.
 * @param err      its standard error.
 */
record ChildRun(int exitCode, String out, String err) {
    private static final long TIMEOUT_SECONDS = 60;

    /**
     * Runs the JVM of this test's {@code java.home} with {@code arguments}, and waits for it to end.
     *
     * <p>Blocks for at most {@value #TIMEOUT_SECONDS} s; a child still running then, or when anything fails, is
     * killed by its pid ({@link Process#destroyForcibly()}) before this returns or throws, and is gone afterwards.
     *
     * @throws IllegalStateException if the child did not end within the timeout.
     */
    static ChildRun java(List<String> arguments) throws IOException, InterruptedException {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(arguments);
        final Path out = Files.createTempFile("iokit4j-embedded-", ".out");
        final Path err = Files.createTempFile("iokit4j-embedded-", ".err");
        final Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.PIPE).start();
        try {
            process.getOutputStream().close();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the child JVM (pid=" + process.pid() + ") did not end within "
                        + TIMEOUT_SECONDS + " s: " + command);
            }
            return new ChildRun(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            if (process.isAlive()) {
                process.destroyForcibly().waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            }
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
