package org.iokit4j.tools;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import org.iokit4j.kernel.registry.RegistryEntry;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The {@code ioreg} command: boots an embedded kernel and prints its I/O Registry's service plane as a tree, as
 * macOS {@code ioreg} does, then the kernel's problems (a bundle that could not be read, a driver that did not
 * start), so a missing service is explained.
 *
 * <p>Exit code 0, or 1 if there were problems or a filter matched nothing.
 */
@Command(name = "ioreg", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Boots an embedded iokit4j kernel with the driver bundles on the class path and prints its "
                + "I/O Registry (service plane) as a tree, then any problems.",
            "Exit code 0, or 1 if there were problems or -c/-n matched nothing."})
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
        try (BootedKernel booted = kernelOptions.boot("ioreg")) {
            final List<RegistryEntry> entries = booted.kernel().registryEntries();
            final int matches = new RegistryTree(out, filter(), properties).print(entries);
            boolean failed = false;
            if (matches == 0 && (className != null || entryName != null)) {
                spec.commandLine().getErr().println("ioreg: no registry entry matches"
                        + (className != null ? " -c " + className : "") + (entryName != null ? " -n " + entryName : ""));
                failed = true;
            }
            final List<String> problems = booted.problems();
            if (!problems.isEmpty()) {
                out.println();
                out.println("problems:");
                problems.forEach(problem -> out.println("  " + problem));
                failed = true;
            }
            out.flush();
            return failed ? 1 : 0;
        }
    }

    private Predicate<RegistryEntry> filter() {
        Predicate<RegistryEntry> filter = entry -> true;
        if (className != null) {
            filter = filter.and(entry -> entry.ioClass().equals(className) || entry.classChain().contains(className));
        }
        if (entryName != null) {
            filter = filter.and(entry -> entry.name().equals(entryName));
        }
        return filter;
    }
}
