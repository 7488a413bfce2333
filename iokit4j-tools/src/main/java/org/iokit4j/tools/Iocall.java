package org.iokit4j.tools;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.iokit4j.IOReturn;
import org.iokit4j.IOReturnException;
import org.iokit4j.client.Completion;
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
 * The {@code iocall} command ({@code iokit4j call}): as a task of a kernel (an embedded one booted for the run, or a
 * running kernel daemon, {@code --kernel unix:PATH}), opens a user client of the service named by {@code -n}, makes
 * one external method call through the client library, and prints its outputs; with {@code --async} the call carries
 * a notification port's wake port and an async reference ({@code IOConnectCallAsyncMethod}), and the command waits
 * for the first completion and prints it ({@link AsyncCall}). Structures of any size go in and out: over 4096 bytes
 * they travel as the caller's memory, which the driver sees through a memory descriptor (apple-semantics.md §2.2).
 * A failure prints Apple's code and iokit4j's explanation.
 *
 * <p>Entitlements: an embedded kernel's task holds the {@code --entitlement}s given (else the class path's
 * {@code META-INF/iokit4j/Entitlements.plist}); a kernel daemon grants its own, by the connecting user, so there
 * {@code --entitlement}s are ignored, with a note on the error stream.
 *
 * <p>Exit code 0 if the call succeeded (and, with {@code --async}, its completion did); 1 if the kernel could not be
 * reached (one line: the code and the carrier's explanation), the open or the call failed, the completion failed or
 * did not come within {@code --timeout}; 2 for unusable arguments.
 */
@Command(name = "iocall", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"As a task of an iokit4j kernel (embedded, or a running kernel daemon with --kernel unix:PATH), "
                + "opens a user client of service <name> and makes one external method call (IOConnectCallMethod; "
                + "with --async, IOConnectCallAsyncMethod, then waits for the completion).",
            "Prints the scalar outputs (decimal and hex), the structure output as a hex dump (or into --out-file) "
                + "and, with --async, the completion's status and arguments; on failure, the IOReturn code and why, "
                + "with exit code 1."})
public final class Iocall implements Callable<Integer> {
    /** The largest structure output the command asks for: a Java array's limit. */
    private static final int MAX_STRUCTURE = Integer.MAX_VALUE - 8;

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

    @Option(names = "--struct-file", paramLabel = "path",
            description = "The structure input, read from a file (any size: over 4096 bytes it is passed as memory).")
    Path structFile;

    @Option(names = "--scalar-outputs", paramLabel = "N",
            description = "Scalar output count (0..16); must equal the method's check (default ${DEFAULT-VALUE}).")
    int scalarOutputs;

    @Option(names = "--struct-output", paramLabel = "N",
            description = "Structure output capacity in bytes, any size: up to 4096 the driver's OSData comes back "
                    + "with the reply; above, the driver writes this command's buffer through a memory descriptor "
                    + "(default ${DEFAULT-VALUE}).")
    long structOutput;

    @Option(names = "--out-file", paramLabel = "path",
            description = "Write the structure output's bytes to this file instead of printing a hex dump.")
    Path outFile;

    @Option(names = "--async",
            description = "Make an async call: pass a notification port's wake port and an async reference, wait "
                    + "for the driver's first completion and print it (status and arguments).")
    boolean async;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "10s",
            description = "With --async: how long to wait for the completion (default ${DEFAULT-VALUE}; units ms, "
                    + "s, m).")
    String timeout;

    /** Makes the command with its defaults; picocli sets its options from the arguments. */
    public Iocall() {
    }

    /**
     * Runs {@code iocall} with {@code args}; exits with its exit code.
     *
     * @param args the command-line arguments.
     */
    public static void main(String[] args) {
        System.exit(new CommandLine(new Iocall()).execute(args));
    }

    @Override
    public Integer call() {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        final MethodInputs inputs;
        final Duration wait;
        try {
            inputs = inputs();
            wait = AsyncCall.duration(timeout);
        } catch (IllegalArgumentException | IOException unusable) {
            err.println(tool() + ": " + unusable.getMessage());
            err.flush();
            return 2;
        }
        try {
            return kernelOptions.use(tool(), err, kernel -> call(kernel, inputs, wait, out, err));
        } finally {
            out.flush();
            err.flush();
        }
    }

    /** {@return the name messages start with: {@code iocall}, or {@code iokit4j call} under the one command line} */
    private String tool() {
        return Iokit4j.toolName(spec);
    }

    /**
     * Opens the user client and makes the call as a task of {@code kernel}. {@return the exit code}
     *
     * @throws IOReturnException if the kernel cannot be reached.
     */
    private int call(ToolKernel kernel, MethodInputs inputs, Duration wait, PrintWriter out, PrintWriter err) {
        if (!entitlements.isEmpty() && !KernelOptions.EMBEDDED.equals(kernel.name())) {
            err.println(tool() + ": --entitlement is ignored with kernel " + kernel.name() + ": the kernel daemon"
                    + " grants this user's apps the entitlements of its own --entitlements file, never what an app"
                    + " claims");
        }
        final Caller task = kernel.task("iocall", Entitlement.parse(entitlements));
        kernel.problems(task.task()).forEach(problem -> err.println(tool() + ": kernel problem: " + problem));
        try (Connection connection = IOKit.as(task).open(IOKit.nameMatching(serviceName), type)) {
            final MethodCallBuilder call = inputs.apply(connection.call(selector));
            if (!async) {
                printOutputs(call.invoke(), inputs, out);
                return 0;
            }
            try (AsyncCall pending = AsyncCall.start(task, call)) {
                printOutputs(pending.outputs(), inputs, out);
                out.flush(); // what returned shows while the completion is awaited
                final Completion completion = pending.await(wait);
                AsyncCall.print(completion, out);
                if (!completion.succeeded()) {
                    err.println(tool() + ": " + serviceName + " selector " + selector + " completed with "
                            + IOReturn.describe(completion.result()));
                    return 1;
                }
                return 0;
            }
        } catch (IOReturnException failure) {
            err.println(tool() + ": " + serviceName + " selector " + selector + " failed: "
                    + IOReturn.describe(failure.code()));
            err.println("  " + failure.explanation());
            return 1;
        } catch (IOException unwritable) {
            err.println(tool() + ": --out-file " + outFile + ": " + unwritable);
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
        if (structOutput < 0 || structOutput > MAX_STRUCTURE) {
            throw new IllegalArgumentException("struct-output=" + structOutput + " is outside 0.." + MAX_STRUCTURE);
        }
        final long[] values = new long[scalars.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = parseScalar(scalars.get(i));
        }
        final byte[] structure = structHex != null ? Hex.parse(structHex)
                : structFile != null ? Files.readAllBytes(structFile) : null;
        return new MethodInputs(values, structure, scalarOutputs, (int) structOutput);
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

    /**
     * Prints the scalar outputs, then the structure output as a hex dump, or writes it to {@code --out-file}.
     *
     * @throws IOException if {@code --out-file} cannot be written.
     */
    private void printOutputs(MethodResult result, MethodInputs inputs, PrintWriter out) throws IOException {
        out.println("scalar outputs: " + result.scalars().length);
        for (int i = 0; i < result.scalars().length; i++) {
            final long value = result.scalar(i);
            out.println("  [" + i + "] " + value + " (0x" + Long.toHexString(value) + ")");
        }
        final byte[] structure = inputs.structureOutput(result);
        if (outFile != null) {
            Files.write(outFile, structure);
            out.println("structure output: " + structure.length + " bytes, written to " + outFile);
            return;
        }
        out.println("structure output: " + structure.length + " bytes");
        Hex.dump(structure).forEach(line -> out.println("  " + line));
    }

    /**
     * The call's inputs and output capacities, checked before the kernel is reached; a structure output over 4096
     * bytes is this command's own buffer, which the driver writes through a descriptor.
     */
    private record MethodInputs(long[] scalars, byte[] structure, int scalarOutputs, int structOutput,
                                MemorySegment buffer) {
        MethodInputs(long[] scalars, byte[] structure, int scalarOutputs, int structOutput) {
            this(scalars, structure, scalarOutputs, structOutput,
                    structOutput > 4096 ? MemorySegment.ofArray(new byte[structOutput]) : null);
        }

        MethodCallBuilder apply(MethodCallBuilder call) {
            call.scalars(scalars).scalarOutputs(scalarOutputs);
            if (buffer != null) {
                call.structureOutput(buffer);
            } else {
                call.structureOutput(structOutput);
            }
            return structure == null ? call : call.structure(structure);
        }

        /** {@return the structure output's bytes: the reply's, or the first {@code structureSize} of the buffer} */
        byte[] structureOutput(MethodResult result) {
            if (buffer == null) {
                return result.structure();
            }
            final long size = Math.min(Math.max(result.structureSize(), 0), buffer.byteSize());
            return buffer.asSlice(0, size).toArray(ValueLayout.JAVA_BYTE);
        }
    }
}
