package org.iokit4j.tools;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The {@code trace} command (issue 12 §4; docs/observability.md): turns a Flight Recorder file with iokit4j's events
 * into one self-contained HTML page ({@link TracePage}): a timeline of the calls, the driver's queue and the
 * completions, each failure with its explanation, and a table of every event.
 *
 * <p>Exit code 0; 1 if the recording cannot be read or the page cannot be written (one line on the error stream);
 * 2 for unusable arguments.
 */
@Command(name = "trace", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Turns a JFR recording of iokit4j events (org.iokit4j.*) into a self-contained HTML timeline: "
                + "calls, driver queue, completions, failures with their explanation, and every event in a table.",
            "Record with -XX:StartFlightRecording:filename=app.jfr (docs/observability.md).",
            "Exit code 0; 1 if the recording cannot be read or the page written; 2 for unusable arguments."})
public final class Trace implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE.jfr", description = "The recording to read.")
    Path recording;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT.html",
            description = "Where to write the page (default: FILE.jfr with .html instead of .jfr).")
    Path output;

    /** Makes the command with its defaults; picocli sets its options from the arguments. */
    public Trace() {
    }

    /**
     * Runs {@code trace} with {@code args}; exits with its exit code.
     *
     * @param args the command-line arguments.
     */
    public static void main(String[] args) {
        System.exit(new CommandLine(new Trace()).execute(args));
    }

    @Override
    public Integer call() {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        final Path page = output != null ? output : defaultOutput(recording);
        try {
            final TraceRecording read = TraceRecording.read(recording);
            final Path parent = page.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            try (PrintWriter writer = new PrintWriter(Files.newBufferedWriter(page, StandardCharsets.UTF_8))) {
                new TracePage(recording.getFileName().toString(), read).write(writer);
                if (writer.checkError()) {
                    throw new IOException("writing " + page + " failed");
                }
            }
            out.println("trace: " + read.items().size() + " iokit4j events from " + recording + " -> " + page);
            return 0;
        } catch (IOException | RuntimeException failed) {
            err.println("trace: cannot turn " + recording + " into " + page + ": " + failed.getMessage());
            return 1;
        } finally {
            out.flush();
            err.flush();
        }
    }

    private static Path defaultOutput(Path recording) {
        final String name = recording.getFileName().toString();
        final String base = name.endsWith(".jfr") ? name.substring(0, name.length() - 4) : name;
        return recording.resolveSibling(base + ".html");
    }
}
