package org.iokit4j.systemtests.carriers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iokit4j.iokitlib.CoreFoundation.kCFAllocatorDefault;
import static org.iokit4j.iokitlib.IOKitLib.IOConnectCallMethod;
import static org.iokit4j.iokitlib.IOKitLib.IOConnectCallScalarMethod;
import static org.iokit4j.iokitlib.IOKitLib.IOConnectSetCFProperties;
import static org.iokit4j.iokitlib.IOKitLib.IOConnectSetCFProperty;
import static org.iokit4j.iokitlib.IOKitLib.IOIteratorNext;
import static org.iokit4j.iokitlib.IOKitLib.IONotificationPortCreate;
import static org.iokit4j.iokitlib.IOKitLib.IONotificationPortDestroy;
import static org.iokit4j.iokitlib.IOKitLib.IONotificationPortSetDispatchQueue;
import static org.iokit4j.iokitlib.IOKitLib.IOObjectRelease;
import static org.iokit4j.iokitlib.IOKitLib.IORegistryEntryCreateCFProperties;
import static org.iokit4j.iokitlib.IOKitLib.IORegistryEntryCreateCFProperty;
import static org.iokit4j.iokitlib.IOKitLib.IORegistryEntryGetName;
import static org.iokit4j.iokitlib.IOKitLib.IORegistryEntryGetRegistryEntryID;
import static org.iokit4j.iokitlib.IOKitLib.IORegistryEntryInPlane;
import static org.iokit4j.iokitlib.IOKitLib.IORegistryEntrySetCFProperties;
import static org.iokit4j.iokitlib.IOKitLib.IORegistryEntrySetCFProperty;
import static org.iokit4j.iokitlib.IOKitLib.IOServiceAddInterestNotification;
import static org.iokit4j.iokitlib.IOKitLib.IOServiceGetMatchingService;
import static org.iokit4j.iokitlib.IOKitLib.IOServiceGetMatchingServices;
import static org.iokit4j.iokitlib.IOKitLib.IOServiceNameMatching;
import static org.iokit4j.iokitlib.IOKitLib.MACH_SEND_INVALID_DEST;
import static org.iokit4j.iokitlib.IOKitLib.kIOGeneralInterest;
import static org.iokit4j.iokitlib.IOKitLib.kIOMainPortDefault;
import static org.iokit4j.iokitlib.IOKitLib.kIOMessageServiceIsTerminated;
import static org.iokit4j.iokitlib.IOKitLib.kIOReturnBadArgument;
import static org.iokit4j.iokitlib.IOKitLib.kIOReturnMessageTooLarge;
import static org.iokit4j.iokitlib.IOKitLib.kIOReturnNotFound;
import static org.iokit4j.iokitlib.IOKitLib.kIOReturnNotPermitted;
import static org.iokit4j.iokitlib.IOKitLib.kIOReturnSuccess;
import static org.iokit4j.iokitlib.IOKitLib.kIOReturnUnsupported;
import static org.iokit4j.iokitlib.IOKitLib.kIOServicePlane;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.iokit4j.Diagnostics;
import org.iokit4j.dispatch.DispatchQueue;
import org.iokit4j.iokitlib.IONotificationPortRef;
import org.iokit4j.systemtests.props.PropsDriver;
import org.iokit4j.systemtests.props.PropsUserClient;
import org.junit.jupiter.api.Test;

/**
 * Properties both ways, end to end (issue 11 deliverable 2 and the property points of deliverable 5): what a dext
 * publishes with {@code SetProperties} is what an app reads with {@code IORegistryEntryCreateCFProperty} and
 * {@code IORegistryEntryCreateCFProperties}, as fresh copies; an app's {@code IORegistryEntrySetCFProperty/ies} go
 * where XNU sends them; the driver's other registry calls answer as XNU's {@code IOService::*_Impl} do. Runs against
 * every carrier ({@link EndToEndSuite}).
 */
interface PropertyEndToEnd extends CarrierFixture {

    /** {@return a name for the props service, released by the caller} */
    private int props() {
        return as(() -> IOServiceGetMatchingService(kIOMainPortDefault, IOServiceNameMatching(PROPS)));
    }

    private Object property(int entry, String key) {
        return as(() -> IORegistryEntryCreateCFProperty(entry, key, kCFAllocatorDefault, 0));
    }

    private Map<String, Object> properties(int entry) {
        @SuppressWarnings("unchecked")
        final Map<String, Object>[] all = new Map[1];
        assertThat(as(() -> IORegistryEntryCreateCFProperties(entry, all, kCFAllocatorDefault, 0)))
                .as("%s", as(Diagnostics::lastFailure)).isEqualTo(kIOReturnSuccess);
        return all[0];
    }

    private int call(int connect, int selector, long... scalars) {
        return as(() -> IOConnectCallScalarMethod(connect, selector, scalars, scalars.length, null, null));
    }

    private int callWithText(int connect, int selector, String text, long[] out) {
        final byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        final int[] outCount = {out == null ? 0 : out.length};
        return as(() -> IOConnectCallMethod(connect, selector, null, 0, MemorySegment.ofArray(bytes), bytes.length,
                out, out == null ? null : outCount, null, null));
    }

    @Test
    default void shouldReadWhatTheDriverPublishedInStart() {
        // issue 11 §2: SetProperties is how a dext publishes values; XNU IOCopyPropertyCompatible finds them
        final int service = props();
        assertThat(property(service, "Greeting")).isEqualTo("hello");
        assertThat(property(service, "Answer")).as("a CFNumber reads as a Long (contract.md §7)").isEqualTo(42L);
        assertThat((byte[]) property(service, "Blob")).containsExactly(1, 2, 3);
        assertThat(property(service, "Flags")).isEqualTo(List.of(true, false));
        assertThat(property(service, "Nested")).isEqualTo(Map.of("Inner", "x"));
        assertThat(as(() -> IORegistryEntryCreateCFProperty(service, "Greeting"))).as("the two-argument form")
                .isEqualTo("hello");
        as(() -> IOObjectRelease(service));
    }

    @Test
    default void shouldLetTheRegistrysOwnValueWinAOneKeyReadButMergeTheDriversIntoAllKeys() {
        // XNU: IOCopyPropertyCompatible reads the table first; is_io_registry_entry_get_properties_bin_buf merges
        // IOUserServiceProperties over the table and removes that key
        final int service = props();
        assertThat(property(service, "Colour")).isEqualTo("blue");
        final Map<String, Object> all = properties(service);
        assertThat(all).containsEntry("Colour", "red").containsEntry("Greeting", "hello")
                .containsEntry("IOClass", "IOUserService").doesNotContainKey("IOUserServiceProperties");
        as(() -> IOObjectRelease(service));
    }

    @Test
    default void shouldHandOutAFreshCopyEveryCall() {
        // issue 11 §5: the registry's own array went out; contract.md §7: every value is a fresh copy the caller owns
        final int service = props();
        ((byte[]) property(service, "Blob"))[0] = 9;
        @SuppressWarnings("unchecked")
        final List<Object> flags = (List<Object>) property(service, "Flags");
        flags.add(true);
        final Map<String, Object> all = properties(service);
        ((byte[]) all.get("Blob"))[1] = 9;
        all.put("Greeting", "changed");
        assertThat((byte[]) property(service, "Blob")).containsExactly(1, 2, 3);
        assertThat(property(service, "Flags")).isEqualTo(List.of(true, false));
        assertThat(properties(service)).containsEntry("Greeting", "hello");
        assertThat(property(service, "Blob")).isNotSameAs(property(service, "Blob"));
        as(() -> IOObjectRelease(service));
    }

    @Test
    default void shouldMakeUpNoRegistryEntryIDProperty() {
        // issue 11 §5: XNU's lookup synthesises nothing; the ID is IORegistryEntryGetRegistryEntryID's
        final int service = props();
        assertThat(property(service, "IORegistryEntryID")).isNull();
        assertThat(property(service, "IOClass")).as("the personality's IOClass is in the table").isEqualTo(
                "IOUserService");
        final long[] id = new long[1];
        assertThat(as(() -> IORegistryEntryGetRegistryEntryID(service, id))).isEqualTo(kIOReturnSuccess);
        assertThat(id[0]).isNotZero();
        assertThat(properties(service)).doesNotContainKey("IORegistryEntryID");
        as(() -> IOObjectRelease(service));
    }

    @Test
    default void shouldSeeWhatTheDriverPublishesAndRemovesLater() { // SetProperties_Impl, RemoveProperty_Impl
        final int service = props();
        final int connect = open(PROPS);
        assertThat(call(connect, PropsUserClient.kPublish, 7)).isEqualTo(kIOReturnSuccess);
        assertThat(property(service, "Counter")).isEqualTo(7L);
        assertThat(callWithText(connect, PropsUserClient.kRemove, "Counter", null)).isEqualTo(kIOReturnSuccess);
        assertThat(property(service, "Counter")).isNull();
        assertThat(callWithText(connect, PropsUserClient.kRemove, "NeverThere", null)).as("a key not there")
                .isEqualTo(kIOReturnSuccess);
        assertThat(callWithText(connect, PropsUserClient.kRemove, "", null)).as("a NULL name")
                .isEqualTo(kIOReturnUnsupported);
        assertThat(property(service, "Greeting")).isEqualTo("hello");
        close(connect);
        as(() -> IOObjectRelease(service));
    }

    @Test
    default void shouldRefuseAnAppSettingADextsServiceOrUserClient() {
        // is_io_registry_entry_set_properties → setProperties: IORegistryEntry's and IOUserUserClient's are
        // kIOReturnUnsupported (XNU IORegistryEntry.cpp, IOUserServer.cpp); the dext's UserSetProperties too
        final int service = props();
        final int connect = open(PROPS);
        assertThat(as(() -> IORegistryEntrySetCFProperty(service, "Greeting", "from the app")))
                .isEqualTo(kIOReturnUnsupported);
        assertThat(as(() -> IORegistryEntrySetCFProperties(connect, Map.of("A", 1L)))).as("the user client")
                .isEqualTo(kIOReturnUnsupported);
        assertThat(as(Diagnostics::lastFailure).explanation()).contains("IOUserUserClient::setProperties");
        // XNU is_io_connect_set_properties is is_io_registry_entry_set_properties on the connection
        assertThat(as(() -> IOConnectSetCFProperties(connect, Map.of("A", 1L)))).isEqualTo(kIOReturnUnsupported);
        assertThat(as(() -> IOConnectSetCFProperty(connect, "A", 1L))).isEqualTo(kIOReturnUnsupported);
        assertThat(as(() -> IOConnectSetCFProperty(connect, null, 1L))).as("CFDictionaryCreate would crash")
                .isEqualTo(kIOReturnBadArgument);
        assertThat(property(service, "Greeting")).isEqualTo("hello");
        assertThat(property(connect, "IOClass")).as("a connection is a registry entry").isEqualTo("IOUserUserClient");
        close(connect);
        as(() -> IOObjectRelease(service));
    }

    @Test
    default void shouldRefuseBadInputAsIOKitLibWouldFailIt() {
        final int service = props();
        final Map<String, Object> nullValue = new HashMap<>();
        nullValue.put("A", null);
        assertThat(as(() -> IORegistryEntrySetCFProperty(service, null, 1L))).as("null key").isEqualTo(
                kIOReturnBadArgument);
        assertThat(as(() -> IORegistryEntrySetCFProperty(service, "A", null))).as("null value").isEqualTo(
                kIOReturnBadArgument);
        assertThat(as(() -> IORegistryEntrySetCFProperties(service, nullValue))).isEqualTo(kIOReturnBadArgument);
        assertThat(as(() -> IORegistryEntrySetCFProperties(service, Map.of(1L, "x")))).as("a key that is no String")
                .isEqualTo(kIOReturnBadArgument);
        assertThat(as(() -> IORegistryEntrySetCFProperties(service, null))).isEqualTo(kIOReturnBadArgument);
        assertThat(as(() -> IORegistryEntrySetCFProperties(service, Map.of("Big", new byte[5 << 20]))))
                .as("over sizeof(io_struct_inband_t) * 1024").isEqualTo(kIOReturnMessageTooLarge);
        assertThat(as(() -> IORegistryEntrySetCFProperties(service, Map.of("Odd", new Object()))))
                .as("IOCFSerialize writes an odd type as a string; the service then refuses")
                .isEqualTo(kIOReturnUnsupported);
        assertThat(property(service, null)).isNull();
        assertThat(as(Diagnostics::lastFailure).code()).isEqualTo(kIOReturnBadArgument);
        assertThat(as(() -> IORegistryEntryCreateCFProperties(service, null, null, 0))).isEqualTo(kIOReturnBadArgument);
        assertThat(as(() -> IORegistryEntryCreateCFProperty(service, "Greeting", "any allocator", 0x7fff)))
                .as("allocator and options are ignored (IOKitLib.c: __unused)").isEqualTo("hello");
        as(() -> IOObjectRelease(service));
    }

    @Test
    default void shouldAnswerAReleasedNameWithMachSendInvalidDest() {
        // CHECK(IORegistryEntry, …) in each routine; IORegistryEntryGetRegistryEntryID writes 0 on failure
        final int service = props();
        as(() -> IOObjectRelease(service));
        assertThat(property(service, "Greeting")).isNull();
        assertThat(as(Diagnostics::lastFailure).code()).isEqualTo(MACH_SEND_INVALID_DEST);
        @SuppressWarnings("unchecked")
        final Map<String, Object>[] all = new Map[1];
        assertThat(as(() -> IORegistryEntryCreateCFProperties(service, all, null, 0))).isEqualTo(
                MACH_SEND_INVALID_DEST);
        assertThat(all[0]).as("untouched on failure").isNull();
        assertThat(as(() -> IORegistryEntrySetCFProperty(service, "A", 1L))).isEqualTo(MACH_SEND_INVALID_DEST);
        final long[] id = {1234};
        assertThat(as(() -> IORegistryEntryGetRegistryEntryID(service, id))).isEqualTo(MACH_SEND_INVALID_DEST);
        assertThat(id[0]).as("IOKitLib.c: *entryID = 0 on failure").isZero();
    }

    @Test
    default void shouldLookUpOnlyTheFirst127CharactersOfAKey() {
        // io_name_t is c_string[*:128] (XNU device.defs): the MIG stub sends 127 characters; a dictionary has no limit
        final int service = props();
        assertThat(property(service, PropsDriver.LONG_KEY)).isNull();
        assertThat(properties(service)).containsEntry(PropsDriver.LONG_KEY, "long");
        as(() -> IOObjectRelease(service));
    }

    @Test
    default void shouldAnswerTheDriversOwnCallsAsXnuDoes() { // XNU IOUserServer.cpp IOService::*_Impl
        final int service = props();
        final int connect = open(PROPS);
        assertThat(call(connect, PropsUserClient.kSelfCheck)).isEqualTo(kIOReturnSuccess);
        @SuppressWarnings("unchecked")
        final Map<String, Object> report = (Map<String, Object>) property(service, "SelfCheck");
        final long[] id = new long[1];
        as(() -> IORegistryEntryGetRegistryEntryID(service, id));
        assertThat(report).containsEntry("GetRegistryEntryID", 0L).containsEntry("RegistryEntryID", id[0])
                .containsEntry("CopyName", 0L).containsEntry("Name", PROPS)
                .containsEntry("UserClientProviderIsTheService", true)
                .containsEntry("CopyProperties", 0L).containsEntry("CopiedColour", "red")
                .containsEntry("CopiedHasUserServiceProperties", false)
                .containsEntry("SearchOwn", "hello").containsEntry("SearchParentTable", "blue");
        assertThat(code(report, "CopyPropertiesNoOut")).isEqualTo(kIOReturnBadArgument);
        assertThat(code(report, "SearchParentPublished")).as("XNU tests kIORegistryIterateParents (2) against the"
                + " DriverKit options: a provider's published property is not searched").isEqualTo(kIOReturnNotFound);
        assertThat(code(report, "SearchMissing")).isEqualTo(kIOReturnNotFound);
        assertThat(code(report, "ForeignSetProperties")).isEqualTo(kIOReturnUnsupported);
        assertThat(code(report, "ForeignRemoveProperty")).isEqualTo(kIOReturnUnsupported);
        assertThat(code(report, "ForeignTerminate")).isEqualTo(kIOReturnNotPermitted);
        assertThat(code(report, "TerminateWithOptions")).isEqualTo(kIOReturnUnsupported);
        assertThat(code(report, "SetPropertiesNull")).isEqualTo(kIOReturnUnsupported);
        assertThat(code(report, "RemovePropertyNull")).isEqualTo(kIOReturnUnsupported);
        assertThat(code(report, "RemoveNeverPublished")).isEqualTo(kIOReturnNotFound);
        assertThat(code(report, "SetNameNull")).isEqualTo(kIOReturnBadArgument);
        assertThat(report.get("ProviderClasses")).isEqualTo(List.of(
                List.of("IOUserUserClient", "IOUserClient", "IOService", "IORegistryEntry", "OSObject"),
                List.of("IOUserService", "IOService", "IORegistryEntry", "OSObject"),
                List.of("IOUserResources", "IOService", "IORegistryEntry", "OSObject")));
        close(connect);
        as(() -> IOObjectRelease(service));
    }

    @Test
    default void shouldRenameAServiceForNameMatchingAndGetName() { // SetName_Impl: setName(name)
        final int connect = open(PROPS);
        final String name = "props.renamed." + System.nanoTime();
        final long[] id = new long[1];
        assertThat(callWithText(connect, PropsUserClient.kSpawn, name, id)).isEqualTo(kIOReturnSuccess);
        final int child = as(() -> IOServiceGetMatchingService(kIOMainPortDefault, IOServiceNameMatching(name)));
        assertThat(child).as("IOServiceNameMatching finds the new name").isNotZero();
        final String[] got = new String[1];
        assertThat(as(() -> IORegistryEntryGetName(child, got))).isEqualTo(kIOReturnSuccess);
        assertThat(got[0]).isEqualTo(name);
        final long[] childID = new long[1];
        as(() -> IORegistryEntryGetRegistryEntryID(child, childID));
        assertThat(childID[0]).as("the driver's GetRegistryEntryID").isEqualTo(id[0]);
        assertThat(call(connect, PropsUserClient.kTerminateChild, 0)).isEqualTo(kIOReturnSuccess);
        as(() -> IOObjectRelease(child));
        close(connect);
    }

    @Test
    default void shouldTerminateLikeAProviderGoingAway() throws Exception {
        // Terminate_Impl: terminate(kIOServiceTerminateNeedWillTerminate): interest clients get
        // kIOMessageServiceIsTerminated, the driver gets Stop, matching no longer finds it
        final int connect = open(PROPS);
        final String name = "props.doomed." + System.nanoTime();
        assertThat(callWithText(connect, PropsUserClient.kSpawn, name, new long[1])).isEqualTo(kIOReturnSuccess);
        final long[] stops = new long[1];
        final int[] one = {1};
        as(() -> IOConnectCallScalarMethod(connect, PropsUserClient.kChildStops, null, 0, stops, one));
        final long stopsBefore = stops[0];
        final DispatchQueue queue = DispatchQueue.create("props.interest");
        final IONotificationPortRef port = as(() -> IONotificationPortCreate(kIOMainPortDefault));
        try {
            run(() -> IONotificationPortSetDispatchQueue(port, queue));
            final CompletableFuture<Integer> terminated = new CompletableFuture<>();
            final int child = as(() -> IOServiceGetMatchingService(kIOMainPortDefault, IOServiceNameMatching(name)));
            assertThat(as(() -> IOServiceAddInterestNotification(port, child, kIOGeneralInterest,
                    (refcon, s, type, argument) -> {
                        if (type == kIOMessageServiceIsTerminated) {
                            terminated.complete(type);
                        }
                    }, 0, new int[1]))).isEqualTo(kIOReturnSuccess);
            assertThat(call(connect, PropsUserClient.kTerminateChild, 1)).as("options must be 0").isEqualTo(
                    kIOReturnUnsupported);
            assertThat(call(connect, PropsUserClient.kTerminateChild, 0)).isEqualTo(kIOReturnSuccess);
            assertThat(terminated.get(60, TimeUnit.SECONDS)).isEqualTo(kIOMessageServiceIsTerminated);
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            int found;
            do { // Stop, then leaving the registry, follow the message: the deadline is a guard, not a speed claim
                as(() -> IOConnectCallScalarMethod(connect, PropsUserClient.kChildStops, null, 0, stops, one));
                found = as(() -> IOServiceGetMatchingService(kIOMainPortDefault, IOServiceNameMatching(name)));
                if (found != 0) {
                    final int stale = found;
                    as(() -> IOObjectRelease(stale));
                }
            } while ((stops[0] == stopsBefore || found != 0) && System.nanoTime() < deadline);
            assertThat(stops[0]).as("the child got Stop").isEqualTo(stopsBefore + 1);
            assertThat(found).as("matching no longer finds it").isZero();
            as(() -> IOObjectRelease(child));
        } finally {
            run(() -> IONotificationPortDestroy(port));
            queue.close();
            close(connect);
        }
    }

    @Test
    default void shouldReturnAServiceTerminatedAfterTheLookupFromTheIterator() throws Exception {
        // issue 11 §5: XNU IOUserIterator::copyNextObject returns what the lookup's set holds, terminated or not; the
        // service has left the plane (IORegistryEntryInPlane false) but its name stays readable
        final int connect = open(PROPS);
        final String name = "props.iterated." + System.nanoTime();
        assertThat(callWithText(connect, PropsUserClient.kSpawn, name, new long[1])).isEqualTo(kIOReturnSuccess);
        final int[] iterator = new int[1];
        assertThat(as(() -> IOServiceGetMatchingServices(kIOMainPortDefault, IOServiceNameMatching(name), iterator)))
                .isEqualTo(kIOReturnSuccess);
        assertThat(call(connect, PropsUserClient.kTerminateChild, 0)).isEqualTo(kIOReturnSuccess);
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        int found;
        do { // termination finishes on the kernel's side: the deadline is a guard, not a speed claim
            found = as(() -> IOServiceGetMatchingService(kIOMainPortDefault, IOServiceNameMatching(name)));
            if (found != 0) {
                final int stale = found;
                as(() -> IOObjectRelease(stale));
                Thread.sleep(5);
            }
        } while (found != 0 && System.nanoTime() < deadline);
        assertThat(found).as("a new lookup no longer finds it").isZero();
        final int terminated = as(() -> IOIteratorNext(iterator[0]));
        assertThat(terminated).as("the iterator made before still returns it").isNotZero();
        boolean inPlane;
        do { // detached once the driver's Stop has run
            inPlane = as(() -> IORegistryEntryInPlane(terminated, kIOServicePlane));
            if (inPlane) {
                Thread.sleep(5);
            }
        } while (inPlane && System.nanoTime() < deadline);
        assertThat(inPlane).as("it has left the plane").isFalse();
        final String[] got = new String[1];
        assertThat(as(() -> IORegistryEntryGetName(terminated, got))).isEqualTo(kIOReturnSuccess);
        assertThat(got[0]).isEqualTo(name);
        assertThat(as(() -> IOIteratorNext(iterator[0]))).isZero();
        as(() -> IOObjectRelease(terminated));
        as(() -> IOObjectRelease(iterator[0]));
        close(connect);
    }

    private static int code(Map<String, Object> report, String key) {
        return ((Long) report.get(key)).intValue();
    }
}
