package org.iokit4j.examples.nulldriver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iokit4j.iokitlib.CoreFoundation.CFRunLoopRunInMode;
import static org.iokit4j.iokitlib.CoreFoundation.kCFRunLoopDefaultMode;
import static org.iokit4j.iokitlib.IOKitLib.IOConnectCallScalarMethod;
import static org.iokit4j.iokitlib.IOKitLib.IOServiceNameMatching;
import static org.iokit4j.iokitlib.IOKitLib.kIOReturnSuccess;

import java.util.concurrent.TimeUnit;
import org.iokit4j.junit.Entitlement;
import org.iokit4j.junit.IOKitTest;
import org.iokit4j.kernel.Kernel;
import org.iokit4j.mig.Caller;
import org.junit.jupiter.api.Test;

/**
 * The app's matching notifications (UserClientCommunication.c {@code UserClientSetup}, {@code DeviceAdded},
 * {@code DeviceRemoved}) in a kernel of its own, so terminating NullDriver does not disturb the other tests:
 * first-match opens the dext, terminated closes it (issue 5 item 4; apple-semantics.md §9). The kernel and the app's
 * task come from the JUnit extension (issue 12 deliverable 2).
 */
@IOKitTest(name = "nulldriver-test", bundles = "META-INF/driverkit/Info.plist", entitlement = @Entitlement(
        key = "com.apple.developer.driverkit.userclient-access", values = "org.iokit4j.examples.NullDriver"))
class NullDriverTerminationTest {

    @Test
    void shouldConnectOnFirstMatchAndDisconnectWhenTheDextTerminates(Kernel kernel, Caller app) throws Exception {
        final boolean[] seen = new boolean[4];
        // the app runs on a thread of its own (AppOutput), so it binds the test's task there
        final String out = AppOutput.capture("", () -> Caller.runAs(app, () -> {
            try (DriverCommunicationViewModel viewModel = new DriverCommunicationViewModel()) {
                seen[0] = viewModel.isConnected;
                seen[1] = IOConnectCallScalarMethod(viewModel.connection, 2, new long[16], 16, new long[16],
                        new int[] {16}) == kIOReturnSuccess;

                kernel.terminate(IOServiceNameMatching(UserClientCommunication.dextIdentifier));
                final long guard = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (viewModel.isConnected && System.nanoTime() < guard) {
                    CFRunLoopRunInMode(kCFRunLoopDefaultMode, 1.0, true); // the terminated notification
                }
                seen[2] = !viewModel.isConnected;
                // the terminated dext's connection fails cleanly afterwards
                seen[3] = IOConnectCallScalarMethod(viewModel.connection, 2, new long[16], 16, new long[16],
                        new int[] {16}) != kIOReturnSuccess;
            }
        }));
        assertThat(seen).as("connected, called, disconnected, refused; printed:%n%s", out)
                .containsExactly(true, true, true, true);
        assertThat(out).isEqualTo("Opened connection to dext.\nClosed connection to dext.\n");
    }
}
