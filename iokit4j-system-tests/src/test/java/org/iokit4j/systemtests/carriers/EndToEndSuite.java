package org.iokit4j.systemtests.carriers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.iokit4j.iokitlib.CoreFoundation.CFRunLoopAddSource;
import static org.iokit4j.iokitlib.CoreFoundation.CFRunLoopGetCurrent;
import static org.iokit4j.iokitlib.CoreFoundation.CFRunLoopRunInMode;
import static org.iokit4j.iokitlib.CoreFoundation.CFRunLoopStop;
import static org.iokit4j.iokitlib.CoreFoundation.kCFRunLoopDefaultMode;
import static org.iokit4j.iokitlib.IOKitLib.IOConnectCallAsyncScalarMethod;
import static org.iokit4j.iokitlib.IOKitLib.IOConnectCallMethod;
import static org.iokit4j.iokitlib.IOKitLib.IOConnectCallScalarMethod;
import static org.iokit4j.iokitlib.IOKitLib.IOConnectMapMemory64;
import static org.iokit4j.iokitlib.IOKitLib.IOConnectUnmapMemory64;
import static org.iokit4j.iokitlib.IOKitLib.IOIteratorNext;
import static org.iokit4j.iokitlib.IOKitLib.IONotificationPortCreate;
import static org.iokit4j.iokitlib.IOKitLib.IONotificationPortDestroy;
import static org.iokit4j.iokitlib.IOKitLib.IONotificationPortGetMachPort;
import static org.iokit4j.iokitlib.IOKitLib.IONotificationPortGetRunLoopSource;
import static org.iokit4j.iokitlib.IOKitLib.IONotificationPortSetDispatchQueue;
import static org.iokit4j.iokitlib.IOKitLib.IOObjectRelease;
import static org.iokit4j.iokitlib.IOKitLib.IORegistryEntryGetName;
import static org.iokit4j.iokitlib.IOKitLib.IOServiceAddMatchingNotification;
import static org.iokit4j.iokitlib.IOKitLib.IOServiceClose;
import static org.iokit4j.iokitlib.IOKitLib.IOServiceGetMatchingService;
import static org.iokit4j.iokitlib.IOKitLib.IOServiceNameMatching;
import static org.iokit4j.iokitlib.IOKitLib.IOServiceOpen;
import static org.iokit4j.iokitlib.IOKitLib.asyncCallout;
import static org.iokit4j.iokitlib.IOKitLib.kIOAsyncCalloutCount;
import static org.iokit4j.iokitlib.IOKitLib.kIOAsyncCalloutFuncIndex;
import static org.iokit4j.iokitlib.IOKitLib.kIOAsyncCalloutRefconIndex;
import static org.iokit4j.iokitlib.IOKitLib.kIOFirstMatchNotification;
import static org.iokit4j.iokitlib.IOKitLib.kIOMainPortDefault;
import static org.iokit4j.iokitlib.IOKitLib.kIOReturnSuccess;
import static org.iokit4j.iokitlib.IOKitLib.kOSAsyncRef64Count;
import static org.iokit4j.iokitlib.IOKitLib.mach_task_self;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.iokit4j.Diagnostics;
import org.iokit4j.IOReturn;
import org.iokit4j.IOReturnException;
import org.iokit4j.client.Completion;
import org.iokit4j.client.Connection;
import org.iokit4j.client.IOKit;
import org.iokit4j.client.NotificationPort;
import org.iokit4j.client.SharedBuffer;
import org.iokit4j.dispatch.DispatchQueue;
import org.iokit4j.iokitlib.IOAsyncCallback1;
import org.iokit4j.iokitlib.IONotificationPortRef;
import org.iokit4j.mig.Caller;
import org.iokit4j.systemtests.async.AsyncUserClient;
import org.iokit4j.systemtests.echo.EchoUserClient;
import org.iokit4j.systemtests.memory.MemoryUserClient;
import org.iokit4j.systemtests.spawner.SpawnerUserClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The end-to-end behaviour an app sees, written once and run against each carrier (issue 9 deliverable 7):
 * {@link EmbeddedCarrierTest} boots an isolated kernel in this JVM, {@link DaemonCarrierTest} talks to a kernel daemon
 * in a child JVM. Same calls, same codes, same explanations (issue 9 deliverable 4).
 *
 * <p>The fixture serves the test dexts of {@link CarrierFixture#BUNDLES} and gives the app the user-client
 * entitlement for them. Groups of tests written against {@link CarrierFixture} are mixed in as interfaces.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
abstract class EndToEndSuite
        implements CarrierFixture, RegistryEndToEnd, RuntimeMemoryEndToEnd, PropertyEndToEnd, ObjectEndToEnd {
    @Test
    void shouldCallASynchronousScalarMethod() { // apple-semantics.md §2: IOConnectCallScalarMethod
        final int connect = open(ECHO);
        final long[] out = new long[1];
        final int[] outCount = {1};
        assertThat(as(() -> IOConnectCallScalarMethod(connect, EchoUserClient.kSum, new long[] {2, 40}, 2, out,
                outCount))).isEqualTo(kIOReturnSuccess);
        assertThat(out[0]).isEqualTo(42);
        assertThat(outCount[0]).isEqualTo(1);
        close(connect);
    }

    @Test
    void shouldCopyInlineStructuresBothWays() { // apple-semantics.md §5: up to 4096 bytes inline, copied back
        final int connect = open(ECHO);
        final MemorySegment input = MemorySegment.ofArray("sixteen bytes!!!".getBytes());
        final MemorySegment output = MemorySegment.ofArray(new byte[16]);
        final long[] outSize = {16};
        final int code = as(() -> IOConnectCallMethod(connect, EchoUserClient.kReverse16, null, 0, input, 16, null,
                null, output, outSize));
        assertThat(code).isEqualTo(kIOReturnSuccess);
        assertThat(new String(output.toArray(ValueLayout.JAVA_BYTE))).isEqualTo("!!!setyb neetxis");
        close(connect);
    }

    @Test
    void shouldExplainADriverThatThrowsAsEmbeddedDoes() { // issue 8: a throw becomes kIOReturnError and why
        final int connect = open(ECHO);
        final int code = as(() -> IOConnectCallScalarMethod(connect, EchoUserClient.kThrow, null, 0, null, null));
        assertThat(code).isEqualTo(IOReturn.kIOReturnError);
        assertThat(as(Diagnostics::lastFailure).explanation()).contains("driver bug on purpose");
        close(connect);
    }

    @Test
    void shouldRefuseTheSeedsMistakeWithItsExplanation() { // seed, apple-semantics.md §10.1: main port as wake port
        final int connect = open(ASYNC);
        final long[] ref = new long[kOSAsyncRef64Count];
        final int code = as(() -> IOConnectCallAsyncScalarMethod(connect, AsyncUserClient.kEchoNow, kIOMainPortDefault,
                ref, kIOAsyncCalloutCount, new long[] {1}, 1, null, null));
        assertThat(code).isEqualTo(IOReturn.kIOReturnBadArgument);
        assertThat(as(Diagnostics::lastFailure).explanation()).contains("MACH_PORT_NULL");
        close(connect);
    }

    @Test
    void shouldDeliverACompletionOnADispatchQueue() throws Exception { // apple-semantics.md §4.1, §4.3
        final int connect = open(ASYNC);
        final CompletableFuture<Long> delivered = new CompletableFuture<>();
        final DispatchQueue queue = DispatchQueue.create("e2e-completions");
        final IONotificationPortRef port = as(() -> IONotificationPortCreate(kIOMainPortDefault));
        try {
            run(() -> IONotificationPortSetDispatchQueue(port, queue));
            final long[] ref = reference((IOAsyncCallback1) (refcon, result, a0) -> delivered.complete(a0));
            assertThat(as(() -> IOConnectCallAsyncScalarMethod(connect, AsyncUserClient.kEchoNow,
                    IONotificationPortGetMachPort(port), ref, kIOAsyncCalloutCount, new long[] {77}, 1, null, null)))
                    .isEqualTo(kIOReturnSuccess);
            assertThat(delivered.get(30, TimeUnit.SECONDS)).isEqualTo(77);
        } finally {
            run(() -> IONotificationPortDestroy(port));
            queue.close();
            close(connect);
        }
    }

    @Test
    void shouldDeliverACompletionOnARunLoop() { // apple-semantics.md §4.1: the run loop source
        final int connect = open(ASYNC);
        final List<Long> seen = new ArrayList<>();
        run(() -> {
            final IONotificationPortRef port = IONotificationPortCreate(kIOMainPortDefault);
            CFRunLoopAddSource(CFRunLoopGetCurrent(), IONotificationPortGetRunLoopSource(port), kCFRunLoopDefaultMode);
            final long[] ref = reference((IOAsyncCallback1) (refcon, result, a0) -> {
                seen.add(a0);
                CFRunLoopStop(CFRunLoopGetCurrent());
            });
            assertThat(IOConnectCallAsyncScalarMethod(connect, AsyncUserClient.kEchoNow,
                    IONotificationPortGetMachPort(port), ref, kIOAsyncCalloutCount, new long[] {5}, 1, null, null))
                    .isEqualTo(kIOReturnSuccess);
            CFRunLoopRunInMode(kCFRunLoopDefaultMode, 30, false);
            IONotificationPortDestroy(port);
        });
        assertThat(seen).containsExactly(5L);
        close(connect);
    }

    @Test
    void shouldArmAMatchingNotificationWithTheServicesThatMatchAlready() { // apple-semantics.md §8: drain to arm
        final List<String> names = as(() -> {
            final IONotificationPortRef port = IONotificationPortCreate(kIOMainPortDefault);
            final int[] iterator = new int[1];
            assertThat(IOServiceAddMatchingNotification(port, kIOFirstMatchNotification,
                    IOServiceNameMatching(ECHO), (refcon, it) -> { }, 0, iterator)).isEqualTo(kIOReturnSuccess);
            final List<String> found = new ArrayList<>();
            int service;
            while ((service = IOIteratorNext(iterator[0])) != 0) {
                final String[] name = new String[1];
                IORegistryEntryGetName(service, name);
                found.add(name[0]);
                IOObjectRelease(service);
            }
            IOObjectRelease(iterator[0]);
            IONotificationPortDestroy(port);
            return found;
        });
        assertThat(names).containsExactly(ECHO);
    }

    @Test
    void shouldDeliverAMatchingNotificationForAServiceThatAppearsLater() throws Exception { // apple-semantics §8
        final int connect = open(SPAWNER);
        final CompletableFuture<List<String>> matched = new CompletableFuture<>();
        final DispatchQueue queue = DispatchQueue.create("e2e-matching");
        final IONotificationPortRef port = as(() -> IONotificationPortCreate(kIOMainPortDefault));
        final int[] iterator = new int[1];
        try {
            run(() -> {
                IONotificationPortSetDispatchQueue(port, queue);
                assertThat(IOServiceAddMatchingNotification(port, kIOFirstMatchNotification,
                        IOServiceNameMatching(SPAWNED), (refcon, it) -> matched.complete(drain(it)), 0x5EED, iterator))
                        .isEqualTo(kIOReturnSuccess);
                drain(iterator[0]); // draining arms it (a shared fixture may hold services earlier tests spawned)
            });
            assertThat(as(() -> IOConnectCallScalarMethod(connect, SpawnerUserClient.kSpawn, null, 0, null, null)))
                    .isEqualTo(kIOReturnSuccess);
            assertThat(matched.get(30, TimeUnit.SECONDS)).containsExactly(SPAWNED);
        } finally {
            run(() -> {
                IOObjectRelease(iterator[0]);
                IONotificationPortDestroy(port);
            });
            queue.close();
            close(connect);
        }
    }

    /** Drains {@code iterator} (as the app), {@return the names of the services it held} */
    private static List<String> drain(int iterator) {
        final List<String> found = new ArrayList<>();
        int service;
        while ((service = IOIteratorNext(iterator)) != 0) {
            final String[] name = new String[1];
            IORegistryEntryGetName(service, name);
            found.add(name[0]);
            IOObjectRelease(service);
        }
        return found;
    }

    @Test
    void shouldShareDriverMemoryThroughIOConnectMapMemory64() { // apple-semantics.md §6.5: both sides see writes
        final int connect = open(MEMORY);
        final long[] address = new long[1];
        final long[] size = new long[1];
        assertThat(as(() -> IOConnectMapMemory64(connect, MemoryUserClient.kSharedType, mach_task_self(), address,
                size, 1))).isEqualTo(kIOReturnSuccess);
        assertThat(size[0]).isEqualTo(MemoryUserClient.SHARED_SIZE);
        final MemorySegment bytes = as(() -> org.iokit4j.iokitlib.IOKitLib.IOConnectMappedSegment(connect, address[0],
                size[0]));
        bytes.set(ValueLayout.JAVA_BYTE, 1, (byte) 0x42);
        final long[] out = new long[1];
        final int[] outCount = {1};
        assertThat(as(() -> IOConnectCallScalarMethod(connect, MemoryUserClient.kPokeShared, new long[] {0x17}, 1,
                out, outCount))).isEqualTo(kIOReturnSuccess);
        assertThat(out[0]).as("the driver read the app's write").isEqualTo(0x42);
        assertThat(bytes.get(ValueLayout.JAVA_BYTE, 0)).as("the app reads the driver's write").isEqualTo((byte) 0x17);
        assertThat(as(() -> IOConnectUnmapMemory64(connect, MemoryUserClient.kSharedType, mach_task_self(),
                address[0]))).isEqualTo(kIOReturnSuccess);
        close(connect);
    }

    @Test
    void shouldCarryHeapBuffersOver4096BytesBothWays() { // apple-semantics.md §5, decided point 4; issue 9 §2
        final int connect = open(MEMORY);
        final MemorySegment input = MemorySegment.ofArray(new byte[64 * 1024]).fill((byte) 1);
        final long[] sums = new long[2];
        final int[] sumCount = {2};
        final int summed = as(() -> IOConnectCallMethod(connect, MemoryUserClient.kInputSum, null, 0, input,
                input.byteSize(), sums, sumCount, null, null));
        assertThat(summed).isEqualTo(kIOReturnSuccess);
        assertThat(sums[0]).isEqualTo(64 * 1024);
        assertThat(sums[1]).as("it travelled as a descriptor").isEqualTo(1);
        final MemorySegment output = MemorySegment.ofArray(new byte[32 * 1024]);
        final long[] outSize = {output.byteSize()};
        final int filled = as(() -> IOConnectCallMethod(connect, MemoryUserClient.kFillOutput, new long[] {9}, 1,
                null, 0, null, null, output, outSize));
        assertThat(filled).isEqualTo(kIOReturnSuccess);
        assertThat(output.toArray(ValueLayout.JAVA_BYTE)).containsOnly((byte) 9);
        close(connect);
    }

    @Test
    void shouldShowAnAsyncCallsWritesAtItsCompletion() throws Exception { // decided point 4, issue 9 §2
        final int connect = open(MEMORY);
        final DispatchQueue queue = DispatchQueue.create("e2e-async-output");
        try (Arena arena = Arena.ofShared();
             NotificationPort port = IOKit.as(app()).notificationPort().dispatchOn(queue)) {
            final MemorySegment output = arena.allocate(16 * 1024);
            final Connection connection = IOKit.as(app()).open(IOKit.nameMatching(MEMORY));
            final CompletableFuture<Completion> done = as(() -> connection.call(MemoryUserClient.kFillLaterAndComplete)
                    .scalars(0x5A).structureOutput(output).invokeAsync(port));
            final Completion completion = done.get(30, TimeUnit.SECONDS);
            assertThat(completion.result()).isEqualTo(kIOReturnSuccess);
            assertThat(output.toArray(ValueLayout.JAVA_BYTE)).as("the driver's writes, visible at the completion")
                    .containsOnly((byte) 0x5A);
            connection.close();
        } finally {
            queue.close();
            close(connect);
        }
    }

    @Test
    void shouldShareAnAllocatedBufferWithoutACopy() { // issue 9 §2: the library allocator's memory is not staged
        final int connect = open(MEMORY);
        try (SharedBuffer buffer = IOKit.as(app()).allocate(16 * 1024)) {
            final long[] outSize = {buffer.size()};
            final int kept = as(() -> IOConnectCallMethod(connect, MemoryUserClient.kRetainOutput, null, 0, null, 0,
                    null, null, buffer.segment(), outSize));
            assertThat(kept).isEqualTo(kIOReturnSuccess);
            final int filled = as(() -> IOConnectCallScalarMethod(connect, MemoryUserClient.kFillRetained,
                    new long[] {0x33}, 1, null, null));
            assertThat(filled).isEqualTo(kIOReturnSuccess);
            assertThat(buffer.segment().toArray(ValueLayout.JAVA_BYTE)).as("the driver wrote into the app's own"
                    + " pages after the call that gave them returned").containsOnly((byte) 0x33);
        } finally {
            close(connect);
        }
    }

    @Test
    void shouldCallThroughTheJavaLayerAndExplainRefusals() { // contract §2: IOKit, Connection, MethodCallBuilder
        try (Connection connection = IOKit.as(app()).open(IOKit.nameMatching(ECHO))) {
            assertThat(as(() -> connection.call(EchoUserClient.kSum).scalars(20, 22).scalarOutputs(1).invoke())
                    .scalar(0)).isEqualTo(42);
            assertThatThrownBy(() -> as(() -> connection.call(EchoUserClient.kSum).scalars(1).scalarOutputs(1)
                    .invoke())).isInstanceOf(IOReturnException.class).hasMessageContaining("checkScalarInputCount=2");
        }
    }

    @Test
    void shouldDeliverMessagesInOrderUnderLoad() throws Exception { // apple-semantics.md §4.2: one port, in order
        final int connect = open(ASYNC);
        final List<Long> seen = new CopyOnWriteArrayList<>();
        final int count = 2_000;
        final CompletableFuture<Void> all = new CompletableFuture<>();
        final DispatchQueue queue = DispatchQueue.create("e2e-order");
        final IONotificationPortRef port = as(() -> IONotificationPortCreate(kIOMainPortDefault));
        try {
            run(() -> IONotificationPortSetDispatchQueue(port, queue));
            final long[] ref = reference((IOAsyncCallback1) (refcon, result, a0) -> {
                seen.add(a0);
                if (seen.size() == count) {
                    all.complete(null);
                }
            });
            run(() -> {
                for (long i = 0; i < count; i++) {
                    assertThat(IOConnectCallAsyncScalarMethod(connect, AsyncUserClient.kEchoNow,
                            IONotificationPortGetMachPort(port), ref, kIOAsyncCalloutCount, new long[] {i}, 1, null,
                            null)).isEqualTo(kIOReturnSuccess);
                }
            });
            all.get(60, TimeUnit.SECONDS);
            for (int i = 0; i < count; i++) {
                assertThat(seen.get(i)).isEqualTo(i);
            }
        } finally {
            run(() -> IONotificationPortDestroy(port));
            queue.close();
            close(connect);
        }
    }

    private static long[] reference(IOAsyncCallback1 callback) {
        final long[] ref = new long[kOSAsyncRef64Count];
        ref[kIOAsyncCalloutFuncIndex] = asyncCallout(callback);
        ref[kIOAsyncCalloutRefconIndex] = 0x5EED;
        return ref;
    }
}
