package org.iokit4j.examples.nulldriver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iokit4j.examples.nulldriver.NullDriverUserClient.ExternalMethodType_AsyncRequest;
import static org.iokit4j.examples.nulldriver.NullDriverUserClient.ExternalMethodType_CheckedScalar;
import static org.iokit4j.examples.nulldriver.NullDriverUserClient.ExternalMethodType_CheckedStruct;
import static org.iokit4j.examples.nulldriver.NullDriverUserClient.ExternalMethodType_RegisterAsyncCallback;
import static org.iokit4j.examples.nulldriver.NullDriverUserClient.ExternalMethodType_Scalar;
import static org.iokit4j.examples.nulldriver.NullDriverUserClient.ExternalMethodType_Struct;
import static org.iokit4j.examples.nulldriver.NullDriverUserClient.NumberOfExternalMethods;
import static org.iokit4j.iokitlib.IOKitLib.*;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.iokit4j.dispatch.DispatchQueue;
import org.iokit4j.iokitlib.IOAsyncCallback;
import org.iokit4j.iokitlib.IONotificationPortRef;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The ported dext's own rules, called directly: its dispatch table's checks, its selector range, its async
 * methods' preconditions, and its {@code Stop} (NullDriverUserClient.cpp; apple-semantics.md §6.2, §10.5, §10.9;
 * contract.md decided point 1).
 */
class NullDriverUserClientTest {
    private static final long[] SIXTEEN = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};

    private final Arena arena = Arena.ofConfined();
    private int connection;

    @BeforeEach
    void open() {
        final int service = IOServiceGetMatchingService(kIOMainPortDefault,
                IOServiceNameMatching(UserClientCommunication.dextIdentifier));
        assertThat(service).as("NullDriver registered at boot").isNotZero();
        final int[] connect = new int[1];
        assertThat(IOServiceOpen(service, mach_task_self(), 0, connect)).isEqualTo(kIOReturnSuccess);
        IOObjectRelease(service);
        connection = connect[0];
    }

    @AfterEach
    void close() {
        if (connection != 0) {
            IOServiceClose(connection);
        }
        arena.close();
    }

    @Test
    void shouldRefuseCheckedScalarUnlessSixteenInAndSixteenOut() {
        // dispatch table: checkScalarInputCount = 16, checkScalarOutputCount = 16 (the caller's capacity, §10.5)
        final long[] output = new long[16];
        assertThat(IOConnectCallScalarMethod(connection, ExternalMethodType_CheckedScalar, SIXTEEN, 15, output,
                new int[] {16})).isEqualTo(kIOReturnBadArgument);
        assertThat(IOConnectCallScalarMethod(connection, ExternalMethodType_CheckedScalar, SIXTEEN, 16, output,
                new int[] {15})).isEqualTo(kIOReturnBadArgument);
        assertThat(output).containsOnly(0L);
        assertThat(IOConnectCallScalarMethod(connection, ExternalMethodType_CheckedScalar, SIXTEEN, 16, output,
                new int[] {16})).isEqualTo(kIOReturnSuccess);
        assertThat(output).containsExactly(2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17);
    }

    @Test
    void shouldLetTheUncheckedScalarLimitItselfToTheSmallerCount() {
        // HandleExternalScalar: iterCount = min(inputCount, outputCount), no table
        final long[] output = new long[16];
        final int[] outputCount = {16};
        assertThat(IOConnectCallScalarMethod(connection, ExternalMethodType_Scalar, SIXTEEN, 3, output,
                outputCount)).isEqualTo(kIOReturnSuccess);
        assertThat(output).startsWith(2, 3, 4, 0);
    }

    @Test
    void shouldRefuseCheckedStructOfAnyOtherSize() {
        // dispatch table: checkStructureInputSize = checkStructureOutputSize = sizeof(DataStruct) = 16
        assertThat(callStruct(ExternalMethodType_CheckedStruct, 8, 16)).isEqualTo(kIOReturnBadArgument);
        assertThat(callStruct(ExternalMethodType_CheckedStruct, 16, 32)).isEqualTo(kIOReturnBadArgument);
        assertThat(callStruct(ExternalMethodType_CheckedStruct, 16, 16)).isEqualTo(kIOReturnSuccess);
        // the unchecked struct method takes a larger output buffer and says how much it wrote
        final MemorySegment output = arena.allocate(32, 8);
        final long[] outputSize = {32};
        assertThat(IOConnectCallStructMethod(connection, ExternalMethodType_Struct, dataStruct(300, 70000), 16,
                output, outputSize)).isEqualTo(kIOReturnSuccess);
        assertThat(outputSize[0]).isEqualTo(16);
        assertThat(output.get(ValueLayout.JAVA_LONG, 0)).isEqualTo(301);
        assertThat(output.get(ValueLayout.JAVA_LONG, 8)).isEqualTo(70010);
    }

    @Test
    void shouldAnswerSelectorsPastTheTableWithUnsupported() {
        // selector >= NumberOfExternalMethods keeps the runtime's null dispatch: contract.md decided point 1
        assertThat(IOConnectCallScalarMethod(connection, NumberOfExternalMethods, null, 0, null, null))
                .isEqualTo(kIOReturnUnsupported);
        // the client's int selector reaches the dext unsigned: 0xFFFFFFFF is past the table too
        assertThat(IOConnectCallScalarMethod(connection, -1, null, 0, null, null)).isEqualTo(kIOReturnUnsupported);
    }

    @Test
    void shouldRefuseRegisterAsyncCallbackWithoutACompletion() {
        // checkCompletionExists = true: a synchronous call carries none (apple-semantics.md §10.1)
        assertThat(callStruct(ExternalMethodType_RegisterAsyncCallback, 16, 16)).isEqualTo(kIOReturnBadArgument);
    }

    @Test
    void shouldFailAnAsyncRequestBeforeACallbackIsAssigned() {
        // HandleAsyncRequest: "Callback action not available." → kIOReturnError (the app tests kIOReturnNotReady)
        assertThat(IOConnectCallStructMethod(connection, ExternalMethodType_AsyncRequest, dataStruct(300, 70000), 16,
                null, null)).isEqualTo(kIOReturnError);
    }

    @Test
    void shouldRefuseACheckedCallThatCarriesACompletion() {
        // checkCompletionExists = false: an async call to a synchronous method (apple-semantics.md §10.9)
        final IONotificationPortRef port = IONotificationPortCreate(kIOMainPortDefault);
        final long[] reference = new long[kOSAsyncRef64Count];
        reference[kIOAsyncCalloutFuncIndex] = asyncCallout((IOAsyncCallback) (refcon, result, args, numArgs) -> { });
        try {
            assertThat(IOConnectCallAsyncStructMethod(connection, ExternalMethodType_CheckedStruct,
                    IONotificationPortGetMachPort(port), reference, kIOAsyncCalloutCount, dataStruct(300, 70000), 16,
                    arena.allocate(16, 8), new long[] {16})).isEqualTo(kIOReturnBadArgument);
        } finally {
            IONotificationPortDestroy(port); // lets go of the callout registration the call tied to it
        }
    }

    @Test
    void shouldCancelTheArmedTimerAndEverythingElseOnStopBeforeFreeing() throws Exception {
        // NullDriverUserClient::Stop: cancel the action, the timer, the queue and the saved callback; the last
        // cancel handler calls super::Stop; free() follows. The timer armed 5 s ahead never fires.
        final List<String> log = new CopyOnWriteArrayList<>();
        final CountDownLatch freed = new CountDownLatch(1);
        // an earlier test's client may still be finishing its own Stop (its cancel handlers run after its close
        // returned): only lines from this client's Stop() on count
        final java.util.concurrent.atomic.AtomicBoolean stopping = new java.util.concurrent.atomic.AtomicBoolean();
        final Logger jul = Logger.getLogger(NullDriverUserClient.class.getName());
        final Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getMessage().equals("NullDriver UserClient - Stop()")) {
                    stopping.set(true);
                }
                if (!stopping.get()) {
                    return;
                }
                log.add(record.getMessage());
                if (record.getMessage().endsWith("free()")) {
                    freed.countDown();
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        final Level level = jul.getLevel();
        jul.setLevel(Level.ALL);
        jul.addHandler(handler);
        final DispatchQueue queue = DispatchQueue.create("nulldriver-test");
        final IONotificationPortRef port = IONotificationPortCreate(kIOMainPortDefault);
        IONotificationPortSetDispatchQueue(port, queue);
        final CountDownLatch callbacks = new CountDownLatch(1);
        final long[] reference = new long[kOSAsyncRef64Count];
        reference[kIOAsyncCalloutFuncIndex] = asyncCallout(
                (IOAsyncCallback) (refcon, result, args, numArgs) -> callbacks.countDown());
        try {
            final MemorySegment output = arena.allocate(16, 8);
            assertThat(IOConnectCallAsyncStructMethod(connection, ExternalMethodType_RegisterAsyncCallback,
                    IONotificationPortGetMachPort(port), reference, kIOAsyncCalloutCount, dataStruct(300, 70000), 16,
                    output, new long[] {16})).isEqualTo(kIOReturnSuccess);
            assertThat(output.get(ValueLayout.JAVA_LONG, 8)).as("answered with the call").isEqualTo(70010);

            IOServiceClose(connection);
            connection = 0;
            assertThat(freed.await(30, TimeUnit.SECONDS)).as("free() ran; the log: %s", log).isTrue();

            final List<String> stop = log.stream().filter(line -> line.contains("Stop()") || line.contains("free()")
                    || line.contains("Woke async")).toList();
            assertThat(stop).containsSubsequence("NullDriver UserClient - Stop()",
                    "NullDriver UserClient - Stop() - Cancels started, they will stop the dext later.",
                    "NullDriver UserClient - Stop() - Finished.", "NullDriver UserClient - free()");
            assertThat(stop).noneMatch(line -> line.contains("Woke async"));
            assertThat(callbacks.getCount()).as("no completion after Stop").isEqualTo(1);
        } finally {
            jul.removeHandler(handler);
            jul.setLevel(level);
            IONotificationPortDestroy(port);
            queue.close();
        }
    }

    private int callStruct(int selector, int inputSize, int outputSize) {
        final MemorySegment input = arena.allocate(Math.max(inputSize, 16), 8);
        input.set(ValueLayout.JAVA_LONG, 0, 300);
        input.set(ValueLayout.JAVA_LONG, 8, 70000);
        return IOConnectCallStructMethod(connection, selector, input, inputSize, arena.allocate(outputSize, 8),
                new long[] {outputSize});
    }

    private MemorySegment dataStruct(long foo, long bar) {
        final MemorySegment struct = arena.allocate(16, 8);
        struct.set(ValueLayout.JAVA_LONG, 0, foo);
        struct.set(ValueLayout.JAVA_LONG, 8, bar);
        return struct;
    }
}
