package org.iokit4j.benchmarks.ipc;

import java.nio.file.Path;
import java.util.List;

/**
 * What the stream legs against the kernel daemon share ({@link IokitAsyncLeg}, {@link IokitStreamLeg}): the daemon
 * as server (as {@link IokitLeg} starts it), skipped where its class is absent, and an app JVM pointed at it running
 * the leg's own {@code main} with {@code client WARMUP COUNT}.
 */
abstract class DaemonStreamLeg implements DaemonLeg {

    @Override
    public boolean latency() {
        return false;
    }

    @Override
    public ChildJvms.Spec server(Path socket, Options o) {
        return IokitLeg.daemon(socket, o, daemonOptions());
    }

    /** {@return the daemon's options: issue 9's (servers inside the daemon) unless a leg says otherwise} */
    List<String> daemonOptions() {
        return IokitLeg.IN_DAEMON;
    }

    @Override
    public ChildJvms.Spec client(Path socket, Options o) {
        return new ChildJvms.Spec(getClass().getName(), List.of("-Diokit4j.kernel=unix:" + socket),
                Leg.args("client", o.streamWarmup(), o.streamCount()));
    }
}
