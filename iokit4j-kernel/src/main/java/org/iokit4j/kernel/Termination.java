package org.iokit4j.kernel;

import org.iokit4j.Failure;
import org.iokit4j.kernel.registry.RegistryEntry;
import org.iokit4j.kernel.userclient.UserClient;
import org.iokit4j.mig.DextObject;
import org.iokit4j.wire.ActionAbortedLayout;

/**
 * Terminating a service ({@code IOService::terminate}), in the order clients and drivers can observe:
 *
 * <ol>
 *   <li>the entry is marked terminated: matching stops finding it, {@code IOServiceOpen} refuses it
 *       ({@code kIOReturnNoDevice}) and a late {@code RegisterService} fails ({@code kIOReturnNotAttached});</li>
 *   <li>its interest notifications get {@code kIOMessageServiceIsTerminated} (phase 1, before anything stops);</li>
 *   <li>its children go first: open user clients are closed (their connection ports die, so calls on them fail
 *       with {@code MACH_SEND_INVALID_DEST}; their driver objects get {@code Stop}, then {@code free}), other
 *       child services terminate recursively;</li>
 *   <li>its driver gets {@code Stop(provider)}, then it leaves the registry and its driver object is freed;</li>
 *   <li>terminated matching notifications fire (Apple delivers them once termination has finished).</li>
 * </ol>
 * The entry is busy ({@link org.iokit4j.kernel.registry.BusyState}) from the first step to the last.
 *
 * <p><b>Concurrency.</b> Stateless; {@link RegistryEntry#markTerminated()} makes sure one caller does the work.
 */
final class Termination {
    private Termination() {
    }

    /** {@return whether this call terminated {@code entry} (false: it already was)} */
    static boolean terminate(Kernel kernel, RegistryEntry entry) {
        return terminate(kernel, entry, null);
    }

    /**
     * Terminates {@code entry} as {@link #terminate(Kernel, RegistryEntry)} does, for the death of its driver server
     * when {@code death} is given: its open user clients then stay open but offline ({@link UserClient#serverDied}),
     * as Apple's connections do until their clients close them.
     *
     * @return whether this call terminated it.
     */
    static boolean terminate(Kernel kernel, RegistryEntry entry, Failure death) {
        if (!entry.markTerminated()) {
            return false;
        }
        kernel.registry().busy().adjust(entry, 1); // terminatePhase1's _adjustBusy(1): busy until it is done
        try {
            terminateMarked(kernel, entry, death);
        } finally {
            kernel.registry().busy().adjust(entry, -1);
        }
        return true;
    }

    private static void terminateMarked(Kernel kernel, RegistryEntry entry, Failure death) {
        kernel.notifications().terminating(entry);
        for (RegistryEntry child : entry.children()) {
            final UserClient client = kernel.openClient(child);
            if (client != null && death != null) {
                client.serverDied(death);
            } else if (client != null) {
                client.close(ActionAbortedLayout.kAbortReasonServiceTerminated);
            } else if (child.dext() != null) {
                terminate(kernel, child, death);
            }
        }
        final DextObject object = entry.dext();
        if (object != null) {
            final Failure stopped = object.stop(entry.provider());
            if (stopped != null) {
                kernel.problem(stopped.within("Stop of terminating service " + entry.name()));
            }
        }
        kernel.unregister(entry);
        if (object != null) {
            object.free();
        }
        kernel.notifications().terminated(entry);
    }
}
