package org.iokit4j.systemtests.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iokit4j.iokitlib.IOKitLib.IOConnectCallAsyncScalarMethod;
import static org.iokit4j.iokitlib.IOKitLib.IOConnectCallScalarMethod;
import static org.iokit4j.iokitlib.IOKitLib.IONotificationPortCreate;
import static org.iokit4j.iokitlib.IOKitLib.IONotificationPortGetMachPort;
import static org.iokit4j.iokitlib.IOKitLib.IONotificationPortSetDispatchQueue;
import static org.iokit4j.iokitlib.IOKitLib.asyncCallout;
import static org.iokit4j.iokitlib.IOKitLib.kIOAsyncCalloutCount;
import static org.iokit4j.iokitlib.IOKitLib.kIOAsyncCalloutFuncIndex;
import static org.iokit4j.iokitlib.IOKitLib.kIOAsyncCalloutRefconIndex;
import static org.iokit4j.iokitlib.IOKitLib.kIOMainPortDefault;
import static org.iokit4j.iokitlib.IOKitLib.kIOReturnBadArgument;
import static org.iokit4j.iokitlib.IOKitLib.kIOReturnSuccess;
import static org.iokit4j.iokitlib.IOKitLib.kOSAsyncRef64Count;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import jdk.jfr.Recording;
import org.iokit4j.dispatch.DispatchQueue;
import org.iokit4j.iokitlib.IOAsyncCallback1;
import org.iokit4j.iokitlib.IONotificationPortRef;
import org.iokit4j.systemtests.async.AsyncUserClient;
import org.iokit4j.systemtests.support.TestKernel;
import org.iokit4j.tools.Trace;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Issue 12 §4: a Flight Recorder recording of a short embedded scenario (a successful synchronous call, a failing
 * call with the kernel's explanation, an async call and its completion) becomes {@code iokit4j trace}'s page, and
 * that page is opened in a real headless Chromium (Debian's package): a screenshot is taken and the page's DOM, as
 * the browser built it, shows the calls, the failure's explanation and the completion linked to its call.
 *
 * <p>Without Chromium the test fails, saying how to install it ({@link Chromium#HOW_TO_INSTALL}); every browser
 * process it starts is ended by pid, and none may be left.
 */
class TraceBrowserTest {
    private static final Path DIR = Path.of("target", "trace-browser").toAbsolutePath();
    private static final List<String> EVENTS = List.of("org.iokit4j.ExternalMethod", "org.iokit4j.DriverMethod",
            "org.iokit4j.AsyncCompletion", "org.iokit4j.Notification", "org.iokit4j.Pitfall",
            "org.iokit4j.BootProblem");
    private static final String EXPLANATION = "checkCompletionExists=1 but completion is NULL";

    @Test
    void shouldShowCallsFailureAndCompletionInAHeadlessChromium() throws Exception {
        final Chromium chromium = Chromium.find();
        assertThat(chromium).as(Chromium.HOW_TO_INSTALL).isNotNull();
        Files.createDirectories(DIR);
        final Path jfr = DIR.resolve("scenario.jfr");
        final List<String> seen = new ArrayList<>();
        try (Recording recording = new Recording()) {
            EVENTS.forEach(name -> recording.enable(name).withThreshold(Duration.ZERO));
            recording.start();
            final java.util.logging.Logger logs = java.util.logging.Logger.getLogger("org.iokit4j");
            logs.setUseParentHandlers(false); // the failing call's pitfall warning is on purpose: not in the build log
            try {
                scenario(seen);
            } finally {
                logs.setUseParentHandlers(true);
            }
            recording.stop();
            recording.dump(jfr);
        }
        assertThat(seen).as("the async call's completion reached its callback").containsExactly("completed 7");

        final Path html = DIR.resolve("trace.html");
        final java.io.StringWriter said = new java.io.StringWriter();
        final CommandLine trace = new CommandLine(new Trace());
        trace.setOut(new java.io.PrintWriter(said, true));
        trace.setErr(new java.io.PrintWriter(said, true));
        assertThat(trace.execute(jfr.toString(), "-o", html.toString())).as("iokit4j trace: %s", said).isZero();

        final Path png = DIR.resolve("trace.png");
        Files.deleteIfExists(png);
        final Path profile = Files.createTempDirectory(DIR, "chromium-profile-");
        final String url = html.toUri().toString();
        final String dom;
        try {
            chromium.run(profile, DIR.resolve("screenshot.out"), DIR.resolve("screenshot.log"),
                    List.of("--hide-scrollbars", "--screenshot=" + png), url);
            final Path domFile = DIR.resolve("dom.html");
            final int dumped = chromium.run(profile, domFile, DIR.resolve("dom.log"), List.of("--dump-dom"), url);
            assertThat(dumped).as("chromium --dump-dom's exit (see %s)", DIR.resolve("dom.log")).isZero();
            dom = Files.readString(domFile);
        } finally {
            chromium.killLeftovers(profile);
        }
        assertThat(chromium.leftovers(profile)).as("no Chromium process of this test is left").isEmpty();

        assertThat(png).as("the screenshot (see %s)", DIR.resolve("screenshot.log")).exists();
        final byte[] image = Files.readAllBytes(png);
        assertThat(image.length).as("a non-trivial PNG").isGreaterThan(5_000);
        assertThat(new String(image, 1, 3, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("PNG");
        assertThat(readInt(image, 16)).as("its width").isEqualTo(1400);

        assertThat(dom).as("the calls, as the browser built the page")
                .contains("sel 0", "sel 1", "app \u2192 kernel call", "driver queue", AsyncUserClient.class.getName());
        assertThat(dom).as("the failure, with its code and the driver runtime's explanation")
                .contains("kIOReturnBadArgument", EXPLANATION, "class=\"explanation\"");
        assertThat(dom).as("the completion, delivered at the app and linked to its call")
                .contains("completion at the app", "completion delivered", "completes call #");
        assertThat(dom).as("the pitfall the failing call reported").contains("MAIN_PORT_AS_WAKE_PORT");
    }

    /** Keeps a retained completion (async), fires it (sync), then makes the seed's mistake (wake port 0). */
    private static void scenario(List<String> seen) {
        final TestKernel fixture = new TestKernel("trace-test", "bundles/async/Info.plist",
                "org.iokit4j.systemtests.async.AsyncDriver", Map.of());
        try (fixture) {
            final int connect = fixture.open();
            final DispatchQueue queue = DispatchQueue.createManual("callbacks");
            fixture.run(() -> {
                final IONotificationPortRef port = IONotificationPortCreate(kIOMainPortDefault);
                IONotificationPortSetDispatchQueue(port, queue);
                final long[] reference = new long[kOSAsyncRef64Count];
                reference[kIOAsyncCalloutFuncIndex] = asyncCallout(
                        (IOAsyncCallback1) (refcon, result, value) -> seen.add("completed " + value));
                reference[kIOAsyncCalloutRefconIndex] = 0x5EED;
                assertThat(IOConnectCallAsyncScalarMethod(connect, AsyncUserClient.kKeep,
                        IONotificationPortGetMachPort(port), reference, kIOAsyncCalloutCount, new long[] {1}, 1, null,
                        null)).isEqualTo(kIOReturnSuccess);
                assertThat(IOConnectCallScalarMethod(connect, AsyncUserClient.kFire, new long[] {7}, 1, null, null))
                        .isEqualTo(kIOReturnSuccess);
                queue.drain();
                assertThat(IOConnectCallAsyncScalarMethod(connect, AsyncUserClient.kKeep, 0, reference.clone(),
                        kIOAsyncCalloutCount, new long[] {1}, 1, null, null)).isEqualTo(kIOReturnBadArgument);
            });
        }
    }

    private static int readInt(byte[] bytes, int at) {
        return (bytes[at] & 0xFF) << 24 | (bytes[at + 1] & 0xFF) << 16 | (bytes[at + 2] & 0xFF) << 8
                | bytes[at + 3] & 0xFF;
    }
}
