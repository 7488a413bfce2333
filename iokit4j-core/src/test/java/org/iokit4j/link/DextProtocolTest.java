package org.iokit4j.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.iokit4j.IOReturn;
import org.iokit4j.IOReturnException;
import org.iokit4j.Pitfall;
import org.iokit4j.mig.MethodCall;
import org.iokit4j.mig.MethodReply;
import org.iokit4j.remote.FrameIn;
import org.iokit4j.remote.FrameOut;
import org.junit.jupiter.api.Test;

/** The kernel ↔ driver-server encodings (issue 10 §1, §2): what one side writes the other reads back, and bad input. */
class DextProtocolTest {

    private static FrameIn reader(FrameOut out) {
        final UnsafeBuffer body = out.wrapBody(new UnsafeBuffer(0, 0));
        final byte[] bytes = new byte[body.capacity()];
        body.getBytes(0, bytes);
        return FrameIn.wrap(ByteBuffer.wrap(bytes));
    }

    @Test
    void shouldCarryACallAndItsReplyUnchanged() throws Exception {
        final MethodCall call = new MethodCall(0xFFFF_FFFFL, new long[] {1, -2, 3}, new byte[] {9, 8}, null, 4, 16,
                null, 0x1203, new long[] {0, 7, 8});
        final MethodCall back = DextProtocol.call(reader(DextProtocol.putCall(FrameOut.small(64).begin(1), call)),
                new Regions());
        assertThat(back.selector()).isEqualTo(call.selector());
        assertThat(back.scalarInput()).containsExactly(1, -2, 3);
        assertThat(back.structureInput()).containsExactly(9, 8);
        assertThat(back.structureInputMemory()).isNull();
        assertThat(back.scalarOutputCapacity()).isEqualTo(4);
        assertThat(back.structureOutputCapacity()).isEqualTo(16);
        assertThat(back.wakePort()).isEqualTo(0x1203);
        assertThat(back.reference()).containsExactly(0, 7, 8);

        final MethodReply reply = new MethodReply();
        reply.fail(org.iokit4j.Failure.of(IOReturn.kIOReturnBadArgument, "why"));
        reply.pitfall = Pitfall.STRUCTURE_OUTPUT_WITH_DESCRIPTOR;
        reply.scalarOutput[0] = 42;
        reply.scalarOutputCount = 1;
        reply.structureOutput = new byte[] {5};
        reply.structureOutputSize = 1;
        final MethodReply read = new MethodReply();
        DextProtocol.reply(reader(DextProtocol.putReply(FrameOut.small(64).begin(2), reply)), read);
        assertThat(read.failure()).isEqualTo(reply.failure());
        assertThat(read.pitfall).isEqualTo(Pitfall.STRUCTURE_OUTPUT_WITH_DESCRIPTOR);
        assertThat(read.scalarOutput[0]).isEqualTo(42);
        assertThat(read.scalarOutputCount).isEqualTo(1);
        assertThat(read.structureOutput).containsExactly(5);
        assertThat(read.structureOutputSize).isEqualTo(1);
    }

    @Test
    void shouldCarryASynchronousScalarCallInOneCacheLineOfARing() throws Exception {
        // issue 10 §6: parts a call lacks take no bytes; with the ring's 8-byte call id and 8-byte record header the
        // call below is 57 bytes, within the 64 of a cache line
        final MethodCall call = new MethodCall(7, new long[] {1, 2}, null, null, 1, 0, null, 0, null);
        final FrameOut out = DextProtocol.putCall(FrameOut.small(64).begin(1), call);
        assertThat(out.wrapBody(new UnsafeBuffer(0, 0)).capacity()).isEqualTo(41);
        final MethodCall back = DextProtocol.call(reader(out), new Regions());
        assertThat(back.isAsync()).isFalse();
        assertThat(back.wakePort()).isZero();
        assertThat(back.reference()).isNull();
        assertThat(back.structureInput()).isNull();
        assertThat(back.structureInputMemory()).isNull();
        assertThat(back.structureOutputMemory()).isNull();
        assertThat(back.scalarInput()).containsExactly(1, 2);
        assertThat(back.scalarOutputCapacity()).isEqualTo(1);
    }

    @Test
    void shouldKeepAnAsyncCallWithoutAWakePortAsync() throws Exception {
        // apple-semantics.md §7, §10 (the seed): an async call with MACH_PORT_NULL must still reach the checks
        // that explain it, so a null wake port is carried as such, and an empty reference stays empty, not null
        final MethodCall call = new MethodCall(1, new long[0], new byte[0], null, 0, 0, null, 0, new long[0]);
        final MethodCall back = DextProtocol.call(reader(DextProtocol.putCall(FrameOut.small(64).begin(1), call)),
                new Regions());
        assertThat(back.isAsync()).isTrue();
        assertThat(back.wakePort()).isZero();
        assertThat(back.reference()).isEmpty();
        assertThat(back.structureInput()).isEmpty();
    }

    @Test
    void shouldRefuseACallWithUnknownFlags() {
        // the peer is not trusted: a flags byte with bits this version does not know is a protocol error
        final FrameOut out = FrameOut.small(64).begin(1).putLong(1).putByte(0x40);
        assertThatThrownBy(() -> DextProtocol.call(reader(out), new Regions()))
                .isInstanceOf(FrameIn.ProtocolException.class).hasMessage("a call with unknown flags 0x40");
    }

    @Test
    void shouldRefuseMemoryNoOtherProcessCanMap() {
        // issue 10 §2: a heap segment lies in no shared region; the caller's path stages it instead
        final MemorySegment heap = MemorySegment.ofArray(new byte[8192]);
        assertThat(DextProtocol.unshareable(heap).code()).isEqualTo(IOReturn.kIOReturnUnsupported);
        assertThat(DextProtocol.unshareable(heap).explanation()).contains("8192 bytes").contains("no shared region");
        assertThatThrownBy(() -> DextProtocol.putMemory(FrameOut.small(64).begin(1), heap))
                .isInstanceOf(IOReturnException.class).hasMessageContaining("no shared region");
        assertThat(DextProtocol.unshareable((MemorySegment) null)).isNull();
    }

    @Test
    void shouldRefuseARegionSliceOutsideTheRegion() {
        // the peer is not trusted: an offset and length past the region's size is a protocol error, nothing mapped
        final FrameOut out = FrameOut.small(64).begin(1).putString("/dev/shm/iokit4j-x/iokit4j-1-1").putLong(4096)
                .putLong(4000).putLong(200);
        final Regions regions = new Regions();
        assertThatThrownBy(() -> DextProtocol.memory(reader(out), regions))
                .isInstanceOf(FrameIn.ProtocolException.class).hasMessageContaining("offset=4000, length=200");
        assertThat(regions.count()).isZero();
    }
}
