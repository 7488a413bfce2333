package org.iokit4j.systemtests.carriers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.iokit4j.iokitlib.IOKitLib.IOConnectCallScalarMethod;
import static org.iokit4j.iokitlib.IOKitLib.IOServiceGetMatchingService;
import static org.iokit4j.iokitlib.IOKitLib.IOServiceNameMatching;
import static org.iokit4j.iokitlib.IOKitLib.kIOMainPortDefault;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.iokit4j.Diagnostics;
import org.iokit4j.Failure;
import org.iokit4j.IOReturn;
import org.iokit4j.client.Completion;
import org.iokit4j.client.Connection;
import org.iokit4j.client.IOKit;
import org.iokit4j.client.NotificationPort;
import org.iokit4j.dispatch.DispatchQueue;
import org.iokit4j.mach.TaskHandle;
import org.iokit4j.memory.SharedMemory;
import org.iokit4j.mig.Caller;
import org.iokit4j.remote.RemoteKernel;
import org.iokit4j.systemtests.async.AsyncUserClient;
import org.iokit4j.systemtests.echo.EchoUserClient;
import org.iokit4j.testsupport.DaemonProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Death and disconnects across the process boundary (issue 9 deliverables 5 and 7): an app killed with
 * {@code kill -9} under a running daemon, and the daemon killed under a running app. Every process is ended by
 * pid in every path; nothing is left behind.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DaemonProcessTest {

    @Test
    void shouldStopTheUserClientsOfAnAppKilledWithSigkill() throws Exception { // issue 9 §5, apple-semantics §6.6
        try (DaemonProcess daemon = DaemonProcess.start(DaemonCarrierTest.ENTITLEMENTS, CarrierFixture.BUNDLES)) {
            final RemoteKernel kernel = new RemoteKernel(daemon.socket());
            final TaskHandle observer = kernel.createTask("observer", java.util.Map.of());
            try {
                final long filesBefore = sharedFiles(daemon.pid());
                final ProcessBuilder child = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"),
                        "bin", "java").toString(), "-Xmx64m", "-cp", System.getProperty("java.class.path"),
                        DaemonAppChild.class.getName())).redirectErrorStream(true);
                child.environment().put("IOKIT4J_KERNEL", daemon.kernel()); // the app's code is unchanged
                final Process app = child.start();
                try {
                    final String ready = firstLine(app);
                    assertThat(ready).startsWith("ready");
                    assertThat(userClients(kernel, observer)).as("the app's three user clients").isEqualTo(3);

                    app.destroyForcibly();
                    app.waitFor(60, TimeUnit.SECONDS);
                    final long killed = System.nanoTime();
                    while (userClients(kernel, observer) > 0) {
                        assertThat(System.nanoTime() - killed).as("user clients outlive their app")
                                .isLessThan(TimeUnit.SECONDS.toNanos(30));
                        Thread.sleep(1);
                    }
                    System.out.printf("issue 9 §5: the killed app's user clients were gone %.1f ms after it was"
                            + " reaped%n", (System.nanoTime() - killed) / 1e6);
                    assertThat(sharedFiles(daemon.pid())).as("the app's regions' files are gone")
                            .isEqualTo(filesBefore);
                } finally {
                    app.destroyForcibly();
                    app.waitFor(60, TimeUnit.SECONDS);
                }
                assertThat(daemon.isAlive()).as("the daemon lives on").isTrue();
            } finally {
                RemoteKernel.terminate(observer);
            }
        }
    }

    @Test
    void shouldFailCallsAndFuturesWithAnExplanationWhenTheDaemonDies() throws Exception { // issue 9 §5
        try (DaemonProcess daemon = DaemonProcess.start(DaemonCarrierTest.ENTITLEMENTS, CarrierFixture.BUNDLES)) {
            final RemoteKernel kernel = new RemoteKernel(daemon.socket());
            final TaskHandle task = kernel.createTask("app", java.util.Map.of());
            final Caller app = new Caller(kernel, task);
            final DispatchQueue queue = DispatchQueue.create("completions");
            try {
                final Connection async = IOKit.as(app).open(IOKit.nameMatching(CarrierFixture.ASYNC));
                final int echo = ((CarrierFixture) () -> app).open(CarrierFixture.ECHO);
                final NotificationPort port = IOKit.as(app).notificationPort().dispatchOn(queue);
                final CompletableFuture<Completion> pending = Caller.callAs(app, () ->
                        async.call(AsyncUserClient.kKeep).scalars(1).invokeAsync(port));

                daemon.kill();

                assertThatThrownBy(() -> pending.get(30, TimeUnit.SECONDS)).as("the waiting future fails")
                        .hasMessageContaining("notification port died");
                final int code = Caller.callAs(app, () -> IOConnectCallScalarMethod(echo, EchoUserClient.kSum,
                        new long[] {1, 2}, 2, new long[1], new int[] {1}));
                final Failure why = Caller.callAs(app, Diagnostics::lastFailure);
                assertThat(code).isIn(IOReturn.MACH_SEND_INVALID_DEST, IOReturn.kIOReturnNotReady);
                assertThat(why.explanation()).contains(daemon.socket().toString());
                assertThat(Caller.callAs(app, () -> IOServiceGetMatchingService(kIOMainPortDefault,
                        IOServiceNameMatching(CarrierFixture.ECHO)))).as("no daemon: nothing matches").isZero();
                assertThat(Caller.callAs(app, Diagnostics::lastFailure).code()).isEqualTo(IOReturn.kIOReturnNotReady);

                try (DaemonProcess restarted = DaemonProcess.start(daemon.directory(), daemon.socket(),
                        DaemonCarrierTest.ENTITLEMENTS, CarrierFixture.BUNDLES)) {
                    try (Connection again = IOKit.as(app).open(IOKit.nameMatching(CarrierFixture.ECHO))) {
                        assertThat(Caller.callAs(app, () -> again.call(EchoUserClient.kSum).scalars(40, 2)
                                .scalarOutputs(1).invoke()).scalar(0)).as("a new IOServiceOpen reaches the"
                                + " restarted daemon").isEqualTo(42);
                    }
                    RemoteKernel.terminate(task);
                    assertThat(restarted.terminate()).isZero();
                }
            } finally {
                RemoteKernel.terminate(task);
                queue.close();
            }
        }
    }

    @Test
    void shouldSurviveAPeerThatSpeaksGarbage() throws Exception { // issue 9 §1: the peer is not trusted
        try (DaemonProcess daemon = DaemonProcess.start(DaemonCarrierTest.ENTITLEMENTS, CarrierFixture.BUNDLES)) {
            final java.util.SplittableRandom random = new java.util.SplittableRandom(9);
            for (int round = 0; round < 50; round++) {
                try (java.nio.channels.SocketChannel peer = java.nio.channels.SocketChannel.open(
                        java.net.StandardProtocolFamily.UNIX)) {
                    peer.connect(java.net.UnixDomainSocketAddress.of(daemon.socket()));
                    assertThat(org.iokit4j.remote.Greeting.read(peer).isAdmitted()).isTrue();
                    final byte[] junk = new byte[1 + random.nextInt(200)];
                    random.nextBytes(junk);
                    try {
                        if (round % 3 == 0) { // a well-framed call connection with a made-up token, then junk
                            final java.nio.ByteBuffer hello = java.nio.ByteBuffer.allocate(13).putInt(9)
                                    .put((byte) org.iokit4j.remote.Op.HELLO_CALLS).putLong(random.nextLong()).flip();
                            peer.write(hello);
                        }
                        peer.write(java.nio.ByteBuffer.wrap(junk));
                        peer.shutdownOutput();
                        final java.nio.ByteBuffer sink = java.nio.ByteBuffer.allocate(4096);
                        while (peer.read(sink.clear()) >= 0) {
                            // the daemon answers (a refusal) or just closes: either way the connection ends
                        }
                    } catch (java.io.IOException closedOnUs) {
                        // the daemon closed the connection while junk was still unread (a reset): also an end
                    }
                }
            }
            final RemoteKernel kernel = new RemoteKernel(daemon.socket());
            final TaskHandle task = kernel.createTask("after-garbage", java.util.Map.of());
            final Caller app = new Caller(kernel, task);
            try (Connection echo = IOKit.as(app).open(IOKit.nameMatching(CarrierFixture.ECHO))) {
                assertThat(Caller.callAs(app, () -> echo.call(EchoUserClient.kSum).scalars(40, 2).scalarOutputs(1)
                        .invoke()).scalar(0)).as("the daemon still serves").isEqualTo(42);
            } finally {
                RemoteKernel.terminate(task);
            }
            assertThat(daemon.isAlive()).isTrue();
        }
    }

    /**
     * {@return how many user clients the daemon's service plane holds} A recursive registry iterator from the root
     * ({@code IORegistryCreateIterator}, {@code kIORegistryIterateRecursively}) and {@code IOObjectGetClass}: a
     * closed client has left the plane, and one closing while the walk runs has a dead port.
     */
    private static int userClients(RemoteKernel kernel, TaskHandle task) {
        for (int walk = 0; walk < 1000; walk++) { // a walk the registry changed under (IOIteratorIsValid false) again
            final int[] iterator = new int[1];
            assertThat(kernel.registryCreateIterator(task, "IOService", 1, iterator)).isNull();
            int clients = 0;
            final int[] entry = new int[1];
            final String[] className = new String[1];
            while (kernel.iteratorNext(task, iterator[0], entry) == null && entry[0] != 0) {
                // a user client closing meanwhile takes its port with it (MACH_SEND_INVALID_DEST): no longer live
                if (kernel.objectGetClass(task, entry[0], className) == null
                        && className[0].equals("IOUserUserClient")) {
                    clients++;
                }
                kernel.portDeallocate(task, entry[0]);
            }
            final boolean[] valid = new boolean[1];
            assertThat(kernel.iteratorIsValid(task, iterator[0], valid)).isNull();
            kernel.portDeallocate(task, iterator[0]);
            if (valid[0]) {
                return clients;
            }
        }
        throw new AssertionError("the daemon's registry changed under 1000 walks in a row");
    }

    /** {@return how many shared-memory files the daemon {@code pid} has in the per-user directory} */
    private static long sharedFiles(long pid) throws Exception {
        final Path directory = SharedMemory.userDirectory();
        if (!Files.isDirectory(directory)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(file -> file.getFileName().toString().startsWith("iokit4j-" + pid + "-")).count();
        }
    }

    private static String firstLine(Process process) throws Exception {
        final BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
        final CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
            try {
                String next;
                while ((next = out.readLine()) != null && !next.startsWith("ready")) {
                    System.out.println("child: " + next);
                }
                return next;
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, task -> Thread.ofVirtual().start(task));
        return line.get(60, TimeUnit.SECONDS);
    }
}
