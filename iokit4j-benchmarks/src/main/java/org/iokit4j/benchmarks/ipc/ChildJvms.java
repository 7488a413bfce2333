package org.iokit4j.benchmarks.ipc;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The child JVMs of one harness run, and the private directory (0700, fresh) their sockets and error logs live in.
 *
 * <p>Every child is the harness's own {@code java} binary with the harness's class path, the options in
 * {@link #JVM_ARGS} and the run's extra ones. Its standard output is read line by line on a virtual thread (the
 * harness waits for protocol lines there: a server's ready line, a client's result line); its standard error goes
 * to a file in the directory, whose last lines explain a failure. Its standard input stays an open pipe: the
 * harness's own children exit when it closes, so they end even if the harness is killed with {@code SIGKILL}.
 *
 * <p>Every child is ended by its pid in every path: {@link #stop} sends {@code SIGTERM} (the daemon's orderly
 * stop), waits {@link #GRACE}, then sends {@code SIGKILL} and waits until the process is gone, and does the same to
 * any process the child itself started. {@link #close()} stops every child still running and deletes the
 * directory; a shutdown hook calls it when the harness is interrupted.
 *
 * <p><b>Concurrency.</b> Used by one harness thread; {@link #start}, {@link #stop} and {@link #close()} are
 * synchronized because the shutdown hook may close concurrently. A {@link Child}'s waits are for one thread.
 */
final class ChildJvms implements AutoCloseable {
    /**
     * Options every child gets: Netty's native library and {@code Unsafe} use, without warnings, and the export
     * Agrona (core's rings) needs on Java 25.
     */
    static final List<String> JVM_ARGS = List.of("--enable-native-access=ALL-UNNAMED",
            "--sun-misc-unsafe-memory-access=allow", "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED");
    /** How long a child may take to end after {@code SIGTERM} before it gets {@code SIGKILL}. */
    static final Duration GRACE = Duration.ofSeconds(10);
    private static final String END_OF_OUTPUT = new String("end of output"); // compared by identity
    private static final int TAIL_LINES = 20;

    private final Path directory;
    private final List<String> jvmArgs;
    private final List<Child> children = new ArrayList<>();
    private final Thread shutdownHook = new Thread(this::close, "ipc-bench-children-shutdown");
    private int started;
    private boolean closed;

    private ChildJvms(Path directory, List<String> jvmArgs) {
        this.directory = directory;
        this.jvmArgs = List.copyOf(jvmArgs);
    }

    /**
     * Creates the private directory under {@code java.io.tmpdir} and registers the shutdown hook.
     *
     * @param jvmArgs extra options for every child, after {@link #JVM_ARGS}
     * @throws IOException if the directory cannot be created
     */
    static ChildJvms open(List<String> jvmArgs) throws IOException {
        final Path directory = Files.createTempDirectory("iokit4j-ipc-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        final ChildJvms jvms = new ChildJvms(directory, jvmArgs);
        Runtime.getRuntime().addShutdownHook(jvms.shutdownHook);
        return jvms;
    }

    /** {@return the private directory: sockets go here} */
    Path directory() {
        return directory;
    }

    /**
     * What to run in a child JVM.
     *
     * @param mainClass the class whose {@code main} runs
     * @param jvmArgs   options for this child only (e.g. {@code -Diokit4j.kernel=unix:PATH})
     * @param args      the program's arguments
     */
    record Spec(String mainClass, List<String> jvmArgs, List<String> args) {
        Spec {
            jvmArgs = List.copyOf(jvmArgs);
            args = List.copyOf(args);
        }
    }

    /** A child that failed: it exited early, printed no expected line in time, or exited with a failure status. */
    static final class ChildFailure extends Exception {
        private static final long serialVersionUID = 1L;

        ChildFailure(String message) {
            super(message);
        }
    }

    /**
     * Starts a child JVM.
     *
     * @param name what the child is, for messages and its error log's name ({@code grpc-server})
     * @throws IOException           if the process cannot be started
     * @throws IllegalStateException if this is closed
     */
    synchronized Child start(String name, Spec spec) throws IOException {
        if (closed) {
            throw new IllegalStateException("the harness's children are closed: name=" + name);
        }
        final List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(JVM_ARGS);
        command.addAll(jvmArgs);
        command.addAll(spec.jvmArgs());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), spec.mainClass()));
        command.addAll(spec.args());
        final Path errors = directory.resolve(name + "-" + (++started) + ".err");
        final Process process = new ProcessBuilder(command).redirectError(errors.toFile()).start();
        final Child child = new Child(name, process, errors);
        children.add(child);
        return child;
    }

    /**
     * Ends {@code child} and whatever it started, by pid: {@code SIGTERM}, up to {@link #GRACE} to exit, then
     * {@code SIGKILL}; returns once they are gone. Does nothing for a child already ended. An interrupt skips the
     * grace period and is kept in the thread's interrupt flag.
     */
    synchronized void stop(Child child) {
        final List<ProcessHandle> descendants = child.process.descendants().toList();
        boolean interrupted = false;
        child.process.destroy();
        try {
            if (!child.process.waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                child.process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            interrupted = true;
            child.process.destroyForcibly();
        }
        child.process.onExit().join();
        for (ProcessHandle descendant : descendants) {
            descendant.destroyForcibly();
            descendant.onExit().join();
        }
        children.remove(child);
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops every child still running and deletes the directory; idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Child child : List.copyOf(children)) {
            stop(child);
        }
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the harness's directory: directory=" + directory, e);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException alreadyShuttingDown) {
                // closing from the hook itself: nothing to remove
            }
        }
    }

    /** One child JVM: its process, the lines of its standard output, its error log. */
    static final class Child {
        private final String name;
        private final Process process;
        private final Path errors;
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private final ArrayDeque<String> seen = new ArrayDeque<>();

        private Child(String name, Process process, Path errors) {
            this.name = name;
            this.process = process;
            this.errors = errors;
            Thread.ofVirtual().name(name + "-stdout").start(this::readOutput);
        }

        /** {@return the child's pid} */
        long pid() {
            return process.pid();
        }

        /**
         * Waits for the first line of standard output that {@code wanted} accepts and returns it; lines before it
         * are kept for messages.
         *
         * @param what                  the line's name in messages ({@code "ready line"})
         * @throws ChildFailure         if the child's output ends first (it exited) or {@code timeout} passes
         * @throws InterruptedException if interrupted while waiting
         */
        String awaitLine(Predicate<String> wanted, String what, Duration timeout)
                throws ChildFailure, InterruptedException {
            final long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                final String line = lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                if (line == null) {
                    throw failure("printed no " + what + " within " + seconds(timeout));
                }
                if (line == END_OF_OUTPUT) {
                    lines.add(END_OF_OUTPUT); // later waits see the end too
                    throw failure("exited before printing its " + what + exitStatus());
                }
                if (wanted.test(line)) {
                    return line;
                }
                seen.addLast(line);
                if (seen.size() > TAIL_LINES) {
                    seen.removeFirst();
                }
            }
        }

        /**
         * Waits for the child to exit with status 0.
         *
         * @throws ChildFailure         if it exits with another status or is still running after {@code timeout}
         * @throws InterruptedException if interrupted while waiting
         */
        void awaitSuccess(Duration timeout) throws ChildFailure, InterruptedException {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw failure("did not exit within " + seconds(timeout) + " of its result");
            }
            if (process.exitValue() != 0) {
                throw failure("failed" + exitStatus());
            }
        }

        private static String seconds(Duration duration) {
            return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1e3);
        }

        /** {@return the exit status for a message}, waiting a moment for a child whose output just ended. */
        private String exitStatus() throws InterruptedException {
            return process.waitFor(1, TimeUnit.SECONDS) ? " (exit status " + process.exitValue() + ")" : "";
        }

        private ChildFailure failure(String what) {
            return new ChildFailure(name + " (pid " + process.pid() + ") " + what + tail());
        }

        /** {@return the last lines of its output and error log, for a failure's message} */
        private String tail() {
            final StringBuilder text = new StringBuilder();
            seen.forEach(line -> text.append("\n  out: ").append(line));
            try {
                final List<String> log = Files.readAllLines(errors, StandardCharsets.UTF_8);
                log.subList(Math.max(0, log.size() - TAIL_LINES), log.size())
                        .forEach(line -> text.append("\n  err: ").append(line));
            } catch (IOException e) {
                text.append("\n  err: (unreadable: ").append(e).append(')');
            }
            return text.toString();
        }

        private void readOutput() {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    lines.add(line);
                }
            } catch (IOException e) {
                lines.add("(reading the child's output failed: " + e + ")");
            } finally {
                lines.add(END_OF_OUTPUT);
            }
        }
    }
}
