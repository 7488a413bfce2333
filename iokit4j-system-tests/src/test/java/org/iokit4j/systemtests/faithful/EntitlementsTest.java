package org.iokit4j.systemtests.faithful;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iokit4j.iokitlib.IOKitLib.*;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;
import java.util.Map;
import org.iokit4j.Diagnostics;
import org.iokit4j.kernel.Kernel;
import org.iokit4j.mig.Caller;
import org.iokit4j.systemtests.EchoKernel;
import org.iokit4j.systemtests.echo.EchoUserClient;
import org.junit.jupiter.api.Test;

/** Who may open a user client (apple-semantics.md §9 "DriverKit entitlement check", §10.8; contract.md §4). */
class EntitlementsTest {
    private static final String GUARDED = "org.iokit4j.test.guarded";
    private static final String USERCLIENT_ACCESS = "com.apple.developer.driverkit.userclient-access";

    private static Kernel guarded() {
        return Kernel.builder().name("guarded").discoverClassPath(false).bundle("bundles/guarded/Info.plist").boot();
    }

    @Test
    void shouldRefuseAnUnentitledAppAndSayWhichEntitlementToAdd() { // apple-semantics.md §9 step 5, §10.8
        try (EchoKernel echo = new EchoKernel(guarded(), Map.of())) {
            final int names = echo.names();
            final int stops = EchoUserClient.STOPS.get();
            echo.run(() -> {
                final int service = IOServiceGetMatchingService(kIOMainPortDefault,
                        IOServiceNameMatching(EchoKernel.DRIVER));
                final int[] connect = {0};
                assertThat(IOServiceOpen(service, mach_task_self(), 0, connect)).isEqualTo(kIOReturnNotPermitted);
                assertThat(Diagnostics.lastFailure().explanation()).contains(
                        "UC failed userclient-access check, needed bundle ID " + GUARDED, USERCLIENT_ACCESS,
                        "com.apple.developer.driverkit.allow-any-userclient-access");
                assertThat(connect[0]).isZero();
                IOObjectRelease(service);
            });
            assertThat(EchoUserClient.STOPS.get()).as("the new user client is stopped at once (§10.8)")
                    .isEqualTo(stops + 1);
            assertThat(echo.userClients()).isZero();
            assertThat(echo.names()).isEqualTo(names);
        }
    }

    @Test
    void shouldLetAnAppListingTheBundleInUserclientAccessOpenIt() { // apple-semantics.md §9 step 3 (d)
        try (EchoKernel echo = new EchoKernel(guarded(), Map.of(USERCLIENT_ACCESS, List.of("other.id", GUARDED)))) {
            echo.assertServes(echo.open(0));
        }
    }

    @Test
    void shouldRefuseAnAppWhoseListNamesOtherBundles() { // apple-semantics.md §9 step 3 (d)
        try (EchoKernel echo = new EchoKernel(guarded(), Map.of(USERCLIENT_ACCESS, List.of("org.example.other")))) {
            final int result = echo.call(() -> {
                final int service = IOServiceGetMatchingService(kIOMainPortDefault,
                        IOServiceNameMatching(EchoKernel.DRIVER));
                final int ret = IOServiceOpen(service, mach_task_self(), 0, new int[1]);
                IOObjectRelease(service);
                return ret;
            });
            assertThat(result).isEqualTo(kIOReturnNotPermitted);
        }
    }

    @Test
    void shouldReadTheAppsEntitlementsFromTheClassPath() throws Exception { // contract.md §4: the client's side
        final URL app = EntitlementsTest.class.getClassLoader().getResource("classpath/app/");
        try (URLClassLoader loader = new URLClassLoader(new URL[] {app}, EntitlementsTest.class.getClassLoader());
             Kernel kernel = Kernel.builder().classLoader(loader).discoverClassPath(false)
                     .bundle("bundles/guarded/Info.plist").boot()) {
            assertThat(kernel.defaultTask().entitlements().get(USERCLIENT_ACCESS)).isEqualTo(List.of(GUARDED));
            final EchoKernel echo = new EchoKernel(kernel, Map.of());
            Caller.runAs(kernel.caller(kernel.defaultTask()), () -> {
                final int service = IOServiceGetMatchingService(kIOMainPortDefault,
                        IOServiceNameMatching(EchoKernel.DRIVER));
                final int[] connect = new int[1];
                assertThat(IOServiceOpen(service, mach_task_self(), 0, connect)).isEqualTo(kIOReturnSuccess);
                IOObjectRelease(service);
                assertThat(IOServiceClose(connect[0])).isEqualTo(kIOReturnSuccess);
            });
            assertThat(echo.names()).isPositive();
        }
    }

    @Test
    void shouldRequireTheUserClientsDextEntitlements() { // apple-semantics.md §9 step 4: IOServiceDEXTEntitlements
        final Kernel kernel = Kernel.builder().name("dext-entitlements").discoverClassPath(false)
                .bundle("bundles/dext-entitlements/Info.plist").boot();
        try (EchoKernel without = new EchoKernel(kernel, Map.of())) {
            final int result = without.call(() -> {
                final int service = IOServiceGetMatchingService(kIOMainPortDefault,
                        IOServiceNameMatching(EchoKernel.DRIVER));
                final int ret = IOServiceOpen(service, mach_task_self(), 0, new int[1]);
                IOObjectRelease(service);
                return ret;
            });
            assertThat(result).isEqualTo(kIOReturnNotPermitted);
            assertThat(without.call(Diagnostics::lastFailure).explanation()).contains("IOServiceDEXTEntitlements",
                    "com.example.echo.secret");
            assertThat(without.userClients()).isZero();
            final EchoKernel with = new EchoKernel(kernel, Map.of("com.example.echo.secret", true));
            with.assertServes(with.open(0));
        }
    }
}
