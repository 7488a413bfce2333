package org.iokit4j.kernel;

import static org.iokit4j.IOReturn.MACH_SEND_INVALID_DEST;
import static org.iokit4j.IOReturn.MACH_SEND_INVALID_RIGHT;
import static org.iokit4j.IOReturn.kIOReturnBadArgument;

import org.iokit4j.kernel.registry.RegistryEntry;
import org.iokit4j.kernel.userclient.UserClient;
import org.iokit4j.mach.IpcSpace;
import org.iokit4j.mach.MachTask;

/**
 * Translating a task's names into kernel objects, with the explanation when that fails (the MIG server's
 * {@code convert_port_to_*} step).
 *
 * <p><b>Concurrency.</b> Stateless.
 */
final class Lookups {
    private Lookups() {
    }

    /**
     * {@return the registry entry {@code name} sends to in {@code task}: a service or other entry, or a connection's
     * user client (an {@code io_connect_t} is an {@code IOUserClient}, itself a registry entry)}
     *
     * @throws KernelFault as {@link #lookup} does.
     */
    static RegistryEntry entry(MachTask task, int name) {
        if (task.space().lookupKernelObject(name) instanceof UserClient client) {
            return client.entry();
        }
        return lookup(task, name, RegistryEntry.class, "entry");
    }

    /**
     * {@return the kernel object of type {@code type} that {@code name} sends to in {@code task}}
     *
     * @throws KernelFault {@code MACH_SEND_INVALID_DEST} if the name is no live send right of the task;
     *                     {@code kIOReturnBadArgument} if it names an object of another kind.
     */
    static <T> T lookup(MachTask task, int name, Class<T> type, String what) {
        final Object object = task.space().lookupKernelObject(name);
        if (type.isInstance(object)) {
            return type.cast(object);
        }
        if (object == null) {
            throw KernelFault.of(MACH_SEND_INVALID_DEST, "%s=0x%08X is not a live name in task '%s': never obtained,"
                    + " already released or closed, terminated, or a name from another task (names mean nothing"
                    + " outside their task)", what, name, task.name());
        }
        throw KernelFault.of(kIOReturnBadArgument, "%s=0x%08X names %s, not %s", what, name, describe(object),
                article(type.getSimpleName()));
    }

    /**
     * Checks that {@code name} is the calling task's own task port, as a MIG routine taking a {@code task_t}
     * ({@code owningTask}, {@code into_task}, {@code from_task}) receives it: Mach first copies the right into the
     * message ({@code COPY_SEND}), then the routine compares the task with {@code current_task()}.
     *
     * @throws KernelFault {@code MACH_SEND_INVALID_RIGHT} if the name holds no send right in {@code task} (unknown,
     *                     released, receive-only, or from another task: Mach cannot copy it); {@code
     *                     kIOReturnBadArgument} for {@code MACH_PORT_NULL}, a dead name, or a send right to anything
     *                     but the calling task.
     */
    static void requireSelf(MachTask task, int name, String what) {
        if (task.isSelf(name)) {
            return;
        }
        final int type = task.space().type(name);
        if (name != 0 && type != IpcSpace.MACH_PORT_TYPE_DEAD_NAME && (type & IpcSpace.MACH_PORT_TYPE_SEND) == 0) {
            throw KernelFault.of(MACH_SEND_INVALID_RIGHT, "%s=0x%08X is not a send right of task '%s' (never"
                    + " obtained, released, a receive right, or a name from another task), so Mach cannot copy it"
                    + " into the message: pass mach_task_self() (0x%08X)", what, name, task.name(), task.selfName());
        }
        final Object kobject = task.space().lookupKernelObject(name);
        throw KernelFault.of(kIOReturnBadArgument, "%s=0x%08X is not the calling task: %s; pass mach_task_self()"
                + " (0x%08X)", what, name, name == 0 ? "MACH_PORT_NULL names no task"
                : kobject == null ? "it is a dead name" : "it names " + describe(kobject), task.selfName());
    }

    /**
     * {@return the open connection {@code name} names in {@code task}}, for the {@code io_connect_t} routines.
     *
     * @throws KernelFault as {@link #lookup} does, and for a connection already closed
     *                     {@link UserClient#closedFailure}: {@code kIOReturnBadArgument} while its port lives on
     *                     because it holds the connection's memory mappings (XNU's
     *                     {@code IOUserClient::destroyUserReferences} hands such a port to the client's mappings set, so
     *                     {@code CHECK(IOUserClient)} fails), else {@code MACH_SEND_INVALID_DEST}.
     */
    static UserClient openClient(MachTask task, int name, String what) {
        final UserClient client = lookup(task, name, UserClient.class, what);
        if (client.isClosed()) {
            throw new KernelFault(client.closedFailure(name));
        }
        return client;
    }

    static String describe(Object kobject) {
        if (kobject instanceof MachTask other) {
            return "the task port of '" + other.name() + "'";
        }
        return article(kobject.getClass().getSimpleName()) + (kobject instanceof org.iokit4j.kernel.registry
                .RegistryEntry entry ? " (" + entry.name() + ")" : "");
    }

    private static String article(String noun) {
        final boolean vowelSound = "AEIO".indexOf(noun.charAt(0)) >= 0 || noun.startsWith("U") && !noun.startsWith("Us");
        return (vowelSound ? "an " : "a ") + noun;
    }
}
