package org.iokit4j.benchmarks.ipc;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import org.iokit4j.benchmarks.CallBenchmark;
import org.iokit4j.benchmarks.driver.BenchDriver;

/**
 * Leg {@code iokit4j}: {@code IOConnectCallScalarMethod} with 2 scalars in and 1 out, from an app JVM through the
 * kernel daemon (contract §6) to the bench dext's {@code kSum}, timed per call exactly as
 * {@link CallBenchmark#scalarCall()} does it (the client runs that very method).
 *
 * <p>The server is the daemon, {@value #DAEMON} {@code --socket PATH --dext DEXT}, ready when it prints
 * {@value #DAEMON_READY}{@code PATH}; the harness stops it with {@code SIGTERM}. The client is an app JVM with
 * {@code -Diokit4j.kernel=unix:PATH} and nothing else changed: {@link CallBenchmark#open()} finds and opens the
 * bench dext through {@code kIOMainPortDefault} as it does embedded. {@code DEXT} is {@link Options#dext()}, by
 * default the class-path entry {@link BenchDriver} was loaded from (the benchmarks jar, or its classes directory
 * under a test), which holds the bench dext's {@code META-INF/driverkit/Info.plist} and classes.
 *
 * <p>Where the daemon's class is not on the class path, the leg is skipped, not failed.
 */
final class IokitLeg implements Leg {
    /** The daemon's main class (contract §6). */
    static final String DAEMON = "org.iokit4j.kerneld.KernelDaemon";
    /** The start of the line the daemon prints once it serves (contract §6); the socket's path follows. */
    static final String DAEMON_READY = "iokit4j kerneld ready on ";

    @Override
    public String name() {
        return "iokit4j";
    }

    @Override
    public boolean latency() {
        return true;
    }

    @Override
    public String skipReason() {
        return daemonAbsent();
    }

    @Override
    public ChildJvms.Spec server(Path socket, Options o) {
        return daemon(socket, o, IN_DAEMON); // issue 9's path: every call through the daemon
    }

    @Override
    public boolean isReady(String line, Path socket) {
        return line.startsWith(DAEMON_READY);
    }

    @Override
    public ChildJvms.Spec client(Path socket, Options o) {
        return new ChildJvms.Spec(IokitLeg.class.getName(), List.of("-Diokit4j.kernel=unix:" + socket,
                "-Diokit4j.direct=false"), Leg.args("client", o.warmup(), o.count()));
    }

    /** A child's entry point: {@code client WARMUP COUNT}, in an app JVM pointed at the daemon. */
    public static void main(String[] args) {
        Leg.runChild("iokit4j client", () -> System.out.println(Stats.latency(
                call(Integer.parseInt(args[1]), Integer.parseInt(args[2]))).line()));
    }

    /** {@return why the daemon cannot run, or {@code null}}: its class is not on the class path. */
    static String daemonAbsent() {
        try {
            Class.forName(DAEMON, false, IokitLeg.class.getClassLoader());
            return null;
        } catch (ClassNotFoundException e) {
            return "no " + DAEMON + " on the class path";
        }
    }

    /** The daemon's options for issue 9's arrangement: the driver servers inside the daemon. */
    static final List<String> IN_DAEMON = List.of("--driver-servers", "in-daemon");

    /** {@return the daemon serving on {@code socket} with the bench dext, and {@code options}} */
    static ChildJvms.Spec daemon(Path socket, Options o, List<String> options) {
        final List<String> args = new java.util.ArrayList<>(List.of("--socket", socket.toString(),
                "--dext", (o.dext() != null ? o.dext() : benchDext()).toString()));
        args.addAll(options);
        if (options.contains("process")) { // the driver server JVMs the daemon starts are the leg's children too
            o.jvmArgs().forEach(jvmArg -> args.addAll(List.of("--server-jvm-option", jvmArg)));
        }
        return new ChildJvms.Spec(DAEMON, List.of(), args);
    }

    /**
     * {@return the daemon's options for driver servers in JVMs of their own that wait by {@code strategy}} (issue 10)
     */
    static List<String> processServers(org.iokit4j.ring.WaitStrategy strategy) {
        return List.of("--driver-servers", "process", "--server-jvm-option", "-Diokit4j.wait=" + strategy.label(),
                "--server-jvm-option", "-XX:+UseSerialGC");
    }

    /** {@return the class-path entry (jar or directory) holding the bench dext} */
    static Path benchDext() {
        try {
            return Path.of(BenchDriver.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot tell where the bench dext was loaded from; pass --dext", e);
        }
    }

    /** {@return the call times in nanoseconds} of {@code count} calls after {@code warmup} untimed ones. */
    static long[] call(int warmup, int count) {
        final CallBenchmark bench = new CallBenchmark();
        bench.open(); // IOServiceGetMatchingService + IOServiceOpen through the daemon; checks the sum is 42
        try {
            bench.vary();
            final long[] samples = new long[count];
            for (int i = -warmup; i < count; i++) {
                final long start = System.nanoTime();
                final long sum = bench.scalarCall();
                final long end = System.nanoTime();
                if (sum != 42) {
                    throw new IllegalStateException("IOConnectCallScalarMethod failed or summed wrong: result="
                            + sum + " (a failing call returns its IOReturn code)");
                }
                if (i >= 0) {
                    samples[i] = end - start;
                }
            }
            return samples;
        } finally {
            bench.close();
        }
    }
}
