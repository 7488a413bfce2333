package org.iokit4j.tools;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.iokit4j.IOReturn;
import org.iokit4j.IOReturnException;
import org.iokit4j.client.Connection;
import org.iokit4j.client.IOKit;
import org.iokit4j.client.MethodCallBuilder;
import org.iokit4j.client.MethodResult;
import org.iokit4j.mig.Caller;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The {@code iocall} command: as a task of a kernel (an embedded one booted for the run, or a running kernel
 * daemon, {@code --kernel unix:PATH}), opens a user client of the service named by {@code -n}, makes one
 * synchronous external method call through the client library, and prints its outputs; a failure prints Apple's
 * code and iokit4j's explanation.
 *
 * <p>Entitlements: an embedded kernel's task holds the {@code --entitlement}s given (else the class path's
 * {@code META-INF/iokit4j/Entitlements.plist}); a kernel daemon grants its own, by the connecting user, so there
 * {@code --entitlement}s are ignored, with a note on the error stream.
 *
 * <p>Exit code 0 if the call succeeded; 1 if the kernel could not be reached (one line: the code and the carrier's
 * explanation), or the open or the call failed; 2 for unusable arguments.
 */
@Command(name = "iocall", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"As a task of an iokit4j kernel (embedded, or a running kernel daemon with --kernel unix:PATH), "
                + "opens a user client of service <name> and makes one synchronous external method call "
                + "(IOConnectCallMethod); asynchronous calls are not supported.",
            "Prints the scalar outputs (decimal and hex) and the structure output as a hex dump; on failure, the "
                + "IOReturn code and why, with exit code 1."})
public final class Iocall implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    KernelOptions kernelOptions = new KernelOptions();

    @Option(names = "-n", required = true, paramLabel = "<name>",
            description = "The service to open: its registry name (a dext's IOUserClass).")
    String serviceName;

    @Option(names = "--type", paramLabel = "N", description = "The user client type (NewUserClient's type; "
            + "default ${DEFAULT-VALUE}).")
    int type;

    @Option(names = "--entitlement", paramLabel = "key=value",
            description = "Embedded only: an entitlement of the calling task (repeatable): true or false, else an "
                    + "array of the comma-separated strings. Without any, the task holds the class path's "
                    + "META-INF/iokit4j/Entitlements.plist. A kernel daemon grants its own (its --entitlements).")
    Map<String, String> entitlements = new LinkedHashMap<>();

    @Option(names = "-s", required = true, paramLabel = "N", description = "The selector.")
    int selector;

    @Option(names = "--scalars", split = ",", paramLabel = "N",
            description = "Scalar inputs, comma-separated (decimal, or hex with 0x; at most 16).")
    List<String> scalars = new ArrayList<>();

    @Option(names = "--struct-hex", paramLabel = "hex", description = "The structure input, as hex bytes.")
    String structHex;

    @Option(names = "--struct-file", paramLabel = "path", description = "The structure input, read from a file.")
    Path structFile;

    @Option(names = "--scalar-outputs", paramLabel = "N",
            description = "Scalar output count (0..16); must equal the method's check (default ${DEFAULT-VALUE}).")
    int scalarOutputs;

    @Option(names = "--struct-output", paramLabel = "N",
            description = "Structure output capacity in bytes (0..4096) (default ${DEFAULT-VALUE}).")
    int structOutput;

    /** Runs {@code iocall} with {@code args}; exits with its exit code. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new Iocall()).execute(args));
    }

    @Override
    public Integer call() {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        final MethodInputs inputs;
        try {
            inputs = inputs();
        } catch (IllegalArgumentException | IOException unusable) {
            err.println("iocall: " + unusable.getMessage());
            err.flush();
            return 2;
        }
        try {
            return kernelOptions.use("iocall", err, kernel -> call(kernel, inputs, out, err));
        } finally {
            out.flush();
            err.flush();
        }
    }

    /**
     * Opens the user client and makes the call as a task of {@code kernel}. {@return the exit code}
     *
     * @throws IOReturnException if the kernel cannot be reached.
     */
    private int call(ToolKernel kernel, MethodInputs inputs, PrintWriter out, PrintWriter err) {
        if (!entitlements.isEmpty() && !KernelOptions.EMBEDDED.equals(kernel.name())) {
            err.println("iocall: --entitlement is ignored with kernel " + kernel.name() + ": the kernel daemon"
                    + " grants this user's apps the entitlements of its own --entitlements file, never what an app"
                    + " claims");
        }
        final Caller task = kernel.task("iocall", Entitlement.parse(entitlements));
        kernel.problems(task.task()).forEach(problem -> err.println("iocall: kernel problem: " + problem));
        try (Connection connection = IOKit.as(task).open(IOKit.nameMatching(serviceName), type)) {
            print(inputs.apply(connection.call(selector)).invoke(), out);
            return 0;
        } catch (IOReturnException failure) {
            err.println("iocall: " + serviceName + " selector " + selector + " failed: "
                    + IOReturn.describe(failure.code()));
            err.println("  " + failure.explanation());
            return 1;
        }
    }

    private MethodInputs inputs() throws IOException {
        if (structHex != null && structFile != null) {
            throw new IllegalArgumentException("give --struct-hex or --struct-file, not both");
        }
        if (scalarOutputs < 0 || scalarOutputs > 16) {
            throw new IllegalArgumentException("scalar-outputs=" + scalarOutputs + " is outside 0..16");
        }
        if (structOutput < 0 || structOutput > 4096) {
            throw new IllegalArgumentException("struct-output=" + structOutput + " is outside 0..4096");
        }
        final long[] values = new long[scalars.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = parseScalar(scalars.get(i));
        }
        final byte[] structure = structHex != null ? Hex.parse(structHex)
                : structFile != null ? Files.readAllBytes(structFile) : null;
        return new MethodInputs(values, structure, scalarOutputs, structOutput);
    }

    private static long parseScalar(String text) {
        final String digits = text.strip();
        try {
            if (digits.startsWith("0x") || digits.startsWith("0X")) {
                return Long.parseUnsignedLong(digits.substring(2), 16);
            }
            return Long.parseLong(digits);
        } catch (NumberFormatException malformed) {
            throw new IllegalArgumentException("scalars: '" + text + "' is not a number (decimal, or hex with 0x)");
        }
    }

    private static void print(MethodResult result, PrintWriter out) {
        out.println("scalar outputs: " + result.scalars().length);
        for (int i = 0; i < result.scalars().length; i++) {
            final long value = result.scalar(i);
            out.println("  [" + i + "] " + value + " (0x" + Long.toHexString(value) + ")");
        }
        out.println("structure output: " + result.structure().length + " bytes");
        Hex.dump(result.structure()).forEach(line -> out.println("  " + line));
    }

    /** The call's inputs and output capacities, checked before the kernel is reached. */
    private record MethodInputs(long[] scalars, byte[] structure, int scalarOutputs, int structOutput) {
        MethodCallBuilder apply(MethodCallBuilder call) {
            call.scalars(scalars).scalarOutputs(scalarOutputs).structureOutput(structOutput);
            return structure == null ? call : call.structure(structure);
        }
    }
}
