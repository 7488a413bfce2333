package org.iokit4j.systemtests.faithful;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iokit4j.iokitlib.IOKitLib.*;
import static org.iokit4j.systemtests.echo.EchoUserClient.*;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import org.iokit4j.Diagnostics;
import org.iokit4j.systemtests.EchoKernel;
import org.iokit4j.systemtests.echo.EchoUserClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client stub's limits and the output-count rules, through the faithful layer (apple-semantics.md §2). */
class CallLimitsTest {
    private EchoKernel echo;
    private int connect;

    @BeforeEach
    void open() {
        echo = new EchoKernel();
        connect = echo.open(0);
    }

    @AfterEach
    void close() {
        echo.close();
    }

    @Test
    void shouldRefuseSeventeenScalarsWithoutSendingAnything() { // apple-semantics.md §2.3
        echo.run(() -> {
            final int calls = EchoUserClient.CALLS.get();
            assertThat(IOConnectCallScalarMethod(connect, kArguments, new long[17], 17, null, null))
                    .isEqualTo(MIG_ARRAY_TOO_LARGE);
            assertThat(Diagnostics.lastFailure().explanation()).contains("inputCnt=17 exceeds 16");
            assertThat(EchoUserClient.CALLS.get()).as("nothing reached the driver").isEqualTo(calls);
        });
    }

    @Test
    void shouldSendSixteenScalars() { // apple-semantics.md §2.3: 16 is the maximum, not past it
        echo.run(() -> {
            assertThat(IOConnectCallScalarMethod(connect, kArguments, new long[16], 16, null, null))
                    .isEqualTo(kIOReturnSuccess);
            assertThat(lastArguments).contains("scalarInputCount=16");
        });
    }

    @Test
    void shouldSendUpTo4096BytesInlineAndMoreAsADescriptor() { // apple-semantics.md §2.2, §6.1, §10.4
        echo.run(() -> {
            try (Arena arena = Arena.ofConfined()) {
                final MemorySegment in = arena.allocate(4097);
                assertThat(IOConnectCallStructMethod(connect, kArguments, in, 4096, null, null))
                        .isEqualTo(kIOReturnSuccess);
                assertThat(lastArguments).contains("structureInput=4096 structureInputDescriptor=false");
                assertThat(IOConnectCallStructMethod(connect, kArguments, in, 4097, null, null))
                        .isEqualTo(kIOReturnSuccess);
                assertThat(lastArguments).contains("structureInput=null structureInputDescriptor=true");
            }
        });
    }

    @Test
    void shouldTreatTheOutputCountAsACapacityAndReturnWhatTheDriverLeft() { // apple-semantics.md §2.4
        echo.run(() -> {
            final long[] output = new long[16];
            Arrays.fill(output, -1);
            final int[] outputCnt = {16};
            assertThat(IOConnectCallScalarMethod(connect, kScalarCount, new long[] {3}, 1, output, outputCnt))
                    .isEqualTo(kIOReturnSuccess);
            assertThat(outputCnt[0]).isEqualTo(3);
            assertThat(Arrays.copyOf(output, 4)).containsExactly(100, 101, 102, -1);
        });
    }

    @Test
    void shouldReturnTheCapacityWhenTheDriverLeavesTheCountAlone() { // contract.md §3 decided point 0
        echo.run(() -> {
            final long[] output = {-1, -1, -1, -1, -1};
            final int[] outputCnt = {5};
            assertThat(IOConnectCallMethod(connect, kArguments, null, 0, null, 0, output, outputCnt, null, null))
                    .isEqualTo(kIOReturnSuccess);
            assertThat(outputCnt[0]).isEqualTo(5);
            assertThat(output).as("the kernel zero-fills the capacity first (§2.4)").containsOnly(0L);
        });
    }

    @Test
    void shouldTreatANullOutputCountAsNoCapacity() { // apple-semantics.md §2.2
        echo.run(() -> {
            assertThat(IOConnectCallMethod(connect, kArguments, null, 0, null, 0, null, null, null, null))
                    .isEqualTo(kIOReturnSuccess);
            assertThat(lastArguments).contains("scalarOutputCount=0", "structureOutputMaximumSize=0");
        });
    }

    @Test
    void shouldCopyWhatFitsAndReportMigArrayTooLargeWhenTheDriverReturnsMoreScalars() { // apple-semantics.md §2.3
        echo.run(() -> {
            final long[] output = {-1, -1, -1};
            final int[] outputCnt = {2};
            assertThat(IOConnectCallScalarMethod(connect, kScalarCount, new long[] {5}, 1, output, outputCnt))
                    .isEqualTo(MIG_ARRAY_TOO_LARGE);
            assertThat(output).containsExactly(100, 101, -1);
            assertThat(outputCnt[0]).as("the reply's count is stored").isEqualTo(5);
            assertThat(Diagnostics.lastFailure().explanation()).contains("returned 5 scalar outputs",
                    "capacity was 2");
        });
    }

    @Test
    void shouldRefuseADriverThatReturnsMoreThanSixteenScalars() { // apple-semantics.md §2.3, §6.1: 16 slots
        echo.run(() -> {
            final long[] output = new long[16];
            final int[] outputCnt = {16};
            assertThat(IOConnectCallScalarMethod(connect, kScalarCount, new long[] {17}, 1, output, outputCnt))
                    .isEqualTo(MIG_ARRAY_TOO_LARGE);
            assertThat(Diagnostics.lastFailure().explanation()).contains("scalarOutputCount=17");
            assertThat(outputCnt[0]).as("a failed call changes no count (§2.3)").isEqualTo(16);
            assertThat(output).containsOnly(0L);
        });
    }

    @Test
    void shouldRefuseADriverThatLeavesANegativeScalarCount() { // apple-semantics.md §2.3 (uint32_t count)
        echo.run(() -> {
            final long[] output = {-1};
            final int[] outputCnt = {1};
            assertThat(IOConnectCallScalarMethod(connect, kScalarCount, new long[] {-1}, 1, output, outputCnt))
                    .isEqualTo(MIG_ARRAY_TOO_LARGE);
            assertThat(outputCnt[0]).isEqualTo(1);
            assertThat(output).containsExactly(-1);
        });
        echo.assertServes(connect);
    }

    @Test
    void shouldFailWithBadArgumentWhenTheDriverOutputExceedsTheCapacityAndChangeNothing() { // §6.4
        echo.run(() -> {
            try (Arena arena = Arena.ofConfined()) {
                final MemorySegment out = arena.allocate(16);
                out.fill((byte) 7);
                final long[] outCnt = {16};
                assertThat(IOConnectCallStructMethod(connect, kOversizedOutput, null, 0, out, outCnt))
                        .isEqualTo(kIOReturnBadArgument);
                assertThat(Diagnostics.lastFailure().explanation()).contains("32 bytes", "capacity");
                assertThat(outCnt[0]).isEqualTo(16);
                assertThat(out.toArray(ValueLayout.JAVA_BYTE)).containsOnly((byte) 7);
            }
        });
    }

    @Test
    void shouldLeaveOutputsAndCountsUnchangedWhenTheDriverFails() { // apple-semantics.md §2.3, §2.4
        echo.run(() -> {
            try (Arena arena = Arena.ofConfined()) {
                final long[] output = {9, 9};
                final int[] outputCnt = {2};
                final MemorySegment out = arena.allocate(8).fill((byte) 5);
                final long[] outCnt = {8};
                assertThat(IOConnectCallMethod(connect, kNotReady, null, 0, null, 0, output, outputCnt, out, outCnt))
                        .isEqualTo(kIOReturnNotReady);
                assertThat(output).containsExactly(9, 9);
                assertThat(outputCnt[0]).isEqualTo(2);
                assertThat(outCnt[0]).isEqualTo(8);
                assertThat(out.toArray(ValueLayout.JAVA_BYTE)).containsOnly((byte) 5);
            }
        });
    }

    @Test
    void shouldReturnTheCapacityAsTheSizeOfALargeOutput() { // apple-semantics.md §6.4, contract.md point 4
        echo.run(() -> {
            try (Arena arena = Arena.ofConfined()) {
                final MemorySegment out = arena.allocate(5000);
                final long[] outCnt = {5000};
                assertThat(IOConnectCallStructMethod(connect, kArguments, null, 0, out, outCnt))
                        .isEqualTo(kIOReturnSuccess);
                assertThat(lastArguments).contains("structureOutputDescriptor=true",
                        "structureOutputMaximumSize=5000");
                assertThat(outCnt[0]).isEqualTo(5000);
            }
        });
    }

    @Test
    void shouldRefuseAnInlineOutputWhenTheCallerPassedALargeBuffer() { // apple-semantics.md §6.4, §10.4
        echo.run(() -> {
            try (Arena arena = Arena.ofConfined()) {
                final MemorySegment out = arena.allocate(5000);
                final long[] outCnt = {5000};
                assertThat(IOConnectCallMethod(connect, kBytes, new long[] {10}, 1, null, 0, null, null, out,
                        outCnt)).isEqualTo(kIOReturnBadArgument);
                assertThat(Diagnostics.lastFailure().explanation()).contains("structureOutputDescriptor");
                assertThat(outCnt[0]).isEqualTo(5000);
            }
        });
    }
}
