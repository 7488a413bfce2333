package org.iokit4j.kerneld;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.iokit4j.Diagnostics;
import org.iokit4j.kernel.Kernel;
import org.iokit4j.kernel.bundle.DriverBundle;
import org.iokit4j.kernel.registry.RegistryEntry;

/**
 * The kernel daemon, {@code iokit4j-kerneld} (contract.md §6): an embedded kernel with the dexts given with
 * {@code --dext}, serving apps of its own user in other JVMs over a Unix-domain socket.
 *
 * <p>From the command line ({@link #main}, or {@code bash scripts/kerneld.sh ARGS}):
 * {@code --socket PATH} (default {@link #defaultSocket()}), {@code --dext PATH} (repeatable: a jar or a directory
 * holding {@code META-INF/driverkit/Info.plist} and the driver's classes), {@code --entitlements FILE} (what the
 * daemon grants each user's apps: {@link EntitlementsFile}). Once it serves it prints one line on standard output,
 * {@code iokit4j kerneld ready on PATH}, and nothing else there; diagnostics go to standard error. SIGTERM or
 * SIGINT stop it ({@link #stop()}) with exit status 0. A refused start prints one line on standard error and exits
 * with status {@value StartRefused#EXIT_STATUS}.
 *
 * <p>In a program ({@link #start}, then {@link #serve()} and {@link #stop()}) it is the same daemon without the
 * process around it: no signal handlers, no exit, no ready line.
 *
 * <p>Start, in order: read the entitlements file; load the dexts; create or check the socket's 0700 directory
 * ({@link SocketDirectory}); replace a stale socket, or refuse if a daemon serves there ({@link DaemonSocket});
 * boot the kernel with the dexts (and nothing from the class path); make the connection handler; bind the socket
 * and give it mode 0600. Every refusal comes before the kernel boots or after it is closed again.
 *
 * <p><b>Concurrency.</b> {@link #serve()} runs on one thread (the accepting one); {@link #stop()} may be called from
 * any thread, any number of times, concurrently: one caller stops the daemon and every caller returns once it has
 * stopped. Nothing interrupts a stop that has begun.
 */
public final class KernelDaemon implements AutoCloseable {
    /** How long a stop waits for the connection handlers to return once their channels are closed. */
    private static final Duration HANDLER_PATIENCE = Duration.ofSeconds(5);

    private final Kernel kernel;
    private final DextLoader dexts;
    private final DaemonSocket socket;
    private final Connections connections;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();

    private KernelDaemon(Kernel kernel, DextLoader dexts, DaemonSocket socket, Connections connections) {
        this.kernel = kernel;
        this.dexts = dexts;
        this.socket = socket;
        this.connections = connections;
    }

    /**
     * Runs the daemon with {@code args} until SIGTERM or SIGINT, then exits with status 0; exits with status
     * {@value StartRefused#EXIT_STATUS} if it cannot start (a usage error, or a {@link StartRefused}).
     *
     * @param args the command-line arguments.
     */
    public static void main(String[] args) {
        System.exit(DaemonCommand.run(args));
    }

    /**
     * {@return a new {@code kerneld} command, the one {@link #main} runs: a picocli {@code @Command} to run with
     * {@code new CommandLine(command).execute(args)} or to add as a subcommand} Running it serves until SIGTERM or
     * SIGINT, and returns the exit status {@link #main} would exit with (it does not exit). The {@code iokit4j}
     * command line ({@code iokit4j kerneld}, iokit4j-tools) reaches it this way, by name, at run time.
     */
    public static Callable<Integer> command() {
        return new DaemonCommand();
    }

    /**
     * {@return the socket a daemon binds, and a client connects to, when no path is given}
     * {@code $XDG_RUNTIME_DIR/iokit4j/kerneld.sock} if {@code XDG_RUNTIME_DIR} is set (a per-user 0700 directory on
     * systemd systems), else {@code <java.io.tmpdir>/iokit4j-<user.name>/kerneld.sock}.
     */
    public static Path defaultSocket() {
        final String runtime = System.getenv("XDG_RUNTIME_DIR");
        if (runtime != null && !runtime.isBlank()) {
            return Path.of(runtime, "iokit4j", "kerneld.sock").toAbsolutePath();
        }
        return Path.of(System.getProperty("java.io.tmpdir"), "iokit4j-" + System.getProperty("user.name"),
                "kerneld.sock").toAbsolutePath();
    }

    /**
     * What a daemon is started with.
     *
     * @param socket       where to bind; its directory is created 0700 if missing.
     * @param dexts        the dexts' paths, each a jar or a directory holding {@code META-INF/driverkit/Info.plist}.
     * @param entitlements the entitlements file, or {@code null} to grant no entitlements.
     * @param servers      where driver servers run.
     */
    public record Settings(Path socket, List<Path> dexts, Path entitlements, DriverServers servers) {
        /** Copies the list; the socket is required. */
        public Settings {
            Objects.requireNonNull(socket, "socket");
            Objects.requireNonNull(servers, "servers");
            dexts = List.copyOf(dexts);
        }

        /**
         * Settings with {@link DriverServers#DEFAULT}: a JVM per driver server.
         *
         * @param socket       the Unix-domain socket the daemon listens on.
         * @param dexts        the dext jars or directories to load.
         * @param entitlements the entitlements file, or {@code null}.
         */
        public Settings(Path socket, List<Path> dexts, Path entitlements) {
            this(socket, dexts, entitlements, DriverServers.DEFAULT);
        }
    }

    /**
     * Starts a daemon: everything but serving (see the class comment for the order).
     *
     * @param settings    the socket, the dexts and the entitlements file.
     * @param handlers    makes the handler of admitted connections from the booted kernel (called once).
     * @param diagnostics where boot problems (a dext that did not load, a driver that did not start) and a replaced
     *                    stale socket are reported, a line each.
     * @return the daemon, bound and ready for {@link #serve()}.
     * @throws StartRefused with a one-line reason naming the path at fault: the entitlements file is missing or
     *                      malformed, a dext path does not exist or holds no {@code Info.plist}, the socket directory
     *                      is another user's or open to group or others, another daemon serves on the socket, the
     *                      kernel does not boot, {@code handlers} throws, or the socket cannot be bound.
     */
    public static KernelDaemon start(Settings settings, Function<Kernel, ConnectionHandler> handlers,
                                     PrintStream diagnostics) throws StartRefused {
        // before any driver runs: the memory drivers make must be files apps in other processes can map
        System.setProperty(org.iokit4j.memory.SharedMemory.SHAREABLE_PROPERTY, "true");
        final Path path = settings.socket().toAbsolutePath().normalize();
        final EntitlementsFile grants = settings.entitlements() == null ? EntitlementsFile.none()
                : EntitlementsFile.read(settings.entitlements());
        final DextLoader dexts = DextLoader.load(settings.dexts(), KernelDaemon.class.getClassLoader());
        try {
            SocketDirectory.prepare(path.getParent(), processUser());
            if (DaemonSocket.clearStale(path)) {
                diagnostics.println("kerneld: replaced the stale socket " + path + ", left by a daemon that is gone");
            }
            dexts.problems().forEach(problem -> diagnostics.println("kerneld: boot problem: " + problem));
            final Kernel kernel = boot(dexts.bundles(), settings.servers());
            kernel.problems().forEach(problem -> diagnostics.println("kerneld: boot problem: " + problem));
            try {
                final ConnectionHandler handler = handler(handlers, kernel);
                final DaemonSocket socket = DaemonSocket.bind(path);
                final PeerAdmission admission = new PeerAdmission(socket.owner(), path, grants);
                return new KernelDaemon(kernel, dexts, socket, new Connections(handler, admission));
            } catch (StartRefused | RuntimeException refused) {
                kernel.close();
                throw refused;
            }
        } catch (StartRefused | RuntimeException refused) {
            dexts.close();
            throw refused;
        }
    }

    /** {@return the socket's absolute path} */
    public Path socket() {
        return socket.path();
    }

    /** {@return the daemon's kernel} */
    public Kernel kernel() {
        return kernel;
    }

    /** {@return how many connections are open now (admitted and being served, or being greeted)} */
    public int connectionCount() {
        return connections.count();
    }

    /**
     * Accepts connections on the calling thread until the daemon stops, handing each to a thread of its own
     * ({@link Connections}). Returns as soon as a {@link #stop()} has closed the socket (the stop may still be
     * going on: call {@link #stop()} to wait for it). A failing {@code accept} (too many open files) is logged and
     * retried after 100 ms. Interrupting the calling thread closes the socket (NIO's rule for interruptible
     * channels), so {@code serve} returns; {@link #stop()} is still needed to stop the rest.
     */
    public void serve() {
        while (true) {
            final SocketChannel channel;
            try {
                channel = socket.accept();
            } catch (ClosedChannelException closedByStop) { // AsynchronousCloseException included
                return;
            } catch (IOException failed) {
                if (stopping.get()) {
                    return;
                }
                Diagnostics.warn("kerneld: accepting a connection on " + socket.path() + " failed: " + failed);
                pause();
                continue;
            }
            connections.accepted(channel);
        }
    }

    /**
     * Stops the daemon, once, and returns when it has stopped: removes the socket file and stops accepting (so no new
     * client finds it), closes every connection (handlers see their channel closed; waits up to 5 s for them to
     * return), terminates every driver service (each gets {@code Stop}, its user clients first), closes the kernel
     * (driver servers and tasks end), and closes the dexts' class loaders. A step that fails is logged and the next
     * one runs. Later and concurrent callers wait for the first one's stop; an interrupt does not cut it short.
     */
    public void stop() {
        if (!stopping.compareAndSet(false, true)) {
            stopped.join();
            return;
        }
        try {
            step("removing the socket and no longer accepting", socket::close);
            step("closing the connections", () -> {
                final int running = connections.closeAll(HANDLER_PATIENCE);
                if (running > 0) {
                    Diagnostics.warn("kerneld: " + running + " connection handler(s) had not returned "
                            + HANDLER_PATIENCE.toSeconds() + " s after their channels closed; stopping anyway");
                }
            });
            step("stopping every driver", () -> terminateDrivers(kernel));
            step("closing the kernel", kernel::close);
            step("closing the dexts' class loaders", dexts::close);
        } finally {
            stopped.complete(null);
        }
    }

    /** Same as {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }

    @Override
    public String toString() {
        return "KernelDaemon[" + socket.path() + (stopping.get() ? ", stopped" : "") + "]";
    }

    /** {@return the user this process runs as, as the OS names it (not {@code user.name}, which can be set)} */
    static String processUser() {
        return ProcessHandle.current().info().user().orElseGet(() -> System.getProperty("user.name"));
    }

    private static Kernel boot(List<DriverBundle> bundles, DriverServers servers) throws StartRefused {
        final Kernel.Builder builder = Kernel.builder().name("kerneld").restartPolicy(servers.restart())
                .classLoader(KernelDaemon.class.getClassLoader())
                .discoverClassPath(false) // the daemon serves the dexts it was given, nothing found by accident
                .appEntitlements(Map.of()); // its own task is granted nothing
        bundles.forEach(builder::bundle);
        if (!servers.inProcess()) {
            builder.dextHost(new org.iokit4j.kerneld.servers.ProcessDextHost(servers.jvmOptions(),
                    servers.extraClassPath()));
        }
        try {
            return builder.boot();
        } catch (RuntimeException failed) {
            throw new StartRefused("the kernel did not boot: " + org.iokit4j.Untrusted.describe(failed), failed);
        }
    }

    private static ConnectionHandler handler(Function<Kernel, ConnectionHandler> handlers, Kernel kernel)
            throws StartRefused {
        final ConnectionHandler handler;
        try {
            handler = handlers.apply(kernel);
        } catch (RuntimeException | Error thrown) {
            throw new StartRefused("the connection handler factory " + handlers.getClass().getName() + " threw "
                    + org.iokit4j.Untrusted.describe(thrown), thrown);
        }
        if (handler == null) {
            throw new StartRefused("the connection handler factory " + handlers.getClass().getName()
                    + " returned no handler (null)");
        }
        return handler;
    }

    /** Terminates every driver service, oldest first; a service's children go with it (Termination's order). */
    private static void terminateDrivers(Kernel kernel) {
        for (RegistryEntry entry : kernel.registryEntries()) {
            if (entry.dext() != null) {
                kernel.terminate(entry.registryEntryID()); // false for one its provider already terminated
            }
        }
    }

    private static void step(String what, Runnable step) {
        try {
            step.run();
        } catch (Throwable failed) { // one failed step must not leave the others undone
            Diagnostics.warn("kerneld: stopping: " + what + " failed: " + org.iokit4j.Untrusted.describe(failed));
        }
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
