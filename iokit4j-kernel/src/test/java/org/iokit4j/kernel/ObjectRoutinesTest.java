package org.iokit4j.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iokit4j.IOReturn.MACH_SEND_INVALID_DEST;
import static org.iokit4j.IOReturn.MACH_SEND_INVALID_RIGHT;
import static org.iokit4j.IOReturn.kIOReturnBadArgument;
import static org.iokit4j.IOReturn.kIOReturnNotFound;
import static org.iokit4j.IOReturn.kIOReturnTimeout;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.iokit4j.Failure;
import org.iokit4j.kernel.matching.Matching;
import org.iokit4j.kernel.registry.RegistryEntry;
import org.iokit4j.mach.MachTask;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The object and busy routines on a kernel without drivers: kinds of names, class chains, retain counts, busy state
 * (issue 11 deliverable 3; XNU iokit/Kernel/IOUserClient.cpp, the {@code is_io_object_*}, {@code is_io_iterator_*},
 * {@code is_io_service_*} routines, and MIG's {@code iokit_lookup_object_port}, osfmk/device/iokit_rpc.c).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ObjectRoutinesTest {
    private final Kernel kernel = Kernel.builder().name("objects").discoverClassPath(false).boot();
    private final MachTask app = kernel.createTask("app", Map.of());
    private final int iterator = matching("IOResources");
    private final int resources = next(iterator);

    @AfterEach
    void close() {
        kernel.close();
    }

    @Test
    void shouldConformAlongTheClassChain() { // is_io_object_conforms_to: metaCast
        assertThat(conforms(resources, "IOResources")).isTrue();
        assertThat(conforms(resources, "IOService")).isTrue();
        assertThat(conforms(resources, "OSObject")).isTrue();
        assertThat(conforms(resources, "IOUserClient")).isFalse();
        assertThat(conforms(iterator, "OSIterator")).as("an IOUserIterator").isTrue();
        assertThat(conforms(iterator, "IOService")).isFalse();
    }

    @Test
    void shouldRefuseNamesThatAreNoObjects() { // iokit_lookup_object_port: NULL behind another kind of port
        final int[] main = new int[1];
        kernel.mainPort(app, main);
        assertThat(kernel.objectConformsTo(app, main[0], "IOService", new boolean[1]).code())
                .isEqualTo(kIOReturnBadArgument);
        assertThat(kernel.objectGetRetainCount(app, app.selfName(), new int[1]).code()).isEqualTo(kIOReturnBadArgument);
        assertThat(kernel.objectConformsTo(app, 0x1234, "IOService", new boolean[1]).code())
                .isEqualTo(MACH_SEND_INVALID_DEST);
        assertThat(kernel.objectConformsTo(app, resources, null, new boolean[1]).code())
                .isEqualTo(kIOReturnBadArgument);
    }

    @Test
    void shouldCountTheKernelsReferences() { // getRetainCount: plane links, the port, the registry root
        final int[] count = new int[1];
        assertThat(kernel.objectGetRetainCount(app, resources, count)).isNull();
        assertThat(count[0]).as("its provider's link and its port's").isEqualTo(2);
        final int root = app.space().insertSend(kernel.registry().root().port());
        assertThat(kernel.objectGetRetainCount(app, root, count)).isNull();
        assertThat(count[0]).as("two children, gRegistryRoot, its port").isEqualTo(4);
        assertThat(kernel.objectGetRetainCount(app, iterator, count)).isNull();
        assertThat(count[0]).as("an iterator: its port's").isEqualTo(1);
    }

    @Test
    void shouldTellAnIteratorFromAnythingElse() { // is_io_iterator_is_valid: CHECK(OSIterator)
        final boolean[] valid = new boolean[1];
        assertThat(kernel.iteratorIsValid(app, iterator, valid)).isNull();
        assertThat(valid[0]).as("a snapshot never goes invalid").isTrue();
        assertThat(kernel.iteratorIsValid(app, resources, valid).code()).isEqualTo(kIOReturnBadArgument);
    }

    @Test
    void shouldNameSuperclassesAndBundlesOfKernelClasses() { // is_io_object_get_superclass, _bundle_identifier
        final String[] found = new String[1];
        assertThat(kernel.objectGetSuperclass(app, "IOResources", found)).isNull();
        assertThat(found[0]).isEqualTo("IOService");
        assertThat(kernel.objectGetBundleIdentifier(app, "IOResources", found)).isNull();
        assertThat(found[0]).isEqualTo("__kernel__");
        assertThat(kernel.objectGetSuperclass(app, "OSObject", found).code()).isEqualTo(kIOReturnNotFound);
        assertThat(kernel.objectGetBundleIdentifier(app, "NoSuchClass", found).code()).isEqualTo(kIOReturnNotFound);
    }

    @Test
    void shouldRefuseConnectionRoutinesOnOtherNames() { // CHECK(IOUserClient); the destination is checked first
        assertThat(kernel.connectGetService(app, resources, new int[1]).code()).isEqualTo(kIOReturnBadArgument);
        assertThat(kernel.connectSetNotificationPort(app, resources, 0, 0, 0).code()).isEqualTo(kIOReturnBadArgument);
        assertThat(kernel.connectSetNotificationPort(app, resources, 0, resources, 0).code())
                .as("a send right cannot be made into one (MAKE_SEND)").isEqualTo(MACH_SEND_INVALID_RIGHT);
        assertThat(kernel.connectSetNotificationPort(app, 0x1234, 0, resources, 0).code())
                .as("the destination first").isEqualTo(MACH_SEND_INVALID_DEST);
    }

    @Test
    void shouldReadAndWaitOnTheBusyState() { // is_io_service_get_busy_state, is_io_service_wait_quiet
        final int[] state = new int[1];
        assertThat(kernel.serviceGetBusyState(app, resources, state)).isNull();
        assertThat(state[0]).isZero();
        final RegistryEntry entry = (RegistryEntry) app.space().lookupKernelObject(resources);
        kernel.registry().busy().adjust(entry, 1);
        assertThat(kernel.serviceGetBusyState(app, resources, state)).isNull();
        assertThat(state[0]).isEqualTo(1);
        assertThat(kernel.registryGetBusyState(app, state)).isNull();
        assertThat(state[0]).as("the root: one busy child").isEqualTo(1);
        final Failure timedOut = kernel.registryWaitQuiet(app, TimeUnit.MILLISECONDS.toNanos(10));
        assertThat(timedOut.code()).isEqualTo(kIOReturnTimeout);
        assertThat(timedOut.explanation()).contains("'IOResources'");
        kernel.registry().busy().adjust(entry, -1);
        assertThat(kernel.registryWaitQuiet(app, -1)).isNull();
        assertThat(kernel.serviceWaitQuiet(app, resources, 0)).isNull();
    }

    @Test
    void shouldRefuseBusyStateOfWhatIsNoService() { // CHECK(IOService): an iterator, the root (an IORegistryEntry)
        final int root = app.space().insertSend(kernel.registry().root().port());
        assertThat(kernel.serviceGetBusyState(app, root, new int[1]).code()).isEqualTo(kIOReturnBadArgument);
        assertThat(kernel.serviceWaitQuiet(app, iterator, 0).code()).isEqualTo(kIOReturnBadArgument);
        assertThat(kernel.serviceGetBusyState(app, 0x1234, new int[1]).code()).isEqualTo(MACH_SEND_INVALID_DEST);
    }

    private int matching(String className) {
        final int[] found = new int[1];
        assertThat(kernel.getMatchingServices(app, Matching.IOServiceMatching(className), found)).isNull();
        return found[0];
    }

    private int next(int iter) {
        final int[] object = new int[1];
        assertThat(kernel.iteratorNext(app, iter, object)).isNull();
        return object[0];
    }

    private boolean conforms(int object, String className) {
        final boolean[] conforms = new boolean[1];
        assertThat(kernel.objectConformsTo(app, object, className, conforms)).isNull();
        return conforms[0];
    }
}
