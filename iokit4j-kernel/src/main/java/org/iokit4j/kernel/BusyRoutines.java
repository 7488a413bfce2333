package org.iokit4j.kernel;

import static org.iokit4j.IOReturn.kIOReturnBadArgument;

import org.iokit4j.Failure;
import org.iokit4j.kernel.registry.BusyState;
import org.iokit4j.kernel.registry.IORegistry;
import org.iokit4j.kernel.registry.RegistryEntry;
import org.iokit4j.mach.MachTask;

/**
 * Busy state and waiting for quiet: {@code io_service_get_busy_state}, {@code io_service_wait_quiet} (XNU
 * iokit/Kernel/IOUserClient.cpp), and the root's, which {@code IOKitGetBusyState} and {@code IOKitWaitQuiet} read
 * (IOKitUser IOKitLib.c looks the service plane's root up and asks it). What makes an entry busy, and how it spreads
 * to the root, is {@link BusyState}'s.
 *
 * <p><b>Concurrency.</b> Thread-safe. The wait routines block the calling thread (the app's, embedded; a daemon call
 * connection's) until quiet, the timeout, or the calling task's end.
 */
final class BusyRoutines {
    private final IORegistry registry;

    BusyRoutines(IORegistry registry) {
        this.registry = registry;
    }

    /** {@code is_io_service_get_busy_state}: the service's busy count ({@code CHECK(IOService)} first). */
    Failure serviceBusyState(MachTask task, int service, int[] busyState) {
        busyState[0] = registry.busy().of(service(task, service));
        return null;
    }

    /**
     * {@code is_io_service_wait_quiet}: waits until the service is quiet.
     *
     * @param timeoutNanos {@code wait_time.tv_sec * kSecondScale + wait_time.tv_nsec} as XNU computes it, unsigned: a
     *                     negative value (2<sup>63</sup> ns or more, {@code UINT64_MAX} among them) waits without a
     *                     limit.
     * @return {@code null}; {@code kIOReturnTimeout} if the time passed first; {@code kIOReturnAborted} if the task
     *         ended or the thread was interrupted while it waited.
     */
    Failure serviceWaitQuiet(MachTask task, int service, long timeoutNanos) {
        return registry.busy().waitQuiet(service(task, service), timeoutNanos, task::isTerminated);
    }

    /** The root's busy state: the number of its busy children ({@code IOKitGetBusyState}). */
    Failure rootBusyState(MachTask task, int[] busyState) {
        busyState[0] = registry.busy().of(registry.root());
        return null;
    }

    /** Waits until nothing in the registry is busy ({@code IOKitWaitQuiet}), as {@link #serviceWaitQuiet}. */
    Failure rootWaitQuiet(MachTask task, long timeoutNanos) {
        return registry.busy().waitQuiet(registry.root(), timeoutNanos, task::isTerminated);
    }

    /**
     * {@return the service {@code name} names} ({@code CHECK(IOService, _service, service)})
     *
     * @throws KernelFault {@code MACH_SEND_INVALID_DEST} for a name the task does not hold; {@code kIOReturnBadArgument}
     *                     for anything but an {@code IOService}: an iterator, a connection, the registry root (an
     *                     {@code IORegistryEntry}).
     */
    private static RegistryEntry service(MachTask task, int name) {
        if (ObjectRoutines.object(task, name, "service") instanceof RegistryEntry entry
                && entry.classChain().contains("IOService")) {
            return entry;
        }
        throw KernelFault.of(kIOReturnBadArgument, "service=0x%08X names %s, not an IOService (XNU"
                + " CHECK(IOService))", name, Lookups.describe(task.space().lookupKernelObject(name)));
    }
}
