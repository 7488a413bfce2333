package org.iokit4j.systemtests.thirdparty;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;
import org.iokit4j.driverkit.IOAddressSegment;
import org.iokit4j.driverkit.IODispatchSource;
import org.iokit4j.driverkit.IOMemoryDescriptor;
import org.iokit4j.driverkit.IOMemoryMap;
import org.iokit4j.driverkit.IOService;
import org.iokit4j.driverkit.IOTimerDispatchSource;
import org.iokit4j.driverkit.OSArray;
import org.iokit4j.driverkit.OSBoolean;
import org.iokit4j.driverkit.OSCollection;
import org.iokit4j.driverkit.OSContainer;
import org.iokit4j.driverkit.OSData;
import org.iokit4j.driverkit.OSDictionary;
import org.iokit4j.driverkit.OSNumber;
import org.iokit4j.driverkit.OSObject;
import org.iokit4j.driverkit.OSString;
import org.iokit4j.iokitlib.CoreFoundation;
import org.iokit4j.iokitlib.IOKitLib;
import org.iokit4j.iokitlib.mach_timespec_t;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The names and shapes contract.md §7 fixes (properties, the registry, the OS containers), checked by reflection as
 * {@link ContractShapesTest} checks §2 and §3: code written by others against the contract alone compiles against
 * these exact signatures. A {@code null} return type is one the contract does not fix.
 */
class ContractSection7ShapesTest {
    private static final Class<?> I = int.class;
    private static final Class<?> L = long.class;
    private static final Class<?> Z = boolean.class;
    private static final Class<?> S = String.class;
    private static final Class<?> O = Object.class;

    static Stream<Arguments> methods() {
        return Stream.of(
                // client side, IOKitLib, Apple's argument order
                m(IOKitLib.class, true, O, "IORegistryEntryCreateCFProperty", I, S, O, I),
                m(IOKitLib.class, true, O, "IORegistryEntryCreateCFProperty", I, S),
                m(IOKitLib.class, true, I, "IORegistryEntryCreateCFProperties", I, Map[].class, O, I),
                m(IOKitLib.class, true, O, "IORegistryEntrySearchCFProperty", I, S, S, O, I),
                m(IOKitLib.class, true, I, "IORegistryEntrySetCFProperty", I, S, O),
                m(IOKitLib.class, true, I, "IORegistryEntrySetCFProperties", I, O),
                m(IOKitLib.class, true, I, "IORegistryGetRootEntry", I),
                m(IOKitLib.class, true, I, "IORegistryEntryFromPath", I, S),
                m(IOKitLib.class, true, I, "IORegistryEntryGetPath", I, S, String[].class),
                m(IOKitLib.class, true, I, "IORegistryEntryGetNameInPlane", I, S, String[].class),
                m(IOKitLib.class, true, I, "IORegistryEntryGetLocationInPlane", I, S, String[].class),
                m(IOKitLib.class, true, I, "IORegistryEntryGetParentEntry", I, S, int[].class),
                m(IOKitLib.class, true, I, "IORegistryEntryGetParentIterator", I, S, int[].class),
                m(IOKitLib.class, true, I, "IORegistryEntryGetChildEntry", I, S, int[].class),
                m(IOKitLib.class, true, I, "IORegistryEntryGetChildIterator", I, S, int[].class),
                m(IOKitLib.class, true, I, "IORegistryCreateIterator", I, S, I, int[].class),
                m(IOKitLib.class, true, I, "IORegistryEntryCreateIterator", I, S, I, int[].class),
                m(IOKitLib.class, true, I, "IORegistryIteratorEnterEntry", I),
                m(IOKitLib.class, true, I, "IORegistryIteratorExitEntry", I),
                m(IOKitLib.class, true, Z, "IORegistryEntryInPlane", I, S),
                m(IOKitLib.class, true, I, "IOObjectRetain", I),
                m(IOKitLib.class, true, Z, "IOObjectConformsTo", I, S),
                m(IOKitLib.class, true, Z, "IOObjectIsEqualTo", I, I),
                m(IOKitLib.class, true, S, "IOObjectCopyClass", I),
                m(IOKitLib.class, true, S, "IOObjectCopySuperclassForClass", S),
                m(IOKitLib.class, true, S, "IOObjectCopyBundleIdentifierForClass", S),
                m(IOKitLib.class, true, I, "IOObjectGetKernelRetainCount", I),
                m(IOKitLib.class, true, I, "IOObjectGetUserRetainCount", I),
                m(IOKitLib.class, true, I, "IOObjectGetRetainCount", I),
                m(IOKitLib.class, true, Z, "IOIteratorIsValid", I),
                m(IOKitLib.class, true, I, "IOConnectAddRef", I),
                m(IOKitLib.class, true, I, "IOConnectRelease", I),
                m(IOKitLib.class, true, I, "IOConnectGetService", I, int[].class),
                m(IOKitLib.class, true, I, "IOConnectSetNotificationPort", I, I, I, L),
                m(IOKitLib.class, true, I, "IOServiceGetBusyState", I, int[].class),
                m(IOKitLib.class, true, I, "IOServiceWaitQuiet", I, mach_timespec_t.class),
                m(IOKitLib.class, true, I, "IOKitGetBusyState", I, int[].class),
                m(IOKitLib.class, true, I, "IOKitWaitQuiet", I, mach_timespec_t.class),
                m(IOKitLib.class, true, byte[].class, "IOCFSerialize", O, I),
                m(IOKitLib.class, true, O, "IOCFUnserialize", S, O, I, String[].class),
                m(IOKitLib.class, true, I, "IOServiceMatchPropertyTable", I, Map.class, boolean[].class),
                // driver side: the OS containers keep DriverKit's lower-case names
                m(OSString.class, true, OSString.class, "withCString", S),
                m(OSString.class, false, S, "getCStringNoCopy"),
                m(OSString.class, false, null, "getLength"),
                m(OSString.class, false, Z, "isEqualTo", S),
                m(OSNumber.class, true, OSNumber.class, "withNumber", L, I),
                m(OSNumber.class, false, null, "unsigned64BitValue"),
                m(OSNumber.class, false, null, "unsigned32BitValue"),
                m(OSNumber.class, false, null, "unsigned16BitValue"),
                m(OSNumber.class, false, null, "unsigned8BitValue"),
                m(OSNumber.class, false, null, "numberOfBits"),
                m(OSBoolean.class, false, Z, "isTrue"),
                m(OSBoolean.class, false, Z, "getValue"),
                m(OSArray.class, true, OSArray.class, "withCapacity", I),
                m(OSArray.class, false, null, "setObject", OSObject.class),
                m(OSArray.class, false, null, "getObject", I),
                m(OSArray.class, false, null, "getCount"),
                m(OSArray.class, false, null, "replaceObject", I, OSObject.class),
                m(OSArray.class, false, null, "removeObject", I),
                m(OSDictionary.class, true, OSDictionary.class, "withCapacity", I),
                m(OSDictionary.class, false, null, "setObject", S, OSObject.class),
                m(OSDictionary.class, false, null, "getObject", S),
                m(OSDictionary.class, false, null, "removeObject", S),
                m(OSDictionary.class, false, null, "getCount"),
                m(OSData.class, true, OSData.class, "withCapacity", I),
                m(OSData.class, false, null, "getBytesNoCopy", L, L),
                m(OSObject.class, true, O, "OSDynamicCast", Class.class, O),
                // driver side: IOService's property calls
                m(IOService.class, false, I, "SetProperties", OSDictionary.class),
                m(IOService.class, false, I, "CopyProperties", OSDictionary[].class),
                m(IOService.class, false, I, "SearchProperty", S, S, L, OSContainer[].class),
                m(IOService.class, false, I, "RemoveProperty", S),
                m(IOService.class, false, I, "GetRegistryEntryID", long[].class),
                m(IOService.class, false, I, "SetName", S),
                m(IOService.class, false, I, "CopyName", OSString[].class),
                m(IOService.class, false, IOService.class, "GetProvider"),
                m(IOService.class, false, I, "CopyProviderProperties", OSArray.class, OSArray[].class),
                m(IOService.class, false, I, "Terminate", L),
                // the rest of the runtime
                m(IODispatchSource.class, false, I, "SetEnable", Z),
                m(IODispatchSource.class, false, I, "SetEnableWithCompletion", Z, Runnable.class),
                m(IOMemoryDescriptor.class, false, I, "GetAddressRange", IOAddressSegment[].class),
                m(IOMemoryDescriptor.class, true, I, "CreateSubMemoryDescriptor", L, L, L, IOMemoryDescriptor.class,
                        IOMemoryDescriptor[].class),
                m(IOMemoryDescriptor.class, false, I, "Map", L, L, L, L, long[].class, long[].class),
                m(IOMemoryMap.class, false, null, "GetOffset"));
    }

    @ParameterizedTest(name = "{1}.{3}")
    @MethodSource("methods")
    void shouldHaveTheSignatureContractSection7Fixes(Class<?> owner, String ownerName, boolean isStatic, String name,
                                                     Class<?> returns, Class<?>[] parameters) throws Exception {
        final Method method = owner.getMethod(name, parameters);
        assertThat(Modifier.isPublic(method.getModifiers())).isTrue();
        assertThat(Modifier.isStatic(method.getModifiers())).as("static").isEqualTo(isStatic);
        if (returns != null) {
            assertThat(method.getReturnType()).isEqualTo(returns);
        }
    }

    @Test
    void shouldGiveTheCollectionsIterateObjectsAndTheContainersTheirDriverKitBases() {
        // §7: "all extending OSCollection/OSObject as in DriverKit"; iterateObjects(...) takes a block
        for (Class<?> collection : new Class<?>[] {OSArray.class, OSDictionary.class}) {
            assertThat(OSCollection.class).isAssignableFrom(collection);
            assertThat(Arrays.stream(collection.getMethods())
                    .filter(method -> method.getName().equals("iterateObjects") && method.getParameterCount() == 1))
                    .as("%s.iterateObjects(block)", collection.getSimpleName()).isNotEmpty();
        }
        for (Class<?> container : new Class<?>[] {OSString.class, OSNumber.class, OSBoolean.class, OSData.class,
            OSArray.class, OSDictionary.class}) {
            assertThat(OSContainer.class).as(container.getSimpleName()).isAssignableFrom(container);
            assertThat(OSObject.class).isAssignableFrom(container);
        }
        assertThat(Arrays.stream(OSData.class.getMethods()).map(Method::getName))
                .contains("withBytesNoCopy", "appendBytes", "isEqualTo");
    }

    @Test
    void shouldFixTheConstantsAndTheTimespecRecord() throws Exception {
        assertThat(constant(IOKitLib.class, "kIOServicePlane")).isEqualTo("IOService");
        assertThat(IOKitLib.class.getField("kIORegistryIterateRecursively").getType()).isEqualTo(int.class);
        assertThat(IOKitLib.class.getField("kIORegistryIterateParents").getType()).isEqualTo(int.class);
        assertThat(constant(CoreFoundation.class, "kCFAllocatorDefault")).as("CFAllocatorRef: null").isNull();
        assertThat(constant(OSBoolean.class, "kOSBooleanTrue")).isInstanceOf(OSBoolean.class);
        assertThat(constant(OSBoolean.class, "kOSBooleanFalse")).isInstanceOf(OSBoolean.class);
        assertThat(IOTimerDispatchSource.class.getField("kIOTimerClockMachAbsoluteTime")).isNotNull();
        assertThat(IOTimerDispatchSource.class.getField("kIOTimerClockMachContinuousTime")).isNotNull();
        assertThat(mach_timespec_t.class.isRecord()).isTrue();
        assertThat(Arrays.stream(mach_timespec_t.class.getRecordComponents())
                .map(component -> component.getType().getName() + " " + component.getName()))
                .containsExactly("int tv_sec", "int tv_nsec");
    }

    private static Object constant(Class<?> owner, String name) throws Exception {
        final Field field = owner.getField(name);
        assertThat(Modifier.isStatic(field.getModifiers()) && Modifier.isFinal(field.getModifiers()))
                .as("%s.%s is a constant", owner.getSimpleName(), name).isTrue();
        return field.get(null);
    }

    private static Arguments m(Class<?> owner, boolean isStatic, Class<?> returns, String name,
                               Class<?>... parameters) {
        return Arguments.of(owner, owner.getSimpleName(), isStatic, name, returns, parameters);
    }
}
