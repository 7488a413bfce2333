package org.iokit4j.kerneld;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code kerneld} command line: its options (contract.md §6), and the process around a {@link KernelDaemon}
 * (the connection handler found with {@link ServiceLoader}, the ready line, signals, exit statuses).
 *
 * <p>Exit status: 0 after SIGTERM or SIGINT stopped it; {@value StartRefused#EXIT_STATUS} if it did not start (a
 * usage error, or a {@link StartRefused}, printed as one line {@code kerneld: REASON} on standard error).
 *
 * <p><b>Concurrency.</b> Not thread-safe: picocli fills it, then the main thread runs it.
 */
@Command(name = "kerneld", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"The iokit4j kernel daemon: an embedded kernel with the dexts given, serving apps of this user "
                + "in other JVMs (IOKIT4J_KERNEL=unix:PATH) over a Unix-domain socket.",
            "Prints 'iokit4j kerneld ready on PATH' once it serves; SIGTERM or SIGINT stop it with exit status 0. "
                    + "Exit status 2 if it cannot start."})
final class DaemonCommand implements Callable<Integer> {
    @Option(names = "--socket", paramLabel = "PATH",
            description = "The Unix-domain socket to serve on (its directory is created 0700; the socket is 0600). "
                    + "Default: $XDG_RUNTIME_DIR/iokit4j/kerneld.sock, else <java.io.tmpdir>/iokit4j-<user>/kerneld.sock.")
    Path socket;

    @Option(names = "--dext", paramLabel = "PATH",
            description = "A dext: a jar, or a directory, holding META-INF/driverkit/Info.plist and the driver's "
                    + "classes (repeatable).")
    List<Path> dexts = new ArrayList<>();

    @Option(names = "--entitlements", paramLabel = "FILE",
            description = "An XML property list mapping each user name (or *) to the entitlements granted to that "
                    + "user's apps. Without it, none are granted.")
    Path entitlements;

    @Option(names = "--driver-servers", paramLabel = "WHERE", defaultValue = "process",
            description = "process (default): each IOUserServerName in a JVM of its own, crash-isolated; in-daemon: "
                    + "every driver server inside the daemon's JVM.")
    String driverServers;

    @Option(names = "--restart-throttle", paramLabel = "DURATION", defaultValue = "10s",
            description = "A driver server that died is not started again sooner than this after its last launch "
                    + "(launchd's ThrottleInterval; default 10s). Units: ms, s, m, h, d.")
    String restartThrottle;

    @Option(names = "--crash-limit", paramLabel = "COUNT/DURATION", defaultValue = "3/1d",
            description = "A driver server that dies more than COUNT times within DURATION is not started again "
                    + "(XNU's kMaxDextCrashesInOneDay; default 3/1d).")
    String crashLimit;

    @Option(names = "--server-jvm-option", paramLabel = "OPTION",
            description = "An option for every driver server JVM, e.g. -Xmx256m (repeatable).")
    List<String> serverJvmOptions = new ArrayList<>();

    @Option(names = "--server-class-path", paramLabel = "PATH",
            description = "Class-path entries for every driver server JVM, after the runtime and the dext's own "
                    + "(repeatable; for dexts whose classes are not under their --dext path).")
    List<Path> serverClassPath = new ArrayList<>();

    /** {@return the exit status of a {@code kerneld} run with {@code args}} */
    static int run(String[] args) {
        return new CommandLine(new DaemonCommand()).execute(args);
    }

    @Override
    public Integer call() {
        final PrintStream err = System.err;
        final KernelDaemon daemon;
        try {
            final ConnectionHandlerFactory factory = handlerFactory();
            daemon = KernelDaemon.start(new KernelDaemon.Settings(socket == null ? KernelDaemon.defaultSocket()
                    : socket, dexts, entitlements, servers()), factory, err);
        } catch (StartRefused refused) {
            err.println("kerneld: " + refused.getMessage());
            return StartRefused.EXIT_STATUS;
        }
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("kerneld-shutdown").unstarted(daemon::stop));
        Signals.install(daemon);
        System.out.println("iokit4j kerneld ready on " + daemon.socket());
        System.out.flush();
        daemon.serve();
        daemon.stop(); // the stop serve() returned for: wait until it has finished
        return 0;
    }

    /** {@return the driver-server settings the options give} @throws StartRefused naming a bad value. */
    DriverServers servers() throws StartRefused {
        final boolean inDaemon = switch (driverServers) {
            case "process" -> false;
            case "in-daemon" -> true;
            default -> throw new StartRefused("--driver-servers " + driverServers + ": expected process or in-daemon");
        };
        try {
            final org.iokit4j.kernel.RestartPolicy restart = new org.iokit4j.kernel.RestartPolicy(
                    org.iokit4j.kernel.RestartPolicy.duration(restartThrottle), 0, java.time.Duration.ZERO)
                    .withCrashLimit(crashLimit);
            return new DriverServers(inDaemon, restart, serverJvmOptions, serverClassPath);
        } catch (IllegalArgumentException bad) {
            throw new StartRefused(bad.getMessage());
        }
    }

    /**
     * {@return the {@link ConnectionHandlerFactory} on the class path or module path}: the built-in protocol server
     * ({@code org.iokit4j.kerneld.serve.SessionHandlers}, the daemon carrier's), unless exactly one other is declared,
     * which replaces it (what the daemon's own tests do with an echo protocol).
     *
     * @throws StartRefused if there is none, more than one besides the built-in one, or it cannot be made.
     */
    static ConnectionHandlerFactory handlerFactory() throws StartRefused {
        final List<ServiceLoader.Provider<ConnectionHandlerFactory>> found;
        try {
            final List<ServiceLoader.Provider<ConnectionHandlerFactory>> all =
                    ServiceLoader.load(ConnectionHandlerFactory.class).stream().toList();
            final List<ServiceLoader.Provider<ConnectionHandlerFactory>> others = all.stream()
                    .filter(provider -> provider.type() != org.iokit4j.kerneld.serve.SessionHandlers.class).toList();
            found = others.isEmpty() ? all : others;
        } catch (ServiceConfigurationError broken) {
            throw new StartRefused("the ConnectionHandlerFactory declarations cannot be read: " + broken.getMessage());
        }
        if (found.isEmpty()) {
            throw new StartRefused("no " + ConnectionHandlerFactory.class.getName() + " is on the class path: the"
                    + " daemon needs the module that serves its protocol, declared in META-INF/services/"
                    + ConnectionHandlerFactory.class.getName() + " (or a module's provides clause)");
        }
        if (found.size() > 1) {
            throw new StartRefused("more than one " + ConnectionHandlerFactory.class.getName() + " is on the class"
                    + " path (" + found.stream().map(provider -> provider.type().getName())
                    .collect(Collectors.joining(", ")) + "): keep exactly one, the protocol this daemon serves");
        }
        try {
            return found.getFirst().get();
        } catch (ServiceConfigurationError broken) {
            throw new StartRefused("the " + ConnectionHandlerFactory.class.getName() + " "
                    + found.getFirst().type().getName() + " cannot be made: " + broken.getMessage());
        }
    }
}
