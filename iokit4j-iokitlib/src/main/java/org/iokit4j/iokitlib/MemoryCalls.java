package org.iokit4j.iokitlib;

import static org.iokit4j.IOReturn.kIOReturnBadArgument;

import java.lang.foreign.MemorySegment;
import org.iokit4j.Diagnostics;
import org.iokit4j.Failure;
import org.iokit4j.mig.Caller;

/**
 * The client half of shared memory: {@code IOConnectMapMemory64}, {@code IOConnectUnmapMemory64} and the Java-only
 * {@code IOConnectMappedSegment} (apple-semantics.md §6.5). The rules live in the kernel; this checks the C-shaped
 * out-parameters and turns an address back into bytes through the task's address map.
 *
 * <p><b>Concurrency.</b> Stateless; any thread may call.
 */
final class MemoryCalls {
    private MemoryCalls() {
    }

    static int map(String function, int connect, int memoryType, int intoTask, long[] address, long[] size, int options) {
        Failure out = OutParameter.check(address, "address", "long[1]", "the mapping's address");
        if (out == null) {
            out = OutParameter.check(size, "size", "long[1]", "the mapping's size");
        }
        if (out != null) {
            return Diagnostics.fail(function, out);
        }
        final Caller caller = Caller.current();
        return ServiceCalls.checkedKernelCall(function, caller.kernel().connectMapMemory(
                caller.task(), connect, memoryType, intoTask, address, size, options));
    }

    static int unmap(String function, int connect, int memoryType, int fromTask, long address) {
        final Caller caller = Caller.current();
        return ServiceCalls.checkedKernelCall(function, caller.kernel().connectUnmapMemory(
                caller.task(), connect, memoryType, fromTask, address));
    }

    static MemorySegment segment(int connect, long address, long size) {
        final Caller caller = Caller.current();
        final MemorySegment[] found = new MemorySegment[1];
        final MemorySegment bytes = size > 0 && caller.kernel().vmResolve(caller.task(), address, size, found) == null
                ? found[0] : null;
        if (bytes == null) {
            Diagnostics.fail("IOConnectMappedSegment", Failure.of(kIOReturnBadArgument, "address=0x%X, size=%d:"
                    + " no live mapping of this task covers that range (never mapped, unmapped, or torn down when"
                    + " connect=0x%08X closed)", address, size, connect));
        }
        return bytes;
    }
}
