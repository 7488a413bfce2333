package org.iokit4j.tools;

import java.io.PrintWriter;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import org.iokit4j.Failure;
import org.iokit4j.IOReturnException;
import org.iokit4j.client.IOKit;
import org.iokit4j.client.Service;
import org.iokit4j.mig.Caller;
import org.iokit4j.mig.RegistryNode;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The {@code ioreg} command: reads a kernel's I/O Registry as a task of that kernel, with the registry-walking
 * routines every app has ({@code registryWalk}, {@code problems}), and prints its service plane as a tree, as
 * macOS {@code ioreg} does, then the kernel's problems (a bundle that could not be read, a driver that did not
 * start), so a missing service is explained. The kernel is an embedded one booted for the run, or a running kernel
 * daemon ({@code --kernel unix:PATH}).
 *
 * <p>Exit code 0; 1 if there were problems, {@code -c}/{@code -n} matched nothing, or the kernel could not be
 * reached (one line on the error stream: the code and the carrier's explanation); 2 for unusable arguments.
 */
@Command(name = "ioreg", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Prints the I/O Registry (service plane) of an iokit4j kernel as a tree, then any problems: an "
                + "embedded kernel booted with the driver bundles on the class path, or a running kernel daemon "
                + "(--kernel unix:PATH).",
            "Exit code 0; 1 if there were problems, -c/-n matched nothing or the kernel could not be reached; 2 for "
                + "unusable arguments."})
public final class Ioreg implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    KernelOptions kernelOptions = new KernelOptions();

    @Option(names = "-l", description = "Print each shown entry's properties.")
    boolean properties;

    @Option(names = "-c", paramLabel = "<class>",
            description = "Show only entries of this class (IOClass, IOUserClass or an ancestor class), with their "
                    + "ancestors.")
    String className;

    @Option(names = "-n", paramLabel = "<name>",
            description = "Show only entries with this name (a dext's IOUserClass), with their ancestors.")
    String entryName;

    /** Runs {@code ioreg} with {@code args}; exits with its exit code. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new Ioreg()).execute(args));
    }

    @Override
    public Integer call() {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        try {
            return kernelOptions.use("ioreg", err, kernel -> print(kernel, out, err));
        } finally {
            out.flush();
            err.flush();
        }
    }

    /**
     * Prints the tree and the problems. {@return the exit code}
     *
     * @throws IOReturnException if the kernel cannot be reached or cannot walk its registry.
     */
    private int print(ToolKernel kernel, PrintWriter out, PrintWriter err) {
        final Caller task = kernel.task("ioreg", Map.of());
        @SuppressWarnings("unchecked")
        final List<RegistryNode>[] entries = new List[1];
        final Failure walk = kernel.server().registryWalk(task.task(), entries);
        if (walk != null) {
            throw new IOReturnException(walk.within("kernel " + kernel.name()));
        }
        final int matches = new RegistryTree(out, filter(task), properties).print(entries[0]);
        boolean failed = false;
        if (matches == 0 && (className != null || entryName != null)) {
            err.println("ioreg: no registry entry matches"
                    + (className != null ? " -c " + className : "") + (entryName != null ? " -n " + entryName : ""));
            failed = true;
        }
        final List<String> problems = kernel.problems(task.task());
        if (!problems.isEmpty()) {
            out.println();
            out.println("problems:");
            problems.forEach(problem -> out.println("  " + problem));
            failed = true;
        }
        return failed ? 1 : 0;
    }

    private Predicate<RegistryNode> filter(Caller task) {
        Predicate<RegistryNode> filter = entry -> true;
        if (className != null) {
            final Set<Long> conforming = conforming(task, className);
            filter = filter.and(entry -> entry.ioClass().equals(className) || conforming.contains(entry.id())
                    || isUserClass(entry.properties().get("IOUserClass"), className));
        }
        if (entryName != null) {
            filter = filter.and(entry -> entry.name().equals(entryName));
        }
        return filter;
    }

    /**
     * {@return the IDs of the registered services of class {@code className} or a subclass} The kernel's own class
     * test: matching on {@code IOProviderClass}, which knows each entry's ancestors.
     */
    private static Set<Long> conforming(Caller task, String className) {
        final Set<Long> ids = new HashSet<>();
        for (Service service : IOKit.as(task).services(IOKit.classMatching(className))) {
            try (service) {
                ids.add(service.registryEntryID());
            }
        }
        return ids;
    }

    /** {@return whether {@code userClass} (a dext's {@code IOUserClass}) is {@code className}, in full or simple} */
    private static boolean isUserClass(Object userClass, String className) {
        return userClass instanceof String name && (name.equals(className)
                || name.substring(name.lastIndexOf('.') + 1).equals(className));
    }
}
