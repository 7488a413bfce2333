package org.iokit4j.client;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.iokit4j.Failure;
import org.iokit4j.IOReturnException;
import org.iokit4j.mig.Caller;

/**
 * The Java layer's entry point: finds services and opens connections to them.
 *
 * {@snippet :
 * try (Connection echo = IOKit.system().open(IOKit.nameMatching("EchoDriver"))) {
 *     MethodResult sum = echo.call(0).scalars(2, 3).scalarOutputs(1).invoke();
 *     System.out.println(sum.scalar(0));
 * }
 * }
 *
 * <p>Every failure throws {@link IOReturnException} with Apple's code and an explanation.
 *
 * <p><b>Concurrency.</b> Immutable and thread-safe.
 */
public final class IOKit {
    private final Caller caller;

    private IOKit(Caller caller) {
        this.caller = caller;
    }

    /** {@return IOKit as the calling thread's current task (by default: this process, default kernel)} */
    public static IOKit system() {
        return new IOKit(Caller.current());
    }

    /**
     * Opens a connection (type 0) to the service named {@code serviceName} (a dext's {@code IOUserClass}) as the
     * calling thread's current task: the shortest way from nothing to a call.
     *
     * {@snippet :
     * try (Connection driver = IOKit.connect("com.example.EchoDriver")) {
     *     long sum = driver.call(0).scalars(2, 3).scalarOutputs(1).invoke().scalar(0);
     * }
     * }
     *
     * @param serviceName the service's name ({@code IOServiceNameMatching}).
     * @return the open connection; close it when done.
     * @throws IOReturnException {@code kIOReturnNotFound} if no registered service has that name (listing the
     *                           kernel's boot problems about it: a personality that never matched, a driver class
     *                           that did not load), or the open's failure (e.g. {@code kIOReturnNotPermitted} for a
     *                           missing entitlement, naming the entitlements files to edit).
     */
    public static Connection connect(String serviceName) {
        return system().open(nameMatching(serviceName));
    }

    /**
     * {@return {@code size} bytes of memory this app shares with drivers without a copy, in any carrier} Close it
     * when done.
     *
     * @param size its length in bytes.
     * @throws IOReturnException {@code kIOReturnBadArgument} for a size outside 1..4 GiB, {@code kIOReturnNoMemory},
     *                           or why the kernel cannot be reached.
     */
    public SharedBuffer allocate(long size) {
        final java.lang.foreign.MemorySegment[] memory = new java.lang.foreign.MemorySegment[1];
        check(caller.kernel().memoryAllocate(caller.task(), size, memory));
        return new SharedBuffer(caller, memory[0]);
    }

    /**
     * {@return IOKit as {@code caller}: a task of some kernel, e.g. an isolated test kernel}
     *
     * @param caller the task to act as (a kernel and one of its tasks).
     */
    public static IOKit as(Caller caller) {
        return new IOKit(caller);
    }

    /**
     * {@return a matching dictionary for services of class {@code className} or a subclass}
     *
     * @param className a class name, e.g. {@code IOService}.
     */
    public static Map<String, Object> classMatching(String className) {
        return new HashMap<>(Map.of("IOProviderClass", className));
    }

    /**
     * {@return a matching dictionary for services named {@code name} (a driver's {@code IOUserClass})}
     *
     * @param name the service's name.
     */
    public static Map<String, Object> nameMatching(String name) {
        return new HashMap<>(Map.of("IONameMatch", name));
    }

    /** {@return the caller this IOKit acts as} */
    public Caller caller() {
        return caller;
    }

    /** {@return a new notification port in this caller's task, for its async calls; close it when done} */
    public NotificationPort notificationPort() {
        return NotificationPort.create(caller);
    }

    /**
     * {@return every registered service matching {@code matching}; close each when done}
     *
     * @param matching the matching dictionary ({@code IOServiceMatching}, {@code IOServiceNameMatching}, …).
     */
    public List<Service> services(Map<String, Object> matching) {
        final int[] iterator = new int[1];
        check(caller.kernel().getMatchingServices(caller.task(), matching, iterator));
        final List<Service> services = new ArrayList<>();
        try {
            final int[] object = new int[1];
            while (true) {
                check(caller.kernel().iteratorNext(caller.task(), iterator[0], object));
                if (object[0] == 0) {
                    return services;
                }
                services.add(new Service(caller, object[0]));
            }
        } finally {
            caller.kernel().portDeallocate(caller.task(), iterator[0]);
        }
    }

    /**
     * {@return the first registered service matching {@code matching}, if any}
     *
     * @param matching the matching dictionary ({@code IOServiceMatching}, {@code IOServiceNameMatching}, …).
     */
    public Optional<Service> service(Map<String, Object> matching) {
        final List<Service> services = services(matching);
        for (int i = 1; i < services.size(); i++) {
            services.get(i).close();
        }
        return services.isEmpty() ? Optional.empty() : Optional.of(services.getFirst());
    }

    /**
     * Opens a connection (type 0) to the first service matching {@code matching}.
     *
     * @param matching the matching dictionary ({@code IOServiceMatching}, {@code IOServiceNameMatching}, …).
     * @return the open connection; close it when done.
     * @throws IOReturnException {@code kIOReturnNotFound} if nothing matches (listing the kernel's boot problems that
     *                           concern the dictionary's names), or the open's failure.
     */
    public Connection open(Map<String, Object> matching) {
        return open(matching, 0);
    }

    /**
     * Opens a connection of {@code type} to the first service matching {@code matching}.
     *
     * @param matching the matching dictionary ({@code IOServiceMatching}, {@code IOServiceNameMatching}, …).
     * @param type     the user client type (the {@code type} the driver's {@code NewUserClient} receives).
     * @return the open connection; close it when done.
     */
    public Connection open(Map<String, Object> matching, int type) {
        try (Service service = service(matching).orElseThrow(() -> new IOReturnException(
                org.iokit4j.mig.NotFound.explain(caller.kernel(), caller.task(), matching)))) {
            return service.open(type);
        }
    }

    /**
     * Calls {@code handler} with every registered service matching {@code matching}: those already there, on this
     * thread before returning, then each one that registers later (a bundle loaded after boot, a driver calling
     * {@code RegisterService}), on {@code port}'s queue or run loop. The handler owns each {@link Service}: close it
     * or keep it. {@code port} must belong to this IOKit's task; {@code matching} is read now.
     *
     * @param port     the notification port the notifications arrive on.
     * @param matching the matching dictionary ({@code IOServiceMatching}, {@code IOServiceNameMatching}, …).
     * @param handler  runs for each matching service, on the port's queue.
     * @return the subscription; close it to stop.
     * @throws IOReturnException {@code kIOReturnBadArgument} for a null or malformed dictionary or a closed port.
     */
    public Subscription onMatch(NotificationPort port, Map<String, Object> matching,
                                java.util.function.Consumer<Service> handler) {
        return ServiceWatchers.matching(caller, port, org.iokit4j.iokitlib.IOKitLib.kIOPublishNotification, matching,
                handler);
    }

    /**
     * Calls {@code handler} on {@code port}'s queue or run loop with each service matching {@code matching} that
     * terminates from now on. The {@link Service} still reads its name, ID and properties; it can no longer be
     * opened. The handler owns it.
     *
     * @param port     the notification port the notifications arrive on.
     * @param matching the matching dictionary ({@code IOServiceMatching}, {@code IOServiceNameMatching}, …).
     * @param handler  runs for each terminated service, on the port's queue.
     * @return the subscription; close it to stop.
     * @throws IOReturnException as {@link #onMatch}.
     */
    public Subscription onTerminate(NotificationPort port, Map<String, Object> matching,
                                    java.util.function.Consumer<Service> handler) {
        return ServiceWatchers.matching(caller, port, org.iokit4j.iokitlib.IOKitLib.kIOTerminatedNotification,
                matching, handler);
    }

    static void check(Failure failure) {
        if (failure != null) {
            throw new IOReturnException(failure);
        }
    }
}
