package org.iokit4j.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.iokit4j.client.Connection;
import org.iokit4j.kernel.Kernel;
import org.iokit4j.mach.MachTask;
import org.iokit4j.mig.Caller;
import org.iokit4j.junit.tick.TickUserClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code lifecycle = PER_CLASS} (issue 12 deliverable 2: "boots an isolated kernel per test (or per class)"): one kernel
 * for the class, booted before {@code @BeforeAll} (which runs as a class task and may take parameters), with each test
 * method still a task of its own whose connections close after it. Entitlements from a file.
 */
@IOKitTest(lifecycle = IOKitTest.Lifecycle.PER_CLASS, entitlements = "test/Entitlements.plist")
class PerClassKernelTest {
    private static final List<MachTask> TEST_TASKS = new CopyOnWriteArrayList<>();
    private static final List<Connection> CONNECTIONS = new CopyOnWriteArrayList<>();
    private static Kernel classKernel;
    private static MachTask classTask;

    @BeforeAll
    static void boot(Kernel kernel, MachTask task) {
        classKernel = kernel;
        classTask = task;
        assertThat(Caller.current().task()).as("@BeforeAll runs as the class task").isEqualTo(task);
        assertThat(task.name()).isEqualTo("PerClassKernelTest.class");
    }

    @AfterAll
    static void oneKernelTasksPerTest() {
        assertThat(TEST_TASKS).hasSize(2).doesNotHaveDuplicates().allSatisfy(t -> assertThat(t.isTerminated()).isTrue());
        assertThat(CONNECTIONS).allSatisfy(c -> assertThat(c.isClosed()).isTrue());
        assertThat(classTask.isTerminated()).isFalse(); // closed after @AfterAll
    }

    @Test
    void sharesTheClassKernel(Kernel kernel, MachTask task, @Service(PerMethodKernelTest.TICK) Connection tick) {
        record(kernel, task, tick);
    }

    @Test
    void sharesItAgain(Kernel kernel, MachTask task, @Service(PerMethodKernelTest.TICK) Connection tick) {
        record(kernel, task, tick);
    }

    private static void record(Kernel kernel, MachTask task, Connection tick) {
        assertThat(kernel).isSameAs(classKernel);
        assertThat(task).isNotEqualTo(classTask);
        assertThat(task.entitlements()).containsEntry("com.apple.developer.driverkit.userclient-access",
                List.of("org.iokit4j.junit.tick"));
        assertThat(tick.call(TickUserClient.kSum).scalars(1, 1).scalarOutputs(1).invoke().scalar(0)).isEqualTo(2);
        TEST_TASKS.add(task);
        CONNECTIONS.add(tick);
    }
}
