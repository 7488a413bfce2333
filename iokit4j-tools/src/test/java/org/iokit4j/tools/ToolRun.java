package org.iokit4j.tools;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/**
 * One run of a tool's command through picocli, with its output and error streams captured.
 *
 * @param exitCode what {@link CommandLine#execute} returned.
 * @param out      what the command printed on its output.
 * @param err      what it printed on its error stream.
 */
record ToolRun(int exitCode, String out, String err) {
    static final String BUNDLE = "bundles/tooltest/Info.plist";
    static final String DRIVER = "org.iokit4j.tools.tooltest.ToolTestDriver";

    /** {@return the run of {@code command} with {@code args}} */
    static ToolRun of(Object command, String... args) {
        return of(new CommandLine(command), args);
    }

    /** {@return the run of the one command line, {@code iokit4j}, with {@code args}} */
    static ToolRun iokit4j(String... args) {
        return of(Iokit4j.commandLine(), args);
    }

    /** {@return the run of {@code commandLine} with {@code args}} */
    static ToolRun of(CommandLine commandLine, String... args) {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        final int exitCode = commandLine.execute(args);
        return new ToolRun(exitCode, out.toString(), err.toString());
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- out ---\n" + out + "--- err ---\n" + err;
    }
}
