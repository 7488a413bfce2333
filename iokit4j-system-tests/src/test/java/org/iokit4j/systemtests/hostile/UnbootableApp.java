package org.iokit4j.systemtests.hostile;

import static org.iokit4j.iokitlib.IOKitLib.*;

import org.iokit4j.Diagnostics;
import org.iokit4j.IOReturn;
import org.iokit4j.kernel.Kernel;

/**
 * A child-JVM app whose default kernel cannot boot (it names a carrier no provider serves). It makes
 * IOKit calls that must return codes, not throw, then shows the process goes on: an isolated kernel still boots.
 * Prints one line: {@code ready first=CODE second=CODE isolated=BOOL why=EXPLANATION}.
 */
public final class UnbootableApp {
    private UnbootableApp() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("iokit4j.kernel", "carrier-pigeon:/nowhere");
        final int[] iterator = {0};
        final int first = IOServiceGetMatchingServices(kIOMainPortDefault, IOServiceMatching("IOService"), iterator);
        final String why = Diagnostics.lastFailure() == null ? "none" : Diagnostics.lastFailure().explanation();
        final int second = IOServiceGetMatchingServices(kIOMainPortDefault, IOServiceMatching("IOService"), iterator);
        final boolean isolated;
        try (Kernel kernel = Kernel.builder().name("isolated").discoverClassPath(false).boot()) {
            isolated = kernel.name().equals("isolated");
        }
        System.out.println("ready first=" + IOReturn.name(first) + " second=" + IOReturn.name(second)
                + " isolated=" + isolated + " why=" + why.replace('\n', ' '));
        System.out.flush();
        System.in.read(); // wait for the test to end us
    }
}
