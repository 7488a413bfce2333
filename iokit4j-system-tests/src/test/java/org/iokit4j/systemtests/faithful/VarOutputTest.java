package org.iokit4j.systemtests.faithful;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iokit4j.iokitlib.IOKitLib.*;
import static org.iokit4j.systemtests.echo.EchoUserClient.*;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.iokit4j.Diagnostics;
import org.iokit4j.IOReturn;
import org.iokit4j.systemtests.EchoKernel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code kIOConnectMethodVarOutputSize}: the kernel allocates the output (apple-semantics.md §2.2, §6.4). */
class VarOutputTest {
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
    void shouldStoreTheBufferAddressInOutputStructAndItsLengthInTheCount() { // apple-semantics.md §2.2
        echo.run(() -> {
            try (Arena arena = Arena.ofConfined()) {
                final MemorySegment pointer = arena.allocate(ValueLayout.ADDRESS);
                final long[] outCnt = {kIOConnectMethodVarOutputSize};
                assertThat(IOConnectCallMethod(connect, kBytes, new long[] {10_000}, 1, null, 0, null, null, pointer,
                        outCnt)).isEqualTo(kIOReturnSuccess);
                assertThat(outCnt[0]).as("no size check: more than 4096 comes back whole (§6.4)").isEqualTo(10_000);
                final long address = pointer.get(ValueLayout.JAVA_LONG_UNALIGNED, 0);
                final MemorySegment buffer = IOVarOutputSegment(address, outCnt[0]);
                assertThat(buffer.get(ValueLayout.JAVA_BYTE, 9_999)).isEqualTo((byte) 9_999);
                assertThat(vm_deallocate(mach_task_self(), address, outCnt[0])).isEqualTo(kIOReturnSuccess);
                assertThat(IOVarOutputSegment(address, outCnt[0])).as("freed").isNull();
            }
        });
    }

    @Test
    void shouldTellTheDriverTheMaximumIsVariable() { // apple-semantics.md §6.1: 0xFFFFFFFF
        echo.run(() -> {
            try (Arena arena = Arena.ofConfined()) {
                final MemorySegment pointer = arena.allocate(ValueLayout.ADDRESS);
                final long[] outCnt = {kIOConnectMethodVarOutputSize};
                assertThat(IOConnectCallMethod(connect, kArguments, null, 0, null, 0, null, null, pointer, outCnt))
                        .isEqualTo(kIOReturnSuccess);
                assertThat(lastArguments).contains("structureOutputMaximumSize=4294967295");
                assertThat(outCnt[0]).isZero();
                vm_deallocate(mach_task_self(), pointer.get(ValueLayout.JAVA_LONG_UNALIGNED, 0), 0);
            }
        });
    }

    @Test
    void shouldRefuseAFreeOfTheSameBufferTwice() { // apple-semantics.md §2.2 (Mach out-of-line memory)
        echo.run(() -> {
            try (Arena arena = Arena.ofConfined()) {
                final MemorySegment pointer = arena.allocate(ValueLayout.ADDRESS);
                final long[] outCnt = {kIOConnectMethodVarOutputSize};
                assertThat(IOConnectCallMethod(connect, kBytes, new long[] {8}, 1, null, 0, null, null, pointer,
                        outCnt)).isEqualTo(kIOReturnSuccess);
                final long address = pointer.get(ValueLayout.JAVA_LONG_UNALIGNED, 0);
                assertThat(vm_deallocate(mach_task_self(), address, 8)).isEqualTo(kIOReturnSuccess);
                assertThat(vm_deallocate(mach_task_self(), address, 8)).isEqualTo(IOReturn.KERN_INVALID_ARGUMENT);
                assertThat(Diagnostics.lastFailure().explanation()).contains("freed twice");
            }
        });
    }

    @Test
    void shouldRefuseVarOutputOnAnAsyncCall() { // apple-semantics.md §2.2: sync IOConnectCallMethod only
        echo.run(() -> {
            try (Arena arena = Arena.ofConfined()) {
                final MemorySegment pointer = arena.allocate(ValueLayout.ADDRESS);
                final long[] outCnt = {kIOConnectMethodVarOutputSize};
                assertThat(IOConnectCallAsyncMethod(connect, kBytes, MACH_PORT_NULL, null, 0, new long[] {8}, 1, null,
                        0, null, null, pointer, outCnt)).isEqualTo(kIOReturnBadArgument);
                assertThat(Diagnostics.lastFailure().explanation()).contains("synchronous IOConnectCallMethod only");
                assertThat(outCnt[0]).isEqualTo(kIOConnectMethodVarOutputSize);
            }
        });
    }

    @Test
    void shouldRefuseVarOutputWithoutRoomForThePointer() { // apple-semantics.md §2.2: *(void **)outputStruct
        echo.run(() -> {
            final long[] outCnt = {kIOConnectMethodVarOutputSize};
            assertThat(IOConnectCallMethod(connect, kBytes, new long[] {8}, 1, null, 0, null, null,
                    MemorySegment.ofArray(new byte[4]), outCnt)).isEqualTo(kIOReturnBadArgument);
            assertThat(Diagnostics.lastFailure().explanation()).contains("hold a pointer");
        });
    }
}
