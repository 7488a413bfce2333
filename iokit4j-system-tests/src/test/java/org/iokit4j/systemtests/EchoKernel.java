package org.iokit4j.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iokit4j.iokitlib.IOKitLib.IOConnectCallScalarMethod;
import static org.iokit4j.iokitlib.IOKitLib.IOObjectRelease;
import static org.iokit4j.iokitlib.IOKitLib.IOServiceGetMatchingService;
import static org.iokit4j.iokitlib.IOKitLib.IOServiceNameMatching;
import static org.iokit4j.iokitlib.IOKitLib.IOServiceOpen;
import static org.iokit4j.iokitlib.IOKitLib.kIOMainPortDefault;
import static org.iokit4j.iokitlib.IOKitLib.kIOReturnSuccess;
import static org.iokit4j.iokitlib.IOKitLib.mach_task_self;

import java.util.Map;
import java.util.function.Supplier;
import org.iokit4j.client.Connection;
import org.iokit4j.client.IOKit;
import org.iokit4j.kernel.Kernel;
import org.iokit4j.mach.MachTask;
import org.iokit4j.mig.Caller;
import org.iokit4j.systemtests.echo.EchoUserClient;

/**
 * An isolated kernel running the echo test dext, and an app task in it, with the checks every bad-input test
 * ends with: the app's name space is back to its baseline, no user client is left, the driver still serves.
 */
public final class EchoKernel implements AutoCloseable {
    public static final String DRIVER = "org.iokit4j.systemtests.echo.EchoDriver";
    public static final String BUNDLE = "bundles/echo/Info.plist";

    public final Kernel kernel;
    public final MachTask app;
    public final Caller caller;

    public EchoKernel() {
        this(Map.of());
    }

    public EchoKernel(Map<String, Object> appEntitlements) {
        this(Kernel.builder().name("echo-test").discoverClassPath(false).bundle(BUNDLE).boot(), appEntitlements);
    }

    /** Wraps an already booted kernel (e.g. with more bundles) and makes an app task in it. */
    public EchoKernel(Kernel kernel, Map<String, Object> appEntitlements) {
        this.kernel = kernel;
        app = kernel.createTask("app", appEntitlements);
        caller = kernel.caller(app);
    }

    /** Runs {@code body} as the app task. */
    public void run(Runnable body) {
        Caller.runAs(caller, body);
    }

    /** Runs {@code body} as the app task and returns its value. */
    public <T> T call(Supplier<T> body) {
        return Caller.callAs(caller, body);
    }

    /** {@return the Java layer, as the app task} */
    public IOKit iokit() {
        return IOKit.as(caller);
    }

    /** Opens a Java-layer connection (type 0) to the echo driver. */
    public Connection connection() {
        return iokit().open(IOKit.nameMatching(DRIVER));
    }

    /** Opens a faithful connection of {@code type} to the echo driver, as the app. */
    public int open(int type) {
        return call(() -> {
            final int service = IOServiceGetMatchingService(kIOMainPortDefault, IOServiceNameMatching(DRIVER));
            assertThat(service).as("the echo dext registered at boot").isNotZero();
            final int[] connect = new int[1];
            assertThat(IOServiceOpen(service, mach_task_self(), type, connect)).isEqualTo(kIOReturnSuccess);
            IOObjectRelease(service);
            return connect[0];
        });
    }

    /** {@return how many names the app's port space holds (what leak checks compare)} */
    public int names() {
        return app.space().size();
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

    @Override
    public void close() {
        kernel.close();
    }
}
