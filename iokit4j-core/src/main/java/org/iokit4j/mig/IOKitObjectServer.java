package org.iokit4j.mig;

import org.iokit4j.Failure;
import org.iokit4j.mach.TaskHandle;

/**
 * The part of {@link IOKitServer} that answers IOKitLib's object and connection functions (issue 11): conformance,
 * retain counts, classes and bundles, iterator validity, a connection's service and notification port, busy state and
 * waiting for quiet. A kernel that does not implement one answers {@link #unanswered}. Kept apart so that each file
 * stays readable; implement {@link IOKitServer}, which extends it.
 *
 * <p><b>Concurrency.</b> As {@link IOKitServer}: every routine may be called from any thread; the wait routines block
 * the caller.
 */
public interface IOKitObjectServer {

    /**
     * {@return what a routine this kernel does not implement answers} {@link IOKitServer#unanswered} gives
     * {@code kIOReturnUnsupported} and why.
     *
     * @param routine the MIG routine's name.
     */
    Failure unanswered(String routine);

    /**
     * {@code io_object_conforms_to}: whether {@code className} is on the object's class chain.
     *
     * @param task      the calling task.
     * @param object    the task's name for the object.
     * @param className a class name.
     * @param conforms  receives whether it conforms (a {@code boolean[1]}).
     * @return {@code null}; {@code MACH_SEND_INVALID_DEST} for a name the task does not hold;
     *         {@code kIOReturnBadArgument} for a name that is no object (a connection, the main port) or a null class.
     */
    default Failure objectConformsTo(TaskHandle task, int object, String className, boolean[] conforms) {
        return unanswered("io_object_conforms_to");
    }

    /**
     * {@code io_object_get_retain_count}: the kernel's references to the object; failures as for conformance.
     *
     * @param task        the calling task.
     * @param object      the task's name for the object.
     * @param retainCount receives the count (an {@code int[1]}).
     * @return {@code null}, or the routine's failure with its explanation.
     */
    default Failure objectGetRetainCount(TaskHandle task, int object, int[] retainCount) {
        return unanswered("io_object_get_retain_count");
    }

    /**
     * {@code io_object_get_superclass} (sent to the main port): the superclass of class {@code className}.
     *
     * @param task       the calling task.
     * @param className  a class name.
     * @param superclass receives the superclass's name (a {@code String[1]}).
     * @return {@code null}; {@code kIOReturnNotFound} for an unknown class or one without a superclass.
     */
    default Failure objectGetSuperclass(TaskHandle task, String className, String[] superclass) {
        return unanswered("io_object_get_superclass");
    }

    /**
     * {@code io_object_get_bundle_identifier} (sent to the main port): the bundle that defines class {@code className}.
     *
     * @param task             the calling task.
     * @param className        a class name.
     * @param bundleIdentifier receives the bundle identifier (a {@code String[1]}).
     * @return {@code null}; {@code kIOReturnNotFound} for an unknown class.
     */
    default Failure objectGetBundleIdentifier(TaskHandle task, String className, String[] bundleIdentifier) {
        return unanswered("io_object_get_bundle_identifier");
    }

    /**
     * {@code io_iterator_is_valid}; {@code kIOReturnBadArgument} for a name that is no iterator.
     *
     * @param task     the calling task.
     * @param iterator the task's name for the iterator.
     * @param valid    receives whether it is valid (a {@code boolean[1]}).
     * @return {@code null}, or the routine's failure with its explanation.
     */
    default Failure iteratorIsValid(TaskHandle task, int iterator, boolean[] valid) {
        return unanswered("io_iterator_is_valid");
    }

    /**
     * {@code io_connect_get_service}: a new name for the connection's service, which the caller releases.
     *
     * @param task    the calling task.
     * @param connect the task's name for the connection.
     * @param service receives the service's name (an {@code int[1]}).
     * @return {@code null}; {@code MACH_SEND_INVALID_DEST} for a name the task does not hold;
     *         {@code kIOReturnBadArgument} for a name that is no open connection.
     */
    default Failure connectGetService(TaskHandle task, int connect, int[] service) {
        return unanswered("io_connect_get_service");
    }

    /**
     * {@code io_connect_set_notification_port}: gives the user client a port for notifications of {@code type}.
     *
     * @param port      MACH_PORT_NULL or a receive right of the task (it travels as {@code MAKE_SEND}).
     * @param task      the calling task.
     * @param connect   the task's name for the connection.
     * @param type      the notification type the driver defines.
     * @param reference the async reference the messages carry back.
     * @return the user client's answer ({@code kIOReturnUnsupported} for a dext's), or {@code MACH_SEND_INVALID_DEST},
     *         {@code MACH_SEND_INVALID_RIGHT}, {@code kIOReturnBadArgument} for bad names.
     */
    default Failure connectSetNotificationPort(TaskHandle task, int connect, int type, int port, long reference) {
        return unanswered("io_connect_set_notification_port");
    }

    /**
     * {@code io_service_get_busy_state}; {@code kIOReturnBadArgument} for a name that is no IOService.
     *
     * @param task      the calling task.
     * @param service   the task's name for the service.
     * @param busyState receives the busy count (an {@code int[1]}).
     * @return {@code null}, or the routine's failure with its explanation.
     */
    default Failure serviceGetBusyState(TaskHandle task, int service, int[] busyState) {
        return unanswered("io_service_get_busy_state");
    }

    /**
     * {@code io_service_wait_quiet}: blocks until the service is not busy.
     *
     * @param timeoutNanos unsigned nanoseconds; negative ({@code UINT64_MAX} and every value from 2<sup>63</sup>)
     *                     waits without a limit.
     * @param task         the calling task.
     * @param service      the task's name for the service.
     * @return {@code null}; {@code kIOReturnTimeout}; {@code kIOReturnAborted} if the task ended meanwhile;
     *         {@code kIOReturnBadArgument} for a name that is no IOService.
     */
    default Failure serviceWaitQuiet(TaskHandle task, int service, long timeoutNanos) {
        return unanswered("io_service_wait_quiet");
    }

    /**
     * The busy state of the service plane's root ({@code IOKitGetBusyState}): 0 when nothing is busy.
     *
     * @param task      the calling task.
     * @param busyState receives the busy count (an {@code int[1]}).
     * @return {@code null}, or the routine's failure with its explanation.
     */
    default Failure registryGetBusyState(TaskHandle task, int[] busyState) {
        return unanswered("IOKitGetBusyState");
    }

    /**
     * Blocks until nothing in the registry is busy ({@code IOKitWaitQuiet}), as {@link #serviceWaitQuiet}.
     *
     * @param task         the calling task.
     * @param timeoutNanos how long to wait at most, in nanoseconds; {@code Long.MAX_VALUE} waits without a limit.
     * @return {@code null}, or the routine's failure with its explanation.
     */
    default Failure registryWaitQuiet(TaskHandle task, long timeoutNanos) {
        return unanswered("IOKitWaitQuiet");
    }
}
