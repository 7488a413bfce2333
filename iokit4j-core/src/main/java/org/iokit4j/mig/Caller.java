package org.iokit4j.mig;

import java.util.Objects;
import java.util.ServiceLoader;
import java.util.function.Supplier;
import org.iokit4j.Failure;
import org.iokit4j.IOReturn;
import org.iokit4j.IOReturnException;
import org.iokit4j.Untrusted;
import org.iokit4j.mach.TaskHandle;

/**
 * Which kernel and which task the calling thread speaks as.
 *
 * <p>By default that is the process's own task in the default kernel ({@code kIOMainPortDefault}), booted on
 * first use. Tests that run several isolated kernels, or several client "processes" in one JVM, bind another
 * caller for a stretch of code with {@link #runAs(Caller, Runnable)}; the faithful functions then act in that
 * task, exactly as if it were a separate process.
 *
 * @param kernel the kernel the task lives in.
 * @param task   the calling task.
 */
public record Caller(IOKitServer kernel, TaskHandle task) {
    private static final ScopedValue<Caller> CURRENT = ScopedValue.newInstance();

    /** Rejects nulls. */
    public Caller {
        Objects.requireNonNull(kernel, "kernel");
        Objects.requireNonNull(task, "task");
    }

    /**
     * {@code mach_port_deallocate(mach_task_self(), name)} in this caller's task: drops one user reference.
     *
     * @param name the name to give back.
     * @return the routine's {@code kern_return_t} ({@link IOKitServer#portDeallocate}).
     */
    public int deallocate(int name) {
        return kernel.portDeallocate(task, name);
    }

    /** {@return the caller bound for this thread, or the process's default task in the default kernel} */
    public static Caller current() {
        return CURRENT.isBound() ? CURRENT.get() : Default.get();
    }

    /**
     * {@return the process's default kernel, booted on first use} If that boot fails, the kernel returned answers
     * every routine with the boot's failure ({@code kIOReturnNotReady} and why), for the JVM's life.
     */
    public static IOKitServer defaultKernel() {
        return Default.get().kernel();
    }

    /**
     * Runs {@code body} as {@code caller}.
     *
     * @param caller the kernel and task to act as.
     * @param body   the code to run.
     */
    public static void runAs(Caller caller, Runnable body) {
        ScopedValue.where(CURRENT, caller).run(body);
    }

    /**
     * Runs {@code body} as {@code caller}, binding it only if this thread does not already act as {@code caller}: what
     * a loop running callbacks for one task calls per callback (a binding costs an allocation). Never boots the
     * default kernel to find out.
     *
     * @param caller the kernel and task to act as.
     * @param body   the code to run.
     */
    public static void runAsIfNeeded(Caller caller, Runnable body) {
        final boolean already = CURRENT.isBound() ? CURRENT.get().equals(caller) : caller == Default.caller;
        if (already) {
            body.run();
        } else {
            runAs(caller, body);
        }
    }

    /**
     * Runs {@code body} as {@code caller} and returns its value.
     *
     * @param caller the kernel and task to act as.
     * @param body   the code to run.
     * @param <T>    what it returns.
     * @return what {@code body} returned.
     */
    public static <T> T callAs(Caller caller, Supplier<T> body) {
        return ScopedValue.where(CURRENT, caller).call(body::get);
    }

    /**
     * {@return the first carrier that serves {@code requested}}
     *
     * @throws IOReturnException {@code kIOReturnNotReady} naming the setting and the carriers there are.
     */
    private static KernelProvider provider(String requested) {
        final java.util.List<KernelProvider> providers = new java.util.ArrayList<>();
        ServiceLoader.load(KernelProvider.class, Caller.class.getClassLoader()).forEach(providers::add);
        ServiceLoader.load(KernelProvider.class).forEach(providers::add);
        return providers.stream().filter(provider -> provider.serves(requested)).findFirst()
                .orElseThrow(() -> new IOReturnException(Failure.of(IOReturn.kIOReturnNotReady, "no carrier on the"
                        + " class path serves the kernel '%s' (%s=%s, or %s): 'embedded' needs the embedded kernel"
                        + " and the DriverKit runtime on the class path, so add the dependency org.iokit4j:iokit4j"
                        + " (it brings iokit4j-kernel and iokit4j-driverkit); 'unix:PATH' names a kernel daemon's"
                        + " socket", requested, KernelProvider.KERNEL_PROPERTY, System.getProperty(
                        KernelProvider.KERNEL_PROPERTY), KernelProvider.KERNEL_ENV)));
    }

    /**
     * The default kernel, booted when a thread first needs it. Not a holder class: an exception in a class
     * initialiser would poison the JVM (every later call a {@link NoClassDefFoundError}). A boot that fails leaves an
     * {@link UnbootedKernel} that explains the failure to every later call.
     */
    private static final class Default {
        private static volatile Caller caller;

        private Default() {
        }

        static Caller get() {
            Caller c = caller;
            if (c == null) {
                synchronized (Default.class) {
                    c = caller;
                    if (c == null) {
                        c = boot();
                        caller = c;
                    }
                }
            }
            return c;
        }

        private static Caller boot() {
            try {
                final String requested = KernelProvider.requested();
                final KernelProvider provider = provider(requested);
                final IOKitServer kernel = provider.defaultKernel(requested);
                return new Caller(kernel, kernel.defaultTask());
            } catch (Throwable failed) {
                final Failure why = Untrusted.caught("booting the default kernel", IOReturn.kIOReturnNotReady, failed);
                final UnbootedKernel unbooted = new UnbootedKernel(new Failure(why.code(), why.explanation()
                        + ". Every IOKit call through kIOMainPortDefault in this JVM fails with this explanation;"
                        + " isolated kernels (Kernel.builder()) still work"));
                return new Caller(unbooted, unbooted.defaultTask());
            }
        }
    }
}
