package org.iokit4j.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A child JVM for kill tests: the same {@code java} and class path as the test, running one {@code main} class that
 * prints a line starting with {@code ready} and then waits until its standard input closes (so it also ends if the
 * test JVM dies). {@link #close()} kills it with {@code SIGKILL} ({@link Process#destroyForcibly()}) in every path.
 */
public final class ChildJvm implements AutoCloseable {
    /** The option every JVM that runs Agrona (core's {@code org.iokit4j.ring}) needs on Java 25; children get it. */
    public static final String AGRONA_EXPORTS = "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED";

    private final Process process;
    private final Path errors;
    private final Instant started;

    private ChildJvm(Process process, Path errors) {
        this.process = process;
        this.errors = errors;
        this.started = process.toHandle().info().startInstant().orElse(null);
    }

    /** Starts {@code main} in a new JVM; its standard error goes to a temporary file shown on failure. */
    public static ChildJvm start(Class<?> main) throws IOException {
        return start(main, List.of());
    }

    /**
     * Starts {@code main} in a new JVM as {@link #start(Class)} does, with {@code jvmOptions} (e.g.
     * {@code -Dname=value}) before the class and {@code args} after it.
     */
    public static ChildJvm start(Class<?> main, List<String> jvmOptions, String... args) throws IOException {
        final Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        final Path errors = Files.createTempFile("iokit4j-child-", ".err");
        final List<String> command = new ArrayList<>(List.of(java.toString(), "-Xmx64m", "-Xss1m",
                "-XX:TieredStopAtLevel=1", AGRONA_EXPORTS, "-cp", System.getProperty("java.class.path")));
        command.addAll(jvmOptions);
        command.add(main.getName());
        command.addAll(List.of(args));
        final ProcessBuilder builder = new ProcessBuilder(command).redirectError(errors.toFile());
        return new ChildJvm(builder.start(), errors);
    }

    /** {@return the child's PID} */
    public long pid() {
        return process.pid();
    }

    /** {@return the child's first line of output}, waiting at most {@code seconds}. */
    public String firstLine(long seconds) throws InterruptedException, TimeoutException {
        try {
            return firstLine(process, seconds);
        } catch (ExecutionException e) {
            throw new IllegalStateException("reading the child's output failed; its errors: " + errors(), e);
        }
    }

    /**
     * {@return the first line {@code process} writes on standard output}, waiting at most {@code seconds} (the read
     * runs on a virtual thread, so a child that never writes cannot hang the caller).
     *
     * @throws ExecutionException if reading failed.
     */
    public static String firstLine(Process process, long seconds)
            throws InterruptedException, TimeoutException, ExecutionException {
        final BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
        final CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
            try {
                return out.readLine();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, task -> Thread.ofVirtual().start(task));
        return line.get(seconds, TimeUnit.SECONDS);
    }

    /** Sends {@code SIGKILL} and waits for the child to end and be reaped; {@return its exit value} */
    public int kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("child pid=" + pid() + " did not end within 60 s of SIGKILL");
        }
        return process.exitValue();
    }

    /** {@return whether a process with the child's PID and start time still exists (a reused PID is not it)} */
    public boolean exists() {
        return exists(pid(), started);
    }

    /** {@return whether a process {@code pid} that started at {@code started} (if known) still exists} */
    static boolean exists(long pid, Instant started) {
        return ProcessHandle.of(pid).filter(handle -> started == null
                || started.equals(handle.info().startInstant().orElse(null))).isPresent();
    }

    /** {@return what the child wrote to its standard error} */
    public String errors() {
        return readQuietly(errors);
    }

    /** {@return the text of {@code file}, or why it cannot be read: what a failing test shows} */
    static String readQuietly(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    /**
     * Kills the child (if it still runs), waits for it, and deletes the error file. An interrupt while waiting
     * leaves the kill sent and the thread's interrupt flag set.
     */
    @Override
    public void close() throws IOException {
        try {
            kill();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        } finally {
            Files.deleteIfExists(errors);
        }
    }
}
