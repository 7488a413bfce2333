package org.iokit4j.systemtests.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iokit4j.iokitlib.IOKitLib.*;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.iokit4j.iokitlib.IONotificationPortRef;
import org.iokit4j.kernel.Kernel;
import org.iokit4j.systemtests.EchoKernel;
import org.iokit4j.systemtests.async.AsyncUserClient;
import org.iokit4j.systemtests.echo.EchoUserClient;
import org.iokit4j.systemtests.support.TestKernel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12 §4: the Flight Recorder events each subsystem emits where the work happens (a call on the kernel's path
 * with the driver's queue, a notification, a boot problem, a pitfall), and the per-subsystem logger names the
 * kernel's problems and pitfalls go to (docs/observability.md).
 */
class ObservabilityTest {
    @TempDir
    Path dir;

    private final List<LogRecord> logged = new CopyOnWriteArrayList<>();
    private final Logger root = Logger.getLogger("org.iokit4j");
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logged.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private Level before;

    @BeforeEach
    void capture() {
        before = root.getLevel();
        root.setLevel(Level.WARNING);
        root.setUseParentHandlers(false); // the broken drivers' warnings are on purpose: kept out of the build log
        root.addHandler(handler);
    }

    @AfterEach
    void release() {
        root.removeHandler(handler);
        root.setUseParentHandlers(true);
        root.setLevel(before);
    }

    private List<RecordedEvent> record(Runnable scenario) throws Exception {
        final Path jfr = dir.resolve("events.jfr");
        try (Recording recording = new Recording()) {
            for (String name : List.of("ExternalMethod", "DriverMethod", "AsyncCompletion", "Notification",
                    "Pitfall", "BootProblem")) {
                recording.enable("org.iokit4j." + name).withThreshold(Duration.ZERO);
            }
            recording.start();
            scenario.run();
            recording.stop();
            recording.dump(jfr);
        }
        return RecordingFile.readAllEvents(jfr).stream()
                .filter(e -> e.getEventType().getName().startsWith("org.iokit4j.")).toList();
    }

    private static List<RecordedEvent> named(List<RecordedEvent> events, String name) {
        return events.stream().filter(e -> e.getEventType().getName().equals("org.iokit4j." + name)).toList();
    }

    @Test
    void shouldRecordEachBootProblemAndLogItAsTheKernelsBoot() throws Exception {
        final List<RecordedEvent> events = record(() -> Kernel.builder().name("broken-trace")
                .discoverClassPath(false).bundle("bundles/broken/Info.plist").boot().close());

        final List<RecordedEvent> problems = named(events, "BootProblem");
        assertThat(problems).hasSize(4).allSatisfy(e -> assertThat(e.getString("kernel")).isEqualTo("broken-trace"));
        assertThat(problems).anySatisfy(e -> assertThat(e.getString("explanation")).contains("FailStart"));
        assertThat(logged).filteredOn(r -> r.getMessage().contains("kernel 'broken-trace'"))
                .hasSize(4).allSatisfy(r -> assertThat(r.getLoggerName()).isEqualTo("org.iokit4j.kernel.boot"));
    }

    @Test
    void shouldRecordACallWithItsDriverQueueRunAndATerminationNotification() throws Exception {
        final EchoKernel echo = new EchoKernel();
        final List<RecordedEvent> events;
        try (echo) {
            final int connect = echo.open(0);
            events = record(() -> echo.run(() -> {
                final long[] output = new long[1];
                assertThat(IOConnectCallScalarMethod(connect, EchoUserClient.kSum, new long[] {40, 2}, 2, output,
                        new int[] {1})).isEqualTo(kIOReturnSuccess);
                final IONotificationPortRef port = IONotificationPortCreate(kIOMainPortDefault);
                final int[] iterator = new int[1];
                assertThat(IOServiceAddMatchingNotification(port, kIOTerminatedNotification,
                        IOServiceNameMatching(EchoKernel.DRIVER), (refcon, it) -> { }, 0, iterator))
                        .isEqualTo(kIOReturnSuccess);
                while (IOIteratorNext(iterator[0]) != 0) {
                    // arms the notification (apple-semantics.md: the iterator must be drained)
                }
                assertThat(echo.kernel.terminate(IOServiceNameMatching(EchoKernel.DRIVER))).isEqualTo(1);
                IONotificationPortDestroy(port);
            }));
        }

        assertThat(named(events, "ExternalMethod")).singleElement().satisfies(call -> {
            assertThat(call.getLong("selector")).isEqualTo(EchoUserClient.kSum);
            assertThat(call.getString("userClientClass")).isEqualTo(EchoUserClient.class.getName());
            assertThat(call.getString("driverServer")).isNotBlank();
            assertThat(call.getString("carrier")).isEqualTo("kernel");
            assertThat(call.getString("returnCodeName")).isEqualTo("kIOReturnSuccess");
            assertThat(call.getString("explanation")).isNull();
            assertThat(call.getInt("scalarInputCount")).isEqualTo(2);
            assertThat(call.getInt("scalarOutputCount")).isEqualTo(1);
            assertThat(call.getBoolean("async")).isFalse();
        });
        assertThat(named(events, "DriverMethod")).singleElement()
                .satisfies(run -> assertThat(run.getString("userClientClass")).isEqualTo(EchoUserClient.class.getName()));
        assertThat(named(events, "Notification")).anySatisfy(n -> {
            assertThat(n.getString("kind")).isEqualTo("matching");
            assertThat(n.getString("type")).isEqualTo(kIOTerminatedNotification);
            assertThat(n.getBoolean("delivered")).isTrue();
        });
    }

    @Test
    void shouldRecordAPitfallAndLogItUnderThePitfallLogger() throws Exception {
        final TestKernel async = new TestKernel("pitfall-trace", "bundles/async/Info.plist",
                "org.iokit4j.systemtests.async.AsyncDriver", Map.of());
        final List<RecordedEvent> events;
        try (async) {
            final int connect = async.open();
            events = record(() -> async.run(() -> assertThat(IOConnectCallAsyncScalarMethod(connect,
                    AsyncUserClient.kKeep, kIOMainPortDefault, new long[3], 3, new long[] {1}, 1, null, null))
                    .isEqualTo(kIOReturnBadArgument))); // the seed's mistake (apple-semantics.md §7)
        }

        assertThat(named(events, "ExternalMethod")).singleElement().satisfies(call -> {
            assertThat(call.getBoolean("async")).isTrue();
            assertThat(call.getString("returnCodeName")).isNotEqualTo("kIOReturnSuccess");
            assertThat(call.getString("explanation")).isNotBlank();
        });
        assertThat(named(events, "Pitfall")).anySatisfy(p -> assertThat(p.getString("site"))
                .contains(ObservabilityTest.class.getName()));
        assertThat(logged).filteredOn(r -> r.getMessage().contains("iokit4j pitfall"))
                .allSatisfy(r -> assertThat(r.getLoggerName()).isEqualTo("org.iokit4j.pitfall"));
    }
}
