package org.iokit4j.systemtests.thirdparty;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.MemorySegment;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Map;
import java.util.stream.Stream;
import org.iokit4j.IOReturn;
import org.iokit4j.dispatch.DispatchQueue;
import org.iokit4j.driverkit.IOBufferMemoryDescriptor;
import org.iokit4j.driverkit.IODispatchQueue;
import org.iokit4j.driverkit.IOMemoryDescriptor;
import org.iokit4j.driverkit.IOMemoryMap;
import org.iokit4j.driverkit.IOService;
import org.iokit4j.driverkit.IOTimerDispatchSource;
import org.iokit4j.driverkit.IOUserClient;
import org.iokit4j.driverkit.IOUserClientMethodArguments;
import org.iokit4j.driverkit.IOUserClientMethodDispatch;
import org.iokit4j.driverkit.OSAction;
import org.iokit4j.driverkit.OSActionHandler;
import org.iokit4j.driverkit.OSData;
import org.iokit4j.driverkit.OSObject;
import org.iokit4j.iokitlib.CFRunLoop;
import org.iokit4j.iokitlib.CFRunLoopSource;
import org.iokit4j.iokitlib.CoreFoundation;
import org.iokit4j.iokitlib.IOAsyncCallout;
import org.iokit4j.iokitlib.IOKitLib;
import org.iokit4j.iokitlib.IONotificationPortRef;
import org.iokit4j.iokitlib.IOServiceInterestCallback;
import org.iokit4j.iokitlib.IOServiceMatchingCallback;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The names and shapes contract.md fixes, checked by reflection: code written by others against the contract alone
 * compiles against these exact signatures (contract.md §2, §3).
 */
class ContractShapesTest {

    static Stream<Arguments> methods() {
        final Class<?> i = int.class;
        final Class<?> l = long.class;
        final Class<?> v = void.class;
        final Class<?> seg = MemorySegment.class;
        return Stream.of(
                // contract.md §2: IOKitLib, Apple's argument order
                m(IOKitLib.class, true, i, "IOMainPort", i, int[].class),
                m(IOKitLib.class, true, i, "IOMasterPort", i, int[].class),
                m(IOKitLib.class, true, Map.class, "IOServiceMatching", String.class),
                m(IOKitLib.class, true, Map.class, "IOServiceNameMatching", String.class),
                m(IOKitLib.class, true, i, "IOServiceGetMatchingService", i, Map.class),
                m(IOKitLib.class, true, i, "IOServiceGetMatchingServices", i, Map.class, int[].class),
                m(IOKitLib.class, true, i, "IOIteratorNext", i),
                m(IOKitLib.class, true, i, "IOServiceOpen", i, i, i, int[].class),
                m(IOKitLib.class, true, i, "mach_task_self"),
                m(IOKitLib.class, true, i, "IOServiceClose", i),
                m(IOKitLib.class, true, i, "IOObjectRelease", i),
                m(IOKitLib.class, true, i, "IORegistryEntryGetName", i, String[].class),
                m(IOKitLib.class, true, Object.class, "IORegistryEntryCreateCFProperty", i, String.class),
                m(IOKitLib.class, true, i, "IOConnectCallMethod", i, i, long[].class, i, seg, l, long[].class,
                        int[].class, seg, long[].class),
                m(IOKitLib.class, true, i, "IOConnectCallAsyncMethod", i, i, i, long[].class, i, long[].class, i,
                        seg, l, long[].class, int[].class, seg, long[].class),
                m(IOKitLib.class, true, i, "IOConnectCallStructMethod", i, i, seg, l, seg, long[].class),
                m(IOKitLib.class, true, i, "IOConnectCallAsyncStructMethod", i, i, i, long[].class, i, seg, l, seg,
                        long[].class),
                m(IOKitLib.class, true, i, "IOConnectCallScalarMethod", i, i, long[].class, i, long[].class,
                        int[].class),
                m(IOKitLib.class, true, i, "IOConnectCallAsyncScalarMethod", i, i, i, long[].class, i, long[].class,
                        i, long[].class, int[].class),
                m(IOKitLib.class, true, i, "IOConnectMapMemory64", i, i, i, long[].class, long[].class, i),
                m(IOKitLib.class, true, i, "IOConnectUnmapMemory64", i, i, i, l),
                m(IOKitLib.class, true, seg, "IOConnectMappedSegment", i, l, l),
                m(IOKitLib.class, true, IONotificationPortRef.class, "IONotificationPortCreate", i),
                m(IOKitLib.class, true, i, "IONotificationPortGetMachPort", IONotificationPortRef.class),
                m(IOKitLib.class, true, v, "IONotificationPortSetDispatchQueue", IONotificationPortRef.class,
                        DispatchQueue.class),
                m(IOKitLib.class, true, CFRunLoopSource.class, "IONotificationPortGetRunLoopSource",
                        IONotificationPortRef.class),
                m(IOKitLib.class, true, v, "IONotificationPortDestroy", IONotificationPortRef.class),
                m(IOKitLib.class, true, l, "asyncCallout", IOAsyncCallout.class),
                m(IOKitLib.class, true, i, "IOServiceAddMatchingNotification", IONotificationPortRef.class,
                        String.class, Map.class, IOServiceMatchingCallback.class, l, int[].class),
                m(IOKitLib.class, true, i, "IOServiceAddInterestNotification", IONotificationPortRef.class, i,
                        String.class, IOServiceInterestCallback.class, l, int[].class),
                m(CoreFoundation.class, true, CFRunLoop.class, "CFRunLoopGetCurrent"),
                m(CoreFoundation.class, true, v, "CFRunLoopAddSource", CFRunLoop.class, CFRunLoopSource.class,
                        String.class),
                m(CoreFoundation.class, true, v, "CFRunLoopRemoveSource", CFRunLoop.class, CFRunLoopSource.class,
                        String.class),
                m(CoreFoundation.class, true, v, "CFRunLoopRun"),
                m(CoreFoundation.class, true, v, "CFRunLoopStop", CFRunLoop.class),
                m(DispatchQueue.class, true, DispatchQueue.class, "create", String.class),
                m(DispatchQueue.class, true, DispatchQueue.class, "main"),
                m(IOReturn.class, true, String.class, "name", i),
                // contract.md §3: the driver side, Apple's capitalised names
                m(OSObject.class, false, v, "retain"),
                m(OSObject.class, false, v, "release"),
                m(OSObject.class, false, boolean.class, "init"),
                m(OSObject.class, false, v, "free"),
                m(OSData.class, true, OSData.class, "withBytes", byte[].class),
                m(OSData.class, true, OSData.class, "withBytes", seg),
                m(OSData.class, false, l, "getLength"),
                m(OSData.class, false, seg, "getBytesNoCopy"),
                m(IOService.class, false, i, "Start", IOService.class),
                m(IOService.class, false, i, "Stop", IOService.class),
                m(IOService.class, false, i, "NewUserClient", i, IOUserClient[].class),
                m(IOService.class, false, i, "RegisterService"),
                m(IOService.class, false, i, "Create", IOService.class, String.class, IOService[].class),
                m(IOService.class, false, i, "SetDispatchQueue", String.class, IODispatchQueue.class),
                m(IOService.class, false, i, "CopyDispatchQueue", String.class, IODispatchQueue[].class),
                m(IOUserClient.class, false, i, "ExternalMethod", l, IOUserClientMethodArguments.class,
                        IOUserClientMethodDispatch.class, OSObject.class, Object.class),
                m(IOUserClient.class, false, v, "AsyncCompletion", OSAction.class, i, long[].class, i),
                m(IOUserClient.class, false, i, "CopyClientMemoryForType", l, long[].class,
                        IOMemoryDescriptor[].class),
                m(IOUserClientMethodDispatch.class, true, IOUserClientMethodDispatch.Builder.class, "builder",
                        org.iokit4j.driverkit.IOUserClientMethodFunction.class),
                m(IOUserClientMethodDispatch.Builder.class, false, IOUserClientMethodDispatch.Builder.class,
                        "checkCompletionExists", boolean.class),
                m(IOUserClientMethodDispatch.Builder.class, false, IOUserClientMethodDispatch.class, "build"),
                m(IOMemoryDescriptor.class, false, i, "GetLength", long[].class),
                m(IOMemoryDescriptor.class, false, i, "CreateMapping", l, l, l, l, l, IOMemoryMap[].class),
                m(IOMemoryMap.class, false, l, "GetAddress"),
                m(IOMemoryMap.class, false, l, "GetLength"),
                m(IOMemoryMap.class, false, seg, "segment"),
                m(IOBufferMemoryDescriptor.class, true, i, "Create", l, l, l, IOBufferMemoryDescriptor[].class),
                m(IOBufferMemoryDescriptor.class, false, i, "SetLength", l),
                m(IODispatchQueue.class, true, i, "Create", String.class, l, l, IODispatchQueue[].class),
                m(IODispatchQueue.class, false, v, "DispatchAsync", Runnable.class),
                m(IODispatchQueue.class, false, v, "DispatchSync", Runnable.class),
                m(IODispatchQueue.class, false, i, "Cancel", Runnable.class),
                m(OSAction.class, true, i, "Create", OSObject.class, OSActionHandler.class, l, OSAction[].class),
                m(OSAction.class, false, seg, "GetReference"),
                m(OSAction.class, false, i, "Cancel", Runnable.class),
                m(OSAction.class, false, i, "SetAbortedHandler", Runnable.class),
                m(IOTimerDispatchSource.class, true, i, "Create", IODispatchQueue.class,
                        IOTimerDispatchSource[].class),
                m(IOTimerDispatchSource.class, false, i, "SetHandler", OSAction.class),
                m(IOTimerDispatchSource.class, false, i, "WakeAtTime", l, l, l),
                m(IOTimerDispatchSource.class, false, i, "Cancel", Runnable.class));
    }

    @ParameterizedTest(name = "{1}.{3}")
    @MethodSource("methods")
    void shouldHaveTheSignatureTheContractFixes(Class<?> owner, String ownerName, boolean isStatic, String name,
                                                Class<?> returns, Class<?>[] parameters) throws Exception {
        // contract.md §2, §3: others compile against exactly these
        final Method method = owner.getMethod(name, parameters);
        assertThat(Modifier.isPublic(method.getModifiers())).isTrue();
        assertThat(Modifier.isStatic(method.getModifiers())).as("static").isEqualTo(isStatic);
        assertThat(method.getReturnType()).isEqualTo(returns);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("argumentFields")
    void shouldExposeTheArgumentsAsPublicFields(String name, Class<?> type) throws Exception {
        // contract.md §3: IOUserClientMethodArguments is a mutable class with public fields, like the C struct
        final Field field = IOUserClientMethodArguments.class.getField(name);
        assertThat(field.getType()).isEqualTo(type);
        assertThat(Modifier.isStatic(field.getModifiers())).isFalse();
    }

    static Stream<Arguments> argumentFields() {
        return Stream.of(
                Arguments.of("selector", long.class), Arguments.of("completion", OSAction.class),
                Arguments.of("scalarInput", long[].class), Arguments.of("scalarInputCount", int.class),
                Arguments.of("structureInput", OSData.class),
                Arguments.of("structureInputDescriptor", IOMemoryDescriptor.class),
                Arguments.of("scalarOutput", long[].class), Arguments.of("scalarOutputCount", int.class),
                Arguments.of("structureOutput", OSData.class),
                Arguments.of("structureOutputDescriptor", IOMemoryDescriptor.class),
                Arguments.of("structureOutputMaximumSize", long.class));
    }

    private static Arguments m(Class<?> owner, boolean isStatic, Class<?> returns, String name,
                               Class<?>... parameters) {
        return Arguments.of(owner, owner.getSimpleName(), isStatic, name, returns, parameters);
    }
}
