package org.iokit4j.systemtests.messages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iokit4j.iokitlib.IOKitLib.*;

import java.util.Map;
import org.iokit4j.Diagnostics;
import org.iokit4j.kernel.Kernel;
import org.iokit4j.mach.MachTask;
import org.iokit4j.mig.Caller;
import org.iokit4j.systemtests.EchoKernel;
import org.junit.jupiter.api.Test;

/** The missing-entitlement refusal names the files to edit (issue 12 §6: "the entitlement message names the file"). */
class EntitlementMessageTest {
    private static final String GUARDED_BUNDLE = "bundles/guarded/Info.plist";

    private static Kernel guarded() {
        return Kernel.builder().name("guarded").discoverClassPath(false).bundle(GUARDED_BUNDLE).boot();
    }

    private static String refusal(Kernel kernel, MachTask task) {
        return Caller.callAs(kernel.caller(task), () -> {
            final int service = IOServiceGetMatchingService(kIOMainPortDefault, IOServiceNameMatching(EchoKernel.DRIVER));
            assertThat(IOServiceOpen(service, mach_task_self(), 0, new int[1])).isEqualTo(kIOReturnNotPermitted);
            IOObjectRelease(service);
            return Diagnostics.lastFailure().explanation();
        });
    }

    @Test
    void shouldNameTheAppsEntitlementsFileToCreateAndTheDextsEntitlementsPlist() { // issue 12 §6
        try (Kernel kernel = guarded()) {
            assertThat(refusal(kernel, kernel.defaultTask())).contains(
                    "<key>com.apple.developer.driverkit.userclient-access</key><array><string>org.iokit4j.test.guarded",
                    "src/main/resources/META-INF/iokit4j/Entitlements.plist",
                    "bundles/guarded/Entitlements.plist", "docs/kernel-and-bundles.md");
        }
    }

    @Test
    void shouldNameWhereATaskMadeByCodeGotItsEntitlements() { // issue 12 §6
        try (Kernel kernel = guarded()) {
            assertThat(refusal(kernel, kernel.createTask("tool", Map.of()))).contains(
                    "Kernel.createTask(\"tool\", …)");
            assertThat(refusal(kernel, kernel.createTask("daemon app", Map.of(), "the daemon's --entitlements file"
                    + " /etc/iokit4j/entitlements.plist"))).contains("/etc/iokit4j/entitlements.plist");
        }
    }
}
