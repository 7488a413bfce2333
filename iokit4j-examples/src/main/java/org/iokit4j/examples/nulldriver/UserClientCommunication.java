package org.iokit4j.examples.nulldriver;

import static org.iokit4j.iokitlib.CoreFoundation.CFRunLoopAddSource;
import static org.iokit4j.iokitlib.CoreFoundation.CFRunLoopGetCurrent;
import static org.iokit4j.iokitlib.CoreFoundation.CFRunLoopRemoveSource;
import static org.iokit4j.iokitlib.CoreFoundation.kCFRunLoopDefaultMode;
import static org.iokit4j.iokitlib.IOKitLib.*;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Map;
import org.iokit4j.iokitlib.CFRunLoop;
import org.iokit4j.iokitlib.CFRunLoopSource;
import org.iokit4j.iokitlib.IOAsyncCallback;
import org.iokit4j.iokitlib.IONotificationPortRef;

/**
 * The sample app's C half, {@code UserClientCommunication.c}, ported line by line: it finds NullDriver through a
 * first-match notification on a run loop, opens it, and calls each of its six methods, printing exactly what the
 * C code prints. The view model ({@link DriverCommunicationViewModel}) is its {@code refcon}.
 *
 * <p>What it prints (the values the sample's app shows), with the dext's answers:
 * <pre>
 * Opened connection to dext.                         (the first-match notification, drained at setup)
 * Input of size 16: { 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 }      (scalar, checked scalar)
 * Output of size 16: { 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 }
 * Input: / Output: {.foo = 300, .bar = 70000} / {.foo = 301, .bar = 70010}   (struct, checked struct)
 * Input: / Output: {.foo = 0, .bar = 0, .largeArray[0] = 0} / {1, 10, 0}   (large struct, 4104 bytes)
 * Async result should match output result.  ...  then, five to seven seconds later on the run loop,
 * {.foo = 301, .bar = 70010}                         (AsyncCallback, for both async actions)
 * Closed connection to dext.                         (the terminated notification)
 * </pre>
 * A failed call prints {@code "... failed with error: 0x%08x."} and the code's system, subsystem and code.
 *
 * <p>Ported from Apple's sample "Communicating between a DriverKit extension and a client app", as published in
 * {@code mihaelamj/cupertino-sample-code}, {@code driverkit-communicating-between-a-driverkit-extension-and-a-client-app/
 * DriverKitUserClientSample/DriverKitSampleApp/UserClientCommunication.c} (and {@code .h}); the earlier
 * command-line client, {@code DanBurkhardt/DriverKitUserClientSample}, {@code CppUserClient/main.cpp}, makes the
 * same calls with the same values. Differences forced by Java: the callback's function pointer is registered with
 * {@code asyncCallout}; {@code dextIdentifier} is the Java class name, since {@code IOUserClass} is one here; the
 * matching dictionary needs no {@code CFRetain}s, because {@code IOServiceAddMatchingNotification} only reads it;
 * and the scalar and struct functions, identical in C but for the selector, share one body each.
 *
 * <p>Concurrency: confined to the thread whose run loop {@link #UserClientSetup} took, as the C globals are;
 * every callback runs there, while that thread runs its run loop.
 */
public final class UserClientCommunication {
    // It should be identical to the IOUserClass value in your IOKitPersonalities ("NullDriver" in the sample).
    static final String dextIdentifier = "org.iokit4j.examples.nulldriver.NullDriver";

    private static IONotificationPortRef globalNotificationPort;
    private static int globalMachNotificationPort;
    private static CFRunLoop globalRunLoop;
    private static CFRunLoopSource globalRunLoopSource;
    private static int globalDeviceAddedIter = IO_OBJECT_NULL;
    private static int globalDeviceRemovedIter = IO_OBJECT_NULL;

    // MARK: Helpers

    static final int MessageType_Scalar = 0;
    static final int MessageType_Struct = 1;
    static final int MessageType_CheckedScalar = 2;
    static final int MessageType_CheckedStruct = 3;
    static final int MessageType_RegisterAsyncCallback = 4;
    static final int MessageType_AsyncRequest = 5;

    // typedef struct { uint64_t foo; uint64_t bar; } DataStruct;
    static final int sizeof_DataStruct = 16;
    // typedef struct { uint64_t foo; uint64_t bar; uint64_t largeArray[511]; } OversizedDataStruct;
    static final int sizeof_OversizedDataStruct = 16 + 511 * 8;

    // (io_user_reference_t)AsyncCallback: a C function's address, registered once as a function lives forever.
    private static final long AsyncCallbackAddress =
            asyncCallout((IOAsyncCallback) UserClientCommunication::AsyncCallback);

    private UserClientCommunication() {
    }

    static void PrintArray(long[] ptr, int length) {
        final StringBuilder line = new StringBuilder("{ ");
        for (int idx = 0; idx < length; ++idx) {
            line.append(Long.toUnsignedString(ptr[idx])).append(' ');
        }
        System.out.print(line.append("} \n"));
    }

    static void PrintStruct(MemorySegment ptr) {
        System.out.print("{\n");
        System.out.printf("\t.foo = %s,\n", Long.toUnsignedString(ptr.get(ValueLayout.JAVA_LONG_UNALIGNED, 0)));
        System.out.printf("\t.bar = %s,\n", Long.toUnsignedString(ptr.get(ValueLayout.JAVA_LONG_UNALIGNED, 8)));
        System.out.print("}\n");
    }

    static void PrintOversizedStruct(MemorySegment ptr) {
        System.out.print("{\n");
        System.out.printf("\t.foo = %s,\n", Long.toUnsignedString(ptr.get(ValueLayout.JAVA_LONG_UNALIGNED, 0)));
        System.out.printf("\t.bar = %s,\n", Long.toUnsignedString(ptr.get(ValueLayout.JAVA_LONG_UNALIGNED, 8)));
        System.out.printf("\t.largeArray[0] = %s,\n",
                Long.toUnsignedString(ptr.get(ValueLayout.JAVA_LONG_UNALIGNED, 16)));
        System.out.print("}\n");
    }

    static void PrintErrorDetails(int ret) {
        System.out.printf("\tSystem: 0x%02x\n", err_get_system(ret));
        System.out.printf("\tSubsystem: 0x%03x\n", err_get_sub(ret));
        System.out.printf("\tCode: 0x%04x\n", err_get_code(ret));
    }

    // <mach/error.h>: err_get_system, err_get_sub, err_get_code
    static int err_get_system(int err) {
        return (err >>> 26) & 0x3f;
    }

    static int err_get_sub(int err) {
        return (err >>> 14) & 0xfff;
    }

    static int err_get_code(int err) {
        return err & 0x3fff;
    }

    // MARK: C Constructors/Destructors

    /**
     * {@code UserClientSetup}: a notification port on the calling thread's run loop, then a first-match and a
     * terminated notification for NullDriver, each drained once (which opens NullDriver if it is already there).
     *
     * @return false (after printing why to stderr) if any step fails.
     */
    public static boolean UserClientSetup(long refcon) {
        int ret;

        globalRunLoop = CFRunLoopGetCurrent();
        if (globalRunLoop == null) {
            System.err.print("Failed to initialize globalRunLoop.\n");
            return false;
        }

        globalNotificationPort = IONotificationPortCreate(kIOMainPortDefault);
        if (globalNotificationPort == null) {
            System.err.print("Failed to initialize globalNotificationPort.\n");
            UserClientTeardown();
            return false;
        }

        globalMachNotificationPort = IONotificationPortGetMachPort(globalNotificationPort);
        if (globalMachNotificationPort == 0) {
            System.err.print("Failed to initialize globalMachNotificationPort.\n");
            UserClientTeardown();
            return false;
        }

        globalRunLoopSource = IONotificationPortGetRunLoopSource(globalNotificationPort);
        if (globalRunLoopSource == null) {
            System.err.print("Failed to initialize globalRunLoopSource.\n");
            return false;
        }

        // Establish our notifications in the run loop, so we can get callbacks.
        CFRunLoopAddSource(globalRunLoop, globalRunLoopSource, kCFRunLoopDefaultMode);

        final Map<String, Object> matchingDictionary = IOServiceNameMatching(dextIdentifier);
        if (matchingDictionary == null) {
            System.err.print("Failed to initialize matchingDictionary.\n");
            UserClientTeardown();
            return false;
        }

        final int[] iterator = new int[1];
        ret = IOServiceAddMatchingNotification(globalNotificationPort, kIOFirstMatchNotification, matchingDictionary,
                UserClientCommunication::DeviceAdded, refcon, iterator);
        globalDeviceAddedIter = iterator[0];
        if (ret != kIOReturnSuccess) {
            System.err.printf("Add matching notification failed with error: 0x%08x.\n", ret);
            UserClientTeardown();
            return false;
        }
        DeviceAdded(refcon, globalDeviceAddedIter);

        ret = IOServiceAddMatchingNotification(globalNotificationPort, kIOTerminatedNotification, matchingDictionary,
                UserClientCommunication::DeviceRemoved, refcon, iterator);
        globalDeviceRemovedIter = iterator[0];
        if (ret != kIOReturnSuccess) {
            System.err.printf("Add termination notification failed with error: 0x%08x.\n", ret);
            UserClientTeardown();
            return false;
        }
        DeviceRemoved(refcon, globalDeviceRemovedIter);

        return true;
    }

    /** {@code UserClientTeardown}: takes the port off the run loop and destroys it (which ends its notifications). */
    public static void UserClientTeardown() {
        if (globalRunLoopSource != null) {
            CFRunLoopRemoveSource(globalRunLoop, globalRunLoopSource, kCFRunLoopDefaultMode);
            globalRunLoopSource = null;
        }

        if (globalNotificationPort != null) {
            IONotificationPortDestroy(globalNotificationPort);
            globalNotificationPort = null;
            globalMachNotificationPort = 0;
        }

        globalRunLoop = null; // CFRelease(globalRunLoop)

        globalDeviceAddedIter = IO_OBJECT_NULL;
        globalDeviceRemovedIter = IO_OBJECT_NULL;
    }

    // MARK: Asynchronous Events

    static void DeviceAdded(long refcon, int iterator) {
        int device;

        while ((device = IOIteratorNext(iterator)) != IO_OBJECT_NULL) {
            // Open a connection to this user client as a server to that client.
            final int[] connection = new int[1];
            final int ret = IOServiceOpen(device, mach_task_self(), 0, connection);

            if (ret == kIOReturnSuccess) {
                System.out.print("Opened connection to dext.\n");
            } else {
                System.err.printf("Failed opening connection to dext with error: 0x%08x.\n", ret);
                IOObjectRelease(device);
                return;
            }

            DriverCommunicationViewModel.SwiftDeviceAdded(refcon, connection[0]);

            IOObjectRelease(device);
        }
    }

    static void DeviceRemoved(long refcon, int iterator) {
        int device;

        while ((device = IOIteratorNext(iterator)) != IO_OBJECT_NULL) {
            System.out.print("Closed connection to dext.\n");
            IOObjectRelease(device);
            DriverCommunicationViewModel.SwiftDeviceRemoved(refcon);
        }
    }

    // The "IOAsyncCallback" form (3 or more arguments: the dext sends 3); refcon is asyncRef[kIOAsyncCalloutRefconIndex].
    static void AsyncCallback(long refcon, int result, long[] args, int numArgs) {
        // DataStruct* output = (DataStruct*)(arrArgs + 1);
        final MemorySegment output = MemorySegment.ofArray(new long[] {args[1], args[2]});

        PrintStruct(output);
        DriverCommunicationViewModel.SwiftAsyncCallback(refcon, result, args, numArgs);
    }

    // MARK: Unchecked Actions Sent to Dext

    public static boolean UncheckedScalar(int connection) {
        return scalar(connection, MessageType_Scalar);
    }

    public static boolean UncheckedStruct(int connection) {
        return struct(connection, MessageType_Struct);
    }

    public static boolean UncheckedLargeStruct(int connection) {
        try (Arena arena = Arena.ofConfined()) {
            final long inputSize = sizeof_OversizedDataStruct;
            final MemorySegment input = arena.allocate(sizeof_OversizedDataStruct, 8); // = { }

            final long[] outputSize = {sizeof_OversizedDataStruct};
            final MemorySegment output = arena.allocate(sizeof_OversizedDataStruct, 8); // = { }

            final int ret = IOConnectCallStructMethod(connection, MessageType_Struct, input, inputSize, output,
                    outputSize);
            if (ret != kIOReturnSuccess) {
                System.out.printf("IOConnectCallStructMethod failed with error: 0x%08x.\n", ret);
                PrintErrorDetails(ret);
            }

            System.out.print("Input: \n");
            PrintOversizedStruct(input);
            System.out.print("Output: \n");
            PrintOversizedStruct(output);

            return ret == kIOReturnSuccess;
        }
    }

    // MARK: Checked Actions Sent to Dext

    public static boolean CheckedScalar(int connection) {
        return scalar(connection, MessageType_CheckedScalar);
    }

    public static boolean CheckedStruct(int connection) {
        return struct(connection, MessageType_CheckedStruct);
    }

    public static boolean AssignAsyncCallback(long refcon, int connection) {
        final long[] asyncRef = new long[kOSAsyncRef64Count];

        // Our "AsyncCallback" is the function called when the dext calls its "AsyncCompletion" function.
        asyncRef[kIOAsyncCalloutFuncIndex] = AsyncCallbackAddress;
        // Use this for context on the return. We'll pass the refcon so we can talk back to the view model.
        asyncRef[kIOAsyncCalloutRefconIndex] = refcon;

        try (Arena arena = Arena.ofConfined()) {
            final long inputSize = sizeof_DataStruct;
            final MemorySegment input = dataStruct(arena, 300, 70000);

            final long[] outputSize = {sizeof_DataStruct};
            final MemorySegment output = dataStruct(arena, 0, 0);

            final int ret = IOConnectCallAsyncStructMethod(connection, MessageType_RegisterAsyncCallback,
                    globalMachNotificationPort, asyncRef, kIOAsyncCalloutCount, input, inputSize, output, outputSize);
            if (ret != kIOReturnSuccess) {
                System.out.printf("IOConnectCallStructMethod failed with error: 0x%08x.\n", ret);
                PrintErrorDetails(ret);
            }

            System.out.print("Input: \n");
            PrintStruct(input);
            System.out.print("Output: \n");
            PrintStruct(output);

            System.out.print("Async result should match output result.\n");
            System.out.print("Assigned callback to dext. Async actions can now be executed.\n");
            System.out.print("Please wait for the callback...\n");

            return ret == kIOReturnSuccess;
        }
    }

    public static boolean SubmitAsyncRequest(int connection) {
        try (Arena arena = Arena.ofConfined()) {
            final long inputSize = sizeof_DataStruct;
            final MemorySegment input = dataStruct(arena, 300, 70000);

            final int ret = IOConnectCallAsyncStructMethod(connection, MessageType_AsyncRequest,
                    globalMachNotificationPort, null, 0, input, inputSize, null, null);
            if (ret == kIOReturnNotReady) {
                System.out.print("No callback has been assigned to the dext, so it cannot respond to the async"
                        + " action.\n");
                System.out.print("Execute the action to assign a callback to the dext before calling this action.\n");
            }
            if (ret != kIOReturnSuccess) {
                System.out.printf("IOConnectCallStructMethod failed with error: 0x%08x.\n", ret);
                PrintErrorDetails(ret);
            }

            return ret == kIOReturnSuccess;
        }
    }

    // UncheckedScalar and CheckedScalar differ only in the selector.
    private static boolean scalar(int connection, int selector) {
        // IOConnectCallScalarMethod fails for any count over 16 (and the checked method for any other than 16).
        final int arraySize = 16;
        final long[] input = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};

        final int[] outputArraySize = {arraySize};
        final long[] output = new long[arraySize];

        final int ret = IOConnectCallScalarMethod(connection, selector, input, arraySize, output, outputArraySize);
        if (ret != kIOReturnSuccess) {
            System.out.printf("IOConnectCallScalarMethod failed with error: 0x%08x.\n", ret);
            PrintErrorDetails(ret);
        }

        System.out.printf("Input of size %d: ", arraySize);
        PrintArray(input, arraySize);
        System.out.printf("Output of size %d: ", outputArraySize[0]);
        PrintArray(output, outputArraySize[0]);

        return ret == kIOReturnSuccess;
    }

    // UncheckedStruct and CheckedStruct differ only in the selector.
    private static boolean struct(int connection, int selector) {
        try (Arena arena = Arena.ofConfined()) {
            final long inputSize = sizeof_DataStruct;
            final MemorySegment input = dataStruct(arena, 300, 70000);

            final long[] outputSize = {sizeof_DataStruct};
            final MemorySegment output = dataStruct(arena, 0, 0);

            final int ret = IOConnectCallStructMethod(connection, selector, input, inputSize, output, outputSize);
            if (ret != kIOReturnSuccess) {
                System.out.printf("IOConnectCallStructMethod failed with error: 0x%08x.\n", ret);
                PrintErrorDetails(ret);
            }

            System.out.print("Input: \n");
            PrintStruct(input);
            System.out.print("Output: \n");
            PrintStruct(output);

            return ret == kIOReturnSuccess;
        }
    }

    // const DataStruct input = { .foo = foo, .bar = bar };
    private static MemorySegment dataStruct(Arena arena, long foo, long bar) {
        final MemorySegment struct = arena.allocate(sizeof_DataStruct, 8);
        struct.set(ValueLayout.JAVA_LONG, 0, foo);
        struct.set(ValueLayout.JAVA_LONG, 8, bar);
        return struct;
    }
}
