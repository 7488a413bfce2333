package org.iokit4j.tools;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.iokit4j.Failure;
import org.iokit4j.IOReturnException;
import org.iokit4j.mach.TaskHandle;
import org.iokit4j.mig.Caller;
import org.iokit4j.mig.IOKitServer;
import org.iokit4j.remote.RemoteKernel;

/**
 * The kernel a tool reached, and the tasks it acts as there: all the tool sees of a kernel is
 * {@link IOKitServer}, the boundary every app uses, so an embedded kernel and a kernel daemon look the same.
 *
 * <p>{@link #close()} ends what the tool made: its tasks in a kernel daemon end (their connections close, as when
 * a process exits), and an embedded kernel stops with its driver servers.
 *
 * <p><b>Concurrency.</b> Not thread-safe: one tool thread uses it.
 */
final class ToolKernel implements AutoCloseable {
    private final String name;
    private final IOKitServer server;
    private final List<String> unreadable;
    private final Map<String, String> bundleByLocation;
    private final List<TaskHandle> tasks = new ArrayList<>();

    /**
     * @param name             the kernel's name ({@code embedded}, {@code unix:PATH}).
     * @param server           the kernel, as its carrier reaches it.
     * @param unreadable       one line per {@code --bundle} that could not be found, naming the path and why.
     * @param bundleByLocation each {@code --bundle} path by its {@code Info.plist}'s URL, to name the option in a
     *                         problem about that file.
     */
    ToolKernel(String name, IOKitServer server, List<String> unreadable, Map<String, String> bundleByLocation) {
        this.name = name;
        this.server = server;
        this.unreadable = List.copyOf(unreadable);
        this.bundleByLocation = Map.copyOf(bundleByLocation);
    }

    /** {@return the kernel's name, as {@code --kernel} gives it} */
    String name() {
        return name;
    }

    /** {@return the kernel} */
    IOKitServer server() {
        return server;
    }

    /**
     * {@return a task of this kernel to act as, checked to be reachable} In an embedded kernel: its default app task
     * (holding the class path's {@code META-INF/iokit4j/Entitlements.plist}) when {@code entitlements} is empty, else
     * a new task named {@code tool} holding exactly them. In a kernel daemon: a new task named {@code tool}, whose
     * entitlements the daemon grants ({@code entitlements} are not sent).
     *
     * @throws IOReturnException the kernel's failure to answer ({@code IOMainPort}), e.g. {@code kIOReturnNotReady}
     *                           when no daemon listens at the socket, with the carrier's explanation.
     */
    Caller task(String tool, Map<String, Object> entitlements) {
        final TaskHandle task = KernelOptions.EMBEDDED.equals(name) && entitlements.isEmpty() ? server.defaultTask()
                : server.createTask(tool, KernelOptions.EMBEDDED.equals(name) ? entitlements : Map.of());
        tasks.add(task);
        final int[] mainPort = new int[1];
        final Failure unreachable = server.mainPort(task, mainPort);
        if (unreachable != null) {
            throw new IOReturnException(unreachable.within("kernel " + name));
        }
        server.portDeallocate(task, mainPort[0]);
        return new Caller(server, task);
    }

    /**
     * {@return every problem, one line each: {@code --bundle}s not found, then the kernel's boot problems (a problem
     * about a {@code --bundle}'s file names the option)}
     */
    List<String> problems(TaskHandle task) {
        final List<String> all = new ArrayList<>(unreadable);
        for (Failure failure : server.problems(task)) {
            all.add(option(failure) + failure);
        }
        return all;
    }

    /** {@return {@code "--bundle PATH: "} if {@code failure} is about that bundle's file, else nothing} */
    private String option(Failure failure) {
        for (Map.Entry<String, String> bundle : bundleByLocation.entrySet()) {
            if (failure.explanation().contains(bundle.getKey())) {
                return "--bundle " + bundle.getValue() + ": ";
            }
        }
        return "";
    }

    /** Ends the tasks made in a kernel daemon, and stops an embedded kernel. Idempotent. */
    @Override
    public void close() {
        tasks.forEach(RemoteKernel::terminate);
        tasks.clear();
        if (server instanceof AutoCloseable stoppable) {
            try {
                stoppable.close();
            } catch (Exception ignored) {
                // stopping is best effort: the tool is exiting and has printed what it found
            }
        }
    }
}
