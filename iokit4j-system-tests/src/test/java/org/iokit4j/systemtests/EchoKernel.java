package org.iokit4j.systemtests;

import java.util.Map;
import org.iokit4j.kernel.Kernel;
import org.iokit4j.mach.MachTask;
import org.iokit4j.mig.Caller;

/** An isolated kernel running the echo test dext, and an app task in it. */
public final class EchoKernel implements AutoCloseable {
    public static final String DRIVER = "org.iokit4j.systemtests.echo.EchoDriver";

    public final Kernel kernel;
    public final MachTask app;
    public final Caller caller;

    public EchoKernel() {
        this(Map.of());
    }

    public EchoKernel(Map<String, Object> appEntitlements) {
        kernel = Kernel.builder().name("echo-test").discoverClassPath(false).bundle("bundles/echo/Info.plist").boot();
        app = kernel.createTask("app", appEntitlements);
        caller = kernel.caller(app);
    }

    /** Runs {@code body} as the app task. */
    public void run(Runnable body) {
        Caller.runAs(caller, body);
    }

    @Override
    public void close() {
        kernel.close();
    }
}
