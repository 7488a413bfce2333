package org.iokit4j.tools;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.iokit4j.IOReturnException;
import org.iokit4j.mig.Caller;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The {@code ioreg} command: reads a kernel's I/O Registry as a task of that kernel, through IOKitLib's registry
 * functions as Apple's {@code ioreg} reads it ({@link RegistryReader}), and prints its service plane as a tree, as
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
            description = "Show only entries that conform to this class (IOObjectConformsTo: the kernel class, the "
                    + "dext's IOUserClass in full or simple, or an ancestor class), with their ancestors.")
    String className;

    @Option(names = "-n", paramLabel = "<name>",
            description = "Show only entries with this name in the service plane (a dext's IOUserClass), with their "
                    + "ancestors.")
    String entryName;

    @Option(names = "-r", description = "Show the subtrees rooted at the entries -c/-n match, each from the left "
            + "margin and followed by an empty line, instead of the matches with their ancestors (Apple's ioreg -r); "
            + "with -l, every entry of a subtree shows its properties.")
    boolean subtrees;

    /** Makes the command with its defaults; picocli sets its options from the arguments. */
    public Ioreg() {
    }

    /**
     * Runs {@code ioreg} with {@code args}; exits with its exit code.
     *
     * @param args the command-line arguments.
     */
    public static void main(String[] args) {
        System.exit(new CommandLine(new Ioreg()).execute(args));
    }

    @Override
    public Integer call() {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        try {
            return kernelOptions.use(tool(), err, kernel -> print(kernel, out, err));
        } finally {
            out.flush();
            err.flush();
        }
    }

    /**
     * Prints the tree and the problems. {@return the exit code}
     *
     * @throws IOReturnException if the kernel cannot be reached or a registry function fails.
     */
    private int print(ToolKernel kernel, PrintWriter out, PrintWriter err) {
        final Caller task = kernel.task("ioreg", Map.of());
        final RegistryReader.Entry root = Caller.callAs(task,
                () -> new RegistryReader(properties, subtrees).read(this::selects));
        final RegistryTree tree = new RegistryTree(out);
        final int matches = subtrees ? tree.printSubtrees(root) : tree.print(root);
        boolean failed = false;
        if (matches == 0 && (className != null || entryName != null)) {
            err.println(tool() + ": no registry entry matches"
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

    /** {@return the name messages start with: {@code ioreg}, or {@code iokit4j ioreg} under the one command line} */
    private String tool() {
        return Iokit4j.toolName(spec);
    }

    /** {@return whether the entry passes {@code -c} ({@code IOObjectConformsTo}, as Apple's ioreg) and {@code -n}} */
    private boolean selects(RegistryReader.Candidate entry) {
        return (className == null || entry.conformsTo(className))
                && (entryName == null || entry.name().equals(entryName));
    }
}
