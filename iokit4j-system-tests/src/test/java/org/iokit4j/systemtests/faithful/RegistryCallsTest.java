package org.iokit4j.systemtests.faithful;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iokit4j.iokitlib.IOKitLib.*;

import java.util.HashMap;
import java.util.Map;
import org.iokit4j.Diagnostics;
import org.iokit4j.systemtests.EchoKernel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Finding a driver: matching helpers, iterators, names, properties, classes, IDs (apple-semantics.md §9). */
class RegistryCallsTest {
    private EchoKernel echo;
    private int baseline;

    @BeforeEach
    void boot() {
        echo = new EchoKernel();
        baseline = echo.names();
    }

    @AfterEach
    void close() {
        assertThat(echo.names()).as("every name released").isEqualTo(baseline);
        echo.close();
    }

    @Test
    void shouldFindTheDriverByItsUserClassName() { // apple-semantics.md §9; contract.md §4 (name = IOUserClass)
        echo.run(() -> {
            final int service = IOServiceGetMatchingService(kIOMainPortDefault, IOServiceNameMatching(EchoKernel.DRIVER));
            assertThat(service).isNotZero();
            final String[] name = new String[1];
            assertThat(IORegistryEntryGetName(service, name)).isEqualTo(kIOReturnSuccess);
            assertThat(name[0]).isEqualTo(EchoKernel.DRIVER);
            assertThat(IOObjectRelease(service)).isEqualTo(kIOReturnSuccess);
        });
    }

    @Test
    void shouldMatchByClassIncludingSuperclasses() { // apple-semantics.md §9: the class or any subclass
        echo.run(() -> {
            for (String className : new String[] {"IOUserService", "IOService", "EchoDriver", EchoKernel.DRIVER}) {
                final int service = IOServiceGetMatchingService(kIOMainPortDefault, IOServiceMatching(className));
                assertThat(service).as(className).isNotZero();
                IOObjectRelease(service);
            }
            assertThat(IOServiceGetMatchingService(kIOMainPortDefault, IOServiceMatching("IOUSBHostDevice"))).isZero();
        });
    }

    @Test
    void shouldMatchPersonalityPropertiesWithIOPropertyMatch() { // issue 2 item 3: IOPropertyMatch
        echo.run(() -> {
            final Map<String, Object> blue = new HashMap<>(Map.of("IOPropertyMatch", Map.of("EchoColour", "blue")));
            final int service = IOServiceGetMatchingService(kIOMainPortDefault, blue);
            assertThat(service).isNotZero();
            IOObjectRelease(service);
            final Map<String, Object> red = new HashMap<>(Map.of("IOPropertyMatch", Map.of("EchoColour", "red")));
            assertThat(IOServiceGetMatchingService(kIOMainPortDefault, red)).isZero();
        });
    }

    @Test
    void shouldNotMatchOnAResourceThatIsNotPublished() { // issue 2 item 3: IOResourceMatch
        echo.run(() -> {
            final Map<String, Object> matching = IOServiceNameMatching(EchoKernel.DRIVER);
            matching.put("IOResourceMatch", "IOKit.NoSuchResource");
            assertThat(IOServiceGetMatchingService(kIOMainPortDefault, matching)).isZero();
        });
    }

    @Test
    void shouldReturnZeroForANullMatchingDictionary() { // apple-semantics.md §9: NULL matching → 0
        echo.run(() -> {
            assertThat(IOServiceGetMatchingService(kIOMainPortDefault, IOServiceMatching(null))).isZero();
            assertThat(Diagnostics.lastFailure().code()).isEqualTo(kIOReturnBadArgument);
        });
    }

    @Test
    void shouldIterateResetAndIterateAgain() { // apple-semantics.md §9: IOServiceGetMatchingServices
        echo.run(() -> {
            final int[] iterator = new int[1];
            assertThat(IOServiceGetMatchingServices(kIOMainPortDefault, IOServiceMatching("IOService"), iterator))
                    .isEqualTo(kIOReturnSuccess);
            final int first = IOIteratorNext(iterator[0]);
            assertThat(first).isNotZero();
            int count = 1;
            for (int s = IOIteratorNext(iterator[0]); s != 0; s = IOIteratorNext(iterator[0])) {
                count++;
                IOObjectRelease(s);
            }
            assertThat(IOIteratorNext(iterator[0])).as("exhausted").isZero();
            IOIteratorReset(iterator[0]);
            final int again = IOIteratorNext(iterator[0]);
            assertThat(again).as("the same service has the same name in one task").isEqualTo(first);
            assertThat(count).isGreaterThanOrEqualTo(1);
            IOObjectRelease(again);
            IOObjectRelease(first);
            assertThat(IOObjectRelease(iterator[0])).isEqualTo(kIOReturnSuccess);
        });
    }

    @Test
    void shouldReadPropertiesClassAndRegistryEntryID() { // apple-semantics.md §9; issue 2 item 4
        echo.run(() -> {
            final int service = IOServiceGetMatchingService(kIOMainPortDefault, IOServiceNameMatching(EchoKernel.DRIVER));
            assertThat(IORegistryEntryCreateCFProperty(service, "EchoColour")).isEqualTo("blue");
            assertThat(IORegistryEntryCreateCFProperty(service, "CFBundleIdentifier")).isEqualTo("org.iokit4j.test.echo");
            assertThat(IORegistryEntryCreateCFProperty(service, "NoSuchKey")).isNull();
            final String[] className = new String[1];
            assertThat(IOObjectGetClass(service, className)).isEqualTo(kIOReturnSuccess);
            assertThat(className[0]).isEqualTo("IOUserService");
            final long[] id = new long[1];
            assertThat(IORegistryEntryGetRegistryEntryID(service, id)).isEqualTo(kIOReturnSuccess);
            assertThat(id[0]).isNotZero();
            final int byID = IOServiceGetMatchingService(kIOMainPortDefault, IORegistryEntryIDMatching(id[0]));
            assertThat(byID).isEqualTo(service);
            IOObjectRelease(byID);
            IOObjectRelease(service);
        });
    }

    @Test
    void shouldRefuseARegistryCallOnAReleasedName() { // apple-semantics.md §2.4: Mach error for a dead name
        echo.run(() -> {
            final int service = IOServiceGetMatchingService(kIOMainPortDefault, IOServiceNameMatching(EchoKernel.DRIVER));
            IOObjectRelease(service);
            assertThat(IORegistryEntryGetName(service, new String[1])).isEqualTo(MACH_SEND_INVALID_DEST);
            assertThat(Diagnostics.lastFailure().explanation()).contains("already released");
            assertThat(IOObjectRelease(service)).as("a second release").isNotEqualTo(kIOReturnSuccess);
        });
    }
}
