package org.iokit4j.kerneld;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.iokit4j.kernel.RestartPolicy;

/**
 * Where the daemon runs its driver servers, and how it restarts them (issue 10).
 *
 * @param inProcess     {@code true}: every server runs inside the daemon's JVM (issue 9's arrangement, one crash takes
 *                      all down); {@code false} (the default): each {@code IOUserServerName} runs in a JVM of its own.
 * @param restart       when a server that died is started again.
 * @param jvmOptions    options given to every server JVM (e.g. {@code -Xmx256m}).
 * @param extraClassPath entries put on every server JVM's class path after the runtime and the dext (for dexts
 *                      whose classes are not under their own {@code --dext} path, e.g. tests').
 */
public record DriverServers(boolean inProcess, RestartPolicy restart, List<String> jvmOptions,
                            List<Path> extraClassPath) {
    /** A JVM per server, launchd's throttle and XNU's crash limit. */
    public static final DriverServers DEFAULT = new DriverServers(false, RestartPolicy.DEFAULT, List.of(), List.of());

    /** Copies the lists. */
    public DriverServers {
        Objects.requireNonNull(restart, "restart");
        jvmOptions = List.copyOf(jvmOptions);
        extraClassPath = List.copyOf(extraClassPath);
    }
}
