package org.iokit4j.junit;

import java.util.Set;
import org.iokit4j.IOReturnException;
import org.iokit4j.client.Connection;
import org.iokit4j.client.IOKit;
import org.iokit4j.client.NotificationPort;
import org.iokit4j.dispatch.DispatchQueue;
import org.iokit4j.kernel.Kernel;
import org.iokit4j.mach.MachTask;
import org.iokit4j.mig.Caller;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;

/**
 * The parameters an {@link IOKitTest}'s methods can take, and how each is made from the test's task:
 * <ul>
 *   <li>{@link Kernel}: the test's kernel;</li>
 *   <li>{@link IOKit}: the Java layer, as the test's task ({@code IOKit.as(caller)});</li>
 *   <li>{@link Connection} annotated {@link Service @Service("name")}: a connection to the registered service of that
 *       name, opened before the test and closed after it;</li>
 *   <li>{@link NotificationPort}: a port of the test's task, delivering on the steppable queue below (one per test);
 *       </li>
 *   <li>{@link DispatchQueue}: that queue, a manual one: its callbacks run when the test calls {@code runOne()} or
 *       {@code drain()}, on the test's thread;</li>
 *   <li>{@link ManualClock}: the kernel's clock, with {@link IOKitTest#manualClock()};</li>
 *   <li>{@link Caller} and {@link MachTask}: the test's task, for code that binds it itself.</li>
 * </ul>
 *
 * <p><b>Concurrency.</b> Stateless.
 */
final class Parameters {
    private static final Set<Class<?>> TYPES = Set.of(Kernel.class, IOKit.class, Connection.class,
            NotificationPort.class, DispatchQueue.class, ManualClock.class, Caller.class, MachTask.class);

    private Parameters() {
    }

    /** {@return whether {@code type} is one the extension injects} */
    static boolean supports(Class<?> type) {
        return TYPES.contains(type);
    }

    /** {@return the value of {@code parameter} for a test running as {@code task}} */
    static Object resolve(ParameterContext parameter, TestTask task) {
        final Class<?> type = parameter.getParameter().getType();
        if (type == Kernel.class) {
            return task.session().kernel();
        } else if (type == IOKit.class) {
            return IOKit.as(task.caller());
        } else if (type == Connection.class) {
            return connection(parameter, task);
        } else if (type == NotificationPort.class) {
            return task.port();
        } else if (type == DispatchQueue.class) {
            return task.queue();
        } else if (type == Caller.class) {
            return task.caller();
        } else if (type == MachTask.class) {
            return task.task();
        }
        final ManualClock clock = task.session().clock();
        if (clock == null) {
            throw new ParameterResolutionException(describe(parameter) + ": the kernel's driver servers read the"
                    + " system clock; add manualClock = true to @IOKitTest to drive their timers with a ManualClock");
        }
        return clock;
    }

    private static Connection connection(ParameterContext parameter, TestTask task) {
        final Service service = parameter.findAnnotation(Service.class).orElseThrow(() ->
                new ParameterResolutionException(describe(parameter) + ": say which service to open, e.g."
                        + " @Service(\"com.example.Driver\") Connection driver"));
        try {
            return task.open(service.value(), service.type());
        } catch (IOReturnException failed) {
            final Kernel kernel = task.session().kernel();
            throw new ParameterResolutionException(describe(parameter) + ": cannot open service '" + service.value()
                    + "' in kernel '" + kernel.name() + "': " + failed.getMessage() + ". Registered services: "
                    + KernelReport.registered(kernel) + "; kernel problems: " + (kernel.problems().isEmpty() ? "none"
                    : kernel.problems()), failed);
        }
    }

    /** {@return the parameter as the message names it, e.g. {@code @Service("x") Connection c of adds()}} */
    static String describe(ParameterContext parameter) {
        final String annotation = parameter.findAnnotation(Service.class).map(s -> "@Service(\"" + s.value() + "\") ")
                .orElse("");
        return "parameter " + annotation + parameter.getParameter().getType().getSimpleName() + " "
                + parameter.getParameter().getName() + " of " + parameter.getDeclaringExecutable().getName() + "()";
    }
}
