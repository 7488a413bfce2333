package org.iokit4j.kerneld;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A {@code kerneld} in a child JVM, for the process tests: started with arguments (which
 * {@link org.iokit4j.testsupport.ChildJvm} does not take), stopped with a signal, and killed with SIGKILL by
 * {@link #close()} in every path, which also checks no process is left.
 */
final class DaemonProcess implements AutoCloseable {
    /** What {@link #nextLine} returns when standard output has ended. */
    static final String END = "<end of output>";

    private final Process process;
    private final Path errors;
    private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final java.time.Instant started;

    private DaemonProcess(Process process, Path errors) {
        this.process = process;
        this.errors = errors;
        this.started = process.toHandle().info().startInstant().orElse(null);
        final BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
        Thread.ofVirtual().name("kerneld-stdout-" + process.pid()).start(() -> {
            try {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    lines.add(line);
                }
            } catch (IOException ended) {
                // the child is gone
            } finally {
                lines.add(END);
            }
        });
    }

    /**
     * Starts {@code KernelDaemon} with {@code args} on {@code classPath}; {@code jvmOptions} go before the class.
     */
    static DaemonProcess start(String classPath, List<String> jvmOptions, List<String> args) throws IOException {
        final List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-Xss1m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", classPath, KernelDaemon.class.getName()));
        command.addAll(args);
        final Path errors = Files.createTempFile("iokit4j-kerneld-", ".err");
        return new DaemonProcess(new ProcessBuilder(command).redirectError(errors.toFile()).start(), errors);
    }

    /** {@return the child's PID} */
    long pid() {
        return process.pid();
    }

    /** {@return the next line of standard output, or {@link #END}} waiting at most {@code seconds}. */
    String nextLine(long seconds) throws InterruptedException {
        final String line = lines.poll(seconds, TimeUnit.SECONDS);
        if (line == null) {
            throw new AssertionError("no output from kerneld pid=" + pid() + " within " + seconds + " s; its errors:\n"
                    + errors());
        }
        return line;
    }

    /** Sends {@code SIGTERM} ({@link Process#destroy()}). */
    void terminate() {
        process.destroy();
    }

    /** Sends the signal named {@code name} ({@code INT}, {@code TERM}) with {@code kill}. */
    void signal(String name) throws IOException, InterruptedException {
        final Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid())).inheritIO().start();
        if (!kill.waitFor(30, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            kill.destroyForcibly();
            throw new AssertionError("kill -" + name + " " + pid() + " failed");
        }
    }

    /** {@return the exit status}, waiting at most {@code seconds} for the child to end. */
    int exitStatus(long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            throw new AssertionError("kerneld pid=" + pid() + " did not end within " + seconds + " s; its errors:\n"
                    + errors());
        }
        return process.exitValue();
    }

    /** {@return whether the child still runs} */
    boolean isAlive() {
        return process.isAlive();
    }

    /** {@return what the child wrote to standard error so far} */
    String errors() {
        try {
            return Files.readString(errors);
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    /** Waits at most {@code seconds} for {@code condition}, polling every 10 ms; fails with the errors if it never holds. */
    void await(String what, long seconds, BooleanSupplier condition) throws InterruptedException {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("kerneld pid=" + pid() + ": " + what + " did not happen within " + seconds
                        + " s; its errors:\n" + errors());
            }
            Thread.sleep(10);
        }
    }

    /** Kills the child with SIGKILL if it still runs, waits for it, checks no process with its PID is left. */
    @Override
    public void close() throws IOException {
        try {
            process.destroyForcibly();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                throw new AssertionError("kerneld pid=" + pid() + " did not end within 60 s of SIGKILL");
            }
            if (ProcessHandle.of(pid()).filter(handle -> started == null
                    || started.equals(handle.info().startInstant().orElse(null))).isPresent()) { // not a reused pid
                throw new AssertionError("a process with kerneld's pid=" + pid() + " is still alive");
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        } finally {
            Files.deleteIfExists(errors);
        }
    }
}
