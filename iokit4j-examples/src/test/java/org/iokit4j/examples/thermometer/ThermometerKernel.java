package org.iokit4j.examples.thermometer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import org.iokit4j.kernel.Kernel;
import org.iokit4j.mig.Caller;

/**
 * The plain kernel fixture the thermometer's tests share: an isolated kernel with the thermometer's own bundle
 * ({@code org/iokit4j/examples/thermometer/Info.plist}, nothing discovered on the class path) and an app task entitled
 * to open it ({@code com.apple.developer.driverkit.userclient-access}; docs/kernel-and-bundles.md "Entitlements").
 */
final class ThermometerKernel implements AutoCloseable {
    static final String BUNDLE = "org/iokit4j/examples/thermometer/Info.plist";

    final Kernel kernel;
    final Caller app;

    ThermometerKernel(String name) {
        kernel = Kernel.builder().name(name).discoverClassPath(false).bundle(BUNDLE).boot();
        assertThat(kernel.problems()).as("the thermometer starts").isEmpty();
        app = kernel.caller(kernel.createTask("ThermometerTest", Map.of(
                "com.apple.developer.driverkit.userclient-access",
                List.of(ThermometerShared.kThermometerBundleIdentifier))));
    }

    /** {@return what {@code body} returns, run as the app task (every faithful call goes to this kernel)} */
    <T> T asApp(Callable<T> body) {
        final AtomicReference<T> result = new AtomicReference<>();
        final AtomicReference<Exception> failure = new AtomicReference<>();
        Caller.runAs(app, () -> {
            try {
                result.set(body.call());
            } catch (Exception e) {
                failure.set(e);
            }
        });
        if (failure.get() != null) {
            throw new AssertionError(failure.get());
        }
        return result.get();
    }

    @Override
    public void close() {
        kernel.close();
    }
}
