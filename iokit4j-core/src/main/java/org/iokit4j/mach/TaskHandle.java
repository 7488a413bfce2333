package org.iokit4j.mach;

/**
 * A task as its own code holds it across the kernel boundary: an opaque handle the kernel issued
 * ({@code IOKitServer.defaultTask()}, {@code createTask}), passed back with every routine.
 *
 * <p>What a task knows of itself is only its name (for explanations) and {@code mach_task_self()}; everything else
 * (its port names, its mappings) lives on the kernel's side and is reached through routines. The embedded kernel's
 * handle is its {@link MachTask}; a daemon carrier's handle stands for a task the daemon keeps.
 *
 * <p><b>Concurrency.</b> Implementations are immutable or thread-safe.
 */
public interface TaskHandle {

    /** {@return the task's name, for explanations} */
    String name();

    /** {@return {@code mach_task_self()}: the task's name for its own task port, pinned for the task's life} */
    int selfName();

    /**
     * {@return whether {@code name}, in this task's space, names the task's own port} A space holds one name per port
     * and the self name is pinned, so this is a comparison.
     *
     * @param name the name in the task's space.
     */
    default boolean isSelf(int name) {
        return name == selfName();
    }
}
