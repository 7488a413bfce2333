package org.iokit4j.systemtests;

import static org.iokit4j.iokitlib.IOKitLib.*;

import java.io.IOException;
import java.lang.foreign.ValueLayout;
import org.iokit4j.Diagnostics;
import org.iokit4j.systemtests.memory.MemoryUserClient;

/**
 * The child of {@link AbandonedMappingTest}: an app that maps its driver's {@code IOBufferMemoryDescriptor}
 * ({@code IOConnectMapMemory64}), writes it, prints {@code ready}, and never closes anything; it waits until it is
 * killed (or its standard input closes, when it exits without cleaning up).
 */
public final class AbandonedMappingChild {
    private AbandonedMappingChild() {
    }

    /** Runs the child. */
    public static void main(String[] args) throws IOException {
        final MemoryKernel memory = new MemoryKernel();
        final int connect = memory.open();
        memory.run(() -> {
            final long[] address = new long[1];
            final long[] size = new long[1];
            final int mapped = IOConnectMapMemory64(connect, MemoryUserClient.kSharedType, mach_task_self(), address,
                    size, kIOMapAnywhere);
            if (mapped != kIOReturnSuccess) {
                throw new IllegalStateException("IOConnectMapMemory64: " + Diagnostics.lastFailure());
            }
            IOConnectMappedSegment(connect, address[0], size[0]).fill((byte) 3);
            if (IOConnectMappedSegment(connect, address[0], size[0]).get(ValueLayout.JAVA_BYTE, 1) != 3) {
                throw new IllegalStateException("the mapping does not hold what was written");
            }
        });
        System.out.println("ready");
        System.out.flush();
        while (System.in.read() >= 0) {
            // waits for the test to kill it, or for the test JVM to go (stdin closes)
        }
        System.exit(0);
    }
}
