package org.iokit4j.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A kernel daemon ({@code org.iokit4j.kerneld.KernelDaemon}, contract §6) in a child JVM, for the daemon fixture of
 * the end-to-end suite and the process tests: the test's own {@code java} and class path, a socket in a fresh 0700
 * directory, the given test bundles as {@code --dext} directories (each a {@code META-INF/driverkit/Info.plist}; the
 * driver classes come from the class path).
 *
 * <p>{@link #close()} ends it in every path: SIGTERM, then SIGKILL if it has not ended within 30 s; and removes the
 * directory. {@link #kill()} is the crash a test provokes.
 */
public final class DaemonProcess implements AutoCloseable {
    private final Process process;
    private final Path directory;
    private final Path socket;
    private final Path errors;
    private final java.time.Instant started;

    private DaemonProcess(Process process, Path directory, Path socket, Path errors) {
        this.process = process;
        this.directory = directory;
        this.socket = socket;
        this.errors = errors;
        this.started = process.toHandle().info().startInstant().orElse(null);
    }

    /**
     * Starts a daemon serving the class-path bundles {@code bundles} (e.g. {@code bundles/echo/Info.plist}) and waits
     * for its ready line.
     *
     * @param entitlements the {@code --entitlements} file's contents (an XML plist), or {@code null} for none.
     */
    public static DaemonProcess start(String entitlements, String... bundles) throws IOException {
        return startWith(List.of(), entitlements, bundles);
    }

    /**
     * Starts a daemon as {@link #start(String, String...)} does, with more options (e.g. {@code --driver-servers
     * in-daemon}, {@code --restart-throttle 100ms}).
     */
    public static DaemonProcess startWith(List<String> options, String entitlements, String... bundles)
            throws IOException {
        final Path directory = Files.createTempDirectory("iokit4j-kerneld-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        return start(directory, directory.resolve("kerneld.sock"), entitlements, options, bundles);
    }

    /** Starts a daemon on {@code socket} (a restart on the same path), its dexts and files under {@code directory}. */
    public static DaemonProcess start(Path directory, Path socket, String entitlements, String... bundles)
            throws IOException {
        return start(directory, socket, entitlements, List.of(), bundles);
    }

    /** As {@link #start(Path, Path, String, String...)}, with more daemon options. */
    public static DaemonProcess start(Path directory, Path socket, String entitlements, List<String> options,
                                      String... bundles) throws IOException {
        final List<Path> dexts = new ArrayList<>();
        for (String bundle : bundles) {
            final Path dext = directory.resolve("dext-" + bundle.replaceAll("[^A-Za-z0-9]", "_"));
            final Path plist = dext.resolve("META-INF/driverkit/Info.plist");
            Files.createDirectories(plist.getParent());
            try (var in = DaemonProcess.class.getClassLoader().getResourceAsStream(bundle)) {
                if (in == null) {
                    throw new IOException("no class-path resource " + bundle);
                }
                Files.write(plist, in.readAllBytes());
            }
            final String beside = bundle.replace("Info.plist", "Entitlements.plist"); // the dext's own, if any
            try (var in = DaemonProcess.class.getClassLoader().getResourceAsStream(beside)) {
                if (in != null && !beside.equals(bundle)) {
                    Files.write(plist.resolveSibling("Entitlements.plist"), in.readAllBytes());
                }
            }
            dexts.add(dext);
        }
        return start(directory, socket, entitlements, dexts, options);
    }

    /**
     * Starts a daemon serving the dexts {@code dexts} (jars, or directories holding
     * {@code META-INF/driverkit/Info.plist}), its socket and files under {@code directory} (made 0700 if absent).
     */
    public static DaemonProcess start(Path directory, Path socket, String entitlements, List<Path> dexts)
            throws IOException {
        return start(directory, socket, entitlements, dexts, List.of());
    }

    /**
     * As {@link #start(Path, Path, String, List)}, with more daemon options. The driver classes of test dexts live on
     * this JVM's class path, not under their {@code --dext} directories, so every driver server JVM gets that class
     * path too ({@code --server-class-path}).
     */
    public static DaemonProcess start(Path directory, Path socket, String entitlements, List<Path> dexts,
                                      List<String> options) throws IOException {
        Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
        final List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                "org.iokit4j.kerneld.KernelDaemon", "--socket", socket.toString(), "--server-class-path",
                System.getProperty("java.class.path"), "--server-jvm-option", "-Xmx128m", "--server-jvm-option",
                "-XX:TieredStopAtLevel=1"));
        command.addAll(options);
        for (Path dext : dexts) {
            command.add("--dext");
            command.add(dext.toString());
        }
        if (entitlements != null) {
            final Path file = directory.resolve("entitlements.plist");
            Files.writeString(file, entitlements);
            command.add("--entitlements");
            command.add(file.toString());
        }
        final Path errors = Files.createTempFile(directory, "kerneld-", ".err");
        final Process process = new ProcessBuilder(command).redirectError(errors.toFile()).start();
        final DaemonProcess daemon = new DaemonProcess(process, directory, socket, errors);
        try {
            final String line = daemon.firstLine();
            if (!("iokit4j kerneld ready on " + socket.toAbsolutePath()).equals(line)) {
                throw new IllegalStateException("the daemon printed '" + line + "'; its errors: " + daemon.errors());
            }
            return daemon;
        } catch (RuntimeException | IOException failed) {
            daemon.close();
            throw failed;
        }
    }

    /** {@return the daemon's socket} */
    public Path socket() {
        return socket;
    }

    /** {@return {@code unix:} and the socket: what {@code iokit4j.kernel} names} */
    public String kernel() {
        return "unix:" + socket.toAbsolutePath();
    }

    /** {@return the directory the daemon's socket and dexts live in} */
    public Path directory() {
        return directory;
    }

    /** {@return the daemon's PID} */
    public long pid() {
        return process.pid();
    }

    /** {@return whether the daemon still runs} */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** {@return whether a process with the daemon's pid and start time exists (a reused pid is not it)} */
    public boolean exists() {
        return ChildJvm.exists(pid(), started);
    }

    /** {@return what the daemon wrote to standard error} */
    public String errors() {
        return ChildJvm.readQuietly(errors);
    }

    /** {@return the daemon's driver-server processes alive now (its child JVMs)} */
    public java.util.List<ProcessHandle> driverServers() {
        return process.children().filter(ProcessHandle::isAlive).toList();
    }

    /**
     * Kills the daemon with SIGKILL (a crash) and waits for it; the directory stays. Its driver servers see their
     * link's end of file and exit on their own; this waits for them too (killing any left after 30 s).
     */
    public void kill() throws InterruptedException {
        final java.util.List<ProcessHandle> servers = driverServers();
        process.destroyForcibly();
        process.waitFor(60, TimeUnit.SECONDS);
        awaitGone(servers);
    }

    /** Sends SIGTERM and {@return the exit status}, waiting up to 30 s (then SIGKILL, and -1). */
    public int terminate() throws InterruptedException {
        final java.util.List<ProcessHandle> servers = driverServers();
        process.destroy();
        if (process.waitFor(30, TimeUnit.SECONDS)) {
            awaitGone(servers);
            return process.exitValue();
        }
        process.destroyForcibly();
        process.waitFor(60, TimeUnit.SECONDS);
        awaitGone(servers);
        return -1;
    }

    /** Waits for each of {@code processes} to end, killing one still alive after 30 s. */
    private static void awaitGone(java.util.List<ProcessHandle> processes) {
        for (ProcessHandle handle : processes) {
            try {
                handle.onExit().get(30, TimeUnit.SECONDS);
            } catch (Exception stillThere) {
                handle.destroyForcibly();
            }
        }
    }

    /**
     * Ends the daemon (SIGTERM, then SIGKILL) and removes its directory.
     *
     * @throws IllegalStateException if a process with its pid and start time is still there afterwards.
     */
    @Override
    public void close() throws IOException {
        try {
            if (process.isAlive()) {
                terminate();
            }
        } catch (InterruptedException interrupted) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            if (Files.isDirectory(directory)) { // else a daemon restarted in the same directory removed it already
                try (Stream<Path> files = Files.walk(directory)) {
                    files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
                }
            }
        }
        if (exists()) {
            throw new IllegalStateException("kerneld pid=" + pid() + " is still alive after SIGTERM and SIGKILL");
        }
    }


    private String firstLine() throws IOException {
        try {
            return ChildJvm.firstLine(process, 60);
        } catch (Exception failed) {
            throw new IOException("the daemon did not print its ready line within 60 s; its errors: " + errors(),
                    failed);
        }
    }
}
