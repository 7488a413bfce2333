package org.iokit4j.systemtests.carriers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iokit4j.iokitlib.IOKitLib.IOIteratorNext;
import static org.iokit4j.iokitlib.IOKitLib.IOObjectRelease;
import static org.iokit4j.iokitlib.IOKitLib.IOServiceAddMatchingNotification;
import static org.iokit4j.iokitlib.IOKitLib.IOServiceNameMatching;
import static org.iokit4j.iokitlib.IOKitLib.kIOFirstMatchNotification;

import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.iokit4j.Diagnostics;
import org.iokit4j.IOReturn;
import org.iokit4j.IOReturnException;
import org.iokit4j.client.Completion;
import org.iokit4j.client.Connection;
import org.iokit4j.client.IOKit;
import org.iokit4j.client.MappedMemory;
import org.iokit4j.client.NotificationPort;
import org.iokit4j.dispatch.DispatchQueue;
import org.iokit4j.mach.TaskHandle;
import org.iokit4j.mig.Caller;
import org.iokit4j.remote.RemoteKernel;
import org.iokit4j.systemtests.crash.CrashUserClient;
import org.iokit4j.testsupport.DaemonProcess;

/**
 * An app of the kernel daemon that kills the crash dext's {@code CrashDriver} server round after round
 * ({@link DriverServerKillRoundsTest}): a task of its own, a notification port on a queue of its own, and a
 * {@code kIOFirstMatchNotification} for {@code CrashDriver} armed on it. {@link #close()} ends the task, which closes
 * every connection it had to the daemon.
 */
final class KillRounds implements AutoCloseable {
    /** How long any one step may take: a guard against a hang, not a speed claim. */
    static final long GUARD_SECONDS = 60;
    /** Over 4096 bytes: the structure input reaches the driver as a descriptor of shared memory. */
    private static final int LARGE_STRUCTURE = 8192;

    private final DaemonProcess daemon;
    private final TaskHandle task;
    private final Caller app;
    private final IOKit iokit;
    private final DispatchQueue queue;
    private final NotificationPort port;
    private final AtomicInteger firstMatches = new AtomicInteger();

    KillRounds(DaemonProcess daemon, String name) {
        this.daemon = daemon;
        final RemoteKernel kernel = new RemoteKernel(daemon.socket());
        this.task = kernel.createTask(name, Map.of());
        this.app = new Caller(kernel, task);
        this.iokit = IOKit.as(app);
        this.queue = DispatchQueue.create(name);
        this.port = iokit.notificationPort().dispatchOn(queue);
        Caller.runAs(app, () -> {
            final int[] iterator = new int[1];
            check(IOServiceAddMatchingNotification(port.ref(), kIOFirstMatchNotification, IOServiceNameMatching(
                    DriverServerCrashTest.DRIVER), (refcon, it) -> firstMatches.addAndGet(drain(it)), 0, iterator));
            firstMatches.addAndGet(drain(iterator[0]));
        });
    }

    /**
     * One round: the app opens two connections to {@code CrashDriver}, maps the memory the driver shares on one (its
     * server's shared-memory file, open in the daemon), leaves an async call pending on it, blocks a call with a
     * structure input of 8192 bytes (a shared-memory region the server maps) on the other; then {@code kill -9} of the
     * server, the checks of {@code DriverServerCrashTest} in short, and the wait for the restarted server.
     *
     * @param serverPids gets the new server's pid.
     * @return nanoseconds from the kill to the recovery (a first-match notification has come and a call on a new
     *         connection has been answered by another pid), and to the blocked call's end.
     */
    long[] round(Set<Long> serverPids) throws Exception {
        final int matches = firstMatches.get();
        try (Connection blocked = iokit.open(IOKit.nameMatching(DriverServerCrashTest.DRIVER));
             Connection pending = iokit.open(IOKit.nameMatching(DriverServerCrashTest.DRIVER))) {
            final long pid = whoAmI(pending);
            final MappedMemory mapped = Caller.callAs(app, () -> pending.map(0, false));
            mapped.segment().set(ValueLayout.JAVA_BYTE, CrashUserClient.SHARED_SIZE - 1, (byte) 1);
            final CompletableFuture<Completion> completion = Caller.callAs(app, () ->
                    pending.call(CrashUserClient.kKeep).invokeAsync(port));
            final long[] blockedEnded = new long[1];
            final CompletableFuture<Integer> blockedCall = block(blocked, blockedEnded);
            final ProcessHandle server = ProcessHandle.of(pid).orElseThrow();
            server.destroyForcibly(); // kill -9, mid-call
            final long killed = System.nanoTime();
            assertThat(blockedCall.get(GUARD_SECONDS, TimeUnit.SECONDS)).as("the blocked call ends with XNU's"
                    + " MIG_SERVER_DIED").isEqualTo(IOReturn.MIG_SERVER_DIED);
            assertThat(completion).failsWithin(GUARD_SECONDS, TimeUnit.SECONDS).withThrowableThat()
                    .havingRootCause().isInstanceOf(IOReturnException.class).satisfies(e -> assertThat(
                            ((IOReturnException) e).code()).isEqualTo(IOReturn.MIG_SERVER_DIED));
            final long recovered = recover(pid, matches, serverPids);
            assertThat(server.onExit()).succeedsWithin(GUARD_SECONDS, TimeUnit.SECONDS);
            Caller.runAs(app, mapped::close);
            return new long[] {recovered - killed, blockedEnded[0] - killed};
        }
    }

    /** Ends the task (its connections to the daemon close) and the queue. */
    @Override
    public void close() {
        try {
            RemoteKernel.terminate(task);
        } finally {
            queue.close();
        }
    }

    /** {@return when a first-match notification has come and a new connection's call was answered by a new pid} */
    private long recover(long killedPid, int matches, Set<Long> serverPids) throws InterruptedException {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(GUARD_SECONDS);
        while (true) {
            if (firstMatches.get() > matches) {
                try (Connection again = iokit.open(IOKit.nameMatching(DriverServerCrashTest.DRIVER))) {
                    final long pid = whoAmI(again);
                    if (pid != killedPid) {
                        final long now = System.nanoTime();
                        serverPids.add(pid);
                        return now;
                    }
                } catch (IOReturnException notYet) {
                    // the old instance, offline, or none registered yet
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no restarted CrashDriver within " + GUARD_SECONDS + " s; first matches "
                        + firstMatches.get() + " (was " + matches + "); daemon errors: " + daemon.errors());
            }
            Thread.sleep(1);
        }
    }

    /**
     * Starts {@code kBlock} on another thread and {@return it} once the driver runs it; the time it ends goes to
     * {@code ended}.
     */
    private CompletableFuture<Integer> block(Connection blocked, long[] ended) throws InterruptedException {
        final Path entered = daemon.directory().resolve("blocked-" + System.nanoTime());
        final byte[] structure = Arrays.copyOf(entered.toString().getBytes(StandardCharsets.UTF_8), LARGE_STRUCTURE);
        final CompletableFuture<Integer> call = CompletableFuture.supplyAsync(() -> Caller.callAs(app, () -> {
            try {
                blocked.call(CrashUserClient.kBlock).structure(structure).invoke();
                return IOReturn.kIOReturnSuccess;
            } catch (IOReturnException failed) {
                return failed.code();
            } finally {
                ended[0] = System.nanoTime();
            }
        }));
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(GUARD_SECONDS);
        while (!Files.exists(entered) && !call.isDone()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the driver never reached kBlock; daemon errors: " + daemon.errors());
            }
            Thread.sleep(1);
        }
        assertThat(call).as("kBlock runs until the kill; daemon errors: %s", daemon.errors()).isNotDone();
        return call;
    }

    private long whoAmI(Connection connection) {
        return Caller.callAs(app, () -> connection.call(CrashUserClient.kWhoAmI).scalarOutputs(3).invoke()
                .scalars())[0];
    }

    private static int drain(int iterator) {
        int count = 0;
        for (int service; (service = IOIteratorNext(iterator)) != 0; count++) {
            IOObjectRelease(service);
        }
        return count;
    }

    private static void check(int code) {
        assertThat(code).as("%s", Diagnostics.lastFailure()).isEqualTo(IOReturn.kIOReturnSuccess);
    }
}
