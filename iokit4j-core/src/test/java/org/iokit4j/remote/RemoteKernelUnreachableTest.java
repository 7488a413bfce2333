package org.iokit4j.remote;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.iokit4j.Failure;
import org.iokit4j.IOReturn;
import org.iokit4j.mach.IpcSpace;
import org.iokit4j.mach.ReceiveRight;
import org.iokit4j.mach.TaskHandle;
import org.iokit4j.mig.MethodCall;
import org.iokit4j.mig.MethodReply;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Contract §6: "a daemon that is not there is a failing call with an explanation, never a hang or an exception out
 * of the faithful layer". Every routine of the daemon carrier, against a socket nobody serves, answers a code with
 * the socket in its explanation, and makes no names.
 */
class RemoteKernelUnreachableTest {
    @TempDir
    Path directory;

    @Test
    void shouldAnswerEveryRoutineWithAnExplanationWhenNoDaemonServes() {
        final Path socket = directory.resolve("nobody.sock");
        final RemoteKernel kernel = new RemoteKernel(socket);
        final TaskHandle task = kernel.defaultTask();
        final List<Failure> failures = List.of(
                kernel.mainPort(task, new int[1]),
                kernel.getMatchingServices(task, Map.of("IOProviderClass", "IOService"), new int[1]),
                kernel.iteratorNext(task, 1, new int[1]),
                kernel.iteratorReset(task, 1),
                kernel.registryEntryGetName(task, 1, new String[1]),
                kernel.registryEntryGetProperty(task, 1, "key", new Object[1]),
                kernel.registryEntryGetID(task, 1, new long[1]),
                kernel.objectGetClass(task, 1, new String[1]),
                kernel.serviceOpen(task, 1, task.selfName(), 0, new int[1]),
                kernel.serviceClose(task, 1),
                kernel.connectMapMemory(task, 1, 0, task.selfName(), new long[1], new long[1], 1),
                kernel.connectUnmapMemory(task, 1, 0, task.selfName(), 0x1000),
                kernel.serviceAddNotification(task, "IOServiceFirstMatch", Map.of(), 1, new long[1], new int[1]),
                kernel.serviceAddInterestNotification(task, 1, "IOGeneralInterest", 1, new long[1], new int[1]),
                kernel.vmResolve(task, 0x1000, 16, new MemorySegment[1]),
                kernel.memoryAllocate(task, 8192, new MemorySegment[1]),
                kernel.registryGetRootEntry(task, new int[1]),
                registryEntryGetProperties(kernel, task));
        assertThat(failures).allSatisfy(failure -> {
            assertThat(failure).isNotNull();
            assertThat(failure.code()).isEqualTo(IOReturn.kIOReturnNotReady);
            assertThat(failure.explanation()).contains(socket.toString()).contains("no kernel daemon answers");
        });

        final MethodReply reply = new MethodReply();
        kernel.connectMethod(task, 1, new MethodCall(0, new long[] {1, 2}, null, null, 1, 0, null, 0, null), reply);
        assertThat(reply.code).isEqualTo(IOReturn.kIOReturnNotReady);
        assertThat(reply.explanation).contains(socket.toString());

        assertThat(kernel.portAllocateReceive(task, new ReceiveRight[1])).isEqualTo(IOReturn.KERN_RESOURCE_SHORTAGE);
        assertThat(kernel.portDeallocate(task, 1)).isEqualTo(IOReturn.kIOReturnNotReady);
        assertThat(kernel.portDestroyReceive(task, 1)).isEqualTo(IOReturn.kIOReturnNotReady);
        assertThat(kernel.portType(task, 1) & IpcSpace.MACH_PORT_TYPE_SEND).as("no name is anything").isZero();
        assertThat(kernel.portSendRefs(task, 1)).isZero();
        assertThat(kernel.portReceiveRight(task, 1)).isNull();
        assertThat(task.selfName()).as("no task there: no self name").isZero();
        assertThat(kernel.problems(task)).singleElement().extracting(Failure::code)
                .isEqualTo(IOReturn.kIOReturnNotReady);
    }

    @Test
    void shouldRefuseAHandleFromAnotherCarrierWithAnExplanation() { // issue 9 §1: never an exception
        final RemoteKernel kernel = new RemoteKernel(directory.resolve("nobody.sock"));
        final TaskHandle foreign = new TaskHandle() {
            @Override
            public String name() {
                return "foreign";
            }

            @Override
            public int selfName() {
                return 7;
            }
        };
        final Failure failure = kernel.mainPort(foreign, new int[1]);
        assertThat(failure.code()).isEqualTo(IOReturn.kIOReturnBadArgument);
        assertThat(failure.explanation()).contains("not a task of a kernel daemon carrier");
        assertThat(kernel.portDestroyReceive(foreign, 1)).isEqualTo(IOReturn.kIOReturnBadArgument);
    }

    @SuppressWarnings("unchecked")
    private static Failure registryEntryGetProperties(RemoteKernel kernel, TaskHandle task) {
        return kernel.registryEntryGetProperties(task, 1, new java.util.Map[1]);
    }
}
