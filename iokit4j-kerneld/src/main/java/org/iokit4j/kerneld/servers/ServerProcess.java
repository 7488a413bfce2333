package org.iokit4j.kerneld.servers;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.iokit4j.Diagnostics;
import org.iokit4j.Failure;
import org.iokit4j.IOReturn;
import org.iokit4j.link.DextProtocol;
import org.iokit4j.link.Link;
import org.iokit4j.link.LinkDown;
import org.iokit4j.link.LinkFault;
import org.iokit4j.mach.MachTask;
import org.iokit4j.memory.SharedMemory;
import org.iokit4j.mig.DextObject;
import org.iokit4j.mig.DextServer;
import org.iokit4j.mig.KernelObject;
import org.iokit4j.remote.FrameIn;

/**
 * A driver server in a JVM of its own, as the kernel drives it: each {@link DextServer} and {@link DextObject} call is
 * a request over the link on the process's standard input and output.
 *
 * <p><b>Death.</b> The process exiting without being asked, or being killed, closes the link: every call waiting on
 * it ends at once with {@code MIG_SERVER_DIED}, later calls are answered at once, the shared-memory files the process
 * left are removed, and the server's task terminates, which tells the kernel ({@link #death()}). {@link #terminate}
 * asks the process to stop its objects and exit, waits for it (ten seconds at most, then kills it) and reaps it.
 *
 * <p><b>Concurrency.</b> Thread-safe.
 */
final class ServerProcess implements DextServer {
    private static final long EXIT_PATIENCE_MS = 10_000;

    private final String name;
    private final MachTask task;
    private final Process process;
    private final KernelEndpoint endpoint;
    private final Link link;
    private final AtomicBoolean terminating = new AtomicBoolean();
    private volatile Failure death;

    private ServerProcess(String name, MachTask task, Process process) {
        this.name = name;
        this.task = task;
        this.process = process;
        this.endpoint = new KernelEndpoint(this);
        this.link = new Link("driver server '" + name + "' (pid " + process.pid() + ")", process.getInputStream(),
                process.getOutputStream(), 0, endpoint, this::linkDown);
    }

    /**
     * Starts the process running {@code command}.
     *
     * @throws IllegalStateException naming the server and why, if the JVM cannot be started.
     */
    static ServerProcess start(String name, MachTask task, List<String> command) {
        final Process process;
        try {
            process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        } catch (IOException failed) {
            throw new IllegalStateException("cannot start the JVM of driver server '" + name + "': " + failed, failed);
        }
        final ServerProcess server = new ServerProcess(name, task, process);
        server.link.start();
        Diagnostics.debug("driver server '" + name + "' runs as pid " + process.pid());
        return server;
    }

    @Override
    public String name() {
        return name;
    }

    /** {@return the process's ID} */
    long pid() {
        return process.pid();
    }

    Link link() {
        return link;
    }

    KernelEndpoint endpoint() {
        return endpoint;
    }

    @Override
    public Failure instantiate(String userClass, KernelObject entry, DextObject[] object) {
        try {
            final Link.Request request = link.request(DextProtocol.INSTANTIATE);
            endpoint.putEntry(request.out, entry).putString(userClass);
            final FrameIn reply = request.call();
            final Failure failure = DextProtocol.failure(reply);
            if (failure == null) {
                object[0] = endpoint.object(reply.getLong(), reply.getBoolean());
            }
            return failure;
        } catch (LinkDown | LinkFault | FrameIn.ProtocolException failed) {
            return failure("making " + userClass, failed);
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public Map<String, Long> statistics() {
        try {
            final FrameIn reply = link.request(DextProtocol.STATISTICS).call();
            return (Map<String, Long>) (Map<String, ?>) reply.getMap();
        } catch (LinkDown | LinkFault | FrameIn.ProtocolException | ClassCastException failed) {
            return Map.of();
        }
    }

    @Override
    public Failure death() {
        return death;
    }

    @Override
    public void terminate() {
        if (!terminating.compareAndSet(false, true)) {
            return;
        }
        if (death == null) {
            final Thread asking = Thread.ofVirtual().start(() -> {
                try {
                    link.request(DextProtocol.TERMINATE).call();
                } catch (LinkDown | LinkFault stopped) {
                    // it died meanwhile, or its drivers' Stop failed: it is ended below either way
                }
            });
            join(asking);
        }
        link.close();
        reap();
        task.terminate();
    }

    @Override
    public String toString() {
        return "ServerProcess[" + name + ", pid " + process.pid() + (death != null ? ", dead]" : "]");
    }

    /**
     * {@return the failure of a call that could not reach the server}: {@code MIG_SERVER_DIED} for a call its death cut
     * short, or that came after it (XNU {@code IOUserServer::rpc}).
     */
    Failure failure(String what, Exception why) {
        if (why instanceof LinkFault fault) {
            return Failure.of(IOReturn.kIOReturnInternalError, "%s in driver server '%s': %s", what, name,
                    fault.getMessage());
        }
        final Failure dead = death;
        return Failure.of(IOReturn.MIG_SERVER_DIED, "%s: driver server '%s' (pid %d) %s", what, name, process.pid(),
                dead != null ? "died: " + dead.explanation() : "cannot be reached: " + why.getMessage());
    }

    private void linkDown(String why) {
        if (terminating.get()) {
            return;
        }
        death = Failure.of(IOReturn.MIG_SERVER_DIED, "driver server '%s' (pid %d) died: %s", name, process.pid(),
                exitDescription());
        Diagnostics.warn(death.explanation());
        task.terminate(); // the kernel terminates its services, then this server (reaped), and restarts it
    }

    private String exitDescription() {
        try {
            if (process.waitFor(EXIT_PATIENCE_MS, TimeUnit.MILLISECONDS)) {
                final int status = process.exitValue();
                return status > 128 ? "killed by signal " + (status - 128) + signalName(status - 128)
                        : "its process exited with status " + status;
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
        return "its link closed and the process did not exit";
    }

    private static String signalName(int signal) {
        return switch (signal) {
            case 9 -> " (SIGKILL)";
            case 15 -> " (SIGTERM)";
            case 11 -> " (SIGSEGV)";
            case 6 -> " (SIGABRT)";
            default -> "";
        };
    }

    /** Ends the process (killing it if it does not exit in time), waits for it, and removes the files it left. */
    private void reap() {
        try {
            if (!process.waitFor(EXIT_PATIENCE_MS, TimeUnit.MILLISECONDS)) {
                Diagnostics.warn("driver server '" + name + "' (pid " + process.pid() + ") did not exit within "
                        + EXIT_PATIENCE_MS + " ms: killing it");
                process.destroyForcibly();
                process.waitFor(EXIT_PATIENCE_MS, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException interrupted) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        closeQuietly(process);
        endpoint.close();
        SharedMemory.sweepDeadOwners();
    }

    private static void closeQuietly(Process process) {
        try {
            process.getInputStream().close();
            process.getOutputStream().close();
            process.getErrorStream().close();
        } catch (IOException ignored) {
            // already closed with the link
        }
    }

    private static void join(Thread thread) {
        try {
            thread.join(EXIT_PATIENCE_MS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
