package org.iokit4j.embedded;

import static org.iokit4j.iokitlib.IOKitLib.IOConnectCallScalarMethod;
import static org.iokit4j.iokitlib.IOKitLib.IOServiceClose;
import static org.iokit4j.iokitlib.IOKitLib.IOServiceGetMatchingService;
import static org.iokit4j.iokitlib.IOKitLib.IOServiceNameMatching;
import static org.iokit4j.iokitlib.IOKitLib.IOServiceOpen;
import static org.iokit4j.iokitlib.IOKitLib.kIOMainPortDefault;
import static org.iokit4j.iokitlib.IOKitLib.mach_task_self;

import java.util.stream.Collectors;
import org.iokit4j.Diagnostics;
import org.iokit4j.embedded.sum.SumUserClient;
import org.iokit4j.iokitlib.IOKitLib;

/**
 * An app as a user of {@code org.iokit4j:iokit4j} writes it: it opens the test dext through {@code kIOMainPortDefault}
 * (booting the default, embedded kernel) and calls it once. {@link EmbeddedRuntimeTest} runs it in JVMs of its own.
 *
 * <p>Prints one line, {@code sum=3 kernel=<the kernel's module> automatic=<automatic modules in the boot layer>}, or
 * {@code failed: <code and explanation>}, then exits with 0 or 1.
 */
public final class SumApp {
    /** The registry name of the test dext's service: its {@code IOUserClass}. */
    public static final String SERVICE = "org.iokit4j.embedded.sum.SumDriver";

    private SumApp() {
    }

    /** Opens the test dext, adds 1 and 2, and prints the answer and where the runtime's modules came from. */
    public static void main(String[] args) {
        final int service = IOServiceGetMatchingService(kIOMainPortDefault, IOServiceNameMatching(SERVICE));
        final int[] connect = new int[1];
        int kr = service == 0 ? -1 : IOServiceOpen(service, mach_task_self(), 0, connect);
        final long[] output = new long[1];
        if (kr == 0) {
            kr = IOConnectCallScalarMethod(connect[0], SumUserClient.SUM, new long[] {1, 2}, 2, output, new int[] {1});
            IOServiceClose(connect[0]);
        }
        if (kr != 0) {
            System.out.println("failed: " + Diagnostics.lastFailure());
            System.exit(1);
        }
        final String automatic = ModuleLayer.boot().modules().stream()
                .filter(module -> module.getDescriptor().isAutomatic()).map(Module::getName).sorted()
                .collect(Collectors.joining(","));
        final String kernel = ModuleLayer.boot().findModule("org.iokit4j.kernel").map(Module::getName)
                .orElse(IOKitLib.class.getModule().isNamed() ? "not-in-boot-layer" : "class-path");
        System.out.println("sum=" + output[0] + " kernel=" + kernel + " automatic=" + automatic);
    }
}
