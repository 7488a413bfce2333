package org.iokit4j.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iokit4j.iokitlib.IOKitLib.*;
import static org.iokit4j.systemtests.echo.EchoUserClient.*;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.iokit4j.Diagnostics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The synchronous call family through the faithful layer, end to end (apple-semantics.md §2, §5, §6). */
class SyncCallTest {
    private EchoKernel echo;
    private int connect;

    @BeforeEach
    void open() {
        echo = new EchoKernel();
        echo.run(() -> {
            final int service = IOServiceGetMatchingService(kIOMainPortDefault, IOServiceNameMatching(EchoKernel.DRIVER));
            assertThat(service).as("the echo dext registered at boot").isNotZero();
            final int[] out = new int[1];
            assertThat(IOServiceOpen(service, mach_task_self(), 0, out)).isEqualTo(kIOReturnSuccess);
            IOObjectRelease(service);
            connect = out[0];
        });
    }

    @AfterEach
    void close() {
        echo.close();
    }

    @Test
    void shouldAddTwoScalars() { // apple-semantics.md §2.1, §2.4
        echo.run(() -> {
            final long[] output = new long[1];
            final int[] outputCnt = {1};
            assertThat(IOConnectCallScalarMethod(connect, kSum, new long[] {40, 2}, 2, output, outputCnt))
                    .isEqualTo(kIOReturnSuccess);
            assertThat(output[0]).isEqualTo(42);
            assertThat(outputCnt[0]).isEqualTo(1);
        });
    }

    @Test
    void shouldEchoAnInlineStructAndReportItsSize() { // §2.4, §6.4: the size becomes the OSData length
        echo.run(() -> {
            try (Arena arena = Arena.ofConfined()) {
                final MemorySegment in = arena.allocateFrom("hello, driver");
                final MemorySegment out = arena.allocate(64);
                final long[] outCnt = {64};
                assertThat(IOConnectCallStructMethod(connect, kEcho, in, in.byteSize(), out, outCnt))
                        .isEqualTo(kIOReturnSuccess);
                assertThat(outCnt[0]).isEqualTo(in.byteSize());
                assertThat(out.getString(0)).isEqualTo("hello, driver");
            }
        });
    }

    @Test
    void shouldRefuseAScalarOutputCapacityThatIsLargerThanTheTableSays() { // §10.5 exact match
        echo.run(() -> {
            final long[] output = {7, 7};
            final int[] outputCnt = {2};
            assertThat(IOConnectCallScalarMethod(connect, kSum, new long[] {1, 2}, 2, output, outputCnt))
                    .isEqualTo(kIOReturnBadArgument);
            assertThat(Diagnostics.lastFailure().explanation()).contains("checkScalarOutputCount=1",
                    "scalarOutputCount=2");
            assertThat(output).as("no output changes on failure (§2.3)").containsExactly(7, 7);
            assertThat(outputCnt[0]).isEqualTo(2);
        });
    }

    @Test
    void shouldTurnADriverExceptionIntoKIOReturnErrorAndKeepTheDriverRunning() { // issue 2 item 5
        echo.run(() -> {
            assertThat(IOConnectCallScalarMethod(connect, kThrow, null, 0, null, null)).isEqualTo(kIOReturnError);
            assertThat(Diagnostics.lastFailure().explanation()).contains("IllegalStateException",
                    "driver bug on purpose");
            final long[] output = new long[1];
            assertThat(IOConnectCallScalarMethod(connect, kSum, new long[] {1, 2}, 2, output, new int[] {1}))
                    .isEqualTo(kIOReturnSuccess);
            assertThat(output[0]).isEqualTo(3);
        });
    }

    @Test
    void shouldNotExplainADriversCodeWithAnOlderFailureOfTheSameCode() { // issue 2 item 5: explanations name the rule
        echo.run(() -> {
            Diagnostics.fail("earlier", org.iokit4j.Failure.of(kIOReturnNotReady, "a stale reason from before"));
            assertThat(IOConnectCallScalarMethod(connect, kNotReady, null, 0, null, null)).isEqualTo(kIOReturnNotReady);
            assertThat(Diagnostics.lastFailure().explanation()).contains("returned kIOReturnNotReady")
                    .doesNotContain("a stale reason");
        });
    }

    @Test
    void shouldFillMethodArgumentsAsTheKernelDoes() { // §6.1
        echo.run(() -> {
            try (Arena arena = Arena.ofConfined()) {
                final MemorySegment in = arena.allocate(10);
                final MemorySegment out = arena.allocate(100);
                assertThat(IOConnectCallMethod(connect, kArguments, new long[] {1, 2, 3}, 3, in, 10, new long[5],
                        new int[] {5}, out, new long[] {100})).isEqualTo(kIOReturnSuccess);
                assertThat(org.iokit4j.systemtests.echo.EchoUserClient.lastArguments).isEqualTo("version=2 selector=10"
                        + " completion=false scalarInputCount=3 structureInput=10 structureInputDescriptor=false"
                        + " scalarOutput.length=16 scalarOutputCount=5 structureOutputDescriptor=false"
                        + " structureOutputMaximumSize=100");
                assertThat(out.get(ValueLayout.JAVA_BYTE, 0)).isZero();
            }
        });
    }

    @Test
    void shouldMakeTheConnectionNameDeadAfterClose() { // issue 2 item 4, §6.6
        echo.run(() -> {
            assertThat(IOServiceClose(connect)).isEqualTo(kIOReturnSuccess);
            assertThat(IOConnectCallScalarMethod(connect, kSum, new long[] {1, 2}, 2, new long[1], new int[] {1}))
                    .isEqualTo(MACH_SEND_INVALID_DEST);
        });
    }
}
