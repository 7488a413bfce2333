package org.iokit4j.mach;

import java.util.Map;

/**
 * A task: a name space of port rights plus the entitlements it was signed with.
 *
 * <p>A client app, each driver server and the kernel itself are tasks. {@link #selfName()} is what
 * {@code mach_task_self()} returns inside the task: a send right to the task's own port. The name is pinned, as
 * XNU pins a task's self port ({@code task_self_trap} copies it out pinned, osfmk/kern/ipc_tt.c; and
 * {@code ipc_right_dealloc} refuses its last reference with {@code KERN_INVALID_CAPABILITY},
 * osfmk/ipc/ipc_right.c, xnu-11417.101.15): {@code IOObjectRelease(mach_task_self())} or
 * {@code IOServiceClose(mach_task_self())} cannot take it away, so it names the task for the task's whole life.
 *
 * <p><b>Concurrency.</b> Thread-safe: the space is, and the rest is immutable.
 */
public final class MachTask implements TaskHandle {
    private final String name;
    private final IpcSpace space;
    private final Map<String, Object> entitlements;
    private final MachPort taskPort;
    private final int selfName;
    private final org.iokit4j.memory.VmMap vm = new org.iokit4j.memory.VmMap();

    /**
     * Creates a task.
     *
     * @param entitlements the task's entitlements (plist values: {@code Boolean}, {@code String}, {@code List}, …),
     *                     copied.
     * @param name         the task's name, in explanations.
     */
    public MachTask(String name, Map<String, Object> entitlements) {
        this.name = java.util.Objects.requireNonNull(name, "name");
        this.space = new IpcSpace(name);
        this.entitlements = Map.copyOf(entitlements);
        this.taskPort = MachPort.forKernelObject(this);
        this.selfName = space.insertPinnedSend(taskPort);
    }

    @Override
    public String name() {
        return name;
    }

    /** {@return the task's port name space} */
    public IpcSpace space() {
        return space;
    }

    /** {@return the task's entitlements (immutable)} */
    public Map<String, Object> entitlements() {
        return entitlements;
    }

    @Override
    public int selfName() {
        return selfName;
    }

    @Override
    public boolean isSelf(int name) {
        return space.lookupKernelObject(name) == this;
    }

    /** {@return the task's address map: the shared memory mapped into it} */
    public org.iokit4j.memory.VmMap vm() {
        return vm;
    }

    /** {@return whether the task has terminated} */
    public boolean isTerminated() {
        return taskPort.isDead();
    }

    /**
     * Asks to be told when the task terminates: {@code handler} runs once, on the thread that terminates it, after
     * its rights, ports and mappings are gone, or at once on this thread if it has terminated already. How a kernel
     * forgets what it kept for the task (the task port's dead-name notification).
     *
     * @param handler what runs then.
     */
    public void whenTerminated(Runnable handler) {
        taskPort.requestDeadName(handler);
    }

    /**
     * Ends the task: its rights are released, the ports it received die and its mappings are unmapped; then its
     * own port dies, which runs the {@link #whenTerminated} handlers. Idempotent.
     */
    public void terminate() {
        space.terminate();
        vm.close();
        taskPort.invalidate();
    }

    @Override
    public String toString() {
        return "MachTask[" + name + "]";
    }
}
