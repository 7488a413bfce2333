package org.iokit4j.systemtests.carriers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iokit4j.iokitlib.IOKitLib.IOIteratorNext;
import static org.iokit4j.iokitlib.IOKitLib.IOObjectRelease;
import static org.iokit4j.iokitlib.IOKitLib.IOServiceAddInterestNotification;
import static org.iokit4j.iokitlib.IOKitLib.IOServiceAddMatchingNotification;
import static org.iokit4j.iokitlib.IOKitLib.IOServiceGetMatchingService;
import static org.iokit4j.iokitlib.IOKitLib.IOServiceNameMatching;
import static org.iokit4j.iokitlib.IOKitLib.kIOFirstMatchNotification;
import static org.iokit4j.iokitlib.IOKitLib.kIOGeneralInterest;
import static org.iokit4j.iokitlib.IOKitLib.kIOMainPortDefault;
import static org.iokit4j.iokitlib.IOKitLib.kIOMessageServiceIsTerminated;
import static org.iokit4j.iokitlib.IOKitLib.kIOTerminatedNotification;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.iokit4j.Diagnostics;
import org.iokit4j.IOReturn;
import org.iokit4j.IOReturnException;
import org.iokit4j.client.Completion;
import org.iokit4j.client.Connection;
import org.iokit4j.client.IOKit;
import org.iokit4j.client.NotificationPort;
import org.iokit4j.dispatch.DispatchQueue;
import org.iokit4j.iokitlib.IOKitLib;
import org.iokit4j.mach.TaskHandle;
import org.iokit4j.memory.SharedMemory;
import org.iokit4j.mig.Caller;
import org.iokit4j.remote.RemoteKernel;
import org.iokit4j.systemtests.crash.CrashUserClient;
import org.iokit4j.testsupport.DaemonProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A driver server killed with {@code kill -9} in the middle of calls (issue 10 deliverables 4 and 5): what its apps
 * see, what the kernel does, and that nothing is left behind. The dext has two servers: {@code CrashProvider}
 * (left alone) and {@code CrashDriver} on top of it (killed), so the kernel's {@code ClientCrashed} to the provider
 * crosses processes too.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class DriverServerCrashTest {
    static final String ENTITLEMENTS = """
            <?xml version="1.0" encoding="UTF-8"?>
            <!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
            <plist version="1.0"><dict><key>*</key><dict>
              <key>com.apple.developer.driverkit.userclient-access</key>
              <array><string>org.iokit4j.test.crash</string></array>
            </dict></dict></plist>
            """;
    static final String BUNDLE = "bundles/crash/Info.plist";
    static final String DRIVER = "org.iokit4j.systemtests.crash.CrashDriver";

    private DaemonProcess daemon;
    private TaskHandle task;
    private Caller app;
    private DispatchQueue queue;

    @BeforeEach
    void start() throws Exception {
        daemon = DaemonProcess.startWith(List.of("--restart-throttle", "200ms", "--crash-limit", "100/1d"),
                ENTITLEMENTS, BUNDLE);
        final RemoteKernel kernel = new RemoteKernel(daemon.socket());
        task = kernel.createTask("crash-app", Map.of());
        app = new Caller(kernel, task);
        queue = DispatchQueue.create("crash-test");
    }

    @AfterEach
    void stop() throws Exception {
        final List<ProcessHandle> servers = daemon.driverServers();
        try {
            RemoteKernel.terminate(task);
            queue.close();
            assertThat(daemon.terminate()).as("SIGTERM stops the daemon; errors: %s", daemon.errors()).isZero();
        } finally {
            daemon.close();
        }
        assertThat(servers).as("the daemon's driver servers are gone with it (issue 10 §4)")
                .noneMatch(ProcessHandle::isAlive);
        assertThat(filesOf(servers)).as("they left no shared-memory file").isEmpty();
    }

    @Test
    void shouldEndCallsWithMigServerDiedTerminateAndRestartWhenADriverServerIsKilled() throws Exception {
        final IOKit iokit = IOKit.as(app);
        final NotificationPort port = iokit.notificationPort().dispatchOn(queue);
        final List<String> events = new CopyOnWriteArrayList<>();
        final AtomicInteger firstMatches = new AtomicInteger();
        Caller.runAs(app, () -> watch(port, events, firstMatches));
        final int initialMatches = firstMatches.get();
        try (Connection blocked = iokit.open(IOKit.nameMatching(DRIVER));
             Connection pending = iokit.open(IOKit.nameMatching(DRIVER))) {
            final long[] before = whoAmI(pending);
            final ProcessHandle server = ProcessHandle.of(before[0]).orElseThrow();
            assertThat(server.parent().map(ProcessHandle::pid)).as("the driver server is a child JVM of the daemon"
                    + " (issue 10 §1)").contains(daemon.pid());
            final CompletableFuture<Completion> completion = Caller.callAs(app, () ->
                    pending.call(CrashUserClient.kKeep).invokeAsync(port));
            final Path entered = daemon.directory().resolve("blocked-" + System.nanoTime());
            final CompletableFuture<Integer> blockedCall = CompletableFuture.supplyAsync(() -> Caller.callAs(app,
                    () -> {
                        try {
                            blocked.call(CrashUserClient.kBlock).structure(entered.toString()
                                    .getBytes(StandardCharsets.UTF_8)).invoke();
                            return IOReturn.kIOReturnSuccess;
                        } catch (IOReturnException failed) {
                            return failed.code();
                        }
                    }));
            awaitCondition(() -> Files.exists(entered) || blockedCall.isDone(), () -> "the driver never reached kBlock");
            assertThat(blockedCall).as("kBlock runs until the kill; daemon errors: %s", daemon.errors())
                    .isNotDone();

            server.destroyForcibly(); // kill -9, mid-call
            final long killed = System.nanoTime();

            assertThat(blockedCall.get(60, TimeUnit.SECONDS)).as("the blocked synchronous call ends with XNU's"
                    + " MIG_SERVER_DIED (IOUserServer::rpc)").isEqualTo(IOReturn.MIG_SERVER_DIED);
            final long blockedEnded = System.nanoTime();
            assertThat(completion).failsWithin(60, TimeUnit.SECONDS).withThrowableThat().havingRootCause()
                    .isInstanceOf(IOReturnException.class)
                    .satisfies(e -> assertThat(((IOReturnException) e).code()).isEqualTo(IOReturn.MIG_SERVER_DIED));
            System.out.printf("issue 10 §4: after kill -9 the blocked call ended in %.1f ms, the pending completion"
                    + " in %.1f ms%n", (blockedEnded - killed) / 1e6, (System.nanoTime() - killed) / 1e6);

            awaitCondition(() -> events.contains("interest 0x" + Integer.toHexString(kIOMessageServiceIsTerminated))
                    && events.contains("terminated 1"),
                    () -> events + "; daemon errors: " + daemon.errors() + port.counters());
            // the kernel has handled the death (its services terminated): "later" calls, as an app sees them
            final int later = Caller.callAs(app, () -> IOKitLib.IOConnectCallScalarMethod(pending.handle(),
                    CrashUserClient.kWhoAmI, null, 0, new long[3], new int[] {3}));
            assertThat(later).as("later calls on the connection: XNU's kIOReturnOffline").isEqualTo(
                    IOReturn.kIOReturnOffline);
            assertThat(Caller.callAs(app, Diagnostics::lastFailure).explanation()).contains("died")
                    .contains("killed by signal 9");

            awaitCondition(() -> firstMatches.get() > initialMatches, () -> "no kIOFirstMatchNotification for the"
                    + " restarted server; events: " + events);
            try (Connection again = iokit.open(IOKit.nameMatching(DRIVER))) {
                final long[] after = whoAmI(again);
                assertThat(after[0]).as("a new driver server process").isNotEqualTo(before[0]);
                assertThat(server.isAlive()).isFalse();
                assertThat(filesOf(List.of(server))).as("the killed server's shared-memory files are removed")
                        .isEmpty();
            }
            assertThat(whoAmIOfProvider()[1]).as("the provider in the other server got ClientCrashed (XNU"
                    + " IOUserServer::clientClose)").isEqualTo(1);
        }
    }

    @Test
    void shouldStopTheUserClientsOfAnAppKilledWithSigkill() throws Exception { // issue 10 §4, apple-semantics §6.6
        try (Connection observer = IOKit.as(app).open(IOKit.nameMatching(DRIVER))) {
            final long stopsBefore = whoAmI(observer)[2];
            final ProcessBuilder child = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin",
                    "java").toString(), "-Xmx64m", org.iokit4j.testsupport.ChildJvm.AGRONA_EXPORTS, "-cp",
                    System.getProperty("java.class.path"), CrashAppChild.class.getName())).redirectErrorStream(true);
            child.environment().put("IOKIT4J_KERNEL", daemon.kernel());
            final Process appProcess = child.start();
            try {
                assertThat(org.iokit4j.testsupport.ChildJvm.firstLine(appProcess, 60)).isEqualTo("ready");
                appProcess.destroyForcibly(); // kill -9 the app, with its connection open and a call pending
                appProcess.waitFor(60, TimeUnit.SECONDS);
                awaitCondition(() -> whoAmI(observer)[2] == stopsBefore + 1, () -> "the killed app's user client"
                        + " never got Stop in its driver server");
            } finally {
                appProcess.destroyForcibly();
                appProcess.waitFor(60, TimeUnit.SECONDS);
            }
            assertThat(whoAmI(observer)[1]).as("no driver server died: no ClientCrashed").isZero();
        }
    }

    private void watch(NotificationPort port, List<String> events, AtomicInteger firstMatches) {
        final int[] iterator = new int[1];
        check(IOServiceAddMatchingNotification(port.ref(), kIOFirstMatchNotification, IOServiceNameMatching(DRIVER),
                (refcon, it) -> events.add("first " + firstMatches.addAndGet(drain(it))), 0, iterator));
        firstMatches.addAndGet(drain(iterator[0]));
        check(IOServiceAddMatchingNotification(port.ref(), kIOTerminatedNotification, IOServiceNameMatching(DRIVER),
                (refcon, it) -> events.add("terminated " + drain(it)), 0, iterator));
        drain(iterator[0]); // arms it (docs/notifications.md, "Drain to arm")
        final int service = IOServiceGetMatchingService(kIOMainPortDefault, IOServiceNameMatching(DRIVER));
        check(IOServiceAddInterestNotification(port.ref(), service, kIOGeneralInterest,
                (refcon, s, type, argument) -> events.add("interest 0x" + Integer.toHexString(type)), 0,
                new int[1]));
        IOObjectRelease(service);
    }

    private static int drain(int iterator) {
        int count = 0;
        for (int service; (service = IOIteratorNext(iterator)) != 0; count++) {
            IOObjectRelease(service);
        }
        return count;
    }

    private long[] whoAmI(Connection connection) {
        return Caller.callAs(app, () -> connection.call(CrashUserClient.kWhoAmI).scalarOutputs(3).invoke()
                .scalars());
    }

    private long[] whoAmIOfProvider() {
        try (Connection provider = IOKit.as(app).open(IOKit.nameMatching(
                "org.iokit4j.systemtests.crash.CrashProvider"))) {
            return whoAmI(provider);
        }
    }

    private static void check(int code) {
        assertThat(code).as("%s", Diagnostics.lastFailure()).isEqualTo(IOReturn.kIOReturnSuccess);
    }

    private static void awaitCondition(java.util.function.BooleanSupplier condition,
                                       java.util.function.Supplier<String> what) throws InterruptedException {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) { // a guard, not a speed claim
                throw new AssertionError(what.get());
            }
            Thread.sleep(5);
        }
    }

    /** {@return the per-user shared-memory files of {@code processes}} */
    static List<Path> filesOf(List<ProcessHandle> processes) throws Exception {
        final Path directory = SharedMemory.directory().resolve("iokit4j-" + System.getProperty("user.name"));
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (var files = Files.list(directory)) {
            return files.filter(file -> processes.stream().anyMatch(process -> file.getFileName().toString()
                    .startsWith("iokit4j-" + process.pid() + "-"))).toList();
        }
    }
}
