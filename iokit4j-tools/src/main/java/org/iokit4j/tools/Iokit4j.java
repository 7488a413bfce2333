package org.iokit4j.tools;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The one command line, {@code iokit4j} (issue 12, deliverable 3): {@code ioreg} ({@link Ioreg}), {@code call}
 * ({@link Iocall}), {@code kerneld} (the kernel daemon, run in this JVM), {@code trace} ({@link Trace}: a JFR
 * recording as an HTML timeline) and {@code generate-completion} (picocli's bash/zsh completion script for all of
 * them). The runnable jar ({@code iokit4j-tools-VERSION-all.jar}, what
 * {@code scripts/iokit4j.sh} runs) has this class as its {@code Main-Class}.
 *
 * <p>The daemon is reached by name at run time ({@link #daemonCommand()}), as the embedded kernel is (a carrier
 * found with {@link java.util.ServiceLoader}): the tools compile against the client side only (ToolsBoundaryTest),
 * and {@code iokit4j-kerneld} is a run-time dependency of this module. Without it on the class path there is no
 * {@code kerneld} subcommand.
 */
@Command(name = "iokit4j", mixinStandardHelpOptions = true, versionProvider = Iokit4j.Version.class,
        description = {"iokit4j's command line: read a kernel's I/O Registry, call a dext's external methods, run the "
                + "kernel daemon, turn a JFR recording into a timeline. Each command that acts in a kernel takes --kernel embedded (boot one in this JVM with "
                + "the driver bundles on the class path) or --kernel unix:PATH (a running kernel daemon)."},
        footer = {"", "Completion: source <(iokit4j generate-completion) in bash or zsh."})
public final class Iokit4j {
    /** The daemon's class, named and not imported: the tools do not compile against the kernel side. */
    static final String DAEMON_CLASS = "org.iokit4j.kerneld.KernelDaemon";

    private Iokit4j() {
    }

    /** {@code iokit4j --version}: the version Maven recorded in the tools' jar, or "development" outside a jar. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            final Properties recorded = new Properties();
            try (InputStream in = Iokit4j.class.getResourceAsStream(
                    "/META-INF/maven/org.iokit4j/iokit4j-tools/pom.properties")) {
                if (in != null) {
                    recorded.load(in);
                }
            }
            return new String[] {"iokit4j " + recorded.getProperty("version", "development")
                    + " (Java " + Runtime.version() + ")"};
        }
    }

    /**
     * Runs {@code iokit4j} with {@code args}; exits with the subcommand's exit code (2 for unusable arguments).
     *
     * @param args the command-line arguments.
     */
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** {@return the {@code iokit4j} command line with its subcommands, ready to {@link CommandLine#execute}} */
    public static CommandLine commandLine() {
        final CommandLine line = new CommandLine(new Iokit4j());
        line.addSubcommand(named("ioreg", new Ioreg()));
        line.addSubcommand(named("call", new Iocall()));
        daemonCommand().ifPresent(daemon -> line.addSubcommand(named("kerneld", daemon)));
        line.addSubcommand(named("trace", new Trace()));
        final CommandLine completion = new CommandLine(new AutoComplete.GenerateCompletion());
        completion.getCommandSpec().usageMessage().hidden(false);
        line.addSubcommand("generate-completion", completion);
        return line;
    }

    /** {@return {@code command}'s command line, named {@code name} in usage, messages and completion} */
    private static CommandLine named(String name, Object command) {
        final CommandLine line = new CommandLine(command);
        line.getCommandSpec().name(name);
        return line;
    }

    /**
     * {@return how a command's messages name it: as it was invoked, e.g. {@code iocall} run on its own, {@code iokit4j
     * call} as a subcommand}
     */
    static String toolName(CommandLine.Model.CommandSpec spec) {
        final CommandLine line = spec.commandLine();
        final CommandLine parent = line.getParent();
        return parent == null ? line.getCommandName() : toolName(parent.getCommandSpec()) + " " + line.getCommandName();
    }

    /**
     * {@return the kernel daemon's command ({@code KernelDaemon.command()}), if {@code iokit4j-kerneld} is on the
     * class path}
     */
    static Optional<Object> daemonCommand() {
        try {
            final Class<?> daemon = Class.forName(DAEMON_CLASS, true, Iokit4j.class.getClassLoader());
            final Object command = daemon.getMethod("command").invoke(null);
            return command instanceof Callable<?> ? Optional.of(command) : Optional.empty();
        } catch (ReflectiveOperationException | LinkageError absent) {
            return Optional.empty();
        }
    }
}
