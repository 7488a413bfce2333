package org.iokit4j.systemtests.carriers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iokit4j.iokitlib.IOKitLib.*;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.iokit4j.Diagnostics;
import org.iokit4j.IOReturn;
import org.iokit4j.iokitlib.IONotificationPortRef;
import org.iokit4j.iokitlib.mach_timespec_t;
import org.iokit4j.systemtests.echo.EchoUserClient;
import org.iokit4j.systemtests.memory.MemoryUserClient;
import org.iokit4j.systemtests.objects.ObjectsDriver;
import org.iokit4j.systemtests.objects.ObjectsUserClient;
import org.junit.jupiter.api.Test;

/**
 * The object and connection functions end to end, on every carrier (issue 11 deliverables 3 and 5): user references,
 * conformance and classes, kernel retain counts, iterators, a connection's name after {@code IOServiceClose}, its
 * service, notification ports, busy state and waiting for quiet, and the main port every routine that takes one
 * checks. Each test cites the rule and the Apple source it checks.
 */
interface ObjectEndToEnd extends CarrierFixture {
    String GATED_NUB = "org.iokit4j.systemtests.objects.GatedNub";
    String NAMED = "org.iokit4j.systemtests.objects.NamedService";
    /** A name no task holds: names are drawn at random, so this one means nothing here. */
    int BOGUS = 0x0BAD_F00D;
    mach_timespec_t SHORT = new mach_timespec_t(0, 50_000_000);

    /** {@return the first service named {@code name}, a name the caller releases} */
    private int service(String name) {
        return as(() -> IOServiceGetMatchingService(kIOMainPortDefault, IOServiceNameMatching(name)));
    }

    private String why() {
        return as(Diagnostics::lastFailure).explanation();
    }

    @Test
    default void shouldCountUserReferencesUpAndDown() { // IOKitLib.c IOObjectRetain: mach_port_mod_refs(SEND, +1)
        final int service = service(OBJECTS);
        run(() -> {
            assertThat(IOObjectGetUserRetainCount(service)).isEqualTo(1);
            assertThat(IOObjectRetain(service)).isEqualTo(kIOReturnSuccess);
            assertThat(IOObjectRetain(service)).isEqualTo(kIOReturnSuccess);
            assertThat(IOObjectGetUserRetainCount(service)).isEqualTo(3);
            for (int i = 0; i < 3; i++) {
                assertThat(IOObjectRelease(service)).as("release %d", i + 1).isEqualTo(kIOReturnSuccess);
            }
            // the name went with its last reference: mach_port_deallocate answers KERN_INVALID_NAME (ipc_right.c)
            assertThat(IOObjectRelease(service)).isEqualTo(IOReturn.KERN_INVALID_NAME);
            assertThat(IOObjectGetUserRetainCount(service)).isZero();
            assertThat(IOObjectRetain(service)).isEqualTo(IOReturn.KERN_INVALID_NAME);
            assertThat(why()).contains("not a name this task holds");
            assertThat(IOObjectGetUserRetainCount(MACH_PORT_NULL)).as("mach_port_get_refs: !MACH_PORT_VALID")
                    .isEqualTo(1);
        });
    }

    @Test
    default void shouldAddOneReferencePerNameHandedOutAgain() { // one name per port: ipc_right_copyout adds a uref
        final int first = service(OBJECTS);
        final int second = service(OBJECTS);
        run(() -> {
            assertThat(IOObjectIsEqualTo(first, second)).as("IOKitLib.c compares the names").isTrue();
            assertThat(IOObjectGetUserRetainCount(first)).isEqualTo(2);
            final int echo = service(ECHO);
            assertThat(IOObjectIsEqualTo(first, echo)).isFalse();
            IOObjectRelease(echo);
            IOObjectRelease(first);
            IOObjectRelease(second);
        });
    }

    @Test
    default void shouldConformAlongTheClassChainWithTheDriversOwnNames() { // is_io_object_conforms_to: metaCast
        final int service = service(OBJECTS);
        run(() -> {
            for (String className : List.of("IOUserService", "IOService", "IORegistryEntry", "OSObject", OBJECTS,
                    "ObjectsDriver")) {
                assertThat(IOObjectConformsTo(service, className)).as(className).isTrue();
            }
            assertThat(IOObjectConformsTo(service, "IOUserClient")).isFalse();
            assertThat(IOObjectConformsTo(service, "SpawnerDriver")).isFalse();
            assertThat(IOObjectConformsTo(service, null)).isFalse();
            assertThat(why()).contains("className is null");
            final int[] iterator = new int[1];
            IOServiceGetMatchingServices(kIOMainPortDefault, IOServiceMatching(OBJECTS), iterator);
            assertThat(IOObjectConformsTo(iterator[0], "OSIterator")).as("an IOUserIterator").isTrue();
            assertThat(IOObjectConformsTo(BOGUS, "OSObject")).isFalse();
            assertThat(Diagnostics.lastFailure().code()).isEqualTo(MACH_SEND_INVALID_DEST);
            IOObjectRelease(iterator[0]);
            IOObjectRelease(service);
        });
    }

    @Test
    default void shouldNameClassesSuperclassesAndBundles() { // is_io_object_get_superclass, _get_bundle_identifier
        final int service = service(OBJECTS);
        run(() -> {
            final List<String> chain = new ArrayList<>();
            for (String c = IOObjectCopyClass(service); c != null; c = IOObjectCopySuperclassForClass(c)) {
                chain.add(c);
            }
            assertThat(chain).containsExactly("IOUserService", "IOService", "IORegistryEntry", "OSObject");
            assertThat(IOObjectCopySuperclassForClass(OBJECTS)).as("the kernel class standing for it")
                    .isEqualTo("IOUserService");
            assertThat(IOObjectCopySuperclassForClass(ObjectsUserClient.class.getName())).isEqualTo("IOUserUserClient");
            assertThat(IOObjectCopyBundleIdentifierForClass(OBJECTS)).isEqualTo("org.iokit4j.test.objects");
            // libkern OSKext.cpp: the kernel's classes belong to kOSKextKernelIdentifier
            assertThat(IOObjectCopyBundleIdentifierForClass("IOService")).isEqualTo("__kernel__");
            assertThat(IOObjectCopySuperclassForClass("NoSuchClass")).isNull();
            assertThat(Diagnostics.lastFailure().code()).isEqualTo(kIOReturnNotFound);
            assertThat(IOObjectCopyBundleIdentifierForClass(null)).as("IOKitLib.c: NULL for NULL").isNull();
            assertThat(IOObjectCopyClass(IO_OBJECT_NULL)).isNull();
            IOObjectRelease(service);
        });
    }

    @Test
    default void shouldShowTheClassNameOverride() { // IOKitLib.c _IOObjectGetClass, _IOObjectConformsTo
        final int named = service(NAMED);
        run(() -> {
            assertThat(IOObjectCopyClass(named)).isEqualTo("AppleNamedService");
            final String[] className = new String[1];
            assertThat(IOObjectGetClass(named, className)).isEqualTo(kIOReturnSuccess);
            assertThat(className[0]).isEqualTo("AppleNamedService");
            assertThat(IOObjectConformsTo(named, "AppleNamedService")).isTrue();
            assertThat(IOObjectConformsTo(named, "IOUserService")).as("the kernel chain still holds").isTrue();
            IOObjectRelease(named);
        });
    }

    @Test
    default void shouldRefuseObjectFunctionsOnAConnection() { // MIG iokit_lookup_object_port: no IKOT_IOKIT_OBJECT
        final int connect = open(OBJECTS);
        run(() -> {
            assertThat(IOObjectConformsTo(connect, "IOUserClient")).isFalse();
            assertThat(Diagnostics.lastFailure().code()).isEqualTo(kIOReturnBadArgument);
            assertThat(why()).contains("io_connect_t");
            assertThat(IOObjectCopyClass(connect)).isNull();
            assertThat(IOObjectGetClass(connect, new String[1])).isEqualTo(kIOReturnBadArgument);
            assertThat(IOObjectGetKernelRetainCount(connect)).isZero();
            assertThat(IOIteratorIsValid(connect)).isFalse();
            assertThat(IOObjectGetUserRetainCount(connect)).as("a Mach count: any name").isEqualTo(1);
        });
        close(connect);
    }

    @Test
    default void shouldCountTheKernelsReferencesToAService() { // is_io_object_get_retain_count: getRetainCount
        final int service = service(OBJECTS);
        final int before = as(() -> IOObjectGetKernelRetainCount(service));
        assertThat(before).as("its provider's link, its driver's, its port's, and one per child")
                .isGreaterThanOrEqualTo(3);
        final int connect = open(OBJECTS);
        assertThat(as(() -> IOObjectGetKernelRetainCount(service))).as("attachToParent: the user client's link")
                .isEqualTo(before + 1);
        assertThat(as(() -> IOObjectGetRetainCount(service))).as("the deprecated name").isEqualTo(before + 1);
        close(connect);
        assertThat(as(() -> IOObjectGetKernelRetainCount(service))).isEqualTo(before);
        run(() -> {
            assertThat(IOObjectGetKernelRetainCount(BOGUS)).isZero();
            assertThat(Diagnostics.lastFailure().code()).isEqualTo(MACH_SEND_INVALID_DEST);
            IOObjectRelease(service);
        });
    }

    @Test
    default void shouldKeepIteratorsValid() { // is_io_iterator_is_valid: CHECK(OSIterator), isValid
        run(() -> {
            final int[] iterator = new int[1];
            IOServiceGetMatchingServices(kIOMainPortDefault, IOServiceMatching("IOService"), iterator);
            assertThat(IOIteratorIsValid(iterator[0])).isTrue();
            int next;
            while ((next = IOIteratorNext(iterator[0])) != 0) {
                IOObjectRelease(next);
            }
            assertThat(IOIteratorIsValid(iterator[0])).as("a snapshot: OSCollectionIterator over its own set")
                    .isTrue();
            final int service = service(OBJECTS);
            assertThat(IOIteratorIsValid(service)).isFalse();
            assertThat(Diagnostics.lastFailure().code()).isEqualTo(kIOReturnBadArgument);
            IOObjectRelease(service);
            IOObjectRelease(iterator[0]);
            assertThat(IOIteratorIsValid(iterator[0])).as("released").isFalse();
            assertThat(Diagnostics.lastFailure().code()).isEqualTo(MACH_SEND_INVALID_DEST);
        });
    }

    @Test
    default void shouldLeaveADeadNameAfterCloseWhileAReferenceRemains() {
        // XNU IOUserUserClient::clientClose → terminate → IOUserClient::destroyUserReferences destroys the connection's
        // port: the name kept by IOConnectAddRef is a dead name (calls: MACH_SEND_INVALID_DEST, mach_msg to a dead name)
        final int connect = open(ECHO);
        run(() -> {
            assertThat(IOConnectAddRef(connect)).isEqualTo(kIOReturnSuccess);
            assertThat(IOObjectGetUserRetainCount(connect)).isEqualTo(2);
            assertThat(IOServiceClose(connect)).isEqualTo(kIOReturnSuccess);
            assertThat(IOConnectCallScalarMethod(connect, EchoUserClient.kSum, new long[] {1, 2}, 2, new long[1],
                    new int[] {1})).isEqualTo(MACH_SEND_INVALID_DEST);
            assertThat(IOConnectGetService(connect, new int[1])).isEqualTo(MACH_SEND_INVALID_DEST);
            assertThat(IOObjectGetUserRetainCount(connect)).as("mach_port_get_refs(SEND) of a dead name").isZero();
            assertThat(IOObjectRetain(connect)).as("IOObjectRetain retries as a dead name").isEqualTo(kIOReturnSuccess);
            assertThat(IOConnectRelease(connect)).as("IOConnectRelease does not").isEqualTo(IOReturn.KERN_INVALID_RIGHT);
            assertThat(IOObjectRelease(connect)).isEqualTo(kIOReturnSuccess);
            assertThat(IOObjectRelease(connect)).isEqualTo(kIOReturnSuccess);
            assertThat(IOObjectRelease(connect)).isEqualTo(IOReturn.KERN_INVALID_NAME);
        });
    }

    @Test
    default void shouldKeepAClosedConnectionsPortForItsMappingsUntilItsLastReference() {
        // XNU IOUserClient::destroyUserReferences: a client with mappings hands its port to them; CHECK(IOUserClient)
        // then fails (kIOReturnBadArgument), is_io_service_close answers success, and iokit_client_died on the last
        // send right releases the mappings
        final int connect = open(MEMORY);
        run(() -> {
            final long[] address = new long[1];
            final long[] size = new long[1];
            assertThat(IOConnectMapMemory64(connect, MemoryUserClient.kSharedType, mach_task_self(), address, size,
                    kIOMapAnywhere)).isEqualTo(kIOReturnSuccess);
            final MemorySegment bytes = IOConnectMappedSegment(connect, address[0], size[0]);
            assertThat(IOConnectAddRef(connect)).isEqualTo(kIOReturnSuccess);
            assertThat(IOConnectAddRef(connect)).isEqualTo(kIOReturnSuccess);
            assertThat(IOServiceClose(connect)).isEqualTo(kIOReturnSuccess);
            bytes.set(ValueLayout.JAVA_BYTE, 0, (byte) 0x5A); // embedded this is the kernel's mapping: still mapped
            assertThat(bytes.get(ValueLayout.JAVA_BYTE, 0)).isEqualTo((byte) 0x5A);
            assertThat(IOConnectCallScalarMethod(connect, MemoryUserClient.kPokeShared, new long[] {1}, 1,
                    new long[1], new int[] {1})).isEqualTo(kIOReturnBadArgument);
            assertThat(why()).contains("was closed");
            assertThat(IOConnectGetService(connect, new int[1])).isEqualTo(kIOReturnBadArgument);
            assertThat(IOConnectMapMemory64(connect, MemoryUserClient.kSharedType, mach_task_self(), new long[1],
                    new long[1], kIOMapAnywhere)).isEqualTo(kIOReturnBadArgument);
            assertThat(IOConnectUnmapMemory64(connect, MemoryUserClient.kSharedType, mach_task_self(), address[0]))
                    .isEqualTo(kIOReturnBadArgument);
            assertThat(IOObjectGetUserRetainCount(connect)).as("a live send right still").isEqualTo(2);
            assertThat(IOServiceClose(connect)).as("is_io_service_close on the mappings: success")
                    .isEqualTo(kIOReturnSuccess);
            assertThat(IOConnectRelease(connect)).as("the last reference").isEqualTo(kIOReturnSuccess);
            assertThat(IOConnectMappedSegment(connect, address[0], size[0])).as("torn down with it").isNull();
            assertThat(IOObjectRelease(connect)).isEqualTo(IOReturn.KERN_INVALID_NAME);
        });
    }

    @Test
    default void shouldGiveAConnectionsService() { // is_io_connect_get_service: a new send right to getService()
        final int connect = open(OBJECTS);
        run(() -> {
            final int[] service = {0x77};
            assertThat(IOConnectGetService(connect, service)).isEqualTo(kIOReturnSuccess);
            final String[] name = new String[1];
            IORegistryEntryGetName(service[0], name);
            assertThat(name[0]).isEqualTo(OBJECTS);
            assertThat(IOObjectIsEqualTo(service[0], service(OBJECTS))).as("the task's one name for it").isTrue();
            assertThat(IOObjectGetUserRetainCount(service[0])).isEqualTo(2);
            assertThat(IOConnectGetService(connect, null)).isEqualTo(kIOReturnBadArgument);
            assertThat(IOConnectGetService(service[0], new int[1]))
                    .as("a service is no io_connect_t: CHECK(IOUserClient)").isEqualTo(kIOReturnBadArgument);
            final int[] untouched = {0x77};
            assertThat(IOConnectGetService(BOGUS, untouched)).isEqualTo(MACH_SEND_INVALID_DEST);
            assertThat(untouched[0]).as("MIG writes no out-parameter on failure").isEqualTo(0x77);
            IOObjectRelease(service[0]);
            IOObjectRelease(service[0]);
        });
        close(connect);
    }

    @Test
    default void shouldRefuseANotificationPortForADextsUserClient() {
        // XNU is_io_connect_set_notification_port → IOUserClient::registerNotificationPort: kIOReturnUnsupported, which
        // IOUserUserClient (IOUserServer.cpp) does not override; the port travels as mach_port_make_send_t
        final int connect = open(OBJECTS);
        final IONotificationPortRef port = as(() -> IONotificationPortCreate(kIOMainPortDefault));
        run(() -> {
            final int receive = IONotificationPortGetMachPort(port);
            assertThat(IOConnectSetNotificationPort(connect, 0, receive, 5)).isEqualTo(kIOReturnUnsupported);
            assertThat(why()).contains("registerNotificationPort");
            assertThat(IOConnectSetNotificationPort(connect, 0, MACH_PORT_NULL, 0)).isEqualTo(kIOReturnUnsupported);
            final int service = service(OBJECTS);
            assertThat(IOConnectSetNotificationPort(connect, 0, service, 0)).as("MAKE_SEND needs a receive right")
                    .isEqualTo(MACH_SEND_INVALID_RIGHT);
            assertThat(IOConnectSetNotificationPort(service, 0, receive, 0)).isEqualTo(kIOReturnBadArgument);
            assertThat(IOConnectSetNotificationPort(BOGUS, 0, receive, 0)).isEqualTo(MACH_SEND_INVALID_DEST);
            IOObjectRelease(service);
            IONotificationPortDestroy(port);
        });
        close(connect);
    }

    @Test
    default void shouldAnswerKIOReturnErrorForNewUserClientSuccessWithNoClient() {
        // XNU is_io_service_open_extended: "client should always be a IOUserClient" → kIOReturnError
        final int service = service(OBJECTS);
        run(() -> {
            final int[] connect = {0x77};
            assertThat(IOServiceOpen(service, mach_task_self(), ObjectsDriver.kNoClient, connect))
                    .isEqualTo(kIOReturnError);
            assertThat(why()).contains("no user client");
            assertThat(connect[0]).as("no connection name").isEqualTo(0x77);
            IOObjectRelease(service);
        });
    }

    @Test
    default void shouldBeQuietOnceNothingIsMatchingAndBadInputsAnswerAsApplesDo() {
        // IOKitLib.c IOKitGetBusyState, IOServiceGetBusyStateAndTime (0 on failure); XNU CHECK(IOService)
        final int service = service(OBJECTS);
        run(() -> {
            final int[] busy = {7};
            assertThat(IOKitGetBusyState(kIOMainPortDefault, busy)).isEqualTo(kIOReturnSuccess);
            assertThat(busy[0]).isZero();
            assertThat(IOKitWaitQuiet(kIOMainPortDefault, SHORT)).isEqualTo(kIOReturnSuccess);
            assertThat(IOKitWaitQuietWithOptions(kIOMainPortDefault, SHORT, 1)).as("kIOWaitQuietPanicOnFailure: no"
                    + " panic here, the same wait").isEqualTo(kIOReturnSuccess);
            assertThat(IOServiceWaitQuiet(service, null)).as("NULL: no limit, and quiet at once")
                    .isEqualTo(kIOReturnSuccess);
            busy[0] = 7;
            assertThat(IOServiceGetBusyState(service, busy)).isEqualTo(kIOReturnSuccess);
            assertThat(busy[0]).isZero();
            assertThat(IOServiceGetBusyState(service, null)).isEqualTo(kIOReturnBadArgument);
            final int[] iterator = new int[1];
            IOServiceGetMatchingServices(kIOMainPortDefault, IOServiceMatching(OBJECTS), iterator);
            busy[0] = 7;
            assertThat(IOServiceGetBusyState(iterator[0], busy)).isEqualTo(kIOReturnBadArgument);
            assertThat(busy[0]).as("written 0 on failure").isZero();
            assertThat(IOServiceWaitQuiet(iterator[0], SHORT)).isEqualTo(kIOReturnBadArgument);
            assertThat(IOServiceWaitQuiet(BOGUS, SHORT)).isEqualTo(MACH_SEND_INVALID_DEST);
            IOObjectRelease(iterator[0]);
            IOObjectRelease(service);
        });
    }

    @Test
    default void shouldRefuseEveryMainPortThatIsAnotherObject() {
        // XNU: main_port != main_device_port → kIOReturnNotPrivileged (internal_io_service_get_matching_services,
        // is_io_registry_entry_from_path, internal_io_service_add_notification); an unknown name cannot be sent to
        final int service = service(OBJECTS);
        run(() -> {
            final int[] out = {7};
            assertThat(IOServiceGetMatchingServices(service, IOServiceMatching("IOService"), out))
                    .isEqualTo(kIOReturnNotPrivileged);
            assertThat(IOServiceGetMatchingService(service, IOServiceMatching("IOService"))).isZero();
            assertThat(Diagnostics.lastFailure().code()).isEqualTo(kIOReturnNotPrivileged);
            assertThat(IOKitGetBusyState(service, out)).isEqualTo(kIOReturnNotPrivileged);
            assertThat(out[0]).isZero();
            assertThat(IOKitWaitQuiet(service, SHORT)).isEqualTo(kIOReturnNotPrivileged);
            assertThat(IOKitWaitQuietWithOptions(service, SHORT, 0)).isEqualTo(kIOReturnNotPrivileged);
            assertThat(IOKitWaitQuiet(BOGUS, SHORT)).isEqualTo(MACH_SEND_INVALID_DEST);
            final IONotificationPortRef port = IONotificationPortCreate(service);
            assertThat(IOServiceAddMatchingNotification(port, kIOFirstMatchNotification, IOServiceMatching("IOService"),
                    (refcon, iterator) -> { }, 0, out)).isEqualTo(kIOReturnNotPrivileged);
            IONotificationPortDestroy(port);
            final int[] main = new int[1];
            assertThat(IOMainPort(MACH_PORT_NULL, main)).isEqualTo(kIOReturnSuccess);
            assertThat(IOKitGetBusyState(main[0], out)).as("the task's own main port").isEqualTo(kIOReturnSuccess);
            assertThat(IOKitWaitQuiet(main[0], SHORT)).isEqualTo(kIOReturnSuccess);
            IOObjectRelease(main[0]);
            IOObjectRelease(service);
        });
    }

    @Test
    default void shouldStayBusyWhileADriverStartsAndWaitQuietUntilItHasStarted() throws Exception {
        // XNU IOService::startMatching/doServiceMatch hold the busy count until the matched drivers' start returns,
        // _adjustBusy carries it to the root; waitForState answers kIOReturnTimeout when the time passes first
        final int connect = open(OBJECTS);
        final CompletableFuture<Integer> quiet;
        try {
            assertThat(as(() -> IOConnectCallScalarMethod(connect, ObjectsUserClient.kSpawnGated, null, 0, null,
                    null))).as("the gated driver reached its gate").isEqualTo(kIOReturnSuccess);
            final int nub = service(GATED_NUB);
            final int objects = service(OBJECTS);
            run(() -> {
                final int[] busy = new int[1];
                assertThat(IOServiceGetBusyState(nub, busy)).isEqualTo(kIOReturnSuccess);
                assertThat(busy[0]).as("its matching is not done").isEqualTo(1);
                assertThat(IOServiceGetBusyState(objects, busy)).isEqualTo(kIOReturnSuccess);
                assertThat(busy[0]).as("one busy child").isEqualTo(1);
                assertThat(IOKitGetBusyState(kIOMainPortDefault, busy)).isEqualTo(kIOReturnSuccess);
                assertThat(busy[0]).isPositive();
                assertThat(IOServiceWaitQuiet(nub, SHORT)).isEqualTo(kIOReturnTimeout);
                assertThat(why()).contains("GatedNub");
                assertThat(IOKitWaitQuiet(kIOMainPortDefault, SHORT)).isEqualTo(kIOReturnTimeout);
            });
            quiet = CompletableFuture.supplyAsync(() -> as(() -> IOKitWaitQuiet(kIOMainPortDefault, null)));
            assertThat(quiet).as("no limit: it waits").isNotDone();
            assertThat(as(() -> IOConnectCallScalarMethod(connect, ObjectsUserClient.kOpenGate, null, 0, null, null)))
                    .isEqualTo(kIOReturnSuccess);
            assertThat(quiet.get(30, TimeUnit.SECONDS)).isEqualTo(kIOReturnSuccess);
            run(() -> {
                assertThat(IOServiceWaitQuiet(nub, null)).isEqualTo(kIOReturnSuccess);
                final int[] busy = {7};
                assertThat(IOServiceGetBusyState(nub, busy)).isEqualTo(kIOReturnSuccess);
                assertThat(busy[0]).isZero();
                IOObjectRelease(nub);
                IOObjectRelease(objects);
            });
        } finally {
            as(() -> IOConnectCallScalarMethod(connect, ObjectsUserClient.kOpenGate, null, 0, null, null));
            close(connect);
        }
    }

    @Test
    default void shouldWriteNullAndZeroWhenAVarOutputCallFails() { // IOKitLib.c IOConnectCallMethod, var_output
        final int connect = open(ECHO);
        try (Arena arena = Arena.ofShared()) {
            final MemorySegment pointer = arena.allocate(ValueLayout.ADDRESS);
            pointer.set(ValueLayout.JAVA_LONG_UNALIGNED, 0, 0xDEADL);
            final long[] outCnt = {kIOConnectMethodVarOutputSize};
            // kSum checks two scalar inputs: with none, its dispatch refuses the call (contract.md decided point 1)
            assertThat(as(() -> IOConnectCallMethod(connect, EchoUserClient.kSum, null, 0, null, 0, null, null,
                    pointer, outCnt))).isEqualTo(kIOReturnBadArgument);
            assertThat(pointer.get(ValueLayout.JAVA_LONG_UNALIGNED, 0)).as("*(void **)outputStruct = NULL").isZero();
            assertThat(outCnt[0]).isZero();
        } finally {
            close(connect);
        }
    }
}
