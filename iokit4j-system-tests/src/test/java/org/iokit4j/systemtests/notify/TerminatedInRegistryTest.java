package org.iokit4j.systemtests.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iokit4j.iokitlib.IOKitLib.IOIteratorNext;
import static org.iokit4j.iokitlib.IOKitLib.IOObjectRelease;
import static org.iokit4j.iokitlib.IOKitLib.IORegistryEntryGetName;
import static org.iokit4j.iokitlib.IOKitLib.IORegistryEntryGetParentEntry;
import static org.iokit4j.iokitlib.IOKitLib.IORegistryEntryGetPath;
import static org.iokit4j.iokitlib.IOKitLib.IORegistryEntryGetRegistryEntryID;
import static org.iokit4j.iokitlib.IOKitLib.IORegistryEntryInPlane;
import static org.iokit4j.iokitlib.IOKitLib.IOServiceGetMatchingServices;
import static org.iokit4j.iokitlib.IOKitLib.IOServiceMatchPropertyTable;
import static org.iokit4j.iokitlib.IOKitLib.IOServiceNameMatching;
import static org.iokit4j.iokitlib.IOKitLib.kIOMainPortDefault;
import static org.iokit4j.iokitlib.IOKitLib.kIOReturnBadArgument;
import static org.iokit4j.iokitlib.IOKitLib.kIOReturnNoDevice;
import static org.iokit4j.iokitlib.IOKitLib.kIOReturnSuccess;
import static org.iokit4j.iokitlib.IOKitLib.kIOServicePlane;

import org.iokit4j.systemtests.EchoKernel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A service terminated after an app looked it up, as the registry functions see it (issue 11 deliverable 5). The
 * kernel's own {@code terminate} ends the echo driver's service: the full path (interest messages, Stop, leaving the
 * registry) an app can only trigger through a driver, so this runs on the embedded carrier.
 */
class TerminatedInRegistryTest {
    private final EchoKernel echo = new EchoKernel();

    @AfterEach
    void shutdown() {
        echo.close();
    }

    @Test
    void shouldKeepReturningAServiceTerminatedAfterTheLookup() {
        // XNU IOUserIterator::copyNextObject: the iterator returns what the set it was made with holds, terminated
        // or not (it used to pass over terminated services)
        echo.run(() -> {
            final int[] iterator = new int[1];
            assertThat(IOServiceGetMatchingServices(kIOMainPortDefault, IOServiceNameMatching(EchoKernel.DRIVER),
                    iterator)).isEqualTo(kIOReturnSuccess);
            assertThat(echo.kernel.terminate(IOServiceNameMatching(EchoKernel.DRIVER))).isEqualTo(1);
            final int service = IOIteratorNext(iterator[0]);
            assertThat(service).as("still returned").isNotZero();
            final String[] name = new String[1];
            assertThat(IORegistryEntryGetName(service, name)).isEqualTo(kIOReturnSuccess);
            assertThat(name[0]).isEqualTo(EchoKernel.DRIVER);
            assertThat(IOIteratorNext(iterator[0])).isZero();
            IOObjectRelease(service);
            IOObjectRelease(iterator[0]);
        });
    }

    @Test
    void shouldShowATerminatedServiceOutsideThePlane() {
        // XNU: a terminated service is detached (detachAll), so getPath fails (is_io_registry_entry_get_path →
        // kIOReturnBadArgument), inPlane is false and it has no parent (IOKitLib.c GetParentEntry → NoDevice); its
        // name, ID and properties stay readable, and passiveMatch still reads it
        echo.run(() -> {
            final int[] iterator = new int[1];
            IOServiceGetMatchingServices(kIOMainPortDefault, IOServiceNameMatching(EchoKernel.DRIVER), iterator);
            final int service = IOIteratorNext(iterator[0]);
            final long[] id = new long[1];
            IORegistryEntryGetRegistryEntryID(service, id);
            assertThat(IORegistryEntryInPlane(service, kIOServicePlane)).isTrue();
            assertThat(echo.kernel.terminate(id[0])).isTrue();
            final String[] path = new String[1];
            assertThat(IORegistryEntryGetPath(service, kIOServicePlane, path)).isEqualTo(kIOReturnBadArgument);
            assertThat(IORegistryEntryInPlane(service, kIOServicePlane)).isFalse();
            assertThat(IORegistryEntryGetParentEntry(service, kIOServicePlane, new int[1])).isEqualTo(kIOReturnNoDevice);
            final boolean[] matches = new boolean[1];
            assertThat(IOServiceMatchPropertyTable(service, IOServiceNameMatching(EchoKernel.DRIVER), matches))
                    .isEqualTo(kIOReturnSuccess);
            assertThat(matches[0]).isTrue();
            IOObjectRelease(service);
            IOObjectRelease(iterator[0]);
        });
    }
}
