package org.iokit4j.iokitlib;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iokit4j.iokitlib.IOKitLib.IOConnectAddRef;
import static org.iokit4j.iokitlib.IOKitLib.IOConnectCallMethod;
import static org.iokit4j.iokitlib.IOKitLib.IOConnectRelease;
import static org.iokit4j.iokitlib.IOKitLib.IOObjectGetUserRetainCount;
import static org.iokit4j.iokitlib.IOKitLib.IOObjectIsEqualTo;
import static org.iokit4j.iokitlib.IOKitLib.IOObjectRelease;
import static org.iokit4j.iokitlib.IOKitLib.IOObjectRetain;
import static org.iokit4j.iokitlib.IOKitLib.kIOConnectMethodVarOutputSize;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.iokit4j.Diagnostics;
import org.iokit4j.Failure;
import org.iokit4j.IOReturn;
import org.iokit4j.mach.MachPort;
import org.iokit4j.mig.Caller;
import org.junit.jupiter.api.Test;

/**
 * The client half of the object functions on names of a stub kernel's task: user references (IOKitUser IOKitLib.c
 * {@code IOObjectRetain}, {@code IOConnectAddRef}, {@code IOConnectRelease}, {@code IOObjectGetUserRetainCount}),
 * {@code mach_timespec_t}, and a failed {@code kIOConnectMethodVarOutputSize} call's outputs (issue 11 deliverables 3
 * and 5).
 */
class ObjectReferencesTest {
    private final StubKernel kernel = new StubKernel();
    private final Caller app = kernel.caller();

    @Test
    void shouldRetainTwiceAndReleaseThreeTimes() { // IOObjectRetain: mach_port_mod_refs(SEND, +1)
        final int object = kernel.defaultTask().space().insertSend(MachPort.forKernelObject("service"));
        Caller.runAs(app, () -> {
            assertThat(IOObjectRetain(object)).isEqualTo(IOReturn.kIOReturnSuccess);
            assertThat(IOObjectRetain(object)).isEqualTo(IOReturn.kIOReturnSuccess);
            assertThat(IOObjectGetUserRetainCount(object)).isEqualTo(3);
            for (int i = 0; i < 3; i++) {
                assertThat(IOObjectRelease(object)).isEqualTo(IOReturn.kIOReturnSuccess);
            }
            assertThat(IOObjectRelease(object)).as("the name is gone: mach_port_deallocate")
                    .isEqualTo(IOReturn.KERN_INVALID_NAME);
            assertThat(IOObjectRetain(object)).isEqualTo(IOReturn.KERN_INVALID_NAME);
            assertThat(Diagnostics.lastFailure().explanation()).contains("not a name this task holds");
            assertThat(IOObjectGetUserRetainCount(object)).isZero();
        });
    }

    @Test
    void shouldRetainADeadNameButNotAddAConnectionReferenceToIt() { // IOObjectRetain's DEAD_NAME retry; IOConnectAddRef
        final MachPort port = MachPort.forKernelObject("connection");
        final int connect = kernel.defaultTask().space().insertSend(port);
        port.invalidate();
        Caller.runAs(app, () -> {
            assertThat(IOObjectRetain(connect)).isEqualTo(IOReturn.kIOReturnSuccess);
            assertThat(IOObjectGetUserRetainCount(connect)).as("a dead name holds no send right").isZero();
            assertThat(IOConnectAddRef(connect)).isEqualTo(IOReturn.KERN_INVALID_RIGHT);
            assertThat(IOConnectRelease(connect)).isEqualTo(IOReturn.KERN_INVALID_RIGHT);
            assertThat(Diagnostics.lastFailure().explanation()).contains("dead name", "IOObjectRelease");
            assertThat(IOObjectRelease(connect)).isEqualTo(IOReturn.kIOReturnSuccess);
            assertThat(IOObjectRelease(connect)).isEqualTo(IOReturn.kIOReturnSuccess);
            assertThat(IOObjectRelease(connect)).isEqualTo(IOReturn.KERN_INVALID_NAME);
        });
    }

    @Test
    void shouldCountOneReferenceForTheNullName() { // XNU mach_port_get_refs: !MACH_PORT_VALID → 1
        Caller.runAs(app, () -> {
            assertThat(IOObjectGetUserRetainCount(0)).isEqualTo(1);
            assertThat(IOObjectGetUserRetainCount(-1)).isEqualTo(1);
            assertThat(IOObjectRetain(0)).isEqualTo(IOReturn.kIOReturnSuccess);
            assertThat(IOConnectRelease(0)).isEqualTo(IOReturn.kIOReturnSuccess);
        });
    }

    @Test
    void shouldCompareNames() { // IOKitLib.c IOObjectIsEqualTo: object == anObject
        assertThat(IOObjectIsEqualTo(5, 5)).isTrue();
        assertThat(IOObjectIsEqualTo(5, 6)).isFalse();
    }

    @Test
    void shouldComputeWaitTimesAsTheKernelDoes() { // XNU is_io_service_wait_quiet: tv_sec * kSecondScale + tv_nsec
        assertThat(new mach_timespec_t(0, -1).nanoseconds()).as("IOKitLib's defaultWait: UINT64_MAX").isEqualTo(-1);
        assertThat(new mach_timespec_t(2, 500).nanoseconds()).isEqualTo(2_000_000_500L);
        assertThat(new mach_timespec_t(1, -1).nanoseconds()).isEqualTo(999_999_999L);
        assertThat(new mach_timespec_t(-1, 0).nanoseconds()).as("tv_sec is unsigned")
                .isEqualTo(4_294_967_295L * 1_000_000_000L);
    }

    @Test
    void shouldWriteNullAndZeroWhenAVarOutputCallFails() { // IOKitLib.c IOConnectCallMethod, var_output path
        kernel.driver((task, connect, call, reply) -> reply.fail(Failure.of(IOReturn.kIOReturnError, "refused")));
        try (Arena arena = Arena.ofConfined()) {
            final MemorySegment pointer = arena.allocate(ValueLayout.ADDRESS);
            pointer.set(ValueLayout.JAVA_LONG_UNALIGNED, 0, 0xDEADL);
            final long[] outCnt = {kIOConnectMethodVarOutputSize};
            assertThat(Caller.callAs(app, () -> IOConnectCallMethod(1, 0, null, 0, null, 0, null, null, pointer,
                    outCnt))).isEqualTo(IOReturn.kIOReturnError);
            assertThat(pointer.get(ValueLayout.JAVA_LONG_UNALIGNED, 0)).as("*(void **)outputStruct = NULL").isZero();
            assertThat(outCnt[0]).as("*outputStructCntP = 0").isZero();
        }
    }

    @Test
    void shouldWriteNullAndZeroWhenTheStubRefusesAVarOutputCall() { // MIG_ARRAY_TOO_LARGE before sending, same path
        try (Arena arena = Arena.ofConfined()) {
            final MemorySegment pointer = arena.allocate(ValueLayout.ADDRESS);
            pointer.set(ValueLayout.JAVA_LONG_UNALIGNED, 0, 0xDEADL);
            final long[] outCnt = {kIOConnectMethodVarOutputSize};
            assertThat(Caller.callAs(app, () -> IOConnectCallMethod(1, 0, new long[17], 17, null, 0, null, null,
                    pointer, outCnt))).isEqualTo(IOReturn.MIG_ARRAY_TOO_LARGE);
            assertThat(pointer.get(ValueLayout.JAVA_LONG_UNALIGNED, 0)).isZero();
            assertThat(outCnt[0]).isZero();
        }
    }
}
