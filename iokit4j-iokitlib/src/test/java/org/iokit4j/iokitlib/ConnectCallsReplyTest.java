package org.iokit4j.iokitlib;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iokit4j.iokitlib.IOKitLib.IOConnectCallMethod;
import static org.iokit4j.iokitlib.IOKitLib.IOConnectCallScalarMethod;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.iokit4j.Failure;
import org.iokit4j.IOReturn;
import org.iokit4j.Pitfall;
import org.iokit4j.mig.Caller;
import org.junit.jupiter.api.Test;

/**
 * A thread's calls share one reply object (ConnectCalls, issue 10 §6: no allocation per call). These check that the
 * sharing cannot be seen: nothing of one call's reply reaches the next, and a call made while the thread's own call
 * runs (a driver answering inline on the caller's thread, as the embedded kernel runs it) gets a reply of its own.
 */
class ConnectCallsReplyTest {
    private final StubKernel kernel = new StubKernel();

    @Test
    void shouldGiveACallNothingOfTheThreadsPreviousReply() {
        // call 0 fails with a pitfall after filling outputs; call 1 returns one scalar and no structure
        kernel.driver((task, connect, call, reply) -> {
            if (call.selector() == 0) {
                reply.scalarOutput[0] = 11;
                reply.scalarOutput[1] = 12;
                reply.scalarOutputCount = 2;
                reply.structureOutput = new byte[] {1, 2, 3};
                reply.structureOutputSize = 3;
                reply.pitfall = Pitfall.STRUCTURE_OUTPUT_WITH_DESCRIPTOR;
                reply.fail(Failure.of(IOReturn.kIOReturnBadArgument, "the first call fails"));
            } else {
                assertThat(reply.succeeded()).as("a fresh reply").isTrue();
                assertThat(reply.explanation).isNull();
                assertThat(reply.pitfall).isNull();
                assertThat(reply.scalarOutputCount).isZero();
                assertThat(reply.scalarOutput).containsOnly(0L);
                assertThat(reply.structureOutput).isNull();
                assertThat(reply.structureOutputSize).isZero();
                reply.scalarOutput[0] = 21;
                reply.scalarOutputCount = 1;
            }
        });
        try (Arena arena = Arena.ofConfined()) {
            final MemorySegment structure = arena.allocate(16);
            final long[] output = new long[2];
            final int[] outputCnt = {2};
            final long[] structureCnt = {16};
            final int first = Caller.callAs(kernel.caller(), () -> IOConnectCallMethod(0x1234, 0, null, 0, null, 0,
                    output, outputCnt, structure, structureCnt));
            assertThat(first).isEqualTo(IOReturn.kIOReturnBadArgument);

            outputCnt[0] = 2;
            structureCnt[0] = 16;
            final int second = Caller.callAs(kernel.caller(), () -> IOConnectCallMethod(0x1234, 1, null, 0, null, 0,
                    output, outputCnt, structure, structureCnt));
            assertThat(second).isEqualTo(IOReturn.kIOReturnSuccess);
            assertThat(outputCnt[0]).isEqualTo(1);
            assertThat(output[0]).isEqualTo(21);
            assertThat(structureCnt[0]).as("no structure came back").isZero();
        }
    }

    @Test
    void shouldGiveACallMadeDuringTheThreadsCallAReplyOfItsOwn() {
        // selector 0's driver makes a call of selector 1 on the same thread before it answers
        kernel.driver((task, connect, call, reply) -> {
            if (call.selector() == 0) {
                reply.scalarOutput[0] = 100;
                final long[] inner = new long[1];
                final int innerResult = IOConnectCallScalarMethod(connect, 1, null, 0, inner, new int[] {1});
                reply.scalarOutput[1] = innerResult == IOReturn.kIOReturnSuccess ? inner[0] : -1;
                reply.scalarOutputCount = 2;
            } else {
                reply.scalarOutput[0] = 7;
                reply.scalarOutputCount = 1;
            }
        });
        final long[] output = new long[2];
        final int[] outputCnt = {2};
        final int result = Caller.callAs(kernel.caller(), () -> IOConnectCallScalarMethod(0x1234, 0, null, 0, output,
                outputCnt));
        assertThat(result).isEqualTo(IOReturn.kIOReturnSuccess);
        assertThat(outputCnt[0]).isEqualTo(2);
        assertThat(output).containsExactly(100, 7); // the inner call's reply did not overwrite the outer's
    }
}
