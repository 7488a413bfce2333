package org.iokit4j.iokitlib;

import java.util.Map;
import org.iokit4j.Failure;
import org.iokit4j.mach.MachTask;
import org.iokit4j.mach.TaskHandle;
import org.iokit4j.mig.Caller;
import org.iokit4j.mig.IOKitServer;
import org.iokit4j.mig.MethodCall;
import org.iokit4j.mig.MethodReply;

/**
 * A kernel that knows one task and nothing else, so the client half of async work is testable alone:
 * {@link #connectMethod} runs a test-supplied driver, everything else throws.
 */
public final class StubKernel implements IOKitServer {

    /** What a test's fake driver does with a call. */
    @FunctionalInterface
    public interface Driver {
        void connectMethod(TaskHandle task, int connect, MethodCall call, MethodReply reply);
    }

    private final MachTask task = new MachTask("app", Map.of());
    private volatile Driver driver = (task, connect, call, reply) -> {
        throw new UnsupportedOperationException("StubKernel has no driver");
    };

    /** Creates a kernel with one task, "app". */
    public StubKernel() {
    }

    /** {@return a caller speaking as this kernel's one task} */
    public Caller caller() {
        return new Caller(this, task);
    }

    /** Sets the fake driver that answers {@link #connectMethod}. */
    public void driver(Driver driver) {
        this.driver = driver;
    }

    @Override
    public MachTask defaultTask() {
        return task;
    }

    @Override
    public void connectMethod(TaskHandle task, int connect, MethodCall call, MethodReply reply) {
        driver.connectMethod(task, connect, call, reply);
    }

    @Override
    public MachTask createTask(String name, Map<String, Object> entitlements) {
        throw unsupported();
    }

    @Override
    public Failure mainPort(TaskHandle task, int[] port) {
        throw unsupported();
    }

    @Override
    public Failure getMatchingServices(TaskHandle task, Map<String, Object> matching, int[] iterator) {
        throw unsupported();
    }

    @Override
    public Failure iteratorNext(TaskHandle task, int iterator, int[] object) {
        throw unsupported();
    }

    @Override
    public Failure iteratorReset(TaskHandle task, int iterator) {
        throw unsupported();
    }

    @Override
    public Failure registryEntryGetName(TaskHandle task, int entry, String[] name) {
        throw unsupported();
    }

    @Override
    public Failure registryEntryGetProperty(TaskHandle task, int entry, String key, Object[] value) {
        throw unsupported();
    }

    @Override
    public Failure registryEntryGetID(TaskHandle task, int entry, long[] id) {
        throw unsupported();
    }

    @Override
    public Failure objectGetClass(TaskHandle task, int object, String[] className) {
        throw unsupported();
    }

    @Override
    public Failure serviceOpen(TaskHandle task, int service, int owningTask, int type, int[] connect) {
        throw unsupported();
    }

    @Override
    public Failure serviceClose(TaskHandle task, int connect) {
        throw unsupported();
    }

    @Override
    public Failure connectMapMemory(TaskHandle task, int connect, int memoryType, int intoTask, long[] address,
                                    long[] size, int options) {
        throw unsupported();
    }

    @Override
    public Failure connectUnmapMemory(TaskHandle task, int connect, int memoryType, int fromTask, long address) {
        throw unsupported();
    }

    @Override
    public Failure serviceAddNotification(TaskHandle task, String type, Map<String, Object> matching, int wakePort,
                                          long[] reference, int[] notification) {
        throw unsupported();
    }

    @Override
    public Failure serviceAddInterestNotification(TaskHandle task, int service, String type, int wakePort,
                                                  long[] reference, int[] notification) {
        throw unsupported();
    }

    private static UnsupportedOperationException unsupported() {
        return new UnsupportedOperationException("StubKernel supports only defaultTask and connectMethod");
    }
}
