package org.iokit4j.systemtests.carriers;

import static org.iokit4j.iokitlib.IOKitLib.IOConnectCallAsyncScalarMethod;
import static org.iokit4j.iokitlib.IOKitLib.IOConnectMapMemory64;
import static org.iokit4j.iokitlib.IOKitLib.IONotificationPortCreate;
import static org.iokit4j.iokitlib.IOKitLib.IONotificationPortGetMachPort;
import static org.iokit4j.iokitlib.IOKitLib.IONotificationPortSetDispatchQueue;
import static org.iokit4j.iokitlib.IOKitLib.IOServiceGetMatchingService;
import static org.iokit4j.iokitlib.IOKitLib.IOServiceNameMatching;
import static org.iokit4j.iokitlib.IOKitLib.IOServiceOpen;
import static org.iokit4j.iokitlib.IOKitLib.kIOAsyncCalloutCount;
import static org.iokit4j.iokitlib.IOKitLib.kIOMainPortDefault;
import static org.iokit4j.iokitlib.IOKitLib.kIOReturnSuccess;
import static org.iokit4j.iokitlib.IOKitLib.kOSAsyncRef64Count;
import static org.iokit4j.iokitlib.IOKitLib.mach_task_self;

import org.iokit4j.Diagnostics;
import org.iokit4j.dispatch.DispatchQueue;
import org.iokit4j.iokitlib.IONotificationPortRef;
import org.iokit4j.systemtests.async.AsyncUserClient;
import org.iokit4j.systemtests.memory.MemoryUserClient;

/**
 * An app in a child JVM that reaches the daemon only through {@code IOKIT4J_KERNEL} (its code is what it would be
 * embedded): it opens the echo, async and memory dexts, maps the memory dext's shared memory, leaves an async call
 * whose completion the driver keeps, prints {@code ready}, and waits to be killed (issue 9 deliverable 5).
 */
public final class DaemonAppChild {
    private DaemonAppChild() {
    }

    public static void main(String[] args) throws Exception {
        final int echo = open(CarrierFixture.ECHO);
        final int async = open(CarrierFixture.ASYNC);
        final int memory = open(CarrierFixture.MEMORY);
        final long[] address = new long[1];
        final long[] size = new long[1];
        check(IOConnectMapMemory64(memory, MemoryUserClient.kSharedType, mach_task_self(), address, size, 1));
        final IONotificationPortRef port = IONotificationPortCreate(kIOMainPortDefault);
        IONotificationPortSetDispatchQueue(port, DispatchQueue.create("child-completions"));
        check(IOConnectCallAsyncScalarMethod(async, AsyncUserClient.kKeep, IONotificationPortGetMachPort(port),
                new long[kOSAsyncRef64Count], kIOAsyncCalloutCount, new long[] {1}, 1, null, null));
        System.out.println("ready " + echo);
        System.out.flush();
        while (System.in.read() >= 0) {
            // wait for the kill (or the test JVM's end, which closes standard input)
        }
    }

    private static int open(String driver) {
        final int service = IOServiceGetMatchingService(kIOMainPortDefault, IOServiceNameMatching(driver));
        final int[] connect = new int[1];
        check(IOServiceOpen(service, mach_task_self(), 0, connect));
        return connect[0];
    }

    private static void check(int code) {
        if (code != kIOReturnSuccess) {
            throw new IllegalStateException(Diagnostics.lastFailure().toString());
        }
    }
}
