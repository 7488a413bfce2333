package org.iokit4j.examples.seed;

import static org.iokit4j.examples.seed.MyDriverShared.MessageType_AsyncRequest;
import static org.iokit4j.examples.seed.MyDriverShared.MessageType_RegisterAsyncCallback;
import static org.iokit4j.examples.seed.MyDriverShared.sizeof_ReadDataStruct;
import static org.iokit4j.iokitlib.CoreFoundation.CFRunLoopAddSource;
import static org.iokit4j.iokitlib.CoreFoundation.CFRunLoopGetCurrent;
import static org.iokit4j.iokitlib.CoreFoundation.CFRunLoopRun;
import static org.iokit4j.iokitlib.CoreFoundation.CFRunLoopStop;
import static org.iokit4j.iokitlib.CoreFoundation.kCFRunLoopDefaultMode;
import static org.iokit4j.iokitlib.IOKitLib.*;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.iokit4j.Diagnostics;
import org.iokit4j.IOReturn;
import org.iokit4j.dispatch.DispatchQueue;
import org.iokit4j.iokitlib.CFRunLoop;
import org.iokit4j.iokitlib.IOAsyncCallback;
import org.iokit4j.iokitlib.IONotificationPortRef;

/**
 * The seed, run: Stack Overflow's "IOUserClientMethodArguments completion value is always NULL" and its answer,
 * as a line-by-line Java port of the question's app against its dext ({@link MyDriverClient}): embedded by default,
 * or against a kernel daemon with {@code IOKIT4J_KERNEL=unix:PATH} (the same code).
 *
 * <ol>
 * <li>The question's call: the IOKit main port passed as the wake port. It fails with
 *     {@code kIOReturnBadArgument}, and iokit4j says why.</li>
 * <li>The answer's fix with a dispatch queue: a notification port, its mach port as the wake port.</li>
 * <li>The same fix with a run loop, the callback stopping it with {@code CFRunLoopStop}.</li>
 * </ol>
 */
public final class SeedDemo {
    private static final String DRIVER = "org.iokit4j.examples.seed.MyDriver";

    private static CFRunLoop globalRunLoop;
    private static CountDownLatch callbacks = new CountDownLatch(0);

    private SeedDemo() {
    }

    /** The question's callback, ported: {@code static void AsyncCallback(void* refcon, IOReturn result, void** args, uint32_t numArgs)}. */
    static void AsyncCallback(long refcon, int result, long[] args, int numArgs) {
        final String funcName;
        switch ((int) args[0]) {
            case 1 -> funcName = "'Register Async Callback'";
            case 2 -> funcName = "'Async Request'";
            default -> funcName = "UNKNOWN";
        }
        // ReadDataStruct* output = (ReadDataStruct*)(args + 1);
        final long foo = args[1];
        final long bar = args[2];
        System.out.printf("      callback on %-28s Got callback of %s from dext with returned data"
                        + " {foo=%d, bar=%d} with return code: 0x%08x.%n",
                "[" + Thread.currentThread().getName() + "]", funcName, foo, bar, result);
        if (globalRunLoop != null) {
            // Stop the run loop so our program can return to normal processing.
            CFRunLoopStop(globalRunLoop);
        }
        callbacks.countDown();
    }

    /**
     * Runs the three scenes and prints what happens.
     *
     * @throws InterruptedException if interrupted while waiting for a callback.
     */
    public static void main(String[] args) throws InterruptedException {
        System.out.println("""
                iokit4j demo: "IOUserClientMethodArguments completion value is always NULL" (Stack Overflow)
                The dext MyDriver runs in this app's kernel (%s). Its method RegisterAsyncCallback requires a
                completion (checkCompletionExists = true) and returns a 16-byte ReadDataStruct.
                """.formatted(org.iokit4j.mig.KernelProvider.requested().equals("embedded") ? "embedded in this JVM"
                : "the kernel daemon at " + org.iokit4j.mig.KernelProvider.requested()));
        final int service = IOServiceGetMatchingService(kIOMainPortDefault, IOServiceNameMatching(DRIVER));
        final int[] connection = new int[1];
        check("IOServiceOpen", IOServiceOpen(service, mach_task_self(), 0, connection));
        IOObjectRelease(service);

        final long[] asyncRef = new long[kOSAsyncRef64Count];
        asyncRef[kIOAsyncCalloutFuncIndex] = asyncCallout((IOAsyncCallback) SeedDemo::AsyncCallback);
        asyncRef[kIOAsyncCalloutRefconIndex] = 0; // (io_user_reference_t)nullptr

        theQuestion(connection[0], asyncRef);
        theFixWithADispatchQueue(connection[0], asyncRef);
        theFixWithARunLoop(connection[0], asyncRef);

        IOServiceClose(connection[0]);
        System.out.println("""
                Take-aways (docs/async-completions.md, "Pitfalls and their fixes"):
                  - kIOMainPortDefault / kIOMasterPortDefault is MACH_PORT_NULL: as wake_port it means "no completion".
                  - The wake port is a notification port's mach port, serviced by a dispatch queue or a run loop.
                  - Retain the OSAction in ExternalMethod to complete later; struct output returns with the call.""");
    }

    private static void theQuestion(int connection, long[] asyncRef) {
        System.out.println("1. The question: IOConnectCallAsyncStructMethod(connection, MessageType_RegisterAsyncCallback,"
                + " masterPort, ...)\n   with masterPort = kIOMasterPortDefault (= " + kIOMasterPortDefault + ")."
                + " iokit4j logs the pitfall once per call site:");
        try (Arena arena = Arena.ofConfined()) {
            final MemorySegment outputAssignCallback = arena.allocate(sizeof_ReadDataStruct);
            final long[] outputSize = {sizeof_ReadDataStruct};
            final int masterPort = kIOMasterPortDefault;
            final int ret = IOConnectCallAsyncStructMethod(connection, MessageType_RegisterAsyncCallback, masterPort,
                    asyncRef, kIOAsyncCalloutCount, null, 0, outputAssignCallback, outputSize);
            System.out.printf("   -> returned %s, as the question reports.%n   Why, in iokit4j's words:%n%s%n%n",
                    IOReturn.describe(ret), wrap(Diagnostics.lastFailure().explanation()));

            final int[] mainPort = new int[1];
            IOMainPort(MACH_PORT_NULL, mainPort);
            System.out.println("   Variant: a real main port from IOMainPort() (a send right, 0x"
                    + Integer.toHexString(mainPort[0]) + ") as wake_port:");
            final int variant = IOConnectCallAsyncStructMethod(connection, MessageType_RegisterAsyncCallback,
                    mainPort[0], asyncRef, kIOAsyncCalloutCount, null, 0, outputAssignCallback, outputSize);
            System.out.printf("   -> returned %s: the wake port travels as MAKE_SEND, which needs a receive right.%n"
                    + "%s%n%n", IOReturn.describe(variant), wrap(Diagnostics.lastFailure().explanation()));
            IOObjectRelease(mainPort[0]);
        }
    }

    private static void theFixWithADispatchQueue(int connection, long[] asyncRef) throws InterruptedException {
        System.out.println("2. The answer, with a dispatch queue:\n"
                + "   notify_port = IONotificationPortCreate(kIOMasterPortDefault);\n"
                + "   IONotificationPortSetDispatchQueue(notify_port, callback_dispatch_queue);\n"
                + "   callback_port = IONotificationPortGetMachPort(notify_port);  // pass this as wake_port");
        final DispatchQueue callbackQueue = DispatchQueue.create("com.example.callbacks");
        final IONotificationPortRef notifyPort = IONotificationPortCreate(kIOMasterPortDefault);
        IONotificationPortSetDispatchQueue(notifyPort, callbackQueue);
        final int callbackPort = IONotificationPortGetMachPort(notifyPort);

        callbacks = new CountDownLatch(2);
        registerAndRequest(connection, callbackPort, asyncRef, 21);
        await("the dispatch-queue callbacks");

        IONotificationPortDestroy(notifyPort);
        callbackQueue.close();
        System.out.println();
    }

    private static void theFixWithARunLoop(int connection, long[] asyncRef) {
        System.out.println("3. The answer, with a run loop (the callback calls CFRunLoopStop(globalRunLoop)):\n"
                + "   CFRunLoopAddSource(CFRunLoopGetCurrent(), IONotificationPortGetRunLoopSource(notify_port),"
                + " kCFRunLoopDefaultMode);");
        final IONotificationPortRef notifyPort = IONotificationPortCreate(kIOMasterPortDefault);
        globalRunLoop = CFRunLoopGetCurrent();
        CFRunLoopAddSource(globalRunLoop, IONotificationPortGetRunLoopSource(notifyPort), kCFRunLoopDefaultMode);
        final int callbackPort = IONotificationPortGetMachPort(notifyPort);

        callbacks = new CountDownLatch(2);
        register(connection, callbackPort, asyncRef);
        System.out.println("   CFRunLoopRun() ...");
        CFRunLoopRun(); // returns when the callback stops it
        request(connection, 42);
        System.out.println("   CFRunLoopRun() ...");
        CFRunLoopRun();
        System.out.println("   both run loops were stopped by the callback.\n");

        globalRunLoop = null;
        IONotificationPortDestroy(notifyPort);
    }

    private static void registerAndRequest(int connection, int callbackPort, long[] asyncRef, long request) {
        register(connection, callbackPort, asyncRef);
        request(connection, request);
    }

    private static void register(int connection, int callbackPort, long[] asyncRef) {
        try (Arena arena = Arena.ofConfined()) {
            final MemorySegment output = arena.allocate(sizeof_ReadDataStruct);
            final long[] outputSize = {sizeof_ReadDataStruct};
            final int ret = IOConnectCallAsyncStructMethod(connection, MessageType_RegisterAsyncCallback,
                    callbackPort, asyncRef, kIOAsyncCalloutCount, null, 0, output, outputSize);
            System.out.printf("   RegisterAsyncCallback -> %s; ReadDataStruct returned with the call: {foo=%d,"
                            + " bar=%d} (%d bytes)%n", IOReturn.describe(ret),
                    output.get(ValueLayout.JAVA_LONG, 0), output.get(ValueLayout.JAVA_LONG, 8), outputSize[0]);
        }
    }

    private static void request(int connection, long value) {
        final int ret = IOConnectCallScalarMethod(connection, MessageType_AsyncRequest, new long[] {value}, 1,
                null, null);
        System.out.printf("   AsyncRequest(%d) -> %s; the dext answers later through the saved OSAction%n", value,
                IOReturn.describe(ret));
    }

    private static void await(String what) throws InterruptedException {
        if (!callbacks.await(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("timed out waiting for " + what);
        }
    }

    private static void check(String function, int ret) {
        if (ret != kIOReturnSuccess) {
            throw new IllegalStateException(function + " failed: " + Diagnostics.lastFailure());
        }
    }

    private static String wrap(String text) {
        final StringBuilder out = new StringBuilder("     ");
        int column = 5;
        for (String word : text.split(" ")) {
            if (column + word.length() > 110) {
                out.append("\n     ");
                column = 5;
            }
            out.append(word).append(' ');
            column += word.length() + 1;
        }
        return out.toString().stripTrailing();
    }
}
