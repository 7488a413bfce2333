package org.iokit4j.tools;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A kernel daemon ({@code org.iokit4j.kerneld.KernelDaemon}, contract §6) in a child JVM for the tools' tests: the
 * test's own {@code java} and class path (which holds the test dext's classes), a socket in a fresh 0700 directory,
 * and one class-path bundle as a {@code --dext} directory ({@code META-INF/driverkit/Info.plist}, and the
 * {@code Entitlements.plist} beside it if there is one). Adapted from the system tests' {@code DaemonProcess}.
 *
 * <p>{@link #close()} ends it by its pid in every path (SIGTERM, then SIGKILL if it has not ended within 30 s),
 * checks that no process with its pid and start time is left, and removes the directory.
 */
final class KerneldChild implements AutoCloseable {
    private final Process process;
    private final Instant started;
    private final Path directory;
    private final Path socket;
    private final Path errors;

    private KerneldChild(Process process, Path directory, Path socket, Path errors) {
        this.process = process;
        this.started = process.toHandle().info().startInstant().orElse(null);
        this.directory = directory;
        this.socket = socket;
        this.errors = errors;
    }

    /** Starts a daemon serving the class-path bundle {@code bundle} (e.g. {@code bundles/tooltest/Info.plist}). */
    static KerneldChild start(String bundle) throws IOException {
        final Path directory = Files.createTempDirectory("iokit4j-tools-kerneld-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        final Path socket = directory.resolve("kerneld.sock");
        final Path errors = directory.resolve("kerneld.err");
        KerneldChild daemon = null;
        try {
            final Path dext = directory.resolve("dext");
            copy(bundle, dext.resolve("META-INF/driverkit/Info.plist"), true);
            copy(bundle.replace("Info.plist", "Entitlements.plist"),
                    dext.resolve("META-INF/driverkit/Entitlements.plist"), false);
            final List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m", "-Xss1m",
                    "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                    "org.iokit4j.kerneld.KernelDaemon", "--socket", socket.toString(), "--dext", dext.toString()));
            daemon = new KerneldChild(new ProcessBuilder(command).redirectError(errors.toFile()).start(), directory,
                    socket, errors);
            final String line = daemon.firstLine();
            if (!("iokit4j kerneld ready on " + socket.toAbsolutePath()).equals(line)) {
                throw new IllegalStateException("the daemon printed '" + line + "'; its errors: " + daemon.errors());
            }
            return daemon;
        } catch (IOException | RuntimeException failed) {
            if (daemon != null) {
                daemon.close();
            } else {
                delete(directory);
            }
            throw failed;
        }
    }

    /** {@return {@code unix:} and the socket: what {@code --kernel} names} */
    String kernel() {
        return "unix:" + socket.toAbsolutePath();
    }

    /** {@return the daemon's pid} */
    long pid() {
        return process.pid();
    }

    /** {@return whether a process with the daemon's pid and start time exists (a reused pid is not it)} */
    boolean exists() {
        return ProcessHandle.of(pid()).filter(handle -> started == null
                || started.equals(handle.info().startInstant().orElse(null))).isPresent();
    }

    /** {@return what the daemon wrote to standard error} */
    String errors() {
        try {
            return Files.readString(errors);
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    /**
     * Ends the daemon by its pid (SIGTERM, then SIGKILL after 30 s), waits for it, removes its directory.
     *
     * @throws IllegalStateException if a process with its pid and start time is still there.
     */
    @Override
    public void close() throws IOException {
        try {
            ProcessHandle.of(pid()).filter(handle -> exists()).ifPresent(ProcessHandle::destroy);
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(60, TimeUnit.SECONDS);
            }
        } catch (InterruptedException interrupted) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            delete(directory);
        }
        if (exists()) {
            throw new IllegalStateException("kerneld pid=" + pid() + " is still alive after SIGTERM and SIGKILL");
        }
    }

    private static void copy(String resource, Path to, boolean required) throws IOException {
        try (InputStream in = KerneldChild.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                if (required) {
                    throw new IOException("no class-path resource " + resource);
                }
                return;
            }
            Files.createDirectories(to.getParent());
            Files.write(to, in.readAllBytes());
        }
    }

    private static void delete(Path directory) throws IOException {
        if (Files.isDirectory(directory)) {
            try (Stream<Path> files = Files.walk(directory)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    private String firstLine() throws IOException {
        final BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
        final CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
            try {
                return out.readLine();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, task -> Thread.ofVirtual().start(task));
        try {
            return line.get(60, TimeUnit.SECONDS);
        } catch (Exception failed) {
            throw new IOException("the daemon did not print its ready line within 60 s; its errors: " + errors(),
                    failed);
        }
    }
}
