package org.iokit4j.kerneld.servers;

import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.iokit4j.mach.MachTask;
import org.iokit4j.mig.DextHost;
import org.iokit4j.mig.DextServer;

/**
 * Starts each driver server ({@code IOUserServerName}) in a JVM of its own, as a dext runs in a process of its own
 * (issue 10): the daemon's {@code java}, the class path of the DriverKit runtime's jars plus that dext's {@code --dext}
 * path, the main class {@code org.iokit4j.driverkit.process.DriverServerMain}.
 *
 * <p>A server whose process dies is reported to the kernel through its task ({@link DextServer#death()}); the kernel
 * terminates its services and starts it again by its restart policy.
 *
 * @param jvmOptions     options for every server JVM (e.g. {@code -Xmx256m}, {@code -Diokit4j.wait=spin}).
 * @param extraClassPath entries after the runtime's and the dext's (for dexts whose classes lie elsewhere).
 */
public record ProcessDextHost(List<String> jvmOptions, List<Path> extraClassPath) implements DextHost {
    /** What Agrona needs on Java 25, wherever a JVM that maps rings starts. */
    static final String AGRONA_EXPORTS = "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED";
    /** The class the server JVM runs. */
    static final String MAIN = "org.iokit4j.driverkit.process.DriverServerMain";

    /** Copies the options. */
    public ProcessDextHost {
        jvmOptions = List.copyOf(jvmOptions);
        extraClassPath = List.copyOf(extraClassPath);
    }

    @Override
    public DextServer launch(String serverName, MachTask serverTask, ClassLoader loader) {
        final List<String> command = new ArrayList<>();
        command.add(javaCommand());
        command.add(AGRONA_EXPORTS); // the direct path's rings (Agrona) need it on Java 25
        command.addAll(jvmOptions);
        command.add("-cp");
        final List<String> path = new ArrayList<>(classPath(loader));
        extraClassPath.forEach(entry -> path.add(entry.toString()));
        command.add(String.join(java.io.File.pathSeparator, path));
        command.add(MAIN);
        command.add(serverName);
        return ServerProcess.start(serverName, serverTask, command);
    }

    /** {@return the daemon's own {@code java}} */
    static String javaCommand() {
        return ProcessHandle.current().info().command()
                .orElseGet(() -> Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /**
     * {@return the server's class path}: where the runtime's classes come from (iokit4j-core, iokit4j-driverkit, Agrona), then
     * the dext's own path (its class loader's, as {@code --dext} gave it).
     */
    static List<String> classPath(ClassLoader dext) {
        final Set<String> path = new LinkedHashSet<>();
        path.add(codeSource(org.iokit4j.Failure.class));
        path.add(codeSource(runtimeMain()));
        path.add(codeSource(org.agrona.DirectBuffer.class));
        if (dext instanceof URLClassLoader urls) {
            for (URL url : urls.getURLs()) {
                path.add(file(url));
            }
        } else {
            path.addAll(List.of(System.getProperty("java.class.path").split(java.io.File.pathSeparator)));
        }
        return List.copyOf(path);
    }

    private static Class<?> runtimeMain() {
        try {
            return Class.forName(MAIN, false, ProcessDextHost.class.getClassLoader());
        } catch (ClassNotFoundException missing) {
            throw new IllegalStateException("the DriverKit runtime (iokit4j-driverkit, " + MAIN + ") is not on the"
                    + " kernel daemon's class path: it cannot start driver servers", missing);
        }
    }

    private static String codeSource(Class<?> type) {
        return file(type.getProtectionDomain().getCodeSource().getLocation());
    }

    private static String file(URL url) {
        try {
            return Path.of(url.toURI()).toString();
        } catch (URISyntaxException | IllegalArgumentException notAFile) {
            throw new IllegalStateException("the class path entry " + url + " is not a file: a driver server JVM"
                    + " cannot be given it", notAFile);
        }
    }
}
