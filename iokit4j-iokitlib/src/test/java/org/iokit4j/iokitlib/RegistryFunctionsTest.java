package org.iokit4j.iokitlib;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iokit4j.iokitlib.IOKitLib.IORegistryCreateIterator;
import static org.iokit4j.iokitlib.IOKitLib.IORegistryEntryFromPath;
import static org.iokit4j.iokitlib.IOKitLib.IORegistryEntryGetChildEntry;
import static org.iokit4j.iokitlib.IOKitLib.IORegistryEntryGetLocationInPlane;
import static org.iokit4j.iokitlib.IOKitLib.IORegistryEntryGetNameInPlane;
import static org.iokit4j.iokitlib.IOKitLib.IORegistryEntryGetParentEntry;
import static org.iokit4j.iokitlib.IOKitLib.IORegistryEntryGetPath;
import static org.iokit4j.iokitlib.IOKitLib.IORegistryEntryInPlane;
import static org.iokit4j.iokitlib.IOKitLib.IORegistryEntrySearchCFProperty;
import static org.iokit4j.iokitlib.IOKitLib.IORegistryGetRootEntry;
import static org.iokit4j.iokitlib.IOKitLib.IOServiceMatchPropertyTable;
import static org.iokit4j.iokitlib.IOKitLib.kIORegistryIterateParents;
import static org.iokit4j.iokitlib.IOKitLib.kIORegistryIterateRecursively;
import static org.iokit4j.iokitlib.IOKitLib.kIOReturnBadArgument;
import static org.iokit4j.iokitlib.IOKitLib.kIOReturnNoDevice;
import static org.iokit4j.iokitlib.IOKitLib.kIOReturnSuccess;
import static org.iokit4j.iokitlib.IOKitLib.kIOServicePlane;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.iokit4j.Diagnostics;
import org.iokit4j.IOReturn;
import org.iokit4j.mach.MachTask;
import org.iokit4j.mig.Caller;
import org.iokit4j.mig.IOKitServer;
import org.junit.jupiter.api.Test;

/**
 * The client half of the registry functions (IOKitUser IOKitLib.c): what IOKitLib does before and after the kernel's
 * routine, against a kernel that records the routines it is sent and answers as the test says.
 */
class RegistryFunctionsTest {
    private final List<String> sent = new ArrayList<>();
    private final MachTask task = new MachTask("app", Map.of());
    /** The child iterator name the kernel hands out (0: none, as for an unknown plane), and what it holds. */
    private int childIterator = 0x1003;
    private int firstChild = 0x2007;
    private final IOKitServer kernel = (IOKitServer) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {IOKitServer.class}, (proxy, method, args) -> {
                if (method.getDeclaringClass() != Object.class) { // IOKitServer's routines (and its super-interfaces')
                    sent.add(method.getName() + (args == null ? "[]" : Arrays.deepToString(args)));
                }
                return switch (method.getName()) {
                    case "registryEntryGetChildIterator", "registryEntryGetParentIterator" -> {
                        ((int[]) args[3])[0] = childIterator;
                        yield null;
                    }
                    case "iteratorNext" -> {
                        ((int[]) args[2])[0] = firstChild;
                        yield null;
                    }
                    case "portDeallocate", "portType" -> 0;
                    case "registryEntryFromPath", "registryGetRootEntry" -> {
                        ((int[]) args[args.length - 1])[0] = 0x3003;
                        yield null;
                    }
                    case "toString" -> "recording kernel";
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> null;
                };
            });

    private <T> T call(Supplier<T> body) {
        return Caller.callAs(new Caller(kernel, task), body);
    }

    private String lastExplanation() {
        return call(Diagnostics::lastFailure).explanation();
    }

    @Test
    void shouldSendNoPlaneForANullPlaneWhereIOKitLibDoes() { // IOKitLib.c GetNameInPlane/GetLocationInPlane
        final String[] out = new String[1];
        assertThat(call(() -> IORegistryEntryGetNameInPlane(0x101, null, out))).isEqualTo(kIOReturnSuccess);
        assertThat(call(() -> IORegistryEntryGetLocationInPlane(0x101, null, out))).isEqualTo(kIOReturnSuccess);
        assertThat(sent).containsExactly("registryEntryGetNameInPlane[MachTask[app], 257, , [null]]",
                "registryEntryGetLocationInPlane[MachTask[app], 257, , [null]]");
    }

    @Test
    void shouldRefuseANullPlaneCWouldHandToMigWithoutSendingIt() { // C: mig_strncpy reads NULL
        assertThat(call(() -> IORegistryEntryGetPath(0x101, null, new String[1]))).isEqualTo(kIOReturnBadArgument);
        assertThat(lastExplanation()).contains("plane is null");
        assertThat(call(() -> IORegistryCreateIterator(0, null, 0, new int[1]))).isEqualTo(kIOReturnBadArgument);
        assertThat(call(() -> IORegistryEntryInPlane(0x101, null))).isFalse();
        assertThat(call(() -> IORegistryEntrySearchCFProperty(0x101, null, "k", null,
                kIORegistryIterateRecursively))).isNull();
        assertThat(sent).isEmpty();
    }

    @Test
    void shouldSendNoPlaneForASearchThatIsNotRecursive() { // IOKitLib.c: if (!recursive) plane = "\0"
        call(() -> IORegistryEntrySearchCFProperty(0x101, null, "k", null, 0));
        call(() -> IORegistryEntrySearchCFProperty(0x101, kIOServicePlane, "k", null, kIORegistryIterateParents));
        call(() -> IORegistryEntrySearchCFProperty(0x101, kIOServicePlane, "k", null, 3));
        assertThat(sent).containsExactly("registryEntrySearchProperty[MachTask[app], 257, , k, 0, [null]]",
                "registryEntrySearchProperty[MachTask[app], 257, , k, 2, [null]]",
                "registryEntrySearchProperty[MachTask[app], 257, IOService, k, 3, [null]]");
    }

    @Test
    void shouldRefuseANullKeyAsCWouldCrashOnIt() { // IOKitLib.c: CFStringGetCStringPtr(key)
        assertThat(call(() -> IORegistryEntrySearchCFProperty(0x101, kIOServicePlane, null, null, 0))).isNull();
        assertThat(lastExplanation()).contains("key is null").contains("CFStringGetCStringPtr");
        assertThat(call(Diagnostics::lastFailure).code()).isEqualTo(kIOReturnBadArgument);
    }

    @Test
    void shouldTakeTheFirstChildOfTheIteratorAndReleaseTheIterator() { // IOKitLib.c IORegistryEntryGetChildEntry
        final int[] child = new int[1];
        assertThat(call(() -> IORegistryEntryGetChildEntry(0x101, kIOServicePlane, child))).isEqualTo(kIOReturnSuccess);
        assertThat(child[0]).isEqualTo(firstChild);
        assertThat(sent).as("recorded as sent: out-arrays still empty").containsExactly(
                "registryEntryGetChildIterator[MachTask[app], 257, IOService, [0]]",
                "iteratorNext[MachTask[app], 4099, [0]]", "portDeallocate[MachTask[app], 4099]");
    }

    @Test
    void shouldAnswerNoDeviceWhenThereIsNoIteratorOrNoEntryInIt() { // IOKitLib.c: MACH_PORT_NULL → kIOReturnNoDevice
        childIterator = 0;
        final int[] parent = {-1};
        assertThat(call(() -> IORegistryEntryGetParentEntry(0x101, "IOPower", parent))).isEqualTo(kIOReturnNoDevice);
        assertThat(parent[0]).isZero();
        assertThat(lastExplanation()).contains("no parent in plane=\"IOPower\"").contains("no such plane");
        childIterator = 0x1003;
        firstChild = 0;
        assertThat(call(() -> IORegistryEntryGetChildEntry(0x101, kIOServicePlane, parent)))
                .isEqualTo(kIOReturnNoDevice);
        assertThat(lastExplanation()).contains("no child in plane=\"IOService\"");
    }

    @Test
    void shouldCutAPathToWhatAnIoStringHolds() { // MIG: mig_strncpy into io_string_t (512 bytes with the NUL)
        final String longPath = "IOService:/" + "x".repeat(600);
        assertThat(call(() -> IORegistryEntryFromPath(0, longPath))).isEqualTo(0x3003);
        assertThat(sent.getFirst()).startsWith("registryEntryFromPath[MachTask[app], IOService:/xxx")
                .contains("x".repeat(500)).doesNotContain("x".repeat(501));
        assertThat(call(() -> IORegistryEntryFromPath(0, null))).isZero();
        assertThat(lastExplanation()).contains("path is null");
    }

    @Test
    void shouldCheckTheMainPortBeforeTheRootEntry() { // XNU: main_port != main_device_port → NotPrivileged
        assertThat(call(() -> IORegistryGetRootEntry(0))).isEqualTo(0x3003);
        assertThat(call(() -> IORegistryGetRootEntry(0x4444))).as("a name the task does not hold").isZero();
        assertThat(call(Diagnostics::lastFailure).code()).isEqualTo(IOReturn.MACH_SEND_INVALID_DEST);
    }

    @Test
    void shouldRefuseANullTableOrOutArrayBeforeMatching() { // IOKitLib.c IOServiceMatchPropertyTable: !matching
        assertThat(call(() -> IOServiceMatchPropertyTable(0x101, null, new boolean[1]))).isEqualTo(kIOReturnBadArgument);
        assertThat(call(() -> IOServiceMatchPropertyTable(0x101, Map.of(), null))).isEqualTo(kIOReturnBadArgument);
        assertThat(sent).isEmpty();
    }
}
