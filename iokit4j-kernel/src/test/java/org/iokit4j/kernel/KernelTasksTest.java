package org.iokit4j.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.iokit4j.mach.MachTask;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The kernel keeps a task only while it lives (issue 8: "Kernel.tasks is never pruned"). */
class KernelTasksTest {
    private final Kernel kernel = Kernel.builder().name("tasks").discoverClassPath(false).boot();

    @AfterEach
    void close() {
        kernel.close();
    }

    @Test
    void shouldForgetEveryTerminatedTask() {
        final int baseline = kernel.taskCount();
        final List<MachTask> tasks = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            final MachTask task = kernel.createTask("app" + i, Map.of());
            task.space().allocateReceive(); // something to tear down
            tasks.add(task);
        }
        assertThat(kernel.taskCount()).isEqualTo(baseline + 10_000);
        tasks.forEach(MachTask::terminate);
        assertThat(kernel.taskCount()).as("back to the baseline").isEqualTo(baseline);
        assertThat(tasks).allMatch(MachTask::isTerminated);
    }

    @Test
    void shouldForgetATaskOnceEvenWhenTerminatedTwice() {
        final int baseline = kernel.taskCount();
        final MachTask task = kernel.createTask("twice", Map.of());
        task.terminate();
        task.terminate();
        assertThat(kernel.taskCount()).isEqualTo(baseline);
    }

    @Test
    void shouldForgetEveryTaskWhenTheKernelCloses() {
        kernel.createTask("left running", Map.of());
        kernel.close();
        assertThat(kernel.taskCount()).isZero();
        assertThat(kernel.defaultTask().isTerminated()).isTrue();
    }
}
