package org.iokit4j.systemtests.support;

import static org.assertj.core.api.Assertions.assertThat;
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

/**
 * An isolated kernel running one test dext, and an app task in it: what every end-to-end test starts from.
 * Tests act as the app with {@link #run}/{@link #call} (the faithful layer) or {@link #iokit()} (the Java layer).
 */
public class TestKernel implements AutoCloseable {
    public final Kernel kernel;
    public final MachTask app;
    public final Caller caller;
    private final String driver;

    /** Boots a kernel with the bundle at class-path resource {@code bundle}, whose service is named {@code driver}. */
    public TestKernel(String name, String bundle, String driver, Map<String, Object> appEntitlements) {
        this(Kernel.builder().name(name).discoverClassPath(false).bundle(bundle).boot(), driver, appEntitlements);
    }

    /** Wraps an already booted kernel (e.g. with more bundles) and makes an app task in it. */
    public TestKernel(Kernel kernel, String driver, Map<String, Object> appEntitlements) {
        this.kernel = kernel;
        this.driver = driver;
        this.app = kernel.createTask("app", appEntitlements);
        this.caller = kernel.caller(app);
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

    /** Opens a Java-layer connection (type 0) to the test dext. */
    public Connection connection() {
        return iokit().open(IOKit.nameMatching(driver));
    }

    /** Opens a faithful connection (type 0) to the test dext, as the app; returns its name. */
    public int open() {
        return open(0);
    }

    /** Opens a faithful connection of {@code type} to the test dext, as the app; returns its name. */
    public int open(int type) {
        return call(() -> {
            final int service = IOServiceGetMatchingService(kIOMainPortDefault, IOServiceNameMatching(driver));
            assertThat(service).as("the test dext %s registered at boot", driver).isNotZero();
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

    @Override
    public void close() {
        kernel.close();
    }
}
