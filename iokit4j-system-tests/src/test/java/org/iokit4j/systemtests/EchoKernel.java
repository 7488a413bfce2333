package org.iokit4j.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iokit4j.iokitlib.IOKitLib.IOConnectCallScalarMethod;
import static org.iokit4j.iokitlib.IOKitLib.kIOReturnSuccess;

import java.util.Map;
import org.iokit4j.kernel.Kernel;
import org.iokit4j.systemtests.echo.EchoUserClient;
import org.iokit4j.systemtests.support.TestKernel;

/**
 * An isolated kernel running the echo test dext, and an app task in it, with the checks every bad-input test
 * ends with: the app's name space is back to its baseline, no user client is left, the driver still serves.
 */
public final class EchoKernel extends TestKernel {
    public static final String DRIVER = "org.iokit4j.systemtests.echo.EchoDriver";
    public static final String BUNDLE = "bundles/echo/Info.plist";

    public EchoKernel() {
        this(Map.of());
    }

    public EchoKernel(Map<String, Object> appEntitlements) {
        super("echo-test", BUNDLE, DRIVER, appEntitlements);
    }

    /** Wraps an already booted kernel (e.g. with more bundles) and makes an app task in it. */
    public EchoKernel(Kernel kernel, Map<String, Object> appEntitlements) {
        super(kernel, DRIVER, appEntitlements);
    }

    /** {@return how many echo user clients exist in the registry} */
    public long userClients() {
        return kernel.registryEntries().stream()
                .filter(e -> e.name().equals(EchoUserClient.class.getName()))
                .count();
    }

    /** Asserts the echo driver still answers on {@code connect}: 40 + 2 = 42. */
    public void assertServes(int connect) {
        run(() -> {
            final long[] output = new long[1];
            assertThat(IOConnectCallScalarMethod(connect, EchoUserClient.kSum, new long[] {40, 2}, 2, output,
                    new int[] {1})).as("the driver still serves").isEqualTo(kIOReturnSuccess);
            assertThat(output[0]).isEqualTo(42);
        });
    }
}
