package org.iokit4j.kernel;

import static org.iokit4j.IOReturn.MACH_SEND_INVALID_DEST;
import static org.iokit4j.IOReturn.kIOReturnBadArgument;

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

    static String describe(Object kobject) {
        return article(kobject.getClass().getSimpleName()) + (kobject instanceof org.iokit4j.kernel.registry
                .RegistryEntry entry ? " (" + entry.name() + ")" : "");
    }

    private static String article(String noun) {
        final boolean vowelSound = "AEIO".indexOf(noun.charAt(0)) >= 0 || noun.startsWith("U") && !noun.startsWith("Us");
        return (vowelSound ? "an " : "a ") + noun;
    }
}
