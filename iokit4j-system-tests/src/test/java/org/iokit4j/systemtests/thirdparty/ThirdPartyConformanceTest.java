package org.iokit4j.systemtests.thirdparty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iokit4j.iokitlib.IOKitLib.*;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A client written only from contract.md: the default kernel ({@code kIOMainPortDefault}) finds the bundle at
 * {@code META-INF/driverkit/Info.plist} on the class path (contract.md §4, §5) and the calls are Apple's.
 */
class ThirdPartyConformanceTest {
    private static final String DRIVER = "org.iokit4j.systemtests.thirdparty.CounterDriver";

    private int connect;

    @BeforeEach
    void open() {
        int service = IOServiceGetMatchingService(kIOMainPortDefault, IOServiceNameMatching(DRIVER));
        assertThat(service).as("boot found and started the bundle on the class path (contract.md §5)").isNotZero();
        assertThat(IORegistryEntryCreateCFProperty(service, "CFBundleIdentifier"))
                .isEqualTo("com.example.thirdparty.counter");
        int[] out = new int[1];
        assertThat(IOServiceOpen(service, mach_task_self(), 0, out)).isEqualTo(kIOReturnSuccess);
        assertThat(IOObjectRelease(service)).isEqualTo(kIOReturnSuccess);
        connect = out[0];
    }

    @AfterEach
    void close() {
        IOServiceClose(connect);
    }

    @Test
    void shouldMultiplyTwoScalars() { // contract.md §2 IOConnectCallScalarMethod, §3 dispatch table
        long[] output = new long[1];
        int[] outputCnt = {1};
        assertThat(IOConnectCallScalarMethod(connect, CounterUserClient.kMultiply, new long[] {6, 7}, 2, output,
                outputCnt)).isEqualTo(kIOReturnSuccess);
        assertThat(output[0]).isEqualTo(42);
        assertThat(outputCnt[0]).isEqualTo(1);
    }

    @Test
    void shouldUpperCaseAStructure() { // contract.md §2 IOConnectCallStructMethod, §3 OSData
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment in = arena.allocateFrom("driverkit");
            MemorySegment out = arena.allocate(64);
            long[] outCnt = {64};
            assertThat(IOConnectCallStructMethod(connect, CounterUserClient.kUpperCase, in, in.byteSize(), out,
                    outCnt)).isEqualTo(kIOReturnSuccess);
            assertThat(outCnt[0]).isEqualTo(in.byteSize());
            assertThat(out.getString(0)).isEqualTo("DRIVERKIT");
            assertThat(out.get(ValueLayout.JAVA_BYTE, 9)).isZero();
        }
    }

    @Test
    void shouldKeepStatePerConnection() { // contract.md §3: one user client per IOServiceOpen
        long[] output = new long[1];
        IOConnectCallMethod(connect, CounterUserClient.kAccumulate, new long[] {5}, 1, null, 0, output,
                new int[] {1}, null, null);
        IOConnectCallMethod(connect, CounterUserClient.kAccumulate, new long[] {5}, 1, null, 0, output,
                new int[] {1}, null, null);
        assertThat(output[0]).isEqualTo(10);
    }

    @Test
    void shouldRefuseWrongCountsAndUnknownSelectors() { // contract.md §3 decided point 1
        assertThat(IOConnectCallScalarMethod(connect, CounterUserClient.kMultiply, new long[] {6}, 1, new long[1],
                new int[] {1})).isEqualTo(kIOReturnBadArgument);
        assertThat(IOConnectCallScalarMethod(connect, 77, null, 0, null, null)).isEqualTo(kIOReturnUnsupported);
        assertThat(IOConnectCallScalarMethod(connect, 0, new long[17], 17, null, null)).isEqualTo(MIG_ARRAY_TOO_LARGE);
    }

    @Test
    void shouldKillTheConnectionOnClose() { // issue 2 item 4: dead name after IOServiceClose
        assertThat(IOServiceClose(connect)).isEqualTo(kIOReturnSuccess);
        assertThat(IOConnectCallScalarMethod(connect, CounterUserClient.kMultiply, new long[] {6, 7}, 2, new long[1],
                new int[] {1})).isEqualTo(MACH_SEND_INVALID_DEST);
    }
}
