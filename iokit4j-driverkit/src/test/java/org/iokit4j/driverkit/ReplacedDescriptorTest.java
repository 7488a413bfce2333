package org.iokit4j.driverkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iokit4j.IOReturn.kIOReturnSuccess;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.iokit4j.mig.MethodCall;
import org.iokit4j.mig.MethodReply;
import org.junit.jupiter.api.Test;

/**
 * A driver that narrows its structure output to a sub-descriptor by replacing
 * {@code arguments.structureOutputDescriptor} (issue 11 deliverable 4): the runtime gives back its own reference
 * on the descriptor it made (contract.md decided point 3), not one on the driver's sub-descriptor. Before, it
 * released whatever the field held: the driver's sub-descriptor was over-released and the client's descriptor never
 * released.
 */
class ReplacedDescriptorTest {

    /** Fills bytes 100..199 of the caller's output through a sub-descriptor it puts in the arguments. */
    static final class NarrowingClient extends IOUserClient {
        IOMemoryDescriptor original;
        IOMemoryDescriptor window;

        @Override
        public int ExternalMethod(long selector, IOUserClientMethodArguments arguments,
                                  IOUserClientMethodDispatch dispatch, OSObject target, Object reference) {
            original = arguments.structureOutputDescriptor;
            final IOMemoryDescriptor[] sub = new IOMemoryDescriptor[1];
            IOMemoryDescriptor.CreateSubMemoryDescriptor(IOMemoryDescriptor.kIOMemoryDirectionIn, 100, 100,
                    original, sub);
            window = sub[0];
            arguments.structureOutputDescriptor = window; // the driver's own reference: it keeps it
            final IOMemoryMap[] map = new IOMemoryMap[1];
            arguments.structureOutputDescriptor.CreateMapping(0, 0, 0, 0, 0, map);
            map[0].segment().fill((byte) 0x44);
            return kIOReturnSuccess;
        }
    }

    @Test
    void shouldReleaseTheDescriptorItMadeNotTheOneTheDriverPutInItsPlace() { // contract.md decided point 3
        final NarrowingClient client = new NarrowingClient();
        try (Arena arena = Arena.ofConfined()) {
            final MemorySegment output = arena.allocate(8192);
            final MethodCall call = new MethodCall(0, new long[0], null, null, 0, 8192, output, 0, null);
            final MethodReply reply = new MethodReply();

            new ExternalMethodRun(client, call, null, reply, new DriverServerCounters()).run();

            assertThat(reply.code).as(String.valueOf(reply.explanation)).isEqualTo(kIOReturnSuccess);
            assertThat(output.get(ValueLayout.JAVA_BYTE, 100)).isEqualTo((byte) 0x44);
            assertThat(output.get(ValueLayout.JAVA_BYTE, 99)).isZero();
            assertThat(client.window.isFreed()).as("the driver's reference is the driver's").isFalse();
            assertThat(client.original.isFreed()).as("the sub-descriptor still holds its parent").isFalse();
            client.window.release();
            assertThat(client.original.isFreed()).as("the system's reference was given back").isTrue();
        }
    }
}
