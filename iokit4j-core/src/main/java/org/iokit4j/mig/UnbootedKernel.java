package org.iokit4j.mig;

import java.util.Map;
import org.iokit4j.Failure;
import org.iokit4j.mach.MachTask;
import org.iokit4j.mach.TaskHandle;

/**
 * What {@code kIOMainPortDefault} reaches when the process's default kernel could not boot: every routine fails
 * with the boot's failure ({@code kIOReturnNotReady} and why), so each IOKit call returns a code and explains it
 * instead of throwing, and the process goes on (isolated kernels made with {@code Kernel.builder()} still work).
 *
 * <p>The failure is remembered for the JVM's life: a later call does not boot again, it fails the same way with
 * the same explanation (a boot that failed once would fail again, or half-start drivers twice).
 *
 * <p><b>Concurrency.</b> Immutable; thread-safe.
 */
final class UnbootedKernel implements IOKitServer {
    private final Failure failure;
    private final MachTask task = new MachTask("unbooted", Map.of());

    UnbootedKernel(Failure failure) {
        this.failure = failure;
    }

    @Override
    public TaskHandle defaultTask() {
        return task;
    }

    @Override
    public TaskHandle createTask(String name, Map<String, Object> entitlements) {
        return new MachTask(name, entitlements);
    }

    @Override
    public Failure mainPort(TaskHandle caller, int[] port) {
        return failure;
    }

    @Override
    public Failure getMatchingServices(TaskHandle caller, Map<String, Object> matching, int[] iterator) {
        return failure;
    }

    @Override
    public Failure iteratorNext(TaskHandle caller, int iterator, int[] object) {
        return failure;
    }

    @Override
    public Failure iteratorReset(TaskHandle caller, int iterator) {
        return failure;
    }

    @Override
    public Failure registryEntryGetName(TaskHandle caller, int entry, String[] name) {
        return failure;
    }

    @Override
    public Failure registryEntryGetProperty(TaskHandle caller, int entry, String key, Object[] value) {
        return failure;
    }

    @Override
    public Failure registryEntryGetID(TaskHandle caller, int entry, long[] id) {
        return failure;
    }

    @Override
    public Failure objectGetClass(TaskHandle caller, int object, String[] className) {
        return failure;
    }

    @Override
    public Failure serviceOpen(TaskHandle caller, int service, int owningTask, int type, int[] connect) {
        return failure;
    }

    @Override
    public Failure serviceClose(TaskHandle caller, int connect) {
        return failure;
    }

    @Override
    public void connectMethod(TaskHandle caller, int connect, MethodCall call, MethodReply reply) {
        reply.fail(failure);
    }

    @Override
    public Failure connectMapMemory(TaskHandle caller, int connect, int memoryType, int intoTask, long[] address,
                                    long[] size, int options) {
        return failure;
    }

    @Override
    public Failure connectUnmapMemory(TaskHandle caller, int connect, int memoryType, int fromTask, long address) {
        return failure;
    }

    @Override
    public Failure serviceAddNotification(TaskHandle caller, String type, Map<String, Object> matching, int wakePort,
                                          long[] reference, int[] notification) {
        return failure;
    }

    @Override
    public Failure serviceAddInterestNotification(TaskHandle caller, int service, String type, int wakePort,
                                                  long[] reference, int[] notification) {
        return failure;
    }

    /** {@inheritDoc} Here: the boot's failure, as every routine answers. */
    @Override
    public Failure unanswered(String routine) {
        return failure;
    }

    @Override
    public String toString() {
        return "UnbootedKernel[" + failure + "]";
    }
}
